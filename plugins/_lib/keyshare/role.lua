--- Idempotent RAM roles: a role, its trust policy and one attached custom policy, created or
--- corrected so that a second run writes nothing.
local json = require("json")
local keyshare = require("keyshare")
local errors = require("_lib.keyshare.errors")

local M = {}

-- Canonical forms of document texts already seen. Texts are immutable, so an entry never goes
-- stale; a rollout passes the same documents for every target (bounded all the same).
local _canonical_texts, _cached = {}, 0

--- Canonical JSON text of a document given as a table or as JSON text.
local function _canonical(document)
  if type(document) ~= "string" then return json.encode(document) end
  local text = _canonical_texts[document]
  if text == nil then
    text = json.encode(json.decode(document))
    if _cached >= 256 then _canonical_texts, _cached = {}, 0 end
    _canonical_texts[document] = text
    _cached = _cached + 1
  end
  return text
end

--- The words a role's description carries when keyshare created the role (see `created_by_keyshare`).
M.CREATED_MARK = "created by keyshare"

--- Whether a role description says keyshare created the role: it carries `CREATED_MARK`, or the
--- `(keyshare)` suffix of the descriptions keyshare wrote before the mark existed.
---@param description string?
---@return boolean
function M.created_by_keyshare(description)
  if type(description) ~= "string" then return false end
  return description:find(M.CREATED_MARK, 1, true) ~= nil or description:find("(keyshare)", 1, true) ~= nil
end

--- The role `name` as GetRole answers, or nil when it does not exist.
---@async
local function _read_role(acct, name)
  return errors.try({ "EntityNotExist.Role" }, acct.ram.get_role, { role_name = name })
end

--- The custom policy `name` as GetPolicy answers, or nil when it does not exist.
---@async
local function _read_policy(acct, name)
  return errors.try({ "EntityNotExist.Policy" }, acct.ram.get_policy, { policy_name = name, policy_type = "Custom" })
end

--- Reads the role of `spec` and its policy at once (both round trips overlap: they are the first
--- two calls of every target); raises the first failure as it was raised.
---@async
local function _read_both(acct, spec)
  local outcomes = {}
  keyshare.concurrently(
    function() outcomes[1] = table.pack(pcall(_read_role, acct, spec.name)) end,
    function() outcomes[2] = table.pack(pcall(_read_policy, acct, spec.policy.name)) end)
  for _, outcome in ipairs(outcomes) do
    if not outcome[1] then error(outcome[2], 0) end
  end
  return outcomes[1][2], outcomes[2][2]
end

