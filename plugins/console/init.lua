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

--- Formats one event as text, or nil when the console prints nothing for it.
---@param event keyshare.Event
---@return string?
function M.format(event)
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
    local line = ("  %s %s %-20s"):format(MARK[event.status] or event.status, event.target.id, event.target.name)
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
    return ("%d targets: %d changed, %d unchanged, %d failed, %d skipped, %d cancelled (%.2f s)"):format(
      event.total, event.changed, event.unchanged, event.failed, event.skipped, event.cancelled or 0,
      event.duration_ms / 1000)
  end
  return nil
end

--- Returns the event handler; it returns the text to print for each event (or nil).
function M.reporter()
  return function(event)
    local line = M.format(event)
    return line and line .. "\n"
  end
end

M.provides = { reporter = { run = M.reporter, doc = "a line per target and a summary, on stdout" } }

return M
