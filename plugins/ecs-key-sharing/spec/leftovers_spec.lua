-- Specs of what killed runs leave behind on both sides (issue 9 items 11, 13 and 15): the owner's
-- reshare_image setup and a target's reshare_snapshot delete the source disk a killed run left,
-- reuse the snapshot it made instead of making a second one, and report what they deleted.
local support = require("ecs-key-sharing.spec.support")

--- The plugin's reshare module (required when a case runs: the spec file loads before plugins do).
local function _reshare() return require("ecs-key-sharing.reshare") end
local _plugin, _params, _count = support.plugin, support.params, support.count

local TAG = "keyshare:verify"

--- A disk of `acct` tagged as a killed run's verification or source disk.
local function _killed_run_disk(acct)
  return acct.ecs.create_disk({ region_id = acct.region, zone_id = acct.region .. "-h", disk_category = "cloud_essd",
    size = 20, tag = { { key = TAG, value = "ks-killed" } } }).disk_id
end

--- The snapshots of `acct` named `name`.
local function _snapshots(acct, name)
  local found = {}
  local answer = acct.ecs.describe_snapshots({ region_id = acct.region, page_size = 100 })
  for _, snapshot in ipairs(answer.snapshots or {}) do
    if snapshot.snapshot_name == name then found[#found + 1] = snapshot.snapshot_id end
  end
  return found
end

--- A step context for `acct` whose `ctx.change` records into `changes`.
local function _recording(spec, acct, changes, extra)
  local ctx = spec.context(acct)
  ctx.change = function(text) changes[#changes + 1] = text end
  for name, value in pairs(extra or {}) do ctx[name] = value end
  return ctx
end

return {
  ["reshare_image's setup deletes a killed run's source disk and reuses its snapshot"] = function(spec)
    local plugin, owner = _plugin(spec), spec.owner
    local params = _params(spec)
    -- The owner's disk role, as the killed run's setup made it first.
    plugin.prepare(spec.context(owner), params)
    -- What a run killed between CreateSnapshot and CreateImage leaves: its disk and its snapshot.
    local disk = _killed_run_disk(owner)
    local made = _reshare().make_snapshot(owner, spec.key, params, "keyshare-image-source", "ks-killed")
    local changes = {}
    local ctx = _recording(spec, owner, changes, { targets = { { id = spec.member(1).id } }, run_id = "ks-next" })
    ctx.owner = owner
    local shared = plugin.prepare_image(ctx, params)
    assert(shared.image_id, "no image")
    local sources = _snapshots(owner, "keyshare-image-source")
    assert(#sources == 1 and sources[1] == made, "a second source snapshot: " .. table.concat(sources, ", "))
    assert(_count(changes, "deleted leftover verification disk " .. disk) == 1, table.concat(changes, "; "))
    assert(_count(changes, "made image " .. shared.image_id) == 1, table.concat(changes, "; "))
    -- Run again: nothing left to delete, nothing made.
    local again = {}
    plugin.prepare_image(_recording(spec, owner, again, { targets = ctx.targets, run_id = "ks-third" }), params)
    assert(_count(again, "deleted") == 0 and _count(again, "made") == 0, table.concat(again, "; "))
  end,

  ["reshare_snapshot deletes a killed run's disk in the target and reports it with the snapshot"] = function(spec)
    local plugin, acct = _plugin(spec), spec.member(3)
    local params = _params(spec, { reshare_to = { spec.member(2).id } })
    local disk = _killed_run_disk(acct)
    local changes = {}
    local returned = plugin.reshare_snapshot(_recording(spec, acct, changes, { run_id = "ks-next" }), params)
    assert(_count(changes, "deleted leftover verification disk " .. disk) == 1, table.concat(changes, "; "))
    assert(_count(changes, "made snapshot ") == 1, table.concat(changes, "; "))
    assert(_count(returned, "made snapshot ") == 1, "the result lacks the snapshot: " .. table.concat(returned, "; "))
    local tagged = acct.ecs.describe_disks({ region_id = acct.region, tag = { { key = TAG } } }).disks or {}
    assert(#tagged == 0, #tagged .. " tagged disks left")
  end,

  ["a snapshot whose wait fails is still reported, and its source disk is deleted all the same"] = function(spec)
    local plugin, acct = _plugin(spec), spec.member(1)
    local params = _params(spec)
    plugin.prepare(spec.context(acct), params)
    plugin.grant(spec.context(acct), params)
    -- DescribeSnapshots breaks once the snapshot exists: the wait fails after CreateSnapshot.
    rawset(acct.ecs, "describe_snapshots", function() error({ code = "Spec.Broken", message = "describe broke" }) end)
    local changes = {}
    local ok, err = pcall(_reshare().make_snapshot, acct, spec.key, params, "spec-broken", "ks-now",
      function(text) changes[#changes + 1] = text end)
    assert(not ok and type(err) == "table" and err.code == "Spec.Broken", tostring(err))
    assert(_count(changes, "made snapshot ") == 1, "the snapshot made is not reported: " .. table.concat(changes, "; "))
    local tagged = acct.ecs.describe_disks({ region_id = acct.region, tag = { { key = TAG } } }).disks or {}
    assert(#tagged == 0 or _count(changes, "left disk " .. tagged[1].disk_id) == 1,
      "a disk was left unreported: " .. table.concat(changes, "; "))
  end,
}
