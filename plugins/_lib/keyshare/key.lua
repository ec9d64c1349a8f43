--- Key handles: a key of the owner account, with the grant and revoke operations that edit the
--- keyshare-owned statement of its key policy through keyshare's single writer.
local json = require("json")
local keyshare = require("keyshare")

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

--- Describes a key of `acct` and returns its handle.
---@async
---@param acct keyshare.Account
---@param ref string
---@return keyshare.Key
function M.describe(acct, ref)
  local metadata = acct.kms.describe_key({ key_id = ref }).key_metadata
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

return M
