--- ecs-key-sharing: the seed procedure "cross-account key sharing in ECS", as actions.
---
--- In each sharee (target) account: AliyunECSDiskEncryptDefaultRole with the seed's policy, trusted
--- by ecs.aliyuncs.com, and — when asked for — AliyunECSShareEncryptImageDefaultRole /
--- AliyunECSShareEncryptSnapshotDefaultRole with the key-scoped policy, trusted by
--- `<UID>@ecs.aliyuncs.com` for each account the target will share images/snapshots TO
--- (`reshare_to`). On the owner: the key-policy grant (quota and size prechecked, one batched write
--- for many targets). Then verification by an encrypted CreateDisk (see verification.lua), once per
--- target and key unless the grant changes or `reverify` asks again.
---
--- Capacity first: every action that grants (share, prepare, reshare_image, reshare_snapshot)
--- reserves room on the key for the target's roles before its first write, so a target the key's
--- quota or size cannot take fails with that refusal and no role is left behind in its account.
local json = require("json")
local keyshare = require("keyshare")
local errors = require("_lib.keyshare.errors")
local role = require("_lib.keyshare.role")
local verification = require("ecs-key-sharing.verification")
local reshare = require("ecs-key-sharing.reshare")

local M = {
  name = "ecs-key-sharing",
  version = "1.1.0",
  description = "Share a KMS 3.0 key with other accounts for ECS disk, snapshot and image encryption",
  categories = { "mutating" },
}

M.DISK_ROLE = "AliyunECSDiskEncryptDefaultRole"
M.IMAGE_ROLE = "AliyunECSShareEncryptImageDefaultRole"
M.SNAPSHOT_ROLE = "AliyunECSShareEncryptSnapshotDefaultRole"
M.VERIFY_TAG = verification.TAG

M.params = {
  verify = { type = "boolean", default = true,
    doc = "create an encrypted disk with the key in each target (once per target and key), wait for it, "
      .. "then delete it" },
  reverify = { type = "boolean", default = false,
    doc = "verify again targets whose grant did not change and that were verified before" },
  share_images = { type = "boolean", default = false,
    doc = "also create AliyunECSShareEncryptImageDefaultRole so targets can re-share encrypted images to reshare_to" },
  share_snapshots = { type = "boolean", default = false,
    doc = "also create AliyunECSShareEncryptSnapshotDefaultRole so targets can re-share encrypted snapshots "
      .. "to reshare_to" },
  reshare_to = { type = "list", default = {},
    doc = "account UIDs the targets may re-share encrypted images/snapshots to (the share roles trust them); "
      .. "needed with share_images, share_snapshots and reshare_snapshot" },
  zone = { type = "string", default = "",
    doc = "zone of verification disks; empty: the first zone DescribeZones lists for the region" },
  disk_category = { type = "string", default = "cloud_essd", doc = "category of the verification disk" },
  verify_timeout = { type = "integer", default = 600, min = 1,
    doc = "seconds (at least 1) to wait for the verification disk to become Available" },
  keep_roles = { type = "boolean", default = true,
    doc = "revoke: keep the sharee roles (only the grant goes); false deletes the roles keyshare created "
      .. "that no key policy names" },
  image_id = { type = "string", default = "",
    doc = "reshare_image: the owner's encrypted image to share; empty: make one from a new encrypted disk" },
  snapshot_name = { type = "string", default = "keyshare-shared-snapshot",
    doc = "reshare_snapshot: the name of the target's encrypted snapshot to share (made when missing)" },
}

