-- Shares the starter world's disk key with every account of the `fd-prod` folder of the
-- Resource Directory: sharee roles, the key-policy grant (prechecked, batched), and a verification
-- disk per account.
--
-- One key policy holds about 490 sharee roles (32,768 bytes), so the playbook names a pool: every
-- key with an alias starting `alias/shared-disk-key`. Each account stays on the key that already
-- names its roles; new accounts go to the first key with room. (`key = "alias/…"` names one key.)
--
--   keyshare run plugins/ecs-key-sharing/examples/share-disk-key.lua
--   keyshare run plugins/ecs-key-sharing/examples/share-disk-key.lua --param folder=fd-dev --param verify=false
return {
  description = "Share the alias/shared-disk-key* keys with the accounts of a Resource Directory folder",
  owner = "1000000000000001",
  keys = { "alias/shared-disk-key*" },
  region = "cn-hangzhou",
  inventory = "resource-directory",
  params = { folder = "fd-prod" },
  steps = { "ecs-key-sharing.share" },
  concurrency = 20,
}
