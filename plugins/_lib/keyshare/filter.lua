--- Target filters shared by the inventories: folder and `key=value` tags.
local M = {}

--- Parses `{"env=prod", "team=sec"}` into `{ env = "prod", team = "sec" }`.
---@param list string[]
---@return table<string,string>
function M.parse_tags(list)
  local tags = {}
  for _, item in ipairs(list or {}) do
    local key, value = item:match("^([^=]+)=(.*)$")
    if key == nil then
      error("tag filter '" .. item .. "' is not key=value (e.g. --param tags=env=prod)", 0)
    end
    tags[key] = value
  end
  return tags
end

--- Returns true when `target` is in `folder` (or below it, when the path is known) and carries
--- every tag of `tags`.
---@param target { folder: string?, path: string?, tags: table<string,string>? }
---@param folder string
---@param tags table<string,string>
---@return boolean
function M.matches(target, folder, tags)
  if folder ~= nil and folder ~= "" then
    local path = target.path or ""
    local inside = target.folder == folder or path:find("/" .. folder .. "/", 1, true) ~= nil
      or path:sub(-#folder - 1) == "/" .. folder
    if not inside then return false end
  end
  for key, value in pairs(tags or {}) do
    if (target.tags or {})[key] ~= value then return false end
  end
  return true
end

--- The targets of `targets` that match the `folder` and `tags` params.
---@param targets table[]
---@param params { folder: string, tags: string[] }
---@return table[]
function M.apply(targets, params)
  local tags = M.parse_tags(params.tags)
  local kept = {}
  for _, target in ipairs(targets) do
    if M.matches(target, params.folder, tags) then kept[#kept + 1] = target end
  end
  return kept
end

return M
