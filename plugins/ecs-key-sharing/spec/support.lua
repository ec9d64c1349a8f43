--- What ecs-key-sharing's specs share: the plugin, its params with overrides, counting matches in
--- change and message lists, and expecting an error by its code. `require("ecs-key-sharing.spec.support")`.
local M = {}

--- The ecs-key-sharing plugin module of the spec's runtime.
---@param spec table
---@return table
function M.plugin(spec) return spec.plugin("ecs-key-sharing") end

--- The plugin's default params with each override table applied in turn (later ones win).
---@param spec table
---@param ... table?
---@return table
function M.params(spec, ...)
  local params = spec.defaults("ecs-key-sharing")
  for index = 1, select("#", ...) do
    for name, value in pairs(select(index, ...) or {}) do params[name] = value end
  end
  return params
end

--- How many items of `list` contain `wanted` (plain text, not a pattern).
---@param list any[]
---@param wanted string
---@return integer
function M.count(list, wanted)
  local n = 0
  for _, item in ipairs(list) do
    if tostring(item):find(wanted, 1, true) then n = n + 1 end
  end
  return n
end

--- Calls `fn(...)`, asserting that it raises an error table whose code is `code`; returns the error.
---@param code string
---@param fn function
---@return table
function M.expect_error(code, fn, ...)
  local ok, err = pcall(fn, ...)
  assert(not ok, "expected " .. code .. " but the call succeeded")
  assert(type(err) == "table" and err.code == code, "expected " .. code .. ", got " .. tostring(err))
  return err
end

return M
