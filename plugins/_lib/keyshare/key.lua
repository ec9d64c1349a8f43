--- Key handles: a key of the owner account, with the grant and revoke operations that edit the
--- keyshare-owned statement of its key policy through keyshare's single writer.
local json = require("json")
local keyshare = require("keyshare")
local errors = require("_lib.keyshare.errors")

local M = {}

local Key = {}
Key.__index = Key

--- The plain fields the Swift writer needs (no handles, so nothing but strings crosses over).
local function _fields(k)
  return { id = k.id, arn = k.arn, region = k.region, owner = k.owner, instance_id = k.instance_id, state = k.state }
end
Key.__tostring = function(k) return "key " .. k.id .. " of " .. k.owner end

--- Adds role principals to the key policy (quota and size prechecked); returns the added ones.
---@async
---@param principals string[]
---@return string[] added
function Key:grant_key_use(principals)
  return keyshare.grant_key_use(_fields(self), principals).principals
end

--- Holds room in the key policy (quota and size, counting every reservation of the run) for
--- `principals` before the target's first write; raises the grant's refusal when there is none.
--- The grant consumes the reservation; `release_key_use` gives it back. Returns the newly held.
---@async
---@param principals string[]
---@return string[] reserved
function Key:reserve_key_use(principals)
  return keyshare.reserve_key_use(_fields(self), principals)
end

--- Gives back the room held for `principals` that were not granted (the target failed first).
---@param principals string[]
function Key:release_key_use(principals)
  keyshare.release_key_use(_fields(self), principals)
end

--- Removes role principals from the key policy; returns the removed ones.
---@async
---@param principals string[]
---@return string[] removed
function Key:revoke_key_use(principals)
  return keyshare.revoke_key_use(_fields(self), principals).principals
end

--- Returns the key policy as a table.
---@async
---@return table
function Key:policy()
  local answer = self._account.kms.get_key_policy({ key_id = self.id })
  return json.decode(answer.policy)
end

local Pool = {}
Pool.__index = Pool
Pool.__tostring = function(pool) return "key pool of " .. #pool.keys .. " key(s)" end

--- The key `account_id` uses: the one already naming its roles, else the first with room for
--- `principals` counting every reservation of the run; the room is reserved there until granted
--- or released (`key:release_key_use`). Raises `keyshare.KeyPoolFull` when every key is full.
---@async
---@param account_id string
---@param principals string[]
---@return keyshare.Key
function Pool:assign(account_id, principals)
  return self.keys[keyshare.assign_key(self._fields, account_id, principals)]
end

--- Reads every key's policy and quota at once, ahead of the first `assign` (a failure is raised by
--- that assignment, for its target).
---@async
function Pool:load_capacity()
  keyshare.load_key_capacity(self._fields)
end

--- The aliases of `acct` starting with `prefix`, shortest first (`k`, `k-2`, … `k-10`).
---@async
local function _aliases(acct, prefix)
  local found, page = {}, 1
  repeat
    local answer = acct.kms.list_aliases({ page_number = page, page_size = 100 })
    for _, alias in ipairs(answer.aliases or {}) do
      if alias.alias_name:sub(1, #prefix) == prefix then found[#found + 1] = alias.alias_name end
    end
    page = page + 1
  until (page - 1) * 100 >= (answer.total_count or 0)
  table.sort(found, function(a, b)
    if #a ~= #b then return #a < #b end
    return a < b
  end)
  return found
end

--- A pool of keys of `acct`: each ref is a key id, alias or ARN, or an alias pattern ending in `*`
--- (every alias with that prefix, in the order `k`, `k-2`, … `k-10`). Keys named twice count once.
--- The keys are described at once (`kms.each`); the first failure in the order of `refs` is raised,
--- as describing them one after the other would.
---@async
---@param acct keyshare.Account
---@param refs string[]
---@return keyshare.KeyPool
function M.pool(acct, refs)
  local names = {}
  local expanded, failure = pcall(function()
    for _, ref in ipairs(refs) do
      if ref:sub(-1) == "*" then
        local found = _aliases(acct, ref:sub(1, -2))
        if #found == 0 then
          errors.raise("keyshare.NoKey", "keys: no alias of " .. acct.id .. " matches " .. ref
            .. " (create one, e.g. kms.create_alias{ alias_name = \"" .. ref:sub(1, -2) .. "\", key_id = … })")
        end
        table.move(found, 1, #found, #names + 1, names)
      else
        names[#names + 1] = ref
      end
    end
  end)
  -- The names before a failing ref come first in `refs`, so their errors come first too.
  local handles = M.describe_all(acct, names)
  if not expanded then error(failure, 0) end
  local keys, fields, seen = {}, {}, {}
  for _, handle in ipairs(handles) do
    if not seen[handle.id] then
      seen[handle.id] = true
      keys[#keys + 1] = handle
      fields[#fields + 1] = _fields(handle)
    end
  end
  return setmetatable({ keys = keys, _fields = fields }, Pool)
end

--- The handle of a key of `acct` from its DescribeKey metadata.
local function _handle(acct, metadata)
  return setmetatable({
    id = metadata.key_id,
    arn = metadata.arn,
    region = acct.region,
    owner = acct.id,
    instance_id = metadata.dkms_instance_id,
    state = metadata.key_state,
    _account = acct,
  }, Key)
end

--- Describes a key of `acct` and returns its handle.
---@async
---@param acct keyshare.Account
---@param ref string
---@return keyshare.Key
function M.describe(acct, ref)
  return _handle(acct, acct.kms.describe_key({ key_id = ref }).key_metadata)
end

--- Describes keys of `acct` at once (`kms.each`, 100 refs per call) and returns their handles in
--- the order of `refs`; raises the first failure by position, as `M.describe` would raise it.
---@async
---@param acct keyshare.Account
---@param refs string[]
---@return keyshare.Key[]
function M.describe_all(acct, refs)
  local handles = {}
  for first = 1, #refs, 100 do
    local requests = {}
    for i = first, math.min(first + 99, #refs) do requests[#requests + 1] = { key_id = refs[i] } end
    for _, answer in ipairs(acct.kms.each("describe_key", requests)) do
      handles[#handles + 1] = _handle(acct, answer.key_metadata)
    end
  end
  return handles
end

return M
