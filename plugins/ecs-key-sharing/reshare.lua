--- Re-sharing with the shared key: the owner's encrypted image shared with and copied into each
--- target (`reshare_image`), and each target's encrypted snapshot shared onward through Resource
--- Sharing (`reshare_snapshot`). Copies and new resources carry ClientTokens derived from
--- run-independent inputs, so a re-run (even while a copy is still Creating) never makes a second one.
local verification = require("ecs-key-sharing.verification")

local M = {}

--- A recorder for `ctx`: appends each change to `list` and records it at once with `ctx.change`
--- (when the runtime gives one), so a step failing later still reports it.
local function _recorder(ctx, list)
  return function(text)
    list[#list + 1] = text
    if ctx.change then ctx.change(text) end
  end
end

M.COPY_OF_TAG = "keyshare:copy-of"
M.IMAGE_NAME = "keyshare-encrypted-image"

--- FNV-1a (64 bit) of `text` as 16 hex digits; Lua integers wrap, which is what FNV needs.
local function _fnv(text)
  local hash = -3750763034362895579 -- 0xcbf29ce484222325
  for index = 1, #text do
    hash = (hash ~ text:byte(index)) * 1099511628211
  end
  return string.format("%016x", hash)
end

--- A ClientToken (35 ASCII characters, ECS allows 64) that depends only on `parts`: the same
--- target, source and key give the same token in every run.
---@param ... string
---@return string
function M.client_token(...)
  local text = table.concat({ ... }, "\n")
  return "ks-" .. _fnv(text) .. _fnv(text:reverse())
end

--- Every image of `acct` in its region (own images, any status), following pages.
---@async
local function _own_images(acct)
  local images, page = {}, 1
  repeat
    local answer = acct.ecs.describe_images({
      region_id = acct.region, image_owner_alias = "self",
      status = "Creating,Waiting,Available,UnAvailable,CreateFailed",
      page_number = page, page_size = 100,
    })
    for _, image in ipairs(answer.images or {}) do images[#images + 1] = image end
    page = page + 1
  until (page - 1) * 100 >= (answer.total_count or 0)
  return images
end

--- Whether `image` is a copy of `source_id` (by the tag keyshare puts on copies, or by name).
local function _is_copy_of(image, source_id, name)
  if image.image_name == name then return true end
  for _, tag in ipairs(image.tags or {}) do
    if tag.tag_key == M.COPY_OF_TAG and tag.tag_value == source_id then return true end
  end
  return false
end

--- Copies an image into `acct`, encrypted with `key`, with a ClientToken derived from the account,
--- the image and the key; returns the copy's id.
---@async
function M.copy_image(acct, key, image_id, opts)
  opts = opts or {}
  local request = {
    region_id = acct.region, image_id = image_id, encrypted = true, kms_key_id = key.id,
    destination_image_name = opts.name or ("keyshare-copy-" .. image_id),
    tag = { { key = M.COPY_OF_TAG, value = image_id } },
    client_token = M.client_token("CopyImage", acct.id, image_id, key.id),
  }
  local copy = acct.ecs.copy_image(request).image_id
  -- A token replays the copy it made first, even one deleted since: then copy once more, under a
  -- token derived from the vanished copy (still the same in every later run).
  local found = acct.ecs.describe_images({ region_id = acct.region, image_id = copy,
    status = "Creating,Waiting,Available,UnAvailable,CreateFailed" }).images
  if found == nil or found[1] == nil then
    request.client_token = M.client_token("CopyImage", acct.id, image_id, key.id, copy)
    copy = acct.ecs.copy_image(request).image_id
  end
  return copy
end

--- Copies a snapshot of `acct` within its region, encrypted with `key`, with a ClientToken derived
--- from the account, the snapshot and the key; returns the copy's id.
---@async
function M.copy_snapshot(acct, key, snapshot_id, opts)
  opts = opts or {}
  return acct.ecs.copy_snapshot({
    region_id = acct.region, snapshot_id = snapshot_id, destination_region_id = acct.region,
    encrypted = true, kms_key_id = key.id,
    destination_snapshot_name = opts.name or ("keyshare-copy-" .. snapshot_id),
    client_token = M.client_token("CopySnapshot", acct.id, snapshot_id, key.id),
  }).snapshot_id
end

--- Per target: shares the owner's image with the target and copies it there, encrypted with the
--- key — unless a copy already exists, Available or still Creating. Returns the changes.
---@async
function M.image(ctx, image_id)
  local owner, region, changes = ctx.owner, ctx.owner.region, {}
  local record = _recorder(ctx, changes)
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
    record("shared image " .. image_id .. " with " .. ctx.account.id)
  end
  local name = "keyshare-copy-" .. image_id
  for _, image in ipairs(_own_images(ctx.account)) do
    if _is_copy_of(image, image_id, name) then
      if image.status ~= "Available" then
        ctx.log("copy " .. image.image_id .. " of image " .. image_id .. " is in progress (" .. image.status .. ")")
      end
      return changes
    end
  end
  local copy = M.copy_image(ctx.account, ctx.key, image_id, { name = name })
  record("copied image " .. image_id .. " as " .. copy .. ", encrypted with " .. ctx.key.id)
  return changes
end

--- Waits until snapshot `snapshot_id` of `acct` is accomplished.
---@async
local function _wait_snapshot(acct, snapshot_id, timeout)
  verification.wait_for("snapshot " .. snapshot_id, timeout, function()
    local found = acct.ecs.describe_snapshots({ region_id = acct.region, snapshot_ids = { snapshot_id } })
    return found.snapshots[1] ~= nil and found.snapshots[1].status == "accomplished"
  end)
end

--- The snapshot of `acct` named `name` encrypted with `key`, or nil.
---@async
local function _find_snapshot(acct, key, name)
  local page = 1
  repeat
    local answer = acct.ecs.describe_snapshots({
      region_id = acct.region, encrypted = true, page_number = page, page_size = 100,
    })
    for _, snapshot in ipairs(answer.snapshots or {}) do
      if snapshot.snapshot_name == name and snapshot.kms_key_id == key.id then return snapshot end
    end
    page = page + 1
  until (page - 1) * 100 >= (answer.total_count or 0)
  return nil
end

--- Once, on the owner: its disk role (`disk_role` spec) and the image share role trusted by ECS
--- acting for every target (`image_role(recipients)` makes its spec), then the encrypted image to
--- re-share (found or made).
---@async
function M.prepare_image(ctx, params, disk_role, image_role)
  local owner, region = ctx.owner, ctx.owner.region
  local record = _recorder(ctx, {})
  local recipients = {}
  for _, target in ipairs(ctx.targets or {}) do
    if target.id ~= owner.id then recipients[#recipients + 1] = target.id end
  end
  owner:ensure_role(disk_role)
  if #recipients > 0 then owner:ensure_role(image_role(recipients)) end
  if params.image_id ~= "" then return { image_id = params.image_id } end
  for _, image in ipairs(_own_images(owner)) do
    if image.image_name == M.IMAGE_NAME then
      if image.status ~= "Available" then
        verification.wait_for("image " .. image.image_id, params.verify_timeout, function()
          local found = owner.ecs.describe_images({ region_id = region, image_id = image.image_id }).images
          return found[1] ~= nil and found[1].status == "Available"
        end)
      end
      return { image_id = image.image_id }
    end
  end
  -- A killed run may have left its source disk (deleted here) or its snapshot (used, not made twice).
  for _, change in ipairs(verification.cleanup({ account = owner, run_id = ctx.run_id }, params)) do record(change) end
  local source = _find_snapshot(owner, ctx.key, "keyshare-image-source")
  local snapshot = source and source.snapshot_id
    or M.make_snapshot(owner, ctx.key, params, "keyshare-image-source", ctx.run_id, record)
  if source and source.status ~= "accomplished" then _wait_snapshot(owner, snapshot, params.verify_timeout) end
  local image = owner.ecs.create_image({ region_id = region, snapshot_id = snapshot, image_name = M.IMAGE_NAME,
    client_token = M.client_token("CreateImage", owner.id, snapshot) }).image_id
  record("made image " .. image .. " (" .. M.IMAGE_NAME .. ") of owner " .. owner.id .. " from snapshot " .. snapshot)
  verification.wait_for("image " .. image, params.verify_timeout, function()
    local found = owner.ecs.describe_images({ region_id = region, image_id = image }).images
    return found[1] ~= nil and found[1].status == "Available"
  end)
  return { image_id = image }
end

--- Makes an encrypted snapshot named `name` in `acct` from a new disk encrypted with `key` (the
--- disk, tagged `keyshare:verify = run_id`, is deleted afterwards, also when a wait fails); returns
--- the snapshot id. `record(text)` gets each lasting change as it happens: the snapshot, and a disk
--- that could not be deleted.
---@async
function M.make_snapshot(acct, key, params, name, run_id, record)
  record = record or function() end
  local region = acct.region
  -- Tagged like a verification disk: if this run dies before deleting it, a later run does.
  local disk = acct.ecs.create_disk({
    region_id = region, zone_id = verification.zone(acct, params), disk_category = params.disk_category, size = 20,
    encrypted = true, kms_key_id = key.id, disk_name = name,
    tag = { { key = verification.TAG, value = run_id } },
  }).disk_id
  local snapshot
  local ok, err = pcall(function()
    verification.wait_for("disk " .. disk, params.verify_timeout, function()
      local found = acct.ecs.describe_disks({ region_id = region, disk_ids = { disk } }).disks
      return found[1] ~= nil and found[1].status == "Available"
    end)
    snapshot = acct.ecs.create_snapshot({ disk_id = disk, snapshot_name = name,
      client_token = M.client_token("CreateSnapshot", acct.id, disk) }).snapshot_id
    record("made snapshot " .. snapshot .. " (" .. name .. "), encrypted with " .. key.id)
    verification.wait_for("snapshot " .. snapshot, params.verify_timeout, function()
      local found = acct.ecs.describe_snapshots({ region_id = region, snapshot_ids = { snapshot } })
      return found.snapshots[1] ~= nil and found.snapshots[1].status == "accomplished"
    end)
  end)
  -- The disk goes whatever happened (it is waited for while Creating); one left is a change.
  local left = verification.delete_disk(acct, disk, verification.DELETE_GRACE, false)
  if left ~= nil then
    record("left disk " .. disk .. " of account " .. acct.id .. ": " .. left .. " (a later run deletes it)")
  end
  if not ok then error(err, 0) end
  return snapshot
end

--- Per target: the target's snapshot named `params.snapshot_name`, encrypted with the key (made
--- from a new encrypted disk when missing), shared with every `reshare_to` account through a
--- Resource Sharing share named `keyshare-<snapshot name>`. Returns the changes.
---@async
function M.snapshot(ctx, params)
  local acct, changes = ctx.account, {}
  local record = _recorder(ctx, changes)
  local name = params.snapshot_name
  -- A killed run may have left the disk it made the snapshot from: delete it, report it.
  for _, change in ipairs(verification.cleanup(ctx, params)) do record(change) end
  local snapshot = _find_snapshot(acct, ctx.key, name)
  local snapshot_id
  if snapshot == nil then
    snapshot_id = M.make_snapshot(acct, ctx.key, params, name, ctx.run_id, record)
  else
    snapshot_id = snapshot.snapshot_id
    if snapshot.status ~= "accomplished" then _wait_snapshot(acct, snapshot_id, params.verify_timeout) end
  end
  local share_name = "keyshare-" .. name
  local existing
  local own = acct.resourcesharing.list_resource_shares({ resource_owner = "Self" }).resource_shares
  for _, share in ipairs(own or {}) do
    if share.resource_share_name == share_name then existing = share end
  end
  local resources = { { resource_type = "Snapshot", resource_id = snapshot_id } }
  local recipients = params.reshare_to
  if existing == nil then
    local made = acct.resourcesharing.create_resource_share({
      resource_share_name = share_name, resources = resources, targets = recipients, allow_external_targets = true,
    }).resource_share
    record("shared snapshot " .. snapshot_id .. " with " .. table.concat(recipients, ", ")
      .. " (resource share " .. made.resource_share_id .. ")")
    return changes
  end
  local answer = acct.resourcesharing.associate_resource_share({
    resource_share_id = existing.resource_share_id, resources = resources, targets = recipients,
  })
  local added = {}
  for _, association in ipairs(answer.resource_share_associations or {}) do
    if association.association_type == "Target" then added[#added + 1] = association.entity_id end
  end
  if #added > 0 then
    record("shared snapshot " .. snapshot_id .. " with " .. table.concat(added, ", ")
      .. " (resource share " .. existing.resource_share_id .. ")")
  end
  return changes
end

return M
