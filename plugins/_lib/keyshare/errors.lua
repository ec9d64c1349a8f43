--- Error helpers shared by plugins: cloud and keyshare errors are tables with `code`, `message`,
--- `http_status` and `request_id`; Lua errors are strings.
local M = {}

--- Returns the error code of `err`, or nil for a plain Lua error.
---@param err any
---@return string?
function M.code(err)
  if type(err) == "table" then return err.code end
  return nil
end

--- Returns true when `err` is a cloud or keyshare error with one of the given codes.
---@param err any
---@param ... string
---@return boolean
function M.is(err, ...)
  local code = M.code(err)
  if code == nil then return false end
  for i = 1, select("#", ...) do
    if code == select(i, ...) then return true end
  end
  return false
end

--- Raises a keyshare error table (`code`, `message`) that prints as `code: message`.
---@param code string
---@param message string
function M.raise(code, message)
  error(setmetatable({ code = code, message = message }, {
    __tostring = function(e) return e.code .. ": " .. e.message end,
  }), 0)
end

--- Calls `fn(...)`; returns its result, or nil and the error when it fails with one of `codes`.
--- Other errors propagate unchanged.
---@param codes string[]
---@param fn function
---@return any result, any err
function M.try(codes, fn, ...)
  local ok, result = pcall(fn, ...)
  if ok then return result, nil end
  if M.is(result, table.unpack(codes)) then return nil, result end
  error(result, 0)
end

return M
