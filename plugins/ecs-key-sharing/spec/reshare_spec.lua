-- Specs of ecs-key-sharing's re-sharing (issue 9 items 14 and 15): the share roles trust the
-- accounts the target shares TO (`reshare_to`), onward image and snapshot shares work to those and
-- fail to others, and reshare_image makes one copy per target however often it runs.
local json = require("json")
local support = require("ecs-key-sharing.spec.support")
local _plugin, _params, _count, _expect_error = support.plugin, support.params, support.count, support.expect_error

--- The `Service` principals the trust policy of role `name` of `acct` names.
local function _trusted(acct, name)
  local role = acct.ram.get_role({ role_name = name }).role
  local trust = json.decode(role.assume_role_policy_document)
  local services = trust.Statement[1].Principal.Service
  if type(services) == "string" then services = { services } end
  return table.concat(services, ",")
end

--- An image of `acct` encrypted with the key, Available (made from a new encrypted disk).
local function _encrypted_image(spec, acct, params)
  local reshare = require("ecs-key-sharing.reshare")
  local snapshot = reshare.make_snapshot(acct, spec.key, params, "spec-source", "spec")
  local image = acct.ecs.create_image({
    region_id = acct.region, snapshot_id = snapshot, image_name = "spec-image",
  }).image_id
  _plugin(spec).wait_for("image", 60, function()
    local found = acct.ecs.describe_images({ region_id = acct.region, image_id = image }).images
    return found[1] ~= nil and found[1].status == "Available"
  end)
  return image
end