--- Creates the role of `spec`, or corrects its trust policy, given what GetRole answered (`found`,
--- nil when the role does not exist); returns true when it created it, and the role as RAM describes it.
local function _ensure_trust(acct, spec, changes, found)
  local trust = _canonical(spec.trust)
  if found == nil then
    -- The mark lets `revoke` tell roles keyshare made from roles the account had before.
    local description = spec.description or ""
    if not description:find(M.CREATED_MARK, 1, true) then
      description = description == "" and M.CREATED_MARK or (description .. " (" .. M.CREATED_MARK .. ")")
    end
    local created = acct.ram.create_role({
      role_name = spec.name, assume_role_policy_document = trust, description = description,
    })
    changes[#changes + 1] = "created role " .. spec.name
    return true, created.role
  elseif _canonical(found.role.assume_role_policy_document) ~= trust then
    acct.ram.update_role({ role_name = spec.name, new_assume_role_policy_document = trust })
    changes[#changes + 1] = "updated the trust policy of role " .. spec.name
  end
  return false, found.role
end

--- Creates or corrects custom policy `policy`, given what GetPolicy answered (`found`, nil when the
--- policy does not exist).
local function _ensure_policy(acct, policy, changes, found)
  local document = _canonical(policy.document)
  if found == nil then
    acct.ram.create_policy({
      policy_name = policy.name, policy_document = document, description = policy.description,
    })
    changes[#changes + 1] = "created policy " .. policy.name
  elseif _canonical(found.default_policy_version.policy_document) ~= document then
    acct.ram.create_policy_version({
      policy_name = policy.name, policy_document = document, set_as_default = true,
      rotate_strategy = "DeleteOldestNonDefaultVersionWhenLimitExceeded",
    })
    changes[#changes + 1] = "updated policy " .. policy.name
  end
end

local function _ensure_attached(acct, role_name, policy_name, created, changes)
  -- A role created a moment ago has no policies attached: no need to list them.
  local attached = created and {} or acct.ram.list_policies_for_role({ role_name = role_name }).policies or {}
  for _, policy in ipairs(attached) do
    if policy.policy_name == policy_name and policy.policy_type == "Custom" then return end
  end
  acct.ram.attach_policy_to_role({ policy_type = "Custom", policy_name = policy_name, role_name = role_name })
  changes[#changes + 1] = "attached policy " .. policy_name .. " to role " .. role_name
end

--- Ensures the role described by `spec` exists as described; returns what it changed and the
--- role as RAM describes it (`description` carries `CREATED_MARK` when keyshare created it).
---@async
---@param acct keyshare.Account
---@param spec keyshare.RoleSpec
---@return string[] changes
---@return ram.RoleInfo role
function M.ensure(acct, spec)
  assert(type(spec) == "table" and type(spec.name) == "string", "ensure_role: spec.name (string) is required")
  assert(spec.trust ~= nil, "ensure_role: spec.trust (table or JSON text) is required")
  local changes = {}
  local created, info
  local ok, err = pcall(function()
    local found_role, found_policy
    if spec.policy then
      found_role, found_policy = _read_both(acct, spec)
    else
      found_role = _read_role(acct, spec.name)
    end
    created, info = _ensure_trust(acct, spec, changes, found_role)
    if spec.policy then
      _ensure_policy(acct, spec.policy, changes, found_policy)
      _ensure_attached(acct, spec.name, spec.policy.name, created, changes)
    end
  end)
  if not ok then
    if #changes == 0 then error(err, 0) end
    -- What was made before the failure (the role, its policy) must still be reported.
    local message = tostring(type(err) == "table" and err.message or err)
    error(setmetatable({ code = errors.code(err) or "keyshare.RoleIncomplete",
      message = "role " .. spec.name .. " of account " .. tostring(acct.id) .. " is incomplete: " .. message,
      http_status = type(err) == "table" and err.http_status or nil,
      request_id = type(err) == "table" and err.request_id or nil, changes = changes },
      { __tostring = function(e) return e.code .. ": " .. e.message end }), 0)
  end
  return changes, info
end

--- The first key of `owner` (every key ListKeys shows it) whose key policy names role ARN `arn`
--- (compared case-insensitively, as RAM names are), or nil. Policies it cannot read are skipped.
---@async
---@param owner keyshare.Account
---@param arn string
---@return string? key_id
function M.named_by_key_policy(owner, arn)
  local ids, page = {}, 1
  repeat
    local answer = owner.kms.list_keys({ page_number = page, page_size = 100 })
    for _, key in ipairs(answer.keys or {}) do ids[#ids + 1] = key.key_id end
    page = page + 1
  until (page - 1) * 100 >= (answer.total_count or 0)
  local wanted = arn:lower()
  for _, key_id in ipairs(ids) do
    local policy = errors.try({ "Forbidden.KeyPolicyUnSupported", "Forbidden.NoPermission", "Forbidden.KeyNotFound",
      "Forbidden.ResourceNotFound" }, owner.kms.get_key_policy, { key_id = key_id })
    if policy ~= nil and tostring(policy.policy):lower():find(wanted, 1, true) then return key_id end
  end
  return nil
end

--- The role `name` of `acct` as RAM describes it, or nil when it does not exist.
---@async
---@param acct keyshare.Account
---@param name string
---@return ram.RoleInfo?
function M.get(acct, name)
  local found = _read_role(acct, name)
  return found and found.role
end

--- Detaches every policy from role `name` and deletes it; a missing role is no change.
---@async
---@param acct keyshare.Account
---@param name string
---@return string[] changes
function M.remove(acct, name)
  local found = errors.try({ "EntityNotExist.Role" }, acct.ram.list_policies_for_role, { role_name = name })
  if found == nil then return {} end
  local changes, detached = {}, {}
  local ok, err = pcall(function()
    for _, policy in ipairs(found.policies or {}) do
      acct.ram.detach_policy_from_role({
        policy_type = policy.policy_type, policy_name = policy.policy_name, role_name = name,
      })
      detached[#detached + 1] = "detached policy " .. policy.policy_name .. " from role " .. name
    end
    acct.ram.delete_role({ role_name = name })
  end)
  if not ok then
    -- Policies detached before the failure are changes the target must still report.
    if #detached == 0 then error(err, 0) end
    local code = errors.code(err) or "keyshare.RoleNotDeleted"
    local message = "deleting role " .. name .. " of account " .. tostring(acct.id) .. " failed after "
      .. #detached .. " of its policies were detached: " .. tostring(type(err) == "table" and err.message or err)
    error(setmetatable({ code = code, message = message, changes = detached },
      { __tostring = function(e) return e.code .. ": " .. e.message end }), 0)
  end
  changes[#changes + 1] = "deleted role " .. name
  return changes
end

return M
