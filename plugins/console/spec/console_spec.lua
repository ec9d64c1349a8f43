-- Specs of the console reporter's summary, run by `swift test` (RunnerTests).

local function _target(i) return { id = string.format("2%015d", i), name = "acct-" .. i } end

local function _finished(i, status, duration_ms, code, batch)
  local event = { type = "target_finished", target = _target(i), status = status, duration_ms = duration_ms,
    changes = {}, batch = batch }
  if code then event.error = { code = code, message = "broken " .. i } end
  if status == "cancelled" or status == "skipped" then event.reason = "the run stopped" end
  return event
end

-- Feeds `events` between a run_started and a run_finished with matching counts; returns the output.
local function _run(spec, events)
  local handler = spec.plugin("console").reporter()
  local counts = { changed = 0, unchanged = 0, failed = 0, skipped = 0, cancelled = 0 }
  local out = { handler({ type = "run_started", playbook = "p", targets = #events, concurrency = 2 }) }
  for _, event in ipairs(events) do
    counts[event.status] = counts[event.status] + 1
    out[#out + 1] = handler(event)
  end
  out[#out + 1] = handler({ type = "run_finished", playbook = "p", total = #events, changed = counts.changed,
    unchanged = counts.unchanged, failed = counts.failed, skipped = counts.skipped, cancelled = counts.cancelled,
    duration_ms = 1500 })
  return table.concat(out)
end

-- The text after the summary line ("N targets: ...").
local function _tail(text)
  local at = text:find("\n%d+ targets: [^\n]*\n")
  assert(at, "no summary line in:\n" .. text)
  local after = text:sub(at + 1):gsub("^[^\n]*\n", "", 1)
  return after
end

return {
  ["a small run that all worked prints nothing after the summary line"] = function(spec)
    local cases = {
      {},
      { _finished(1, "changed", 10) },
      { _finished(1, "changed", 10), _finished(2, "unchanged", 5), _finished(3, "changed", 30) },
      { _finished(1, "changed", 1), _finished(2, "changed", 2), _finished(3, "changed", 3), _finished(4, "changed", 4),
        _finished(5, "cancelled", 0) },
    }
    for i, events in ipairs(cases) do
      local tail = _tail(_run(spec, events))
      assert(tail == "", ("case %d: expected nothing after the summary, got:\n%s"):format(i, tail))
    end
  end,

  ["more than a handful of targets lists the five slowest (ties by id), never the ones that did not run"] =
  function(spec)
    local events = {
      _finished(1, "changed", 100), _finished(2, "unchanged", 2500), _finished(3, "changed", 700),
      _finished(4, "cancelled", 0), _finished(5, "changed", 700), _finished(6, "skipped", 0),
      _finished(7, "changed", 50), _finished(8, "changed", 9000), _finished(9, "changed", 1),
    }
    local expected = table.concat({
      "slowest:",
      "      9.00 s  2000000000000008 acct-8",
      "      2.50 s  2000000000000002 acct-2",
      "      0.70 s  2000000000000003 acct-3",
      "      0.70 s  2000000000000005 acct-5",
      "      0.10 s  2000000000000001 acct-1",
      "",
    }, "\n")
    local tail = _tail(_run(spec, events))
    assert(tail == expected, "got:\n" .. tail .. "\nexpected:\n" .. expected)
  end,

  ["failures are grouped by code, most frequent first, with up to three example accounts"] = function(spec)
    local events = {
      _finished(1, "failed", 10, "Forbidden.RAM"), _finished(2, "failed", 10, "Throttling"),
      _finished(3, "failed", 10, "Forbidden.RAM"), _finished(4, "failed", 10, "Forbidden.RAM"),
      _finished(5, "failed", 10, "Forbidden.RAM"), _finished(6, "failed", 10, "Aardvark"),
    }
    local groups = table.concat({
      "failures by error code:",
      "  Forbidden.RAM                               4  2000000000000001, 2000000000000003, 2000000000000004, ...",
      "  Aardvark                                    1  2000000000000006",
      "  Throttling                                  1  2000000000000002",
      "",
    }, "\n")
    -- Six targets: the slowest list comes first (all equal: by id).
    local tail = _tail(_run(spec, events))
    assert(tail:find("^slowest:\n"), tail)
    assert(tail:sub(-#groups) == groups, "got:\n" .. tail .. "\nexpected to end with:\n" .. groups)
    -- A small run with one failure: only the groups, no slowest list.
    local small = _tail(_run(spec, { _finished(1, "changed", 5), _finished(2, "failed", 7, "X.Y") }))
    local one = "failures by error code:\n  X.Y" .. string.rep(" ", 37) .. "    1  2000000000000002\n"
    assert(small == one, "got:\n" .. small .. "\nexpected:\n" .. one)
  end,

  ["a second run through the same reporter starts its summary afresh"] = function(spec)
    local handler = spec.plugin("console").reporter()
    handler({ type = "run_started", playbook = "p", targets = 1, concurrency = 1 })
    handler(_finished(1, "failed", 5, "Old.Code"))
    handler({ type = "run_started", playbook = "p", targets = 1, concurrency = 1 })
    handler(_finished(2, "failed", 5, "New.Code"))
    local out = handler({ type = "run_finished", playbook = "p", total = 1, changed = 0, unchanged = 0, failed = 1,
      skipped = 0, cancelled = 0, duration_ms = 5 })
    assert(out:find("New.Code", 1, true) and not out:find("Old.Code", 1, true), out)
  end,

  ["on a terminal one status line is rewritten in place, at most every 250 ms, erased before lines and at the end"] =
  function(spec)
    local console = spec.plugin("console")
    local handler = console.reporter()
    local clear = "\r\27[K"
    local function at(ms, event) event.now_ms = ms; return handler(event) end
    local started = at(0, { type = "run_started", playbook = "p", targets = 3, concurrency = 2, is_terminal = true })
    local status = "0/3 done, 0 failed, 0 in flight, 0 cancelled, 0.0 targets/s, ETA --"
    assert(started == "p: 3 targets, concurrency 2\n" .. status, started)
    -- Too soon after the last draw: nothing is written.
    assert(at(10, { type = "target_started", target = _target(1) }) == nil)
    assert(at(20, { type = "target_started", target = _target(2) }) == nil)
    local one = _finished(1, "changed", 990)
    local first = at(1000, one)
    local expected = clear .. console.format(one) .. "\n"
      .. "1/3 done, 0 failed, 1 in flight, 0 cancelled, 1.0 targets/s, ETA 2 s"
    assert(first == expected, ("%q"):format(first))
    assert(at(1100, { type = "target_started", target = _target(3) }) == nil, "a redraw 100 ms after the last")
    -- A line erases the status; not due yet, so it is not drawn again.
    local two = _finished(2, "failed", 1180, "X.Y")
    assert(at(1200, two) == clear .. console.format(two) .. "\n")
    local three = _finished(3, "changed", 900)
    assert(at(2000, three) == console.format(three) .. "\n", "nothing left to run: no status line")
    local finished = at(2100, { type = "run_finished", playbook = "p", total = 3, changed = 2, unchanged = 0,
      failed = 1, skipped = 0, cancelled = 0, duration_ms = 2100 })
    assert(not finished:find("\r", 1, true) and finished:find("failures by error code:", 1, true), finished)
  end,

  ["on a terminal the status names the stage and is erased when a stage ends (a pause may ask there)"] =
  function(spec)
    local handler = spec.plugin("console").reporter()
    local function at(ms, event) event.now_ms = ms; return handler(event) end
    at(0, { type = "run_started", playbook = "p", targets = 4, concurrency = 1, is_terminal = true })
    local stage = at(500, { type = "stage_started", name = "batch 1 of 2", batch = 1, size = 2 })
    assert(stage:find("\n%[batch 1 of 2%] 0/4 done"), ("%q"):format(stage))
    at(600, { type = "target_started", target = _target(1) })
    local first = at(1000, _finished(1, "changed", 400, nil, 1))
    assert(first:find("[batch 1 of 2] 1/4 done, 0 failed, 0 in flight, 0 cancelled, 1.0 targets/s, ETA 3 s", 1, true),
      ("%q"):format(first))
    at(1100, { type = "target_started", target = _target(2) })
    local last = at(2000, _finished(2, "changed", 900, nil, 1))
    assert(last:sub(1, 4) == "\r\27[K" and last:sub(-1) == "\n", ("the stage's end leaves no status: %q"):format(last))
  end,

  ["off a terminal progress lines come every tenth or 10 s, whichever is rarer, and never rewrite a line"] =
  function(spec)
    local cases = {
      -- { targets, ms between finishes, progress lines expected }
      { 100, 500, 4 }, -- a tenth every 5 s: every 10 s wins (at 20, 40, 60 and 80 done)
      { 100, 2000, 9 }, -- a tenth every 20 s: every tenth wins (10 … 90 done; never at 100 %)
      { 100, 10, 0 }, -- a one-second run: none
      { 3, 20000, 2 }, -- each target is more than a tenth: one line per target but the last
    }
    for _, case in ipairs(cases) do
      local targets, step, lines = case[1], case[2], case[3]
      local handler = spec.plugin("console").reporter()
      local out = { handler({ type = "run_started", playbook = "p", targets = targets, concurrency = 1, now_ms = 0 }) }
      for i = 1, targets do
        out[#out + 1] = handler({ type = "target_started", target = _target(i), now_ms = (i - 1) * step })
        local event = _finished(i, "changed", step)
        event.now_ms = i * step
        out[#out + 1] = handler(event)
      end
      local text = table.concat(out)
      local _, count = text:gsub("\nprogress: ", "")
      assert(count == lines, ("%d targets every %d ms: %d progress lines, expected %d\n%s"):format(
        targets, step, count, lines, text))
      assert(not text:find("\r", 1, true) and not text:find("\27", 1, true), "no terminal control off a terminal")
    end
    local handler = spec.plugin("console").reporter()
    handler({ type = "run_started", playbook = "p", targets = 10, concurrency = 1, now_ms = 0 })
    handler({ type = "target_started", target = _target(1), now_ms = 0 })
    handler({ type = "target_started", target = _target(2), now_ms = 0 })
    local event = _finished(1, "failed", 20000, "X.Y")
    event.now_ms = 20000
    local text = handler(event)
    local expected = "progress: 1/10 done, 1 failed, 1 in flight, 0 cancelled, 0.1 targets/s, ETA 180 s\n"
    assert(text:sub(-#expected) == expected, ("%q"):format(text))
  end,
  ["colour marks the statuses and the failure count only when run_started allows it"] = function(spec)
    local sgr = "\27%[[%d;]*m" -- colour, not the status line's erase (\27[K)
    local cases = {
      -- { color field of run_started, is_terminal, colour expected }
      { true, true, true },
      { false, true, false },
      { nil, true, false },
      { true, false, true }, -- a reporter told it may colour does, terminal or not
    }
    for _, case in ipairs(cases) do
      local handler = spec.plugin("console").reporter()
      local out = { handler({ type = "run_started", playbook = "p", targets = 4, concurrency = 1,
        color = case[1], is_terminal = case[2] }) }
      for i, status in ipairs({ "changed", "unchanged", "failed", "cancelled" }) do
        out[#out + 1] = handler(_finished(i, status, 10, status == "failed" and "X.Y" or nil))
      end
      out[#out + 1] = handler({ type = "run_finished", playbook = "p", total = 4, changed = 1, unchanged = 1,
        failed = 1, skipped = 0, cancelled = 1, duration_ms = 40 })
      local text = table.concat(out)
      local painted = text:find(sgr) ~= nil
      assert(painted == case[3], ("color=%s terminal=%s: %q"):format(tostring(case[1]), tostring(case[2]), text))
      if case[3] then
        assert(text:find("\27[1;31mFAILED   \27[0m", 1, true), text)
        assert(text:find("\27[32mchanged  \27[0m", 1, true), text)
        assert(text:find("\27[1;31m1 failed\27[0m", 1, true), text)
        assert(not text:find("\27%[[%d;]*munchanged"), "an unchanged target stays plain: " .. text)
      end
    end
  end,

  ["a run with no failure keeps its summary count plain even in colour"] = function(spec)
    local handler = spec.plugin("console").reporter()
    handler({ type = "run_started", playbook = "p", targets = 1, concurrency = 1, color = true })
    handler(_finished(1, "changed", 10))
    local out = handler({ type = "run_finished", playbook = "p", total = 1, changed = 1, unchanged = 0, failed = 0,
      skipped = 0, cancelled = 0, duration_ms = 10 })
    assert(out:find("0 failed, ", 1, true) and not out:find("\27[1;31m0 failed", 1, true), out)
  end,
}
