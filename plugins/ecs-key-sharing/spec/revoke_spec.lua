-- Specs of ecs-key-sharing's revoke with keep_roles=false (issue 9 item 16): a role goes only when
-- keyshare created it and no key policy of the owner still names it; otherwise it stays and the
-- target's messages say why.
local support = require("ecs-key-sharing.spec.support")
local _plugin, _count = support.plugin, support.count

--- Params for revoke's cases: no verification disks unless a case asks.
local function _params(spec, overrides)
  return support.params(spec, { verify = false }, overrides)
end

local function _exists(acct, name)
  return (pcall(acct.ram.get_role, { role_name = name }))
end

--- A second key of the owner (same KMS instance) whose policy names `arn`.
local function _other_key_naming(spec, arn)
  local instance = spec.key.instance_id
  local made = spec.owner.kms.create_key({ dkms_instance_id = instance }).key_metadata.key_id
  local policy = {
    Version = "1",
    Statement = {
      { Sid = "kms default key policy", Effect = "Allow",
        Principal = { RAM = { "acs:ram::" .. spec.owner.id .. ":*" } },
        Action = { "kms:*" }, Resource = { "*" } },
      { Sid = "other-team", Effect = "Allow", Principal = { RAM = { arn } },
        Action = { "kms:DescribeKey", "kms:Decrypt" }, Resource = { "*" } },
    },
  }
  spec.owner.kms.set_key_policy({ key_id = made, policy = policy })
  return made
end

--- Creates the disk role in `acct` outside this run (trusted by ECS, with `description`, or none
--- when nil), as an older keyshare or the account's own team would have.
local function _make_disk_role(plugin, acct, description)
  acct.ram.create_role({ role_name = plugin.DISK_ROLE, description = description,
    assume_role_policy_document = { Version = "1", Statement = { { Action = "sts:AssumeRole",
      Effect = "Allow", Principal = { Service = { "ecs.aliyuncs.com" } } } } } })
end

--- Makes the disk role of `acct` the way `how` says; returns what revoke must do with it.
local setups = {
  ["created by keyshare and named by no other key"] = function(spec, acct)
    _plugin(spec).share(spec.context(acct), _params(spec))
    return { deleted = true }
  end,
  ["created by an older keyshare (description ends with (keyshare))"] = function(spec, acct)
    local plugin = _plugin(spec)
    _make_disk_role(plugin, acct, "ECS uses this role to encrypt disks with KMS keys (keyshare)")
    plugin.share(spec.context(acct), _params(spec))
    return { deleted = true }
  end,
  ["created by keyshare but named by another key's policy"] = function(spec, acct)
    local plugin = _plugin(spec)
    plugin.share(spec.context(acct), _params(spec))
    local other = _other_key_naming(spec, acct:role_arn(plugin.DISK_ROLE))
    return { deleted = false, reason = "kept role " .. plugin.DISK_ROLE .. ": named by key policy of " .. other }
  end,
  ["named by another key's policy in other letter case"] = function(spec, acct)
    local plugin = _plugin(spec)
    plugin.share(spec.context(acct), _params(spec))
    local other = _other_key_naming(spec, acct:role_arn(plugin.DISK_ROLE:lower()))
    return { deleted = false, reason = "named by key policy of " .. other }
  end,
  ["there before keyshare (another description)"] = function(spec, acct)
    local plugin = _plugin(spec)
    _make_disk_role(plugin, acct, "made by the platform team")
    plugin.share(spec.context(acct), _params(spec))
    return { deleted = false, reason = "kept role " .. plugin.DISK_ROLE .. ": not created by keyshare" }
  end,
  ["there before keyshare, without a description"] = function(spec, acct)
    local plugin = _plugin(spec)
    _make_disk_role(plugin, acct, nil)
    plugin.share(spec.context(acct), _params(spec))
    return { deleted = false, reason = "not created by keyshare" }
  end,
}

local cases = {}
local names = {}
for name in pairs(setups) do names[#names + 1] = name end
table.sort(names)
for index, name in ipairs(names) do
  -- Each case in its own member account of a world big enough (members 1…3, reused after a reset).
  cases["revoke keep_roles=false: role " .. name] = function(spec)
    local plugin = _plugin(spec)
    local acct = spec.member((index - 1) % 3 + 1)
    local expected = setups[name](spec, acct)
    local ctx = spec.context(acct)
    local changes = plugin.revoke(ctx, _params(spec, { keep_roles = false }))
    assert(_count(changes, "revoked use of " .. spec.key.id) == 1, table.concat(changes, "; "))
    if expected.deleted then
      assert(not _exists(acct, plugin.DISK_ROLE),
        "the role should be gone; messages: " .. table.concat(ctx.messages, "; "))
      assert(_count(changes, "deleted role " .. plugin.DISK_ROLE) == 1, table.concat(changes, "; "))
    else
      assert(_exists(acct, plugin.DISK_ROLE), "the role was deleted")
      assert(_count(changes, "deleted role") == 0, table.concat(changes, "; "))
      assert(_count(ctx.messages, expected.reason) == 1, "expected '" .. expected.reason .. "' in: "
        .. table.concat(ctx.messages, "; "))
    end
    -- keep_roles=true (the default) never deletes and says nothing about roles.
    local again = spec.context(acct)
    plugin.revoke(again, _params(spec))
    assert(_count(again.messages, "kept role") == 0, table.concat(again.messages, "; "))
  end
end

cases["revoke keep_roles=false deletes no role a still-granted key needs, of any of the three names"] = function(spec)
  local plugin, acct = _plugin(spec), spec.member(2)
  local params = _params(spec, { share_images = true, share_snapshots = true })
  params.reshare_to = { spec.member(3).id }
  plugin.share(spec.context(acct), params)
  local other = _other_key_naming(spec, acct:role_arn(plugin.IMAGE_ROLE))
  local ctx = spec.context(acct)
  local changes = plugin.revoke(ctx, _params(spec, { keep_roles = false }))
  assert(not _exists(acct, plugin.DISK_ROLE) and not _exists(acct, plugin.SNAPSHOT_ROLE), table.concat(changes, "; "))
  assert(_exists(acct, plugin.IMAGE_ROLE), "the image role is named by " .. other)
  assert(_count(ctx.messages, "kept role " .. plugin.IMAGE_ROLE .. ": named by key policy of " .. other) == 1,
    table.concat(ctx.messages, "; "))
end

return cases
