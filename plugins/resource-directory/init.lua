--- resource-directory: targets from the Resource Directory (ListAccounts, as the owner account,
--- which must be the management account or a delegated administrator).
local filter = require("_lib.keyshare.filter")

local M = {
  name = "resource-directory",
  version = "1.0.0",
  description = "Member accounts of the Resource Directory, filtered by folder and tags",
  categories = { "read-only" },
  params = {
    folder = { type = "string", default = "", doc = "only accounts in this folder id (or below it); empty: all" },
    tags = { type = "list", default = {}, doc = "only accounts with every key=value tag, e.g. env=prod,team=sec" },
  },
}

--- Lists every member account (100 per page) and keeps those matching the filters.
---@async
function M.inventory(ctx, params)
  local targets, page = {}, 1
  while true do
    local answer = ctx.owner.resourcemanager.list_accounts({ page_number = page, page_size = 100, include_tags = true })
    for _, account in ipairs(answer.accounts or {}) do
      local tags = {}
      for _, tag in ipairs(account.tags or {}) do tags[tag.key] = tag.value or "" end
      if account.account_id ~= ctx.owner.id then
        targets[#targets + 1] = {
          id = account.account_id, name = account.display_name, folder = account.folder_id,
          path = account.resource_directory_path, tags = tags,
        }
      end
    end
    if page * 100 >= (answer.total_count or 0) then break end
    page = page + 1
  end
  return filter.apply(targets, params)
end

M.provides = { inventory = { run = M.inventory, doc = "ListAccounts with folder and tag filters" } }

return M
