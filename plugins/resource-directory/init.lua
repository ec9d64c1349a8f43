--- resource-directory: targets from the Resource Directory (ListAccounts, as the owner account,
--- which must be the management account or a delegated administrator).
local filter = require("_lib.keyshare.filter")
local errors = require("_lib.keyshare.errors")

local M = {
  name = "resource-directory",
  version = "1.1.0",
  description = "Member accounts of the Resource Directory, filtered by folder and tags",
  categories = { "read-only" },
  params = {
    folder = { type = "string", default = "",
      doc = "only accounts in this folder (its id, e.g. fd-prod, or its name, e.g. prod) or below it; empty: all" },
    tags = { type = "list", default = {}, doc = "only accounts with every key=value tag, e.g. env=prod,team=sec" },
  },
}

--- Every account of the directory (100 per page) as a target.
---@async
local function _accounts(ctx)
  local targets, page = {}, 1
  while true do
    local answer = ctx.owner.resourcemanager.list_accounts({ page_number = page, page_size = 100, include_tags = true })
    for _, account in ipairs(answer.accounts or {}) do
      local tags = {}
      for _, tag in ipairs(account.tags or {}) do tags[tag.key] = tag.value or "" end
      targets[#targets + 1] = {
        id = account.account_id, name = account.display_name, folder = account.folder_id,
        path = account.resource_directory_path, tags = tags,
      }
    end
    if page * 100 >= (answer.total_count or 0) or #(answer.accounts or {}) == 0 then break end
    page = page + 1
  end
  return targets
end

-- At most this many folders are listed (one ListFoldersForParent call per folder and page).
local MAX_FOLDERS = 1000

--- The folders of the directory as `{ id, name? }`, sorted by id: the folder tree (walked from the
--- root with ListFoldersForParent) when the backend offers it, plus the folders the accounts' paths
--- name (ids only).
---@async
local function _folders(ctx, targets)
  local found, seen = {}, {}
  local function add(id, name)
    if id == nil or id == "" then return false end
    if seen[id] then
      if name and not seen[id].name then seen[id].name = name end
      return false
    end
    seen[id] = { id = id, name = name }
    found[#found + 1] = seen[id]
    return true
  end
  -- A backend without the folder listing (an older keyshare serve) leaves only the paths' ids.
  local has, listing = pcall(function() return ctx.owner.resourcemanager.list_folders_for_parent end)
  if has and type(listing) == "function" then
    local parents, next_parent = { false }, 1
    while next_parent <= #parents and #found < MAX_FOLDERS do
      local parent = parents[next_parent]
      next_parent = next_parent + 1
      local page = 1
      repeat
        local answer = listing({ parent_folder_id = parent or nil, page_number = page, page_size = 100 })
        local folders = answer.folders or {}
        for _, folder in ipairs(folders) do
          if add(folder.folder_id, folder.folder_name) then parents[#parents + 1] = folder.folder_id end
        end
        page = page + 1
      until #folders == 0 or (page - 1) * 100 >= (answer.total_count or 0)
    end
  end
  for _, target in ipairs(targets) do
    for segment in (target.path or ""):gmatch("[^/]+") do
      if segment:sub(1, 3) == "fd-" then add(segment) end
    end
    if (target.folder or ""):sub(1, 3) == "fd-" then add(target.folder) end
  end
  table.sort(found, function(a, b) return a.id < b.id end)
  return found
end

--- "fd-prod (prod), fd-dev (dev)": the folders as the messages name them.
local function _named(folders)
  local parts = {}
  for _, folder in ipairs(folders) do
    parts[#parts + 1] = folder.name and (folder.id .. " (" .. folder.name .. ")") or folder.id
  end
  if #parts == 0 then return "none" end
  return table.concat(parts, ", ")
end

--- The folder id `wanted` names (an id or a folder's name); raises naming the known folders.
local function _resolve(wanted, folders)
  for _, folder in ipairs(folders) do
    if folder.id == wanted then return folder.id end
  end
  local matches = {}
  for _, folder in ipairs(folders) do
    if folder.name == wanted then matches[#matches + 1] = folder end
  end
  if #matches == 1 then return matches[1].id end
  if #matches > 1 then
    errors.raise("keyshare.AmbiguousFolder", "--param folder=" .. wanted .. " names " .. #matches
      .. " folders (" .. _named(matches) .. "); give the folder's id instead")
  end
  errors.raise("keyshare.UnknownFolder", "--param folder=" .. wanted .. " is not a folder of the Resource "
    .. "Directory; known folders: " .. _named(folders) .. " (give an id or a name)")
end

--- Lists every member account but the owner and keeps those matching the filters. Returns the
--- targets and, when no member matches, a note naming the known folders (the runtime prints it with
--- the zero-target error).
---@async
function M.inventory(ctx, params)
  local all = _accounts(ctx)
  local folders
  local wanted = params.folder or ""
  local resolved = params
  if wanted ~= "" then
    -- An id some account's path names needs no folder listing.
    local named = false
    for _, target in ipairs(all) do
      if target.folder == wanted or ("/" .. (target.path or "") .. "/"):find("/" .. wanted .. "/", 1, true) then
        named = true
        break
      end
    end
    if not named then
      folders = _folders(ctx, all)
      resolved = setmetatable({ folder = _resolve(wanted, folders) }, { __index = params })
    end
  end
  -- The owner (normally the management account) lists itself; it is no target of its own key.
  local targets, owner_matched = {}, false
  for _, target in ipairs(filter.apply(all, resolved)) do
    if target.id ~= ctx.owner.id then targets[#targets + 1] = target else owner_matched = true end
  end
  if #targets > 0 then return targets end
  folders = folders or _folders(ctx, all)
  local tags = table.concat(params.tags or {}, ",")
  return targets, "no member account of the Resource Directory matches folder="
    .. (wanted ~= "" and wanted or "(any)") .. (tags ~= "" and (" tags=" .. tags) or "")
    .. (owner_matched and (" except the key owner " .. ctx.owner.id .. ", which cannot share with itself") or "")
    .. "; known folders: " .. _named(folders)
end

-- `needs_keys = false`: the inventory reads neither ctx.key nor ctx.keys, so the run looks the keys
-- up while it lists the accounts.
M.provides = {
  inventory = { run = M.inventory, doc = "ListAccounts with folder (id or name) and tag filters", needs_keys = false },
}

return M
