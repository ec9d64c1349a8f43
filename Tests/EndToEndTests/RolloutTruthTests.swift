import Foundation
import Testing

/// A plain script printing the simulated cloud as JSON: the principals of every key policy's
/// keyshare statement, and per account its roles (with descriptions), disks, images and snapshots.
let stateDumpScript = """
    local json = require("json")
    local owner = "1000000000000001"
    local out = { keys = {}, accounts = {} }
    for _, k in ipairs(kms.list_keys({ page_size = 100 }).keys or {}) do
      local policy = json.decode(kms.get_key_policy({ key_id = k.key_id, policy_name = "default" }).policy)
      local principals = {}
      for _, statement in ipairs(policy.Statement or {}) do
        if statement.Sid == "keyshare/shared-use" then
          local ram = statement.Principal and statement.Principal.RAM or {}
          if type(ram) == "string" then ram = { ram } end
          for _, arn in ipairs(ram) do principals[#principals + 1] = arn end
        end
      end
      out.keys[k.key_id] = principals
    end
    local uids = { owner }
    for _, a in ipairs(resourcemanager.list_accounts({ page_size = 100 }).accounts or {}) do
      if a.account_id ~= owner then uids[#uids + 1] = a.account_id end
    end
    for _, uid in ipairs(uids) do
      local who = { account = uid }
      local entry = { roles = {}, resources = {}, verify_disks = 0 }
      for _, r in ipairs(ram.list_roles({ max_items = 1000 }, who).roles or {}) do
        entry.roles[r.role_name] = r.description or ""
      end
      for _, d in ipairs(ecs.describe_disks({ region_id = "cn-hangzhou", page_size = 100 }, who).disks or {}) do
        entry.resources[#entry.resources + 1] = d.disk_id
        for _, tag in ipairs(d.tags or {}) do
          if tag.tag_key == "keyshare:verify" then entry.verify_disks = entry.verify_disks + 1 end
        end
      end
      for _, i in ipairs(ecs.describe_images({ region_id = "cn-hangzhou", page_size = 100, image_owner_alias = "self",
          status = "Creating,Waiting,Available,UnAvailable,CreateFailed" }, who).images or {}) do
        entry.resources[#entry.resources + 1] = i.image_id
      end
      for _, s in ipairs(ecs.describe_snapshots({ region_id = "cn-hangzhou", page_size = 100 }, who).snapshots or {}) do
        entry.resources[#entry.resources + 1] = s.snapshot_id
      end
      out.accounts[uid] = entry
    end
    print(json.encode(out))
    """

/// The simulated cloud as the dump script read it back.
struct CloudSnapshot {
    var principals: [String: Set<String>] = [:]
    var roles: [String: [String: String]] = [:]
    var resources: [String: Set<String>] = [:]
    var verifyDisks: [String: Int] = [:]

    init(json text: String) throws {
        let line = text.split(separator: "\n").last { $0.hasPrefix("{") }.map(String.init) ?? "{}"
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
        for (key, value) in object["keys"] as? [String: Any] ?? [:] {
            principals[key] = Set(value as? [String] ?? [])
        }
        for (uid, value) in object["accounts"] as? [String: Any] ?? [:] {
            let entry = value as? [String: Any] ?? [:]
            roles[uid] = entry["roles"] as? [String: String] ?? [:]
            resources[uid] = Set(entry["resources"] as? [String] ?? [])
            verifyDisks[uid] = entry["verify_disks"] as? Int ?? 0
        }
    }

    var allPrincipals: Set<String> { principals.values.reduce(into: Set()) { $0.formUnion($1) } }
}

/// What a run's JSON lines claim: per account the changes (the owner's include the setup changes).
struct RunClaims {
    var changes: [String: [String]] = [:]
    var statuses: [String: String] = [:]
    /// The error message of each failed target.
    var errors: [String: String] = [:]

