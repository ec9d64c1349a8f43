-- Removes the prod accounts' roles from the key policies of the pool again (the roles stay unless
-- `--param keep_roles=false`). The access-management quota comes back about 5 minutes later.
--
--   keyshare run plugins/ecs-key-sharing/examples/revoke.lua
return {
  description = "Stop sharing the alias/shared-disk-key* keys with the accounts of a folder",
  owner = "1000000000000001",
  keys = { "alias/shared-disk-key*" },
  region = "cn-hangzhou",
  inventory = "resource-directory",
  params = { folder = "fd-prod" },
  steps = {
    "ecs-key-sharing.revoke",
    -- An inline step: any function(ctx, params) returning a list of changes.
    function(ctx)
      ctx.log("the pool's keys are no longer shared with " .. ctx.account.id)
    end,
  },
  concurrency = 20,
}
