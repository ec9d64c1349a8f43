--- json: one JSON object per event and line (JSON Lines), for machines.
local json = require("json")

local M = {
  name = "json",
  version = "1.0.0",
  description = "Every run event as one line of JSON",
  categories = { "read-only" },
  params = {},
}

--- The reason of a finished target's status: the event's own (skipped, cancelled), the error's
--- code and message (failed), or what the target's steps did (changed, unchanged).
---@param event keyshare.Event a target_finished event
---@return string
function M.reason(event)
  if event.reason then return event.reason end
  if event.error then return event.error.code .. ": " .. event.error.message end
  local count = #(event.changes or {})
  if count > 0 then return ("%d change%s made"):format(count, count == 1 and "" or "s") end
  return "already in place: nothing to change"
end

--- The object written for `event`: target_finished always carries a `reason` (every status has
--- one), the rest are written as they come.
---@param event keyshare.Event
---@return table
function M.object(event)
  if event.type ~= "target_finished" or event.reason then return event end
  local copy = {}
  for key, value in pairs(event) do copy[key] = value end
  copy.reason = M.reason(event)
  return copy
end

--- Returns the event handler; it returns one line of JSON per event.
function M.reporter()
  return function(event) return json.encode(M.object(event)) .. "\n" end
end

M.provides = { reporter = { run = M.reporter, doc = "JSON Lines: one event per line" } }

return M
