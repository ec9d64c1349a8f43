import Foundation

/// A plain script printing, as one JSON line, what a rollout may change in a simulated cloud of any
/// size (every list is paged): each key's `keyshare/shared-use` principals in policy order
/// (duplicates kept, so a test can see them), and per account its roles (trust, description,
/// attached policies), its custom policies (default document and attachment count) and its disks
/// (verification ones marked).
let cloudDumpScript = """
    local json = require("json")
    local owner = "1000000000000001"
    local out = { keys = {}, accounts = {} }
    for _, k in ipairs(kms.list_keys({ page_size = 100 }).keys or {}) do
      local policy = json.decode(kms.get_key_policy({ key_id = k.key_id, policy_name = "default" }).policy)
      local principals = {}
      for _, statement in ipairs(policy.Statement or {}) do
        if statement.Sid == "keyshare/shared-use" then
          local ram_principals = statement.Principal and statement.Principal.RAM or {}
          if type(ram_principals) == "string" then ram_principals = { ram_principals } end
          for _, arn in ipairs(ram_principals) do principals[#principals + 1] = arn end
        end
      end
      out.keys[k.key_id] = principals
    end
    local uids = { owner }
    local page = 1
    while true do
      local listed = resourcemanager.list_accounts({ page_size = 100, page_number = page })
      for _, a in ipairs(listed.accounts or {}) do
        if a.account_id ~= owner then uids[#uids + 1] = a.account_id end
      end
      if #(listed.accounts or {}) < 100 then break end
      page = page + 1
    end
    for _, uid in ipairs(uids) do
      local who = { account = uid }
      local entry = { roles = {}, policies = {}, disks = {}, verify_disks = {} }
      for _, r in ipairs(ram.list_roles({ max_items = 1000 }, who).roles or {}) do
        local role = ram.get_role({ role_name = r.role_name }, who).role
        local attached = {}
        for _, p in ipairs(ram.list_policies_for_role({ role_name = r.role_name }, who).policies or {}) do
          attached[#attached + 1] = p.policy_type .. ":" .. p.policy_name
        end
        table.sort(attached)
        entry.roles[r.role_name] = { trust = role.assume_role_policy_document, description = role.description or "",
          policies = attached }
      end
      -- RAM has no ListPolicies here: the custom policies attached to a role, plus the one keyshare makes
      -- (found even when a run left it unattached).
      local custom = { AliyunECSDiskEncryptCustomizedPolicy = true }
      for _, info in pairs(entry.roles) do
        for _, p in ipairs(info.policies) do
          if p:sub(1, 7) == "Custom:" then custom[p:sub(8)] = true end
        end
      end
      for name in pairs(custom) do
        local ok, found = pcall(ram.get_policy, { policy_type = "Custom", policy_name = name }, who)
        if ok then
          entry.policies[name] = found.default_policy_version.policy_document .. " attached " .. found.policy.attachment_count
        end
      end
      for _, d in ipairs(ecs.describe_disks({ region_id = "cn-hangzhou", page_size = 100 }, who).disks or {}) do
        entry.disks[#entry.disks + 1] = d.disk_id
        for _, tag in ipairs(d.tags or {}) do
          if tag.tag_key == "keyshare:verify" then entry.verify_disks[#entry.verify_disks + 1] = d.disk_id end
        end
      end
      out.accounts[uid] = entry
    end
    print(json.encode(out))
    """

/// One role as the dump read it.
struct DumpedRole: Equatable {
    /// The trust policy document, as the cloud returns it.
    var trust: String
    /// The description (keyshare's verification mark included).
    var description: String
    /// Attached policies as `Type:Name`, sorted.
    var policies: [String]

    /// Shown in failure messages.
    var debugText: String { "trust \(trust), description \(description), policies \(policies)" }
}

/// One account as the dump read it.
struct DumpedAccount: Equatable {
    /// Roles by name.
    var roles: [String: DumpedRole] = [:]
    /// Custom policies by name: their default version's document.
    var policies: [String: String] = [:]
    /// Every disk.
    var disks: [String] = []
    /// The disks tagged `keyshare:verify`.
    var verifyDisks: [String] = []
}

