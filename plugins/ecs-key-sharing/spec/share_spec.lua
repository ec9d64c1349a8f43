-- Specs of ecs-key-sharing, run by `swift test` (RunnerTests) against a fresh deterministic
-- simulator each: a starter world whose owner 1000000000000001 holds alias/shared-disk-key.
local json = require("json")
local support = require("ecs-key-sharing.spec.support")
local _plugin, _count, _expect_error = support.plugin, support.count, support.expect_error

return {
  ["share creates the sharee role, grants the key and verifies with a disk"] = function(spec)
    local plugin, acct = _plugin(spec), spec.member(1)
    local ctx = spec.context(acct)
    local changes = plugin.share(ctx, spec.defaults("ecs-key-sharing"))
    assert(_count(changes, "created role AliyunECSDiskEncryptDefaultRole") > 0, table.concat(changes, "; "))
    assert(_count(changes, "granted key use to " .. acct:role_arn(plugin.DISK_ROLE)) > 0)
    assert(_count(ctx.messages, "verified: encrypted disk") > 0, "verification must be logged")
    local policy = json.encode(spec.key:policy())
    assert(policy:find(acct:role_arn(plugin.DISK_ROLE), 1, true), policy)
  end,

  ["a second share changes nothing"] = function(spec)
    local plugin, acct = _plugin(spec), spec.member(2)
    local params = spec.defaults("ecs-key-sharing")
    plugin.share(spec.context(acct), params)
    local again = plugin.share(spec.context(acct), params)
    assert(#again == 0, "second run changed: " .. table.concat(again, "; "))
  end,

  ["a foreign key-policy statement survives grant and revoke"] = function(spec)
    local plugin, acct = _plugin(spec), spec.member(1)
    local policy = spec.key:policy()
    policy.Statement[#policy.Statement + 1] = { Sid = "partner-audit", Effect = "Allow",
      Principal = { RAM = { "acs:ram::1000000000000001:root" } }, Action = { "kms:DescribeKey" }, Resource = { "*" } }
    spec.owner.kms.set_key_policy({ key_id = spec.key.id, policy = policy })
    local params = spec.defaults("ecs-key-sharing")
    params.verify = false
    plugin.share(spec.context(acct), params)
    plugin.revoke(spec.context(acct), params)
    local after = json.encode(spec.key:policy())
    assert(after:find("partner-audit", 1, true), "the foreign statement was lost: " .. after)
    assert(not after:find(acct.id, 1, true), "the sharee is still in the policy: " .. after)
  end,

  ["a disabled key fails the verification with CMKNotEnabled"] = function(spec)
    local plugin, acct = _plugin(spec), spec.member(3)
    spec.owner.kms.disable_key({ key_id = spec.key.id })
    _expect_error("InvalidParameter.KMSKeyId.CMKNotEnabled", plugin.share, spec.context(acct),
      spec.defaults("ecs-key-sharing"))
  end,

  ["granting before the sharee role exists is refused with a message naming the fix"] = function(spec)
    local plugin, acct = _plugin(spec), spec.member(1)
    local err = _expect_error("InvalidParameter", plugin.grant, spec.context(acct), spec.defaults("ecs-key-sharing"))
    assert(err.message:find("run ecs-key-sharing.prepare", 1, true), err.message)
  end,

  ["an unknown binding parameter names the nearest valid one"] = function(spec)
    local ok, err = pcall(spec.owner.kms.describe_key, { key_idd = "alias/shared-disk-key" })
    assert(not ok)
    assert(tostring(err):find("did you mean 'key_id'", 1, true), tostring(err))
  end,
}