    init(jsonLines text: String, owner: String) {
        for line in text.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            switch object["type"] as? String {
            case "run_started": changes[owner, default: []] += object["setup_changes"] as? [String] ?? []
            case "target_finished":
                let id = (object["target"] as? [String: Any])?["id"] as? String ?? "?"
                changes[id, default: []] += object["changes"] as? [String] ?? []
                statuses[id] = object["status"] as? String
                if let error = object["error"] as? [String: Any] { errors[id] = error["message"] as? String ?? "" }
            default: break
            }
        }
    }

    func mentions(_ account: String, _ fragments: String...) -> Bool {
        (changes[account] ?? []).contains { change in fragments.allSatisfy { change.contains($0) } }
    }
}

/// Every disagreement between what a run reported and what changed in the cloud.
func truthProblems(before: CloudSnapshot, after: CloudSnapshot, claims: RunClaims) -> [String] {
    var problems: [String] = []
    let account = { (arn: String) in
        arn.split(separator: ":", omittingEmptySubsequences: false).dropFirst(3).first.map(String.init) ?? "?"
    }
    for key in Set(before.principals.keys).union(after.principals.keys).sorted() {
        let old = before.principals[key] ?? []
        let new = after.principals[key] ?? []
        for arn in new.subtracting(old).sorted() where !claims.mentions(account(arn), "granted key use to \(arn)") {
            problems.append("\(arn) was added to \(key) but no target reported the grant")
        }
        for arn in old.subtracting(new).sorted() where !claims.mentions(account(arn), "revoked use of \(key) by \(arn)") {
            problems.append("\(arn) was removed from \(key) but no target reported the revoke")
        }
    }
    let granted = after.allPrincipals
    for (uid, changes) in claims.changes.sorted(by: { $0.key < $1.key }) {
        for change in changes {
            if change.hasPrefix("granted key use to "), !granted.contains(String(change.dropFirst(19))) {
                problems.append("\(uid) reported '\(change)' but no key policy names it (status \(claims.statuses[uid] ?? "?"))")
            }
            if change.hasPrefix("created role "), after.roles[uid]?[String(change.dropFirst(13))] == nil {
                problems.append("\(uid) reported '\(change)' but the role does not exist")
            }
            if change.hasPrefix("deleted role "), after.roles[uid]?[String(change.dropFirst(13))] != nil {
                problems.append("\(uid) reported '\(change)' but the role still exists")
            }
        }
    }
    for uid in after.roles.keys.sorted() {
        let old = before.roles[uid] ?? [:]
        let new = after.roles[uid] ?? [:]
        for name in Set(new.keys).subtracting(old.keys).sorted() where !claims.mentions(uid, "created role \(name)") {
            problems.append("\(uid): role \(name) appeared unreported")
        }
        for name in Set(old.keys).subtracting(new.keys).sorted() where !claims.mentions(uid, "deleted role \(name)") {
            problems.append("\(uid): role \(name) vanished unreported")
        }
        for (name, text) in new where old[name] != nil && old[name] != text && !claims.mentions(uid, name) {
            problems.append("\(uid): the description of role \(name) changed unreported")
        }
        let made = (after.resources[uid] ?? []).subtracting(before.resources[uid] ?? [])
        let gone = (before.resources[uid] ?? []).subtracting(after.resources[uid] ?? [])
        for id in made.union(gone).sorted() where !claims.mentions(uid, id) {
            problems.append("\(uid): \(id) \(made.contains(id) ? "appeared" : "vanished") unreported")
        }
        if let left = after.verifyDisks[uid], left > 0, !claims.mentions(uid, "left verification disk") {
            problems.append("\(uid): \(left) verification disk(s) left, unreported")
        }
    }
    return problems
}

/// One run of a truth scenario: a playbook (its steps and keys) and its params.
struct TruthRun: Sendable {
    var steps: String
    var keys: String = #"keys = { "alias/shared-disk-key*" }"#
    var params: [String] = []
    /// The exit status the run must end with (1 when targets must fail, e.g. on the quota).
    var status: Int32 = 0
    /// How many targets must fail.
    var failures = 0
}

/// A sequence of runs on one state; after each, the report must match the cloud exactly.
struct TruthScenario: Sendable, CustomTestStringConvertible {
    var name: String
    var runs: [TruthRun]
    /// The access-management quota (`vpc_num`) of the owner's KMS instance; 50 in the starter world.
    var quota = 50
    var testDescription: String { name }
}

