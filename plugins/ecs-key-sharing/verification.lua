--- Verification of a shared key in a target: an encrypted disk created with the key, waited for
--- and deleted. Every verification disk is tagged `keyshare:verify = <run id>` so that leftovers
--- (a killed run, a disk that could not be deleted in time) are found and deleted by a later run.
---
--- A verified target is remembered in the description of its AliyunECSDiskEncryptDefaultRole
--- (`[keyshare-verified <key id>]`): the role is durable, lives in the target, is read by every
--- run anyway (prepare gets it), works the same on the real cloud (GetRole/UpdateRole
--- NewDescription), and goes away with the role. A tag would need RAM tag APIs keyshare has no
--- binding for; the key's tags are shared by every target and capped at 20.
local keyshare = require("keyshare")
local errors = require("_lib.keyshare.errors")

local M = {}

M.TAG = "keyshare:verify"
M.DISK_ROLE = "AliyunECSDiskEncryptDefaultRole"

--- How long a verification disk still `Creating` after the timeout is waited for before keyshare
--- gives up deleting it (a Creating disk cannot be deleted).
M.DELETE_GRACE = 300

--- Waits until `probe()` returns a truthy value, sleeping 0.5 s, 1 s, 2 s … (at most 5 s) before
--- each attempt; raises `keyshare.Timeout` after `timeout` seconds. On the embedded simulator a
--- sleep moves its clock instead of waiting.
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

--- The zone for a verification disk: the `zone` param, else the first zone DescribeZones lists for
--- the target's region that offers `disk_category` (else its first zone).
---@async
function M.zone(acct, params)
  if params.zone ~= nil and params.zone ~= "" then return params.zone end
  local zones = acct.ecs.describe_zones({ region_id = acct.region }).zones or {}
  for _, zone in ipairs(zones) do
    local categories = zone.available_disk_categories or {}
    if categories.disk_categories then categories = categories.disk_categories end
    for _, category in ipairs(categories) do
      if category == params.disk_category then return zone.zone_id end
    end
  end
  if zones[1] == nil then
    errors.raise("keyshare.NoZone", "DescribeZones lists no zone in " .. acct.region .. " for account " .. acct.id
      .. ": pass --param zone=<zone id>")
  end
  return zones[1].zone_id
end

--- The disk `disk_id` of `acct` as DescribeDisks shows it, or nil when it is gone.
---@async
local function _disk(acct, disk_id)
  return acct.ecs.describe_disks({ region_id = acct.region, disk_ids = { disk_id } }).disks[1]
end

--- Deletes disk `disk_id`, first waiting (up to `grace` s) while it is `Creating` unless `ready`.
--- Returns nil when deleted (or already gone), else the reason it is left behind.
---@async
function M.delete_disk(acct, disk_id, grace, ready)
  local current = not ready and _disk(acct, disk_id) or nil
  if current ~= nil and current.status == "Creating" then
    local ok = pcall(M.wait_for, "disk " .. disk_id, grace, function()
      local disk = _disk(acct, disk_id)
      return disk == nil or disk.status ~= "Creating"
    end)
    if not ok then return "still Creating " .. grace .. " s later, and a Creating disk cannot be deleted" end
  end
  local deleted, failure = pcall(acct.ecs.delete_disk, { disk_id = disk_id })
  if deleted or errors.is(failure, "InvalidDiskId.NotFound") then return nil end
  return tostring(errors.code(failure) or "error") .. ": " .. tostring(type(failure) == "table" and failure.message
    or failure)
end

