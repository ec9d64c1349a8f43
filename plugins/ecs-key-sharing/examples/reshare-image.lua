-- Grants every prod account the key (its disk role), shares the owner's encrypted image with each
-- account and copies it there, encrypted with the shared key — one copy per account, also when the
-- playbook runs again while copies are still Creating. Without `--param image_id=m-…`, the owner
-- first makes an encrypted image from a new encrypted disk. To let the accounts share their copies
-- onward, add `--param share_images=true --param reshare_to=<uid>,…`.
--
--   keyshare run plugins/ecs-key-sharing/examples/reshare-image.lua
return {
  description = "Re-share an encrypted image with prod accounts, copied there with the shared key",
  owner = "1000000000000001",
  key = "alias/shared-disk-key",
  region = "cn-hangzhou",
  inventory = "resource-directory",
  params = { folder = "fd-prod", tags = { "env=prod" } },
  steps = { "ecs-key-sharing.reshare_image" },
  concurrency = 10,
}