return {
  ["the share roles trust ECS acting for each reshare_to account, not the target"] = function(spec)
    local plugin = _plugin(spec)
    local m1, m2, m3 = spec.member(1), spec.member(2), spec.member(3)
    local cases = {
      { to = { m2.id }, want = m2.id .. "@ecs.aliyuncs.com" },
      { to = { m3.id, m2.id }, want = m2.id .. "@ecs.aliyuncs.com," .. m3.id .. "@ecs.aliyuncs.com" },
      { to = { m3.id, m3.id }, want = m3.id .. "@ecs.aliyuncs.com" },
      { to = { "3000000000000009" }, want = "3000000000000009@ecs.aliyuncs.com" },
    }
    for index, case in ipairs(cases) do
      for _, flags in ipairs({ { share_images = true }, { share_snapshots = true },
        { share_images = true, share_snapshots = true } }) do
        local params = _params(spec, flags)
        params.reshare_to = case.to
        plugin.prepare(spec.context(m1), params)
        for flag, role in pairs({ share_images = plugin.IMAGE_ROLE, share_snapshots = plugin.SNAPSHOT_ROLE }) do
          if flags[flag] then
            local got = _trusted(m1, role)
            assert(got == case.want,
              "case " .. index .. " " .. role .. ": trusts " .. got .. ", expected " .. case.want)
            assert(not got:find(m1.id, 1, true), "the role trusts the target itself: " .. got)
          end
        end
      end
    end
  end,

  ["share roles without reshare_to, or a reshare_to that is not a UID, are refused before anything changes"] =
  function(spec)
    local plugin, m1 = _plugin(spec), spec.member(1)
    local cases = {
      { share_images = true },
      { share_snapshots = true },
      { share_images = true, share_snapshots = true },
      { share_images = true, reshare_to = { "not-a-uid" } },
      { reshare_to = { "2000000000000002", "" } },
    }
    for index, overrides in ipairs(cases) do
      local params = _params(spec, overrides)
      local err = _expect_error("keyshare.BadParam", plugin.check_params, params)
      assert(err.message:find("reshare_to", 1, true), "case " .. index .. ": " .. err.message)
      for _, action in ipairs({ "share", "prepare", "reshare_image" }) do
        local ctx = spec.context(m1)
        ctx.shared.image_id = "m-none"
        _expect_error("keyshare.BadParam", plugin[action], ctx, params)
      end
    end
    _expect_error("keyshare.BadParam", plugin.reshare_snapshot, spec.context(m1), _params(spec))
    assert(not pcall(m1.ram.get_role, { role_name = plugin.DISK_ROLE }), "a refused action created a role")
  end,

  ["an onward image share works to a reshare_to account and fails to any other"] = function(spec)
    local plugin = _plugin(spec)
    local m1, m2, m3 = spec.member(1), spec.member(2), spec.member(3)
    local params = _params(spec, { share_images = true, verify = false })
    params.reshare_to = { m2.id }
    plugin.share(spec.context(m1), params)
    local image = _encrypted_image(spec, m1, params)
    m1.ecs.modify_image_share_permission({ region_id = m1.region, image_id = image, add_account = { m2.id } })
    local shared = m1.ecs.describe_image_share_permission({ region_id = m1.region, image_id = image }).accounts
    assert(#shared == 1 and shared[1].aliyun_id == m2.id, json.encode(shared))
    for _, other in ipairs({ m3.id, spec.owner.id }) do
      _expect_error("AssumeRoleError", m1.ecs.modify_image_share_permission,
        { region_id = m1.region, image_id = image, add_account = { other } })
    end
  end,

  ["reshare_snapshot shares the target's encrypted snapshot with reshare_to only, once"] = function(spec)
    local plugin = _plugin(spec)
    local m1, m2, m3 = spec.member(1), spec.member(2), spec.member(3)
    local params = _params(spec)
    params.reshare_to = { m2.id }
    local first = plugin.reshare_snapshot(spec.context(m1), params)
    assert(_count(first, "made snapshot") == 1, table.concat(first, "; "))
    assert(_count(first, "shared snapshot") == 1 and _count(first, m2.id) >= 1, table.concat(first, "; "))
    local trust = _trusted(m1, plugin.SNAPSHOT_ROLE)
    assert(trust == m2.id .. "@ecs.aliyuncs.com", trust)
    local again = plugin.reshare_snapshot(spec.context(m1), params)
    assert(#again == 0, "second run changed: " .. table.concat(again, "; "))
    -- The recipient sees the share; a recipient the role does not trust is refused.
    local seen = m2.resourcesharing.list_resource_shares({ resource_owner = "OtherAccounts" }).resource_shares
    assert(#seen == 1, json.encode(seen))
    local share = m1.resourcesharing.list_resource_shares({ resource_owner = "Self" }).resource_shares[1]
    _expect_error("AssumeRoleError", m1.resourcesharing.associate_resource_share,
      { resource_share_id = share.resource_share_id, targets = { m3.id } })
    -- Adding a recipient to reshare_to trusts it and shares with it.
    params.reshare_to = { m2.id, m3.id }
    local widened = plugin.reshare_snapshot(spec.context(m1), params)
    assert(_count(widened, "shared snapshot") == 1 and _count(widened, m3.id) >= 1, table.concat(widened, "; "))
  end,

  ["reshare_image makes one copy per target however often it runs while the copy is Creating"] = function(spec)
    local plugin = _plugin(spec)
    local m1, m2 = spec.member(1), spec.member(2)
    local params = _params(spec)
    local setup = spec.context(spec.owner)
    setup.targets = { { id = m1.id }, { id = m2.id } }
    local shared = plugin.prepare_image(setup, params)
    for _, acct in ipairs({ m1, m2 }) do
      -- Runs 3 and 4 do not see the copy in DescribeImages (a listing lagging behind): the
      -- ClientToken must still prevent a second copy.
      for run = 1, 4 do
        local ctx = spec.context(acct)
        ctx.shared.image_id = shared.image_id
        local original = acct.ecs.describe_images
        if run >= 3 then
          rawset(acct.ecs, "describe_images", function(p)
            local answer = original(p)
            if p.image_id == nil then answer.images, answer.total_count = {}, 0 end
            return answer
          end)
        end
        local changes = plugin.reshare_image(ctx, params)
        rawset(acct.ecs, "describe_images", original)
        if run == 2 then
          assert(_count(changes, "copied image") == 0, "run 2 copied again: " .. table.concat(changes, "; "))
          assert(_count(ctx.messages, "in progress") == 1, table.concat(ctx.messages, "; "))
        end
      end
      local copies = acct.ecs.describe_images({ region_id = acct.region, image_owner_alias = "self",
        status = "Creating,Available", page_size = 100 }).images
      assert(#copies == 1, acct.id .. " has " .. #copies .. " copies: " .. json.encode(copies))
      assert(copies[1].status == "Creating", "the clock moved: the spec no longer tests copies in progress")
    end
  end,
}
