--- ecs-key-sharing: the seed procedure "cross-account key sharing in ECS", as actions.
---
--- In each sharee (target) account: AliyunECSDiskEncryptDefaultRole with the seed's policy, trusted
--- by ecs.aliyuncs.com, and — when asked for — AliyunECSShareEncryptImageDefaultRole /
--- AliyunECSShareEncryptSnapshotDefaultRole with the key-scoped policy and `<UID>@ecs.aliyuncs.com`
--- trust. On the owner: the key-policy grant (quota and size prechecked, one batched write for many
--- targets). Then verification by an encrypted CreateDisk, waited for and deleted, tagged
--- `keyshare:verify` so leftovers can be found.
local json = require("json")
local keyshare = require("keyshare")
local errors = require("_lib.keyshare.errors")

local M = {
  name = "ecs-key-sharing",
  version = "1.0.0",
  description = "Share a KMS 3.0 key with other accounts for ECS disk, snapshot and image encryption",
  categories = { "mutating" },
}

M.DISK_ROLE = "AliyunECSDiskEncryptDefaultRole"
M.IMAGE_ROLE = "AliyunECSShareEncryptImageDefaultRole"
M.SNAPSHOT_ROLE = "AliyunECSShareEncryptSnapshotDefaultRole"
M.VERIFY_TAG = "keyshare:verify"

M.params = {
  verify = { type = "boolean", default = true,
    doc = "create an encrypted disk with the key in each target, wait for it, then delete it" },
  share_images = { type = "boolean", default = false,
    doc = "also create AliyunECSShareEncryptImageDefaultRole so targets can re-share encrypted images" },
  share_snapshots = { type = "boolean", default = false,
    doc = "also create AliyunECSShareEncryptSnapshotDefaultRole so targets can re-share encrypted snapshots" },
  zone = { type = "string", default = "",
    doc = "zone of the verification disk; empty: '<region>-h'" },
  disk_category = { type = "string", default = "cloud_essd", doc = "category of the verification disk" },
  verify_timeout = { type = "integer", default = 600,
    doc = "seconds to wait for the verification disk to become Available" },
  keep_roles = { type = "boolean", default = true, doc = "revoke: keep the sharee roles (only the grant goes)" },
  image_id = { type = "string", default = "",
    doc = "reshare_image: the owner's encrypted image to share; empty: make one from a new encrypted disk" },
}

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

--- A trust policy for an ECS service principal (`ecs.aliyuncs.com` or `<UID>@ecs.aliyuncs.com`).
local function _ecs_trust(service)
  return {
    Version = "1",
    Statement = { { Action = "sts:AssumeRole", Effect = "Allow", Principal = { Service = { service } } } },
  }
end

