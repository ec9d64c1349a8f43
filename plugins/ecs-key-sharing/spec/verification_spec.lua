-- Specs of ecs-key-sharing's verification (issue 9 items 11 and 17): leftover verification disks
-- are deleted and reported, a verification disk is deleted even when its wait fails, a target is
-- verified once per key unless its grant changes or `reverify` asks, the zone comes from DescribeZones.
local json = require("json")
local support = require("ecs-key-sharing.spec.support")
local _plugin, _params, _count, _expect_error = support.plugin, support.params, support.count, support.expect_error

local TAG = "keyshare:verify"

--- Every disk of `acct` (any status).
local function _disks(acct)
  return acct.ecs.describe_disks({ region_id = acct.region, page_size = 100 }).disks or {}
end

--- A plain disk in `acct`, tagged `tags` ({ {key=, value=} }).
local function _disk(acct, tags)
  return acct.ecs.create_disk({ region_id = acct.region, zone_id = acct.region .. "-h", disk_category = "cloud_essd",
    size = 20, tag = tags }).disk_id
end

--- Wraps `acct.ecs.create_disk` to record every call's params; returns the list.
local function _record_create_disk(acct)
  local calls, original = {}, acct.ecs.create_disk
  rawset(acct.ecs, "create_disk", function(params)
    calls[#calls + 1] = params
    return original(params)
  end)
  return calls
end

return {
  ["leftover verification disks are deleted and reported; other disks stay"] = function(spec)
    local plugin = _plugin(spec)
    -- Two passes: the first share verifies (cleanup before the disk), the second skips the
    -- verification (cleanup all the same).
    local acct = spec.member(1)
    for pass = 1, 2 do
      local leftovers = {
        _disk(acct, { { key = TAG, value = "ks-killed-run" } }),       -- Available once the clock moves
        _disk(acct, { { key = TAG, value = "" } }),                    -- empty value
        _disk(acct, { { key = TAG, value = "ks-other" }, { key = "team", value = "x" } }),
      }
      -- The clock has not moved since: the leftovers are still Creating and must be waited for.
      local untagged = _disk(acct, nil)
      local other_tag = _disk(acct, { { key = "keyshare:copy-of", value = "m-x" } })
      local this_run = _disk(acct, { { key = TAG, value = "spec" } })
      local changes = plugin.share(spec.context(acct), _params(spec))
      for _, id in ipairs(leftovers) do
        assert(_count(changes, "deleted leftover verification disk " .. id) == 1,
          "pass " .. pass .. ": " .. id .. " not reported: " .. table.concat(changes, "; "))
      end
      local remaining = {}
      for _, disk in ipairs(_disks(acct)) do remaining[disk.disk_id] = true end
      for _, id in ipairs(leftovers) do
        assert(not remaining[id], "pass " .. pass .. ": leftover " .. id .. " survived")
      end
      assert(remaining[untagged] and remaining[other_tag],
        "pass " .. pass .. ": a disk keyshare did not tag was deleted")
      assert(remaining[this_run], "pass " .. pass .. ": the current run's own disk was deleted")
      acct.ecs.delete_disk({ disk_id = untagged })
      acct.ecs.delete_disk({ disk_id = other_tag })
      acct.ecs.delete_disk({ disk_id = this_run })
    end
  end,

  ["verify_timeout below 1 is refused before anything changes"] = function(spec)
    local plugin, acct = _plugin(spec), spec.member(2)
    for _, timeout in ipairs({ 0, -1, -600, math.mininteger }) do
      local err = _expect_error("keyshare.BadParam", plugin.check_params, _params(spec, { verify_timeout = timeout }))
      assert(err.message:find("verify_timeout", 1, true), err.message)
      for _, action in ipairs({ "share", "prepare", "verify" }) do
        _expect_error("keyshare.BadParam", plugin[action], spec.context(acct),
          _params(spec, { verify_timeout = timeout }))
      end
    end
    local ok = pcall(acct.ram.get_role, { role_name = plugin.DISK_ROLE })
    assert(not ok, "a refused run created the disk role")
  end,

  ["a verification whose wait fails still deletes its disk, or says it left it"] = function(spec)
    local plugin = _plugin(spec)
    -- `stuck` probes see the disk Creating (a slow zone); then the real status shows again.
    for _, case in ipairs({
      { member = 1, stuck = 2, left = false },      -- times out, then deletable: deleted
      { member = 2, stuck = 10000, left = true },   -- never leaves Creating in time: left, reported
    }) do
      local acct = spec.member(case.member)
      plugin.prepare(spec.context(acct), _params(spec))
      plugin.grant(spec.context(acct), _params(spec))
      local seen, original = 0, acct.ecs.describe_disks
      rawset(acct.ecs, "describe_disks", function(params)
        local answer = original(params)
        if params.disk_ids and seen < case.stuck then
          seen = seen + 1
          for _, disk in ipairs(answer.disks or {}) do disk.status = "Creating" end
        end
        return answer
      end)
      local err = _expect_error("keyshare.Timeout", plugin.verify, spec.context(acct),
        _params(spec, { verify_timeout = 1 }))
      rawset(acct.ecs, "describe_disks", original)
      local tagged = acct.ecs.describe_disks({ region_id = acct.region, tag = { { key = TAG } } }).disks
      if case.left then
        assert(#tagged == 1, "expected the stuck disk to remain, found " .. #tagged)
        assert(err.message:find("left verification disk " .. tagged[1].disk_id, 1, true), err.message)
        assert(err.changes and _count(err.changes, "left verification disk " .. tagged[1].disk_id) == 1,
          "the failure must carry the change")
        -- A later run deletes it and says so.
        local later = spec.context(acct)
        later.run_id = "spec-later"
        local changes = plugin.verify(later, _params(spec))
        assert(_count(changes, "deleted leftover verification disk " .. tagged[1].disk_id) == 1,
          table.concat(changes, "; "))
      else
        assert(#tagged == 0, "the verification disk leaked: " .. json.encode(tagged))
      end
    end
  end,

  ["a target is verified once per key unless its grant changes or reverify asks"] = function(spec)
    local plugin, acct = _plugin(spec), spec.member(3)
    local calls = _record_create_disk(acct)
    local steps = {
      { what = "first share", params = {}, disks = 1 },
      { what = "second share", params = {}, disks = 0 },
      { what = "third share", params = {}, disks = 0 },
      { what = "reverify=true", params = { reverify = true }, disks = 1 },
      { what = "verify=false", params = { verify = false }, disks = 0 },
      { what = "revoke, then share (the grant changes)", revoke = true, params = {}, disks = 1 },
      { what = "share after that", params = {}, disks = 0 },
    }
    for _, step in ipairs(steps) do
      if step.revoke then plugin.revoke(spec.context(acct), _params(spec)) end
      local before = #calls
      local ctx = spec.context(acct)
      plugin.share(ctx, _params(spec, step.params))
      assert(#calls - before == step.disks, step.what .. ": " .. (#calls - before) .. " CreateDisk calls, expected "
        .. step.disks .. " (" .. table.concat(ctx.messages, "; ") .. ")")
      if step.disks == 0 and step.params.verify ~= false then
        assert(_count(ctx.messages, "not verified again") == 1, step.what .. ": " .. table.concat(ctx.messages, "; "))
      end
    end
    local role = acct.ram.get_role({ role_name = plugin.DISK_ROLE }).role
    assert(role.description:find("[keyshare-verified " .. spec.key.id .. "]", 1, true), role.description)
    assert(role.description:find("created by keyshare", 1, true), role.description)
  end,

  ["the verification disk goes to a zone DescribeZones lists, or the zone param"] = function(spec)
    local plugin = _plugin(spec)
    for _, case in ipairs({ { member = 1, zone = "" }, { member = 2, zone = "cn-hangzhou-j" } }) do
      local acct = spec.member(case.member)
      local calls = _record_create_disk(acct)
      plugin.share(spec.context(acct), _params(spec, { zone = case.zone }))
      local expected = case.zone
      if expected == "" then expected = acct.ecs.describe_zones({ region_id = acct.region }).zones[1].zone_id end
      assert(#calls == 1 and calls[1].zone_id == expected,
        "zone " .. tostring(calls[1] and calls[1].zone_id) .. ", expected " .. expected)
    end
  end,
}
