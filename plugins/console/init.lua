--- console: one line per finished target and a summary (the default reporter).
local M = {
  name = "console",
  version = "1.0.0",
  description = "Human-readable progress: a line per target, then the summary",
  categories = { "read-only" },
  params = {},
}

local MARK = { changed = "changed  ", unchanged = "unchanged", failed = "FAILED   ", skipped = "skipped  ",
  cancelled = "cancelled" }
--- SGR colours of the status marks on a terminal that allows colour (the run_started event's `color`):
--- red for a failure, green for a change, yellow for what did not run; an unchanged target stays plain.
M.COLOR = { changed = "32", failed = "1;31", skipped = "33", cancelled = "33" }

--- `text` in the colour of `status` when `color` is on, unchanged otherwise.
---@param text string
---@param status string
---@param color boolean?
---@return string
function M.paint(text, status, color)
  local sgr = color and M.COLOR[status]
  if not sgr then return text end
  return "\27[" .. sgr .. "m" .. text .. "\27[0m"
end

--- Formats one event as text, or nil when the console prints nothing for it; `color` paints the
--- status marks and the summary's failure count (the reporter passes run_started's `color`).
---@param event keyshare.Event
---@param color boolean?
---@return string?
function M.format(event, color)
  if event.type == "run_started" then
    local line = ("%s: %d targets, concurrency %d"):format(event.playbook, event.targets, event.concurrency)
    -- Owner-side changes of setup steps (before any target) are changes too: print each.
    for _, change in ipairs(event.setup_changes or {}) do line = line .. "\n  setup     " .. change end
    return line
  elseif event.type == "stage_started" then
    return ("-- %s: %d target%s"):format(event.name, event.size, event.size == 1 and "" or "s")
  elseif event.type == "run_stopped" then
    return "-- stopped: " .. event.reason
  elseif event.type == "target_message" then
    return ("  . %s %s"):format(event.target.id, event.message)
  elseif event.type == "target_finished" then
    local mark = M.paint(MARK[event.status] or event.status, event.status, color)
    local line = ("  %s %s %-20s"):format(mark, event.target.id, event.target.name)
    if event.error then
      line = line .. " " .. event.error.code .. ": " .. event.error.message
      if event.error.step then line = line .. " [" .. event.error.step .. "]" end
    -- A cancelled target's reason is the run's, printed once by run_stopped.
    elseif event.reason and event.status ~= "cancelled" then
      line = line .. " " .. event.reason
    elseif #event.changes > 0 then
      line = line .. " " .. table.concat(event.changes, "; ")
    end
    return line
  elseif event.type == "run_finished" then
    local failed = ("%d failed"):format(event.failed)
    if event.failed > 0 then failed = M.paint(failed, "failed", color) end
    return ("%d targets: %d changed, %d unchanged, %s, %d skipped, %d cancelled (%.2f s)"):format(
      event.total, event.changed, event.unchanged, failed, event.skipped, event.cancelled or 0,
      event.duration_ms / 1000)
  end
  return nil
end

--- A run of at most this many targets gets no "slowest" list (it would repeat every line).
M.HANDFUL = 5
--- How many slowest targets, and how many example accounts per error code, the summary names.
M.SLOWEST, M.EXAMPLES = 5, 3