--- Refuses params no run can succeed with (raised at setup, the run exits 2 before any target).
---@param params table
---@param opts { reshare: boolean? }?
function M.check_params(params, opts)
  local timeout = params.verify_timeout
  if math.type(timeout) ~= "integer" or timeout < 1 then
    errors.raise("keyshare.BadParam", "verify_timeout must be a whole number of seconds, at least 1, got "
      .. tostring(timeout) .. " (e.g. --param verify_timeout=600)")
  end
  local recipients = params.reshare_to or {}
  for _, uid in ipairs(recipients) do
    if type(uid) ~= "string" or not uid:match("^%d+$") then
      errors.raise("keyshare.BadParam", "reshare_to: '" .. tostring(uid) .. "' is not an account UID "
        .. "(e.g. --param reshare_to=1111111111111111,2222222222222222)")
    end
  end
  local wanted = {}
  if params.share_images then wanted[#wanted + 1] = "share_images" end
  if params.share_snapshots then wanted[#wanted + 1] = "share_snapshots" end
  if opts and opts.reshare then wanted[#wanted + 1] = "reshare_snapshot" end
  if #wanted > 0 and #recipients == 0 then
    errors.raise("keyshare.BadParam", table.concat(wanted, " and ") .. (#wanted == 1 and " needs" or " need")
      .. " reshare_to: the share roles trust "
      .. "the accounts the targets share TO (<UID>@ecs.aliyuncs.com); name them, e.g. "
      .. "--param reshare_to=1111111111111111,2222222222222222")
  end
end

--- The seed's policy for AliyunECSDiskEncryptDefaultRole.
function M.disk_role_policy()
  return {
    Version = "1",
    Statement = {
      { Effect = "Allow",
        Action = { "kms:List*", "kms:DescribeKey", "kms:TagResource", "kms:UntagResource" },
        Resource = { "acs:kms:*:*:*", "acs:kms:*:*:*/*" } },
      { Effect = "Allow",
        Action = { "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey" },
        Resource = { "acs:kms:*:*:*/*" } },
    },
  }
end

--- The seed's key-scoped policy for the image and snapshot share roles.
---@param key keyshare.Key
function M.share_role_policy(key)
  local prefix = "acs:kms:" .. key.region .. ":" .. key.owner .. ":key"
  return {
    Version = "1",
    Statement = {
      { Effect = "Allow", Action = "kms:List*", Resource = prefix },
      { Effect = "Allow",
        Action = { "kms:DescribeKey", "kms:TagResource", "kms:UntagResource", "kms:Encrypt", "kms:Decrypt",
          "kms:GenerateDataKey" },
        Resource = prefix .. "/" .. key.id },
    },
  }
end

--- The trust policy of a share role: ECS acting for each recipient (`<UID>@ecs.aliyuncs.com`),
--- the account the image or snapshot is shared TO (seed step 5), in a stable order.
---@param recipients string[]
function M.share_role_trust(recipients)
  local services, seen = {}, {}
  for _, uid in ipairs(recipients) do
    if not seen[uid] then
      seen[uid] = true
      services[#services + 1] = uid .. "@ecs.aliyuncs.com"
    end
  end
  table.sort(services)
  return {
    Version = "1",
    Statement = { { Action = "sts:AssumeRole", Effect = "Allow", Principal = { Service = services } } },
  }
end

-- The spec of AliyunECSDiskEncryptDefaultRole (any account creating encrypted disks needs it);
-- the same for every account, so built once, with its documents as JSON text (encoded once).
local DISK_ROLE_SPEC = {
  name = M.DISK_ROLE,
  trust = json.encode({ Version = "1",
    Statement = { { Action = "sts:AssumeRole", Effect = "Allow",
      Principal = { Service = { "ecs.aliyuncs.com" } } } } }),
  description = "ECS uses this role to encrypt disks with KMS keys (" .. role.CREATED_MARK .. ")",
  policy = { name = "AliyunECSDiskEncryptCustomizedPolicy", document = json.encode(M.disk_role_policy()) },
}

local SHARE_POLICIES = {
  [M.IMAGE_ROLE] = "AliyunECSShareEncryptImageCustomizedPolicy",
  [M.SNAPSHOT_ROLE] = "AliyunECSShareEncryptSnapshotCustomizedPolicy",
}

--- The spec of share role `name` trusted by ECS acting for `recipients`, scoped to `key`.
local function _share_role_spec(name, recipients, key)
  return {
    name = name, trust = M.share_role_trust(recipients),
    description = "ECS uses this role to share encrypted resources (" .. role.CREATED_MARK .. ")",
    policy = { name = SHARE_POLICIES[name], document = M.share_role_policy(key) },
  }
end

--- The names of the roles a target needs, given the params.
local function _role_names(params)
  local names = { M.DISK_ROLE }
  if params.share_images then names[#names + 1] = M.IMAGE_ROLE end
  if params.share_snapshots then names[#names + 1] = M.SNAPSHOT_ROLE end
  return names
end

--- The ARNs of the roles `names` in the target account.
local function _role_arns(ctx, names)
  local arns = {}
  for _, name in ipairs(names) do arns[#arns + 1] = ctx.account:role_arn(name) end
  return arns
end

--- The role specs a target needs, given the params.
local function _role_specs(ctx, params)
  local specs = {}
  for _, name in ipairs(_role_names(params)) do
    specs[#specs + 1] = name == M.DISK_ROLE and DISK_ROLE_SPEC or _share_role_spec(name, params.reshare_to, ctx.key)
  end
  return specs
end

--- Records each change of `list` with `ctx.change` (when the runtime gives one), so a step that
--- fails later still reports it; returns `list`. Only the function that made a change records it.
local function _record(ctx, list)
  if ctx.change then
    for _, item in ipairs(list or {}) do ctx.change(item) end
  end
  return list or {}
end

--- Appends `from` to `into`; returns `into`.
local function _append(into, from)
  for _, item in ipairs(from or {}) do into[#into + 1] = item end
  return into
end

--- Makes sure `ctx.key` is set: the playbook's key, or the key of the pool (`keys = {…}`) this
--- target uses — the one already naming its roles, else the first with room for them.
---@async
local function _require_key(ctx, action, params)
  if ctx.key == nil and ctx.keys ~= nil and params ~= nil then
    ctx.key = ctx.keys:assign(ctx.account.id, _role_arns(ctx, _role_names(params)))
  end
  if ctx.key == nil then
    local pool = ctx.keys and " (a pool of `keys` serves per-target actions: share, prepare, grant, verify)" or ""
    errors.raise("keyshare.NoKey", action .. " needs one key: set `key = \"alias/…\"` in the playbook" .. pool)
  end
end

--- Setup of the per-target actions: checks the params once, before any target runs.
local function _setup(_, params)
  M.check_params(params)
  return {}
end

--- Holds room on the key for the target's roles before anything is written (the capacity check),
--- so a target the key cannot take fails here with the grant's refusal and has changed nothing (a
--- 1,200-account run once left 702 roles behind for targets then refused on policy size). With a
--- pool, assigning the key is the reservation. Returns the role ARNs held.
---@async
local function _reserve(ctx, action, params)
  local arns = _role_arns(ctx, _role_names(params))
  if ctx.key == nil and ctx.keys ~= nil then
    ctx.key = ctx.keys:assign(ctx.account.id, arns)
    return arns
  end
  _require_key(ctx, action, params)
  ctx.key:reserve_key_use(arns)
  return arns
end

--- Runs `work()`; when it fails, gives back the room held for `arns` (any granted meanwhile were
--- consumed already) and raises the same error, changes and all.
---@async
local function _holding(ctx, arns, work)
  local ok, result = pcall(work)
  if not ok then
    ctx.key:release_key_use(arns)
    error(result, 0)
  end
  return result
end

--- Creates or corrects the sharee roles in the target account, after reserving room for them on
--- the key. `prepare` reserves even with no grant in the same step: it prepares FOR a grant, and the
--- room stays held for that grant (in a later step of the run) so a prepare admits exactly the
--- targets the key can still take — it never makes roles a grant would then strand.
---@async
function M.prepare(ctx, params)
  M.check_params(params)
  local arns = _reserve(ctx, "ecs-key-sharing.prepare", params)
  return _holding(ctx, arns, function()
    local changes = {}
    for _, spec in ipairs(_role_specs(ctx, params)) do
      _append(changes, _record(ctx, ctx.account:ensure_role(spec)))
    end
    return changes
  end)
end

--- Adds the target's roles to the key policy on the owner side (consuming the room `prepare`
--- reserved; a failed grant gives it back).
---@async
function M.grant(ctx, params)
  _require_key(ctx, "ecs-key-sharing.grant", params)
  local arns = _role_arns(ctx, _role_names(params))
  local ok, result = pcall(ctx.key.grant_key_use, ctx.key, arns)
  if not ok then
    if errors.is(result, "InvalidParameter") then
      errors.raise("InvalidParameter", "the key policy refused " .. table.concat(arns, ", ")
        .. " (" .. tostring(result.message) .. "): the sharee roles probably do not exist yet; run "
        .. "ecs-key-sharing.prepare (or share) for this target first")
    end
    error(result, 0)
  end
  local changes = {}
  for _, arn in ipairs(result) do changes[#changes + 1] = "granted key use to " .. arn end
  return _record(ctx, changes)
end

--- Waits until `probe()` returns a truthy value (see verification.wait_for).
M.wait_for = verification.wait_for

--- Deletes leftover verification disks, then creates an encrypted disk with the key in the target,
--- waits for Available and deletes it, and remembers that the target was verified with the key.
---@async
function M.verify(ctx, params, found)
  M.check_params(params)
  _require_key(ctx, "ecs-key-sharing.verify", params)
  found = found or {}
  local changes = _record(ctx, verification.cleanup(ctx, params, found.leftovers))
  ctx.log(verification.run(ctx, params, ctx.key, found.zone))
  local role_info = ctx.account:known_role(M.DISK_ROLE)
  local remembered = role_info and verification.remember(ctx.account, role_info.description, ctx.key.id)
  -- The mark is written to the target's role: a change like any other, so a report never hides it.
  if remembered then _append(changes, _record(ctx, { remembered })) end
  return changes
end

--- prepare, grant and verify (unless `verify=false`): the whole seed for one target; room on the
--- key is reserved before the first role is made (see `M.prepare`). A target whose
--- roles and grant did not change and that was verified with the key before is not verified again
--- unless `reverify=true`; leftover verification disks are deleted either way.
---@async
function M.share(ctx, params)
  local changes = M.prepare(ctx, params)
  if not params.verify then return _append(changes, M.grant(ctx, params)) end
  -- The verification's reads depend neither on the grant nor on each other: they go at once, while
  -- the grant waits for its batch's policy write. The zone is looked up only when a verification is
  -- sure to follow.
  local role_info = ctx.account:known_role(M.DISK_ROLE)
  local verified = role_info and verification.is_verified(role_info.description, ctx.key.id)
  local sure = #changes > 0 or not verified or params.reverify
  local granted, found = nil, {}
  keyshare.concurrently(
    function() granted = M.grant(ctx, params) end,
    function() found.leftovers = verification.leftovers(ctx) end,
    function()
      if sure then found.zone = verification.zone(ctx.account, params) end
    end)
  _append(changes, granted)
  if #changes == 0 and verified and not params.reverify then
    _append(changes, _record(ctx, verification.cleanup(ctx, params, found.leftovers)))
    ctx.log("not verified again: verified with " .. ctx.key.id .. " before and the grant did not change "
      .. "(--param reverify=true verifies again)")
    return changes
  end
  return _append(changes, M.verify(ctx, params, found))
end

--- Why role `name` of the target must stay, or nil when keyshare may delete it: it must be one
--- keyshare created and no key policy of the owner (every key it can list) may still name it.
---@async
local function _keep_reason(ctx, name, info)
  if not role.created_by_keyshare(info.description) then return "not created by keyshare" end
  local owner = ctx.owner or (ctx.key and ctx.key._account)
  if owner == nil then return "cannot list the owner's keys to check their policies" end
  local key_id = role.named_by_key_policy(owner, ctx.account:role_arn(name))
  return key_id and ("named by key policy of " .. key_id) or nil
end

--- Removes the target's roles from the key policy — from every key of a pool — and, with
--- `keep_roles=false`, deletes the roles keyshare created that no key policy still names (the
--- target's messages say why any role stays).
---@async
function M.revoke(ctx, params)
  local keys = ctx.keys and ctx.keys.keys or { ctx.key }
  if #keys == 0 then _require_key(ctx, "ecs-key-sharing.revoke") end
  local names = { M.DISK_ROLE, M.IMAGE_ROLE, M.SNAPSHOT_ROLE }
  local arns = _role_arns(ctx, names)
  local changes = {}
  for _, key in ipairs(keys) do
    local revoked = {}
    for _, arn in ipairs(key:revoke_key_use(arns)) do
      revoked[#revoked + 1] = "revoked use of " .. key.id .. " by " .. arn
    end
    _append(changes, _record(ctx, revoked))
  end
  if not params.keep_roles then
    for _, name in ipairs(names) do
      local info = ctx.account:get_role(name)
      if info ~= nil then
        local reason = _keep_reason(ctx, name, info)
        if reason then
          ctx.log("kept role " .. name .. ": " .. reason)
        else
          _append(changes, _record(ctx, ctx.account:remove_role(name)))
        end
      end
    end
  end
  return changes
end

--- Copies an image into `acct`, encrypted with `key` (idempotent ClientToken); returns the copy's id.
M.copy_image = reshare.copy_image
--- Copies a snapshot of `acct`, encrypted with `key` (idempotent ClientToken); returns the copy's id.
M.copy_snapshot = reshare.copy_snapshot

--- Once, on the owner: the image share role trusted by ECS acting for every target, then the
--- encrypted image to re-share (found or made).
---@async
function M.prepare_image(ctx, params)
  M.check_params(params)
  _require_key(ctx, "ecs-key-sharing.reshare_image")
  return reshare.prepare_image(ctx, params, DISK_ROLE_SPEC, function(recipients)
    return _share_role_spec(M.IMAGE_ROLE, recipients, ctx.key)
  end)
end

--- Per target: roles (the disk role; the share roles too when asked), grant, share the owner's
--- encrypted image with the target, and copy it into the target encrypted with the shared key —
--- once, even while an earlier copy is still Creating.
---@async
function M.reshare_image(ctx, params)
  local image_id = ctx.shared.image_id or params.image_id
  local changes = M.prepare(ctx, params)
  _append(changes, M.grant(ctx, params))
  -- reshare.image records its changes with ctx.change as it makes them.
  return _append(changes, reshare.image(ctx, image_id))
end

--- Setup of reshare_snapshot: reshare_to is required.
local function _setup_snapshot(_, params)
  M.check_params(params, { reshare = true })
  return {}
end

--- Per target: the disk and snapshot share roles (trusting `reshare_to`), the grant, then the
--- target's encrypted snapshot shared onward with `reshare_to` through Resource Sharing.
---@async
function M.reshare_snapshot(ctx, params)
  M.check_params(params, { reshare = true })
  local with_roles = setmetatable({ share_snapshots = true }, { __index = params })
  local changes = M.prepare(ctx, with_roles)
  _append(changes, M.grant(ctx, with_roles))
  -- reshare.snapshot records its changes with ctx.change as it makes them.
  return _append(changes, reshare.snapshot(ctx, params))
end

M.provides = {
  action = {
    share = { run = M.share, setup = _setup,
      doc = "prepare + grant + verify (once per target and key): the whole seed for each target" },
    prepare = { run = M.prepare, setup = _setup, doc = "create or correct the sharee roles in each target" },
    grant = { run = M.grant, setup = _setup, doc = "add each target's roles to the key policy (prechecked, batched)" },
    verify = { run = M.verify, setup = _setup, doc = "create, wait for and delete an encrypted disk in each target" },
    revoke = { run = M.revoke, setup = _setup,
      doc = "remove each target's roles from the key policy (and, keep_roles=false, the roles keyshare made)" },
    reshare_image = { run = M.reshare_image, setup = M.prepare_image,
      doc = "share the owner's encrypted image with each target and copy it there encrypted with the key" },
    reshare_snapshot = { run = M.reshare_snapshot, setup = _setup_snapshot,
      doc = "share each target's encrypted snapshot onward with reshare_to (Resource Sharing)" },
  },
}

return M
