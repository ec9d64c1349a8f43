-- Shares the starter world's disk key with every account of the `fd-prod` folder of the
-- Resource Directory: sharee roles, the key-policy grant (prechecked, batched), and a verification
-- disk per account.
--
--   keyshare run plugins/ecs-key-sharing/examples/share-disk-key.lua
--   keyshare run plugins/ecs-key-sharing/examples/share-disk-key.lua --param folder=fd-dev --param verify=false
return {
  description = "Share alias/shared-disk-key with the accounts of a Resource Directory folder",
  owner = "1000000000000001",
  key = "alias/shared-disk-key",
  region = "cn-hangzhou",
  inventory = "resource-directory",
  params = { folder = "fd-prod" },
  steps = { "ecs-key-sharing.share" },
  concurrency = 20,
}