/// The simulated cloud as `cloudDumpScript` printed it.
struct CloudDump: Equatable {
    /// Each key's shared-use principals, in policy order, duplicates kept.
    var principals: [String: [String]] = [:]
    /// Every account (owner included) by id.
    var accounts: [String: DumpedAccount] = [:]

    /// Parses the script's last JSON line; throws when there is none.
    init(output text: String) throws {
        guard let line = text.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else {
            throw DumpError(output: text)
        }
        for (key, value) in object["keys"] as? [String: Any] ?? [:] {
            principals[key] = value as? [String] ?? []
        }
        for (uid, value) in object["accounts"] as? [String: Any] ?? [:] {
            let entry = value as? [String: Any] ?? [:]
            var account = DumpedAccount()
            for (name, raw) in entry["roles"] as? [String: Any] ?? [:] {
                let role = raw as? [String: Any] ?? [:]
                account.roles[name] = DumpedRole(
                    trust: role["trust"] as? String ?? "", description: role["description"] as? String ?? "",
                    policies: role["policies"] as? [String] ?? [])
            }
            account.policies = entry["policies"] as? [String: String] ?? [:]
            account.disks = entry["disks"] as? [String] ?? []
            account.verifyDisks = entry["verify_disks"] as? [String] ?? []
            accounts[uid] = account
        }
    }

    /// Reads the cloud behind `--state state` (seeded from `world` when the state is new), from
    /// `directory`, writing the script there.
    static func read(state: String, world: String? = nil, in directory: URL) async throws -> CloudDump {
        let script = directory.appendingPathComponent("cloud-dump.lua")
        if !FileManager.default.fileExists(atPath: script.path) {
            try cloudDumpScript.write(to: script, atomically: true, encoding: .utf8)
        }
        let outcome = try await keyshare(
            KeyshareInvocation(
                arguments: ["run", "--state", state, script.path] + (world.map { ["--world", $0] } ?? []),
                directory: directory,
                timeout: 120))
        guard outcome.status == 0 else { throw DumpError(output: outcome.output + outcome.errors) }
        return try CloudDump(output: outcome.output)
    }

    /// Every principal of every key, once.
    var allPrincipals: Set<String> { Set(principals.values.joined()) }

    /// Where two dumps differ, one line per difference (at most `limit`).
    func differences(from other: CloudDump, limit: Int = 12) -> [String] {
        var lines: [String] = []
        for key in Set(principals.keys).union(other.principals.keys).sorted() {
            let mine = Set(principals[key] ?? [])
            let theirs = Set(other.principals[key] ?? [])
            if mine != theirs {
                lines.append(
                    "key \(key): only here \(mine.subtracting(theirs).sorted().prefix(4)), "
                        + "only there \(theirs.subtracting(mine).sorted().prefix(4))")
            }
        }
        for uid in Set(accounts.keys).union(other.accounts.keys).sorted() {
            let mine = accounts[uid] ?? DumpedAccount()
            let theirs = other.accounts[uid] ?? DumpedAccount()
            for name in Set(mine.roles.keys).union(theirs.roles.keys).sorted() where mine.roles[name] != theirs.roles[name] {
                lines.append(
                    "\(uid) role \(name): \(mine.roles[name]?.debugText ?? "absent") vs \(theirs.roles[name]?.debugText ?? "absent")"
                )
            }
            if mine.policies != theirs.policies {
                let changed = Set(mine.policies.keys).union(theirs.policies.keys).sorted().filter {
                    mine.policies[$0] != theirs.policies[$0]
                }
                lines.append(
                    "\(uid) custom policies: "
                        + changed.map {
                            "\($0): \(mine.policies[$0] ?? "absent") vs \(theirs.policies[$0] ?? "absent")"
                        }.joined(separator: "; "))
            }
            if Set(mine.disks) != Set(theirs.disks) {
                lines.append("\(uid) disks: \(mine.disks.sorted()) vs \(theirs.disks.sorted())")
            }
            if lines.count >= limit { break }
        }
        return Array(lines.prefix(limit))
    }
}

/// The dump script failed or printed no JSON.
struct DumpError: Error, CustomStringConvertible {
    /// What the script printed.
    var output: String
    var description: String { "the cloud dump failed: \(output.suffix(1500))" }
}