/// Reports vs reality: after every run, each claimed grant, revoke, role, disk, image and snapshot
/// is in the state read back, and each change in the state was reported by its account.
@Suite(
    "Rollout reports match the cloud",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct RolloutTruthTests {
    static let single = #"key = "alias/shared-disk-key""#
    static let scenarios: [TruthScenario] = [
        TruthScenario(
            name: "share, share again, revoke, share, revoke keep_roles=false (a pool)",
            runs: [
                TruthRun(steps: #""ecs-key-sharing.share""#), TruthRun(steps: #""ecs-key-sharing.share""#),
                TruthRun(steps: #""ecs-key-sharing.revoke""#), TruthRun(steps: #""ecs-key-sharing.share""#),
                TruthRun(steps: #""ecs-key-sharing.revoke""#, params: ["keep_roles=false"]),
            ]),
        TruthScenario(
            name: "prepare, grant, verify, verify with reverify, revoke keep_roles=false (one key)",
            runs: [
                TruthRun(steps: #""ecs-key-sharing.prepare""#, keys: single),
                TruthRun(steps: #""ecs-key-sharing.grant""#, keys: single),
                TruthRun(steps: #""ecs-key-sharing.verify""#, keys: single),
                TruthRun(steps: #""ecs-key-sharing.verify""#, keys: single, params: ["reverify=true"]),
                TruthRun(steps: #""ecs-key-sharing.revoke""#, keys: single, params: ["keep_roles=false"]),
            ]),
        TruthScenario(
            name: "prepare and verify with a pool, then share with verify=false, then share",
            runs: [
                TruthRun(steps: #""ecs-key-sharing.prepare""#),
                TruthRun(steps: #""ecs-key-sharing.grant", "ecs-key-sharing.verify""#),
                TruthRun(
                    steps: #""ecs-key-sharing.share""#,
                    params: ["verify=false", "share_images=true", "reshare_to=2000000000000002"]),
                TruthRun(steps: #""ecs-key-sharing.share""#, params: ["share_images=true", "reshare_to=2000000000000002"]),
            ]),
        TruthScenario(
            name: "reshare_image twice, reshare_snapshot twice, revoke keep_roles=false",
            runs: [
                TruthRun(steps: #""ecs-key-sharing.reshare_image""#, keys: single),
                TruthRun(steps: #""ecs-key-sharing.reshare_image""#, keys: single),
                TruthRun(steps: #""ecs-key-sharing.reshare_snapshot""#, keys: single, params: ["reshare_to=2000000000000002"]),
                TruthRun(steps: #""ecs-key-sharing.reshare_snapshot""#, keys: single, params: ["reshare_to=2000000000000002"]),
                TruthRun(steps: #""ecs-key-sharing.revoke""#, keys: single, params: ["keep_roles=false"]),
            ]),
        // 10 units, one bound: 9 accounts fit; the other 11 fail on the precheck, twice; a revoke
        // gives no unit back at once (released 5 simulated minutes later), so then all 20 fail.
        TruthScenario(
            name: "a quota with room for 9 of 20 accounts: share twice, revoke, share",
            runs: [
                TruthRun(steps: #""ecs-key-sharing.share""#, status: 1, failures: 11),
                TruthRun(steps: #""ecs-key-sharing.share""#, status: 1, failures: 11),
                TruthRun(steps: #""ecs-key-sharing.revoke""#),
                TruthRun(steps: #""ecs-key-sharing.share""#, params: ["verify=false"], status: 1, failures: 20),
            ], quota: 10),
        // Targets failing at each step: every change made before the failure is in the report,
        // every error names the account (and the key when it is not the subject already).
        TruthScenario(
            name: "failures in verify, after the key is disabled, and in reshare_snapshot's share",
            runs: [
                TruthRun(steps: #""ecs-key-sharing.share""#, params: ["disk_category=no_such_category"], status: 1, failures: 20),
                TruthRun(
                    steps: #""ecs-key-sharing.reshare_snapshot""#, keys: single, params: ["reshare_to=1234567890123456"],
                    status: 1, failures: 20),
                // One target at a time: the last one (…39) disables the key before its own verification.
                TruthRun(
                    steps: #""ecs-key-sharing.prepare", function(ctx) if ctx.account.id:sub(-2) == "39" then "#
                        + #"ctx.owner.kms.disable_key({ key_id = ctx.key.id }) end end, "ecs-key-sharing.verify""#,
                    keys: single, params: ["reverify=true"], status: 1, failures: 1),
            ]),
        // ensure_role fails after CreateRole (its policy document is not JSON): the role is reported.
        TruthScenario(
            name: "a role whose policy cannot be made is still reported as created",
            runs: [
                TruthRun(
                    steps: #"function(ctx) return ctx.account:ensure_role({ name = "ProbeRole", trust = { Version = "1", "#
                        + #"Statement = { { Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = { "#
                        + #""ecs.aliyuncs.com" } } } } }, policy = { name = "ProbePolicy", document = "{not json" } }) end"#,
                    status: 1, failures: 20)
            ]),
    ]

    @Test("after every run of the scenario, what the JSON report claims is what the state holds", arguments: scenarios)
    func reportsMatchState(_ scenario: TruthScenario) async throws {
        let work = try temporaryFolder("keyshare-truth")
        defer { try? FileManager.default.removeItem(at: work) }
        let state = work.appendingPathComponent("state.sqlite").path
        let world = work.appendingPathComponent("world.yaml")
        let made = try await keyshare(["sim", "init", "--output", world.path])
        #expect(made.status == 0, "\(made.errors)")
        let text = try String(contentsOf: world, encoding: .utf8)
        #expect(text.contains("vpc_num: 50"), "the starter world's quota moved: \(text.prefix(800))")
        try text.replacingOccurrences(of: "vpc_num: 50", with: "vpc_num: \(scenario.quota)")
            .write(to: world, atomically: true, encoding: .utf8)
        let dump = work.appendingPathComponent("dump.lua")
        try stateDumpScript.write(to: dump, atomically: true, encoding: .utf8)
        let environment = ["KEYSHARE_PLUGINS": packageRoot.appendingPathComponent("plugins").path]
        var before = try CloudSnapshot(
            json: try await keyshare(["run", "--world", world.path, "--state", state, dump.path]).output)
        for (index, run) in scenario.runs.enumerated() {
            let playbook = work.appendingPathComponent("run\(index + 1).lua")
            try """
            return { owner = "1000000000000001", \(run.keys), region = "cn-hangzhou",
              inventory = "resource-directory", params = { folder = "fd-prod" }, steps = { \(run.steps) },
              concurrency = 1 }
            """.write(to: playbook, atomically: true, encoding: .utf8)
            let report = work.appendingPathComponent("run\(index + 1).jsonl").path
            let outcome = try await keyshare(
                ["run", "--state", state, "--reporter", "json=\(report)", playbook.path]
                    + run.params.flatMap { ["--param", $0] }, environment: environment)
            #expect(outcome.status == run.status, "run \(index + 1): \(outcome.output)\(outcome.errors)")
            let after = try CloudSnapshot(json: try await keyshare(["run", "--state", state, dump.path]).output)
            let claims = RunClaims(jsonLines: try String(contentsOfFile: report, encoding: .utf8), owner: "1000000000000001")
            #expect(claims.statuses.count == 20, "run \(index + 1): \(claims.statuses.count) targets reported")
            #expect(claims.errors.count == run.failures, "run \(index + 1): \(claims.errors)")
            // A failed target's error names its subject: the account.
            for (uid, message) in claims.errors where !message.contains(uid) {
                Issue.record("run \(index + 1): the error of \(uid) does not name it: \(message)")
            }
            let problems = truthProblems(before: before, after: after, claims: claims)
            #expect(problems.isEmpty, "run \(index + 1) (\(run.steps) \(run.params)): \(problems.prefix(4))")
            before = after
        }
    }
}
