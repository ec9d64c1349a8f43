--- file: targets from a YAML or CSV file of account UIDs with names and tags.
---
--- YAML: a list of `{ id: "2000000000000001", name: app-1, folder: fd-prod, tags: { env: prod } }`
--- (or `{ accounts: [...] }`). CSV: a header `id,name,folder,tags` and tags as `env=prod;team=a`.
local yaml = require("yaml")
local filter = require("_lib.keyshare.filter")

local M = {
  name = "file",
  version = "1.0.0",
  description = "Targets listed in a YAML or CSV file",
  categories = { "read-only" },
  params = {
    path = { type = "string", required = true,
      doc = "the inventory file (.yaml, .yml or .csv), relative to the playbook" },
    folder = { type = "string", default = "", doc = "only accounts in this folder id; empty: all" },
    tags = { type = "list", default = {}, doc = "only accounts with every key=value tag, e.g. env=prod" },
  },
}

local function _split(line, separator)
  local fields = {}
  for field in (line .. separator):gmatch("(.-)" .. separator) do
    fields[#fields + 1] = field:match("^%s*(.-)%s*$")
  end
  return fields
end

--- Parses CSV text with an `id,name,folder,tags` header (only `id` is required).
---@param text string
---@return table[]
function M.parse_csv(text)
  local lines = {}
  for line in text:gmatch("[^\r\n]+") do
    if line:match("%S") and not line:match("^%s*#") then lines[#lines + 1] = line end
  end
  local header = _split(lines[1] or "", ",")
  local targets = {}
  for row = 2, #lines do
    local values, target = _split(lines[row], ","), { tags = {} }
    for column, name in ipairs(header) do
      local value = values[column]
      if name == "tags" then
        for _, pair in ipairs(_split(value or "", ";")) do
          local key, tag = pair:match("^([^=]+)=(.*)$")
          if key then target.tags[key] = tag end
        end
      elseif value ~= nil and value ~= "" then
        target[name] = value
      end
    end
    if target.id == nil then error("inventory row " .. row .. " has no id (header: " .. lines[1] .. ")", 0) end
    targets[#targets + 1] = target
  end
  return targets
end

--- Parses YAML text: a list of accounts, or a map with an `accounts` list.
---@param text string
---@return table[]
function M.parse_yaml(text)
  local document = yaml.decode(text)
  local list = type(document) == "table" and (document.accounts or document) or {}
  local targets = {}
  for index, entry in ipairs(list) do
    if type(entry) ~= "table" or entry.id == nil then
      error("inventory entry " .. index .. " has no id", 0)
    end
    local tags = {}
    for key, value in pairs(entry.tags or {}) do tags[key] = tostring(value) end
    targets[#targets + 1] = { id = tostring(entry.id), name = entry.name, folder = entry.folder, tags = tags }
  end
  return targets
end

--- Reads the file named by `params.path` and keeps the targets matching the filters.
function M.inventory(ctx, params)
  local path = params.path
  if path:sub(1, 1) ~= "/" and ctx.playbook_dir then path = ctx.playbook_dir .. "/" .. path end
  local handle, problem = io.open(path, "r")
  if handle == nil then error("cannot read inventory file " .. path .. ": " .. tostring(problem), 0) end
  local text = handle:read("a")
  handle:close()
  local targets = path:match("%.csv$") and M.parse_csv(text) or M.parse_yaml(text)
  return filter.apply(targets, params)
end

-- `needs_keys = false`: the inventory reads neither ctx.key nor ctx.keys, so the run looks the keys
-- up while it lists the accounts.
M.provides = {
  inventory = {
    run = M.inventory, doc = "YAML or CSV file of accounts with folder and tag filters", needs_keys = false,
  },
}

return M
