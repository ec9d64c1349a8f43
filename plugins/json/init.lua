--- json: one JSON object per event and line (JSON Lines), for machines.
local json = require("json")

local M = {
  name = "json",
  version = "1.0.0",
  description = "Every run event as one line of JSON",
  categories = { "read-only" },
  params = {},
}

--- Returns the event handler; it returns one line of JSON per event.
function M.reporter()
  return function(event) return json.encode(event) .. "\n" end
end

M.provides = { reporter = { run = M.reporter, doc = "JSON Lines: one event per line" } }

return M
