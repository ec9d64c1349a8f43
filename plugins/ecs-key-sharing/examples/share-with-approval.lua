-- share-disk-key behind a gate: nothing runs until the operator confirms how many accounts the
-- rollout touches, and never more than 100 at once.
--
--   keyshare run plugins/ecs-key-sharing/examples/share-with-approval.lua            # refused, exit 3
--   keyshare run plugins/ecs-key-sharing/examples/share-with-approval.lua --param approve=20
return {
  description = "Share the alias/shared-disk-key* keys with fd-prod after confirming the target count",
  owner = "1000000000000001",
  keys = { "alias/shared-disk-key*" },
  region = "cn-hangzhou",
  inventory = "resource-directory",
  params = { folder = "fd-prod", max_targets = 100 },
  hooks = { "approval.limit", "approval.confirm" },
  steps = { "ecs-key-sharing.share" },
  concurrency = 20,
}
