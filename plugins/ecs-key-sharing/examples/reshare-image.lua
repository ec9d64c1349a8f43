-- Adds the image share role to every prod account, grants it the key, shares the owner's encrypted
-- image with each account and copies it there, encrypted with the shared key. Without
-- `--param image_id=m-…`, the owner first makes an encrypted image from a new encrypted disk.
--
--   keyshare run plugins/ecs-key-sharing/examples/reshare-image.lua
return {
  description = "Add the share roles and re-share an encrypted image with prod accounts",
  owner = "1000000000000001",
  key = "alias/shared-disk-key",
  region = "cn-hangzhou",
  inventory = "resource-directory",
  params = { folder = "fd-prod", tags = { "env=prod" } },
  steps = { "ecs-key-sharing.reshare_image" },
  concurrency = 10,
}