-- The spec of AliyunECSDiskEncryptDefaultRole (any account creating encrypted disks needs it);
-- the same for every account, so built once, with its documents as JSON text (encoded once).
local DISK_ROLE_SPEC = {
  name = M.DISK_ROLE, trust = json.encode(_ecs_trust("ecs.aliyuncs.com")),
  description = "ECS uses this role to encrypt disks with KMS keys (keyshare)",
  policy = { name = "AliyunECSDiskEncryptCustomizedPolicy", document = json.encode(M.disk_role_policy()) },
}

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
  local policies = {
    [M.IMAGE_ROLE] = "AliyunECSShareEncryptImageCustomizedPolicy",
    [M.SNAPSHOT_ROLE] = "AliyunECSShareEncryptSnapshotCustomizedPolicy",
  }
  local specs = {}
  for _, name in ipairs(_role_names(params)) do
    if name == M.DISK_ROLE then
      specs[#specs + 1] = DISK_ROLE_SPEC
    else
      specs[#specs + 1] = {
        name = name, trust = _ecs_trust(ctx.account.id .. "@ecs.aliyuncs.com"),
        description = "ECS uses this role to share encrypted resources (keyshare)",
        policy = { name = policies[name], document = M.share_role_policy(ctx.key) },
      }
    end
  end
  return specs
end

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

--- Creates or corrects the sharee roles in the target account.
---@async
function M.prepare(ctx, params)
  _require_key(ctx, "ecs-key-sharing.prepare", params)
  local changes = {}
  for _, spec in ipairs(_role_specs(ctx, params)) do
    _append(changes, ctx.account:ensure_role(spec))
  end
  return changes
end

--- Adds the target's roles to the key policy on the owner side.
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
  return changes
end

--- Waits until `probe()` returns a truthy value, sleeping 0.5 s, 1 s, 2 s … (at most 5 s) before
--- each attempt; raises on timeout. On the embedded simulator a sleep moves its clock instead of waiting.
---@async
function M.wait_for(what, timeout, probe)
  -- Nothing ECS makes is ready at once: pause before the first probe too.
  local waited, pause = 0, 0.5
  while true do
    keyshare.sleep(pause)
    waited = waited + pause
    local value = probe()
    if value then return value end
    if waited >= timeout then
      errors.raise("keyshare.Timeout", what .. " did not finish within " .. timeout .. " s")
    end
    pause = math.min(pause * 2, 5)
  end
end

--- Creates an encrypted disk with the key in the target, waits for Available, deletes it.
---@async
function M.verify(ctx, params)
  _require_key(ctx, "ecs-key-sharing.verify", params)
  local region = ctx.account.region
  local zone = params.zone ~= "" and params.zone or region .. "-h"
  local created = ctx.account.ecs.create_disk({
    region_id = region, zone_id = zone, disk_category = params.disk_category, size = 20,
    encrypted = true, kms_key_id = ctx.key.id, disk_name = "keyshare-verify",
    description = "keyshare verification disk; safe to delete",
    tag = { { key = M.VERIFY_TAG, value = ctx.run_id } },
  })
  local disk_id = created.disk_id
  local ok, err = pcall(M.wait_for, "verification disk " .. disk_id, params.verify_timeout, function()
    local disks = ctx.account.ecs.describe_disks({ region_id = region, disk_ids = json.encode({ disk_id }) }).disks
    return disks[1] ~= nil and disks[1].status == "Available"
  end)
  ctx.account.ecs.delete_disk({ disk_id = disk_id })
  if not ok then error(err, 0) end
  return { "verified: encrypted disk " .. disk_id .. " created with " .. ctx.key.id .. " and deleted" }
end

--- prepare, grant and (unless `verify=false`) verify: the whole seed for one target.
---@async
function M.share(ctx, params)
  local changes = M.prepare(ctx, params)
  _append(changes, M.grant(ctx, params))
  if params.verify then
    local verified = M.verify(ctx, params)
    ctx.log(verified[1])
  end
  return changes
end

--- Removes the target's roles from the key policy — from every key of a pool — (and the roles,
--- unless `keep_roles`).
---@async
function M.revoke(ctx, params)
  local keys = ctx.keys and ctx.keys.keys or { ctx.key }
  if #keys == 0 then _require_key(ctx, "ecs-key-sharing.revoke") end
  local names = { M.DISK_ROLE, M.IMAGE_ROLE, M.SNAPSHOT_ROLE }
  local arns = _role_arns(ctx, names)
  local changes = {}
  for _, key in ipairs(keys) do
    for _, arn in ipairs(key:revoke_key_use(arns)) do
      changes[#changes + 1] = "revoked use of " .. key.id .. " by " .. arn
    end
  end
  if not params.keep_roles then
    for _, name in ipairs(names) do _append(changes, ctx.account:remove_role(name)) end
  end
  return changes
end

--- Copies an image into `acct`, encrypted with `key`; returns the copy's id.
---@async
function M.copy_image(acct, key, image_id, opts)
  opts = opts or {}
  return acct.ecs.copy_image({
    region_id = acct.region, image_id = image_id, encrypted = true, kms_key_id = key.id,
    destination_image_name = opts.name or ("keyshare-copy-" .. image_id),
    tag = { { key = "keyshare:copy-of", value = image_id } },
  }).image_id
end

--- Copies a snapshot of `acct` within its region, encrypted with `key`; returns the copy's id.
---@async
function M.copy_snapshot(acct, key, snapshot_id, opts)
  opts = opts or {}
  return acct.ecs.copy_snapshot({
    region_id = acct.region, snapshot_id = snapshot_id, destination_region_id = acct.region,
    encrypted = true, kms_key_id = key.id,
    destination_snapshot_name = opts.name or ("keyshare-copy-" .. snapshot_id),
  }).snapshot_id
end

--- Once, on the owner: the image share role trusted by ECS acting for every target
--- (`<UID>@ecs.aliyuncs.com`), then the encrypted image to re-share (found or made).
---@async
function M.prepare_image(ctx, params)
  _require_key(ctx, "ecs-key-sharing.reshare_image")
  local owner, region = ctx.owner, ctx.owner.region
  local services = {}
  for _, target in ipairs(ctx.targets or {}) do services[#services + 1] = target.id .. "@ecs.aliyuncs.com" end
  owner:ensure_role(DISK_ROLE_SPEC)
  if #services > 0 then
    owner:ensure_role({
      name = M.IMAGE_ROLE, description = "ECS uses this role to share encrypted images (keyshare)",
      trust = { Version = "1",
        Statement = { { Action = "sts:AssumeRole", Effect = "Allow", Principal = { Service = services } } } },
      policy = { name = "AliyunECSShareEncryptImageCustomizedPolicy", document = M.share_role_policy(ctx.key) },
    })
  end
  if params.image_id ~= "" then return { image_id = params.image_id } end
  local own = owner.ecs.describe_images({ region_id = region, image_owner_alias = "self", page_size = 100 }).images
  for _, image in ipairs(own or {}) do
    if image.image_name == "keyshare-encrypted-image" then return { image_id = image.image_id } end
  end
  local disk = owner.ecs.create_disk({
    region_id = region, zone_id = params.zone ~= "" and params.zone or region .. "-h",
    disk_category = params.disk_category, size = 20, encrypted = true, kms_key_id = ctx.key.id,
    disk_name = "keyshare-image-source",
  }).disk_id
  M.wait_for("disk " .. disk, params.verify_timeout, function()
    local found = owner.ecs.describe_disks({ region_id = region, disk_ids = json.encode({ disk }) }).disks
    return found[1] ~= nil and found[1].status == "Available"
  end)
  local snapshot = owner.ecs.create_snapshot({ disk_id = disk, snapshot_name = "keyshare-image-source" }).snapshot_id
  M.wait_for("snapshot " .. snapshot, params.verify_timeout, function()
    local found = owner.ecs.describe_snapshots({ region_id = region, snapshot_ids = json.encode({ snapshot }) })
    return found.snapshots[1] ~= nil and found.snapshots[1].status == "accomplished"
  end)
  local image = owner.ecs.create_image({ region_id = region, snapshot_id = snapshot,
    image_name = "keyshare-encrypted-image" }).image_id
  M.wait_for("image " .. image, params.verify_timeout, function()
    local found = owner.ecs.describe_images({ region_id = region, image_id = image }).images
    return found[1] ~= nil and found[1].status == "Available"
  end)
  return { image_id = image }
end

--- Per target: share roles, grant, share the owner's encrypted image with the target, and copy it
--- into the target encrypted with the shared key.
---@async
function M.reshare_image(ctx, params)
  local image_id = ctx.shared.image_id or params.image_id
  local with_roles = setmetatable({ share_images = true }, { __index = params })
  local changes = M.prepare(ctx, with_roles)
  _append(changes, M.grant(ctx, with_roles))
  local owner, region = ctx.owner, ctx.owner.region
  local already, page = false, 1
  repeat
    local answer = owner.ecs.describe_image_share_permission({
      region_id = region, image_id = image_id, page_number = page, page_size = 100,
    })
    for _, account in ipairs(answer.accounts or {}) do
      if account.aliyun_id == ctx.account.id then already = true end
    end
    page = page + 1
  until already or (page - 1) * 100 >= (answer.total_count or 0)
  if not already then
    owner.ecs.modify_image_share_permission({
      region_id = region, image_id = image_id, add_account = { ctx.account.id },
    })
    changes[#changes + 1] = "shared image " .. image_id .. " with " .. ctx.account.id
  end
  local name = "keyshare-copy-" .. image_id
  local own = ctx.account.ecs.describe_images({
    region_id = region, image_owner_alias = "self", page_size = 100,
  }).images
  for _, image in ipairs(own or {}) do
    if image.image_name == name then return changes end
  end
  local copy = M.copy_image(ctx.account, ctx.key, image_id, { name = name })
  changes[#changes + 1] = "copied image " .. image_id .. " as " .. copy .. ", encrypted with " .. ctx.key.id
  return changes
end

M.provides = {
  action = {
    share = { run = M.share, doc = "prepare + grant + verify: the whole seed for each target" },
    prepare = { run = M.prepare, doc = "create or correct the sharee roles in each target" },
    grant = { run = M.grant, doc = "add each target's roles to the key policy (prechecked, batched)" },
    verify = { run = M.verify, doc = "create, wait for and delete an encrypted disk in each target" },
    revoke = { run = M.revoke, doc = "remove each target's roles from the key policy (and the roles)" },
    reshare_image = { run = M.reshare_image, setup = M.prepare_image,
      doc = "add the share roles, share the owner's encrypted image, copy it encrypted with the key" },
  },
}

return M
