-- Specs of approval, run by `swift test` (RunnerTests).
local function _targets(n)
  local list = {}
  for i = 1, n do list[i] = { id = string.format("2%015d", i) } end
  return list
end

return {
  ["confirm refuses without approve and names the number to give"] = function(spec)
    local hook = spec.plugin("approval").provides.hook.confirm.run
    local ok, reason = hook({ targets = _targets(3) }, spec.defaults("approval"))
    assert(ok == false, "an unconfirmed run must be refused")
    assert(reason:find("--param approve=3", 1, true), reason)
  end,

  ["confirm passes with the exact count and refuses a stale one"] = function(spec)
    local hook = spec.plugin("approval").provides.hook.confirm.run
    local params = spec.defaults("approval")
    params.approve = "3"
    assert(hook({ targets = _targets(3) }, params) == true)
    local ok, reason = hook({ targets = _targets(4) }, params)
    assert(ok == false and reason:find("does not match the 4 target", 1, true), tostring(reason))
  end,

  ["limit refuses runs over max_targets only"] = function(spec)
    local hook = spec.plugin("approval").provides.hook.limit.run
    local params = spec.defaults("approval")
    assert(hook({ targets = _targets(50) }, params) == true, "0 means no limit")
    params.max_targets = 10
    assert(hook({ targets = _targets(10) }, params) == true)
    local ok, reason = hook({ targets = _targets(11) }, params)
    assert(ok == false and reason:find("max_targets=10", 1, true), tostring(reason))
  end,

  ["no_failures goes on while nothing failed and names the failed targets otherwise"] = function(spec)
    local hook = spec.plugin("approval").provides.hook.no_failures.run
    local results = { stage = "canary", failed = {}, counts = { failed = 0 } }
    assert(hook({ results = results }) == true)
    results.failed = { { id = "2000000000000001", name = "a", reason = "X.Y: broken" } }
    local ok, reason = hook({ results = results })
    assert(ok == false and reason:find("2000000000000001 (X.Y: broken)", 1, true), tostring(reason))
    assert(reason:find("end of the canary", 1, true), reason)
    local outside = hook({})
    assert(outside == false, "outside a pause the hook refuses")
  end,
}