--- The `keyshare:verify` disks an earlier run left in the target (not this run's own, unless this
--- step is retried after an attempt that may have left one): their ids, read only.
---@async
function M.leftovers(ctx)
  local acct, leftovers, page = ctx.account, {}, 1
  repeat
    local answer = acct.ecs.describe_disks({
      region_id = acct.region, tag = { { key = M.TAG } }, page_number = page, page_size = 100,
    })
    for _, disk in ipairs(answer.disks or {}) do
      local mine = false
      for _, tag in ipairs(disk.tags or {}) do
        if tag.tag_key == M.TAG and tag.tag_value == ctx.run_id then mine = true end
      end
      -- A retried step (the run was killed or failed in it) also clears what its attempt left.
      if not mine or ctx.retried then leftovers[#leftovers + 1] = disk.disk_id end
    end
    page = page + 1
  until (page - 1) * 100 >= (answer.total_count or 0)
  return leftovers
end

--- Deletes the disks `leftovers` (from `M.leftovers`; read now when nil); returns the changes
--- ("deleted leftover verification disk d-…" or "left verification disk d-…: why").
---@async
function M.cleanup(ctx, params, leftovers)
  local acct, changes = ctx.account, {}
  for _, disk_id in ipairs(leftovers or M.leftovers(ctx)) do
    local reason = M.delete_disk(acct, disk_id, math.max(params.verify_timeout or 0, 1))
    if reason == nil then
      changes[#changes + 1] = "deleted leftover verification disk " .. disk_id
    else
      changes[#changes + 1] = "left verification disk " .. disk_id .. ": " .. reason
    end
  end
  return changes
end

--- Creates an encrypted disk with `key` in the target (in `zone`, else `M.zone`'s), waits for
--- Available and deletes it — also when the wait fails (it then waits up to `DELETE_GRACE` s for
--- the disk to leave Creating).
--- Returns the log line; raises on failure, with `changes` naming a disk it had to leave behind.
---@async
function M.run(ctx, params, key, zone)
  local acct = ctx.account
  local request = {
    region_id = acct.region, zone_id = zone or M.zone(acct, params), disk_category = params.disk_category,
    size = 20,
    encrypted = true, kms_key_id = key.id, disk_name = "keyshare-verify",
    description = "keyshare verification disk; safe to delete",
    tag = { { key = M.TAG, value = ctx.run_id } },
  }
  -- Without a client_token the runner derives one from the run, target and step: a resumed step
  -- gets back the disk its killed attempt made instead of a second one.
  local disk_id = acct.ecs.create_disk(request).disk_id
  -- That attempt also deleted it: verify again with a disk of this attempt's own, its token derived
  -- from the gone disk. Each killed attempt may have deleted such a disk too, so follow the chain
  -- until a token names a disk that exists (an attempt's disk left behind, or a new one).
  local hops = 0
  -- Only a retried step can get back a gone disk (a first attempt's token is new): no extra read otherwise.
  while ctx.retried and hops < 100 and _disk(acct, disk_id) == nil do
    request.client_token = "ks-again-" .. tostring(disk_id):sub(1, 40)
    disk_id = acct.ecs.create_disk(request).disk_id
    hops = hops + 1
  end
  local ok, err = pcall(M.wait_for, "verification disk " .. disk_id, params.verify_timeout, function()
    local disk = _disk(acct, disk_id)
    return disk ~= nil and disk.status == "Available"
  end)
  local reason = M.delete_disk(acct, disk_id, M.DELETE_GRACE, ok)
  if reason ~= nil then
    local left = "left verification disk " .. disk_id .. ": " .. reason
    local message = (ok and "" or (tostring(type(err) == "table" and err.message or err) .. "; ")) .. left
      .. " (a later run deletes it)"
    error(setmetatable({ code = ok and "keyshare.VerificationDiskLeft" or (errors.code(err) or "keyshare.Timeout"),
      message = message, changes = { left } }, { __tostring = function(e) return e.code .. ": " .. e.message end }), 0)
  end
  if not ok then error(err, 0) end
  return "verified: encrypted disk " .. disk_id .. " created with " .. key.id .. " and deleted"
end

--- The text of the verified mark for `key_id`.
local function _mark(key_id) return "[keyshare-verified " .. key_id .. "]" end

--- Whether the disk role's description says the target was verified with `key_id`.
---@param description string?
---@param key_id string
function M.is_verified(description, key_id)
  return type(description) == "string" and description:find(_mark(key_id), 1, true) ~= nil
end

--- Records in the disk role's description that the target was verified with `key_id` (replacing
--- an older mark); returns the log line, or nil when the description already says so or has no room.
---@async
function M.remember(acct, description, key_id)
  description = description or ""
  if M.is_verified(description, key_id) then return nil end
  local base = description:gsub("%s*%[keyshare%-verified [^%]]*%]", "")
  local marked = (base == "" and "" or base .. " ") .. _mark(key_id)
  if #marked > 1024 then return nil end
  acct.ram.update_role({ role_name = M.DISK_ROLE, new_description = marked })
  return "recorded the verification with " .. key_id .. " in the description of role " .. M.DISK_ROLE
end

return M
