-- Specs of ecs-key-sharing's capacity check (issue 10, section 3): every action that grants
-- reserves room on the key before its first write, so a target the key cannot take fails with the
-- grant's refusal and has no role left behind.
local json = require("json")
local support = require("ecs-key-sharing.spec.support")
local _plugin, _params, _expect_error = support.plugin, support.params, support.expect_error

local DISK_ROLE_ACTIONS = { "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:List*",
  "kms:TagResource", "kms:UntagResource" }

--- The key policy: the owner's statement, an owner statement padded by `pad` bytes, and keyshare's
--- statement naming `principals` (none: no statement), as keyshare encodes it.
local function _policy(pad, principals)
  local statements = {
    { Sid = "kms default key policy", Effect = "Allow", Principal = { RAM = { "acs:ram::1000000000000001:*" } },
      Action = { "kms:*" }, Resource = { "*" } },
    { Sid = "padding", Effect = "Allow", Principal = { RAM = { "acs:ram::1000000000000001:root" } },
      Action = { "kms:P" .. string.rep("x", pad) }, Resource = { "*" } },
  }
  if #principals > 0 then
    table.sort(principals)
    statements[#statements + 1] = { Sid = "keyshare/shared-use", Effect = "Allow", Principal = { RAM = principals },
      Action = DISK_ROLE_ACTIONS, Resource = { "*" } }
  end
  return json.encode({ Version = "1", Statement = statements })
end

--- Pads the key policy so that exactly `fits` more disk roles fit in 32,768 bytes.
local function _pad(spec, fits)
  local principals = {}
  for index = 1, fits do
    principals[index] = string.format("acs:ram::29%014d:role/AliyunECSDiskEncryptDefaultRole", index)
  end
  local pad = 32768 - #_policy(0, principals)
  spec.owner.kms.set_key_policy({ key_id = spec.key.id, policy = _policy(pad, {}) })
end

--- The names of the sharee roles `acct` holds.
local function _roles(acct)
  local names = {}
  for _, name in ipairs({ "AliyunECSDiskEncryptDefaultRole", "AliyunECSShareEncryptImageDefaultRole",
    "AliyunECSShareEncryptSnapshotDefaultRole" }) do
    if pcall(acct.ram.get_role, { role_name = name }) then names[#names + 1] = name end
  end
  return table.concat(names, ", ")
end

return {
  ["every granting action refused for room fails before its first write and leaves no role"] = function(spec)
    local plugin = _plugin(spec)
    _pad(spec, 0)
    local before = spec.owner.kms.get_key_policy({ key_id = spec.key.id }).policy
    local to = { spec.member(9).id }
    local cases = {
      { action = "share", params = { verify = false } },
      { action = "share", params = { share_images = true, share_snapshots = true, reshare_to = to } },
      { action = "prepare", params = {} },
      { action = "prepare", params = { share_images = true, reshare_to = to } },
      { action = "reshare_image", params = { verify = false } },
      { action = "reshare_snapshot", params = { reshare_to = to } },
    }
    for index, case in ipairs(cases) do
      local acct = spec.member(index)
      local err = _expect_error("keyshare.KeyPolicyTooLarge", plugin[case.action], spec.context(acct),
        _params(spec, case.params))
      assert(err.message:find("nothing was changed", 1, true), case.action .. ": " .. err.message)
      assert(_roles(acct) == "", case.action .. " #" .. index .. " left roles behind: " .. _roles(acct))
    end
    local after = spec.owner.kms.get_key_policy({ key_id = spec.key.id }).policy
    assert(after == before, "the key policy changed: " .. after)
  end,

  ["a prepare holds its room for the grant; another target is refused it until then"] = function(spec)
    local plugin = _plugin(spec)
    _pad(spec, 1)
    local first, second = spec.member(1), spec.member(2)
    local params = _params(spec, { verify = false })
    plugin.prepare(spec.context(first), params)
    _expect_error("keyshare.KeyPolicyTooLarge", plugin.share, spec.context(second), params)
    assert(_roles(second) == "", "refused target has roles: " .. _roles(second))
    plugin.grant(spec.context(first), params)
    _expect_error("keyshare.KeyPolicyTooLarge", plugin.share, spec.context(second), params)
    assert(_roles(second) == "", "refused target has roles: " .. _roles(second))
  end,

  ["a prepare that fails after reserving gives its room back to the next target"] = function(spec)
    local plugin = _plugin(spec)
    _pad(spec, 1)
    local first, second = spec.member(1), spec.member(2)
    local params = _params(spec, { verify = false })
    -- The first target's role cannot be created (RAM throttles it): its reservation must not outlive it.
    local original = first.ram.create_role
    rawset(first.ram, "create_role", function() error({ code = "Throttling.User", message = "spec: throttled" }, 0) end)
    _expect_error("Throttling.User", plugin.share, spec.context(first), params)
    rawset(first.ram, "create_role", original)
    local changes = plugin.share(spec.context(second), params)
    assert(#changes > 0 and _roles(second) ~= "", "the released room was not given to the next target")
    _expect_error("keyshare.KeyPolicyTooLarge", plugin.share, spec.context(first), params)
  end,

  ["a re-run of a full key succeeds unchanged: principals already named need no room"] = function(spec)
    local plugin = _plugin(spec)
    _pad(spec, 1)
    local acct = spec.member(1)
    local params = _params(spec, { verify = false })
    assert(#plugin.share(spec.context(acct), params) > 0, "the first share changes")
    local again = plugin.share(spec.context(acct), params)
    assert(#again == 0, "the re-run changed: " .. table.concat(again, "; "))
    _expect_error("keyshare.KeyPolicyTooLarge", plugin.share, spec.context(spec.member(2)), params)
  end,
}
