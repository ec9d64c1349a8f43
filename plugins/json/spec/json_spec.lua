-- Specs of the json reporter, run by `swift test` (RunnerTests).
local json = require("json")

local target = { id = "2000000000000001", name = "a" }

return {
  ["every target_finished line carries a reason and keeps the batch, whatever the status"] = function(spec)
    local handler = spec.plugin("json").reporter()
    local cases = {
      { event = { status = "changed", changes = { "granted", "role made" }, batch = 0 }, reason = "2 changes made" },
      { event = { status = "changed", changes = { "granted" }, batch = 2 }, reason = "1 change made" },
      { event = { status = "unchanged", changes = {}, batch = 1 }, reason = "already in place: nothing to change" },
      { event = { status = "failed", changes = {}, batch = 3, error = { code = "X.Y", message = "broken" } },
        reason = "X.Y: broken" },
      { event = { status = "cancelled", changes = {}, batch = 4, reason = "tolerance exceeded" },
        reason = "tolerance exceeded" },
      { event = { status = "skipped", changes = {}, reason = "not run: stopped" }, reason = "not run: stopped" },
    }
    for i, case in ipairs(cases) do
      local event = case.event
      event.type, event.target, event.duration_ms = "target_finished", target, 12.5
      local line = handler(event)
      assert(line:sub(-1) == "\n" and not line:sub(1, -2):find("\n"), ("case %d: not one line: %s"):format(i, line))
      local decoded = json.decode(line)
      assert(decoded.reason == case.reason, ("case %d: reason %s"):format(i, tostring(decoded.reason)))
      assert(decoded.batch == event.batch, ("case %d: batch %s"):format(i, tostring(decoded.batch)))
      assert(decoded.status == event.status and decoded.target.id == target.id, line)
    end
  end,

  ["run_finished carries every count, cancelled included, and other events are written as they come"] =
  function(spec)
    local handler = spec.plugin("json").reporter()
    local finished = { type = "run_finished", playbook = "p", total = 9, changed = 2, unchanged = 1, failed = 3,
      skipped = 1, cancelled = 2, duration_ms = 1500 }
    assert(handler(finished) == json.encode(finished) .. "\n")
    local stage = { type = "stage_started", name = "batch 2 of 4", batch = 2, size = 10 }
    assert(handler(stage) == '{"batch":2,"name":"batch 2 of 4","size":10,"type":"stage_started"}\n',
      handler(stage))
  end,
}
