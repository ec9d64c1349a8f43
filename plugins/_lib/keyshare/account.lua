--- Account handles: `acct.kms.create_key{…}` calls the binding acting as that account, and
--- `acct.kms.each("describe_key", { {…}, {…} })` sends several read-only requests of it at once.
---
--- A handle is `{ id, name, region, folder, tags }` plus one service table per product
--- (`kms`, `ram`, `sts`, `ecs`, `resourcemanager`, `resourcesharing`), built on first use.
local role = require("_lib.keyshare.role")
local key = require("_lib.keyshare.key")

local M = {}

local SERVICES = {
  kms = true, ram = true, sts = true, ecs = true, resourcemanager = true, resourcesharing = true,
}

local Account = {}

--- Builds the service table that calls `module` acting as `caller`.
local function _service(module, caller)
  return setmetatable({}, {
    __index = function(proxy, name)
      local binding = module[name]
      if binding == nil then
        error("no binding " .. tostring(name) .. " (see plugins/_meta/keyshare.lua)", 2)
      end
      local call
      if name == "each" then
        call = function(operation, requests) return binding(operation, requests, caller) end
      else
        call = function(params) return binding(params, caller) end
      end
      rawset(proxy, name, call)
      return call
    end,
  })
end

Account.__index = function(acct, name)
  if SERVICES[name] then
    local service = _service(require(name), rawget(acct, "_caller"))
    rawset(acct, name, service)
    return service
  end
  return Account[name]
end

Account.__tostring = function(acct) return "account " .. acct.id .. " (" .. acct.name .. ")" end

--- Ensures a RAM role with its trust policy and one attached custom policy; returns the changes
--- and the role as RAM describes it.
---@param spec keyshare.RoleSpec
---@return string[] changes
---@return ram.RoleInfo role
function Account:ensure_role(spec)
  local changes, info = role.ensure(self, spec)
  -- Remembered on the handle, so `known_role` answers without another GetRole (wrappers of this
  -- method may pass on the changes only).
  local known = rawget(self, "_roles") or {}
  known[spec.name] = info
  rawset(self, "_roles", known)
  return changes, info
end

--- Returns a role of this account as RAM describes it, or nil when it does not exist.
---@param name string
---@return ram.RoleInfo?
function Account:get_role(name)
  return role.get(self, name)
end

--- The role `name` as the last `ensure_role` of this handle saw or made it, else as RAM describes it now.
---@param name string
---@return ram.RoleInfo?
function Account:known_role(name)
  local known = rawget(self, "_roles")
  if known and known[name] then return known[name] end
  return role.get(self, name)
end

--- Deletes a role keyshare created (detaching its policies first); returns the changes.
---@param name string
---@return string[] changes
function Account:remove_role(name)
  return role.remove(self, name)
end

--- Returns a handle for a key of this account, by id, alias or ARN.
---@param ref string
---@return keyshare.Key
function Account:key(ref)
  return key.describe(self, ref)
end

--- Returns a pool of keys of this account: ids, aliases, ARNs or alias patterns ending in `*`.
---@param refs string[]
---@return keyshare.KeyPool
function Account:key_pool(refs)
  return key.pool(self, refs)
end

--- Returns the ARN of a role of this account.
---@param name string
---@return string
function Account:role_arn(name)
  return "acs:ram::" .. self.id .. ":role/" .. name
end

--- Creates a handle acting as the root of account `id` in `region`.
---@param target { id: string, name: string?, folder: string?, tags: table<string,string>? }
---@param region string
---@return keyshare.Account
function M.new(target, region)
  return setmetatable({
    id = target.id,
    name = target.name or target.id,
    folder = target.folder,
    tags = target.tags or {},
    region = region,
    _caller = { account = target.id, region = region },
  }, Account)
end

return M