--- The lines after the summary line: the slowest targets (runs of more than a handful) and the
--- failures grouped by error code (when any failed), or an empty list.
---@param finished keyshare.Event[] the run's target_finished events, in order
---@return string[]
function M.summary(finished)
  local lines = {}
  -- Targets that never ran (skipped, cancelled) have no duration worth ranking.
  local ran = {}
  for _, event in ipairs(finished) do
    if event.status ~= "skipped" and event.status ~= "cancelled" then ran[#ran + 1] = event end
  end
  if #finished > M.HANDFUL and #ran > 0 then
    table.sort(ran, function(a, b)
      if a.duration_ms ~= b.duration_ms then return a.duration_ms > b.duration_ms end
      return a.target.id < b.target.id
    end)
    lines[#lines + 1] = "slowest:"
    for i = 1, math.min(M.SLOWEST, #ran) do
      local event = ran[i]
      lines[#lines + 1] = ("  %8.2f s  %s %s"):format(event.duration_ms / 1000, event.target.id, event.target.name)
    end
  end
  local groups, order = {}, {}
  for _, event in ipairs(finished) do
    if event.status == "failed" then
      local code = event.error and event.error.code or "unknown"
      local group = groups[code]
      if not group then
        group = { code = code, count = 0, accounts = {} }
        groups[code] = group
        order[#order + 1] = group
      end
      group.count = group.count + 1
      if #group.accounts < M.EXAMPLES then group.accounts[#group.accounts + 1] = event.target.id end
    end
  end
  if #order > 0 then
    -- Most frequent first; ties by code so the order never depends on timing.
    table.sort(order, function(a, b)
      if a.count ~= b.count then return a.count > b.count end
      return a.code < b.code
    end)
    lines[#lines + 1] = "failures by error code:"
    for _, group in ipairs(order) do
      local more = group.count > #group.accounts and ", ..." or ""
      local accounts = table.concat(group.accounts, ", ") .. more
      lines[#lines + 1] = ("  %-40s %4d  %s"):format(group.code, group.count, accounts)
    end
  end
  return lines
end

--- At most this often (ms) the status line of a terminal is rewritten in place.
M.REDRAW_MS = 250
--- Off a terminal, a progress line at most every tenth of the targets and this many ms, whichever is rarer.
M.PROGRESS_MS = 10000
--- Carriage return and erase-line: the status line is rewritten in place (cursor control, not colour:
--- NO_COLOR leaves it on).
local CLEAR = "\r\27[K"

--- One line of live progress: the stage, done / failed / in flight / cancelled, rate and ETA.
---@param live table the reporter's counts: total, done, failed, cancelled, running, stage, elapsed_ms, throttle_ms
---@return string
function M.status(live)
  local rate = live.elapsed_ms > 0 and live.done / (live.elapsed_ms / 1000) or 0
  local eta = "ETA --"
  if rate > 0 then eta = ("ETA %d s"):format(math.floor((live.total - live.done) / rate + 0.5)) end
  local stage = live.stage and ("[" .. live.stage .. "] ") or ""
  local line = ("%s%d/%d done, %d failed, %d in flight, %d cancelled, %.1f targets/s, %s"):format(
    stage, live.done, live.total, live.failed, live.running, live.cancelled, rate, eta)
  -- Only once throttling cost time: a run the cloud never slowed keeps its line short.
  if (live.throttle_ms or 0) > 0 then
    line = line .. (", waited on throttling %.1f s"):format(live.throttle_ms / 1000)
  end
  return line
end

--- The summary's line about throttling, or nil when the run never waited on it.
---@param event keyshare.Event the run_finished event
---@param finished keyshare.Event[] the run's target_finished events
---@return string?
function M.throttling(event, finished)
  local total = event.throttle_wait_ms or 0
  if total <= 0 then return nil end
  local slowed = 0
  for _, target in ipairs(finished) do
    if (target.throttle_wait_ms or 0) > 0 then slowed = slowed + 1 end
  end
  return ("waited on throttling: %.2f s in all (%d target%s slowed; concurrent waits add up)"):format(
    total / 1000, slowed, slowed == 1 and "" or "s")
end

--- Returns the event handler; it returns the text to print for each event (or nil). It keeps the
--- run's finished targets to print the slowest ones and the failures by code after the summary,
--- and the counts of a live status line (a terminal) or of periodic progress lines (not a terminal).
function M.reporter()
  local finished, live, terminal, color, shown, last_draw, last_progress, next_tenth
  local function reset(event)
    finished, color = {}, event.color == true
    live = { total = event.targets or 0, done = 0, failed = 0, cancelled = 0, running = 0, elapsed_ms = 0 }
    terminal, shown, last_draw, last_progress, next_tenth = event.is_terminal == true, false, nil, 0, 1
  end
  reset({})
  return function(event)
    if event.type == "run_started" then reset(event) end
    live.elapsed_ms = event.now_ms or live.elapsed_ms
    live.throttle_ms = event.throttle_wait_total_ms or live.throttle_ms
    local stage_done = false
    if event.type == "stage_started" then
      live.stage, live.stage_size, live.stage_done = event.name, event.size, 0
    elseif event.type == "target_started" then
      live.running = live.running + 1
    elseif event.type == "target_finished" then
      finished[#finished + 1] = event
      live.done = live.done + 1
      if event.status == "failed" then live.failed = live.failed + 1 end
      if event.status == "cancelled" then
        live.cancelled = live.cancelled + 1
      elseif event.status ~= "skipped" then
        live.running = math.max(0, live.running - 1)
      end
      if live.stage_size then
        live.stage_done = live.stage_done + 1
        -- The stage's end may bring a pause that asks on this terminal: no status line then.
        stage_done = live.stage_done >= live.stage_size
      end
    end
    local line = M.format(event, color)
    if line and event.type == "run_finished" then
      local extra = M.summary(finished)
      local throttling = M.throttling(event, finished)
      if throttling then extra[#extra + 1] = throttling end
      if #extra > 0 then line = line .. "\n" .. table.concat(extra, "\n") end
    end
    local text = line and line .. "\n" or ""
    if terminal then
      local ending = event.type == "run_finished" or event.type == "run_stopped" or stage_done
      local due = last_draw == nil or live.elapsed_ms - last_draw >= M.REDRAW_MS
      local draw = not ending and live.done < live.total and due
      -- Erase the status line before printing over it; a line printed erased it, so redraw if due.
      if shown and (line or draw or ending) then text = CLEAR .. text; shown = false end
      if draw then
        text, shown, last_draw = text .. M.status(live), true, live.elapsed_ms
      end
    elseif event.type == "target_finished" and live.total > 0 and live.done < live.total
        and live.done * 10 >= next_tenth * live.total and live.elapsed_ms - last_progress >= M.PROGRESS_MS then
      text = text .. "progress: " .. M.status(live) .. "\n"
      last_progress = live.elapsed_ms
      next_tenth = math.floor(live.done * 10 / live.total) + 1
    end
    return text ~= "" and text or nil
  end
end

M.provides = { reporter = { run = M.reporter, doc = "a line per target and a summary, on stdout" } }

return M
