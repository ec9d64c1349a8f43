-- The smallest playbook: one literal target and one step that does nothing. scripts/bench times
-- `keyshare run` on it to measure start-up and shut-down (target < 100 ms).
return {
  description = "Start-up cost of keyshare run: one target, an empty step",
  owner = "1000000000000001",
  targets = { { id = "2000000000000001", name = "bench" } },
  steps = { function(ctx, params) end },
}
