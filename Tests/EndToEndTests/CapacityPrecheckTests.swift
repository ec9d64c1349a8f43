import Foundation
import Testing

/// One rollout whose key room admits `admitted` of `members` targets.
struct CapacityRun: Sendable, CustomTestStringConvertible {
    enum Bound: String, Sendable {
        /// The KMS instance's access-management quota (VpcNum) has `admitted` units left.
        case quota
        /// The key policy is padded so exactly `admitted` disk roles fit in 32,768 bytes.
        case size
        /// Two keys (`keys = { "alias/shared-disk-key*" }`), each padded to fit `admitted / 2` roles.
        case pool
    }

    var bound: Bound
    var members: Int
    var admitted: Int
    var concurrency: Int
    /// The playbook's steps: `share`, or `prepare` then `grant` as two steps.
    var steps = [#""ecs-key-sharing.share""#]
    /// Extra playbook params (Lua table fields), e.g. the share roles: three roles per target.
    var params = ""
    var testDescription: String {
        "\(bound.rawValue)-bound, \(admitted) of \(members), concurrency \(concurrency), steps \(steps.joined(separator: " + "))"
            + (params.isEmpty ? "" : ", \(params)")
    }

    /// The failure code of the targets beyond the room.
    var refusal: String {
        switch bound {
        case .quota: "Rejected.ShareQuotaExceedLimit"
        case .size: "keyshare.KeyPolicyTooLarge"
        case .pool: "keyshare.KeyPoolFull"
        }
    }
}

/// `keyshare run` checks the capacity before a target's first write: a target its key cannot take
/// fails with the quota or size refusal and has no role in its account (a 1,200-account run once
/// left 702 roles behind).
@Suite(
    "Capacity precheck before any write",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct CapacityPrecheckTests: PluginPlaybookSuite {
    static let twoSteps = [#""ecs-key-sharing.prepare""#, #""ecs-key-sharing.grant""#]
    static let shareRoles = #"share_images = true, share_snapshots = true, reshare_to = { "3000000000000001" }"#
    static let runs: [CapacityRun] = [
        CapacityRun(bound: .quota, members: 8, admitted: 3, concurrency: 1),
        CapacityRun(bound: .quota, members: 24, admitted: 5, concurrency: 16),
        CapacityRun(bound: .quota, members: 10, admitted: 4, concurrency: 16, steps: twoSteps),
        CapacityRun(bound: .quota, members: 9, admitted: 4, concurrency: 16, params: shareRoles),
        CapacityRun(
            bound: .quota, members: 9, admitted: 2, concurrency: 4, steps: [#""ecs-key-sharing.reshare_snapshot""#],
            params: #"reshare_to = { "3000000000000001" }"#),
        CapacityRun(bound: .size, members: 7, admitted: 3, concurrency: 8, steps: [#""ecs-key-sharing.reshare_image""#]),
        CapacityRun(bound: .size, members: 8, admitted: 3, concurrency: 1),
        CapacityRun(bound: .size, members: 24, admitted: 6, concurrency: 16),
        CapacityRun(bound: .size, members: 10, admitted: 4, concurrency: 16, steps: twoSteps),
        CapacityRun(bound: .pool, members: 10, admitted: 6, concurrency: 1),
        CapacityRun(bound: .pool, members: 20, admitted: 8, concurrency: 16),
    ]

    @Test(
        "K of N targets granted, the others fail with the refusal and have no role; a re-run changes nothing",
        arguments: runs)
    func precheck(_ run: CapacityRun) async throws {
        let work = try temporaryFolder("keyshare-capacity")
        defer { try? FileManager.default.removeItem(at: work) }
        let keys = run.bound == .pool ? 2 : 1
        let vpcNum = run.bound == .quota ? 1 + run.admitted : run.members + 10
        let world = try write(Self.world(members: run.members, keys: keys, vpcNum: vpcNum), "world.yaml", in: work)
        let state = work.appendingPathComponent("state.sqlite").path
        if run.bound != .quota {
            let pad = try write(Self.padding(fits: run.admitted / keys, keys: keys), "pad.lua", in: work)
            let padded = try await keyshare(["run", "--world", world, "--state", state, pad])
            #expect(padded.status == 0, "\(padded.output)\(padded.errors)")
        }
        let playbook = try write(
            Self.playbook(pool: run.bound == .pool, steps: run.steps, params: run.params), "share.lua",
            in: work)
        let arguments = [
            "run", "--world", world, "--state", state, "--reporter", "json",
            "--concurrency", String(run.concurrency), playbook,
        ]

        let first = try await keyshare(arguments)
        #expect(first.status == 1, "\(first.errors)")
        let outcomes = Self.outcomes(first.output)
        #expect(outcomes.count == run.members, "\(first.output.suffix(800))\(first.errors)")
        let granted = Set(outcomes.filter { $0.value.status == "changed" }.keys)
        let failed = outcomes.filter { $0.value.status == "failed" }
        #expect(granted.count == run.admitted, "\(outcomes)")
        #expect(failed.count == run.members - run.admitted, "\(outcomes)")
        for (account, outcome) in failed {
            #expect(outcome.code == run.refusal, "\(account): \(outcome)")
            #expect(outcome.changes.isEmpty, "\(account) changed before failing: \(outcome.changes)")
        }
        let roles = try await self.roles(members: run.members, world: world, state: state, in: work)
        #expect(roles == granted, "roles exist in \(roles.sorted()), granted \(granted.sorted())")

        let again = try await keyshare(arguments)
        #expect(again.status == 1)
        let second = Self.outcomes(again.output)
        #expect(Set(second.filter { $0.value.status == "unchanged" }.keys) == granted, "\(second)")
        #expect(second.filter { $0.value.status == "failed" }.allSatisfy { $0.value.code == run.refusal }, "\(second)")
        #expect(try await self.roles(members: run.members, world: world, state: state, in: work) == granted)
    }

    /// A target's line of the JSON report.
    struct Outcome: Sendable, CustomStringConvertible {
        var status: String
        var code: String?
        var changes: [String]
        var description: String { "\(status) \(code ?? "") \(changes)" }
    }

    /// The `target_finished` events of a JSON report, per account.
    static func outcomes(_ output: String) -> [String: Outcome] {
        var outcomes: [String: Outcome] = [:]
        for line in output.split(separator: "\n") where line.contains(#""type":"target_finished""#) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let target = object["target"] as? [String: Any], let id = target["id"] as? String,
                let status = object["status"] as? String
            else { continue }
            let code = (object["error"] as? [String: Any])?["code"] as? String
            outcomes[id] = Outcome(status: status, code: code, changes: object["changes"] as? [String] ?? [])
        }
        return outcomes
    }

    /// The members whose account holds any sharee role, read from the state by a script.
    func roles(members: Int, world: String, state: String, in work: URL) async throws -> Set<String> {
        let script = try write(
            """
            for index = 1, \(members) do
              local account = string.format("20000000000000%02d", index)
              for _, name in ipairs({ "AliyunECSDiskEncryptDefaultRole", "AliyunECSShareEncryptImageDefaultRole",
                "AliyunECSShareEncryptSnapshotDefaultRole" }) do
                if pcall(ram.get_role, { role_name = name }, { account = account }) then
                  print(account)
                  break
                end
              end
            end
            """, "roles.lua", in: work)
        let listed = try await keyshare(["run", "--world", world, "--state", state, script])
        #expect(listed.status == 0, "\(listed.errors)")
        return Set(listed.output.split(separator: "\n").map(String.init))
    }

    static func world(members: Int, keys: Int, vpcNum: Int) -> String {
        let keyLines = (0..<keys).map { index in
            """
                  - id: key-hzz6aa1b2c3d4e5f6a7b\(index)
                    instance: kst-hzz6aa1b2c3d4e5f6
                    region: cn-hangzhou
                    alias: alias/shared-disk-key\(index == 0 ? "" : "-\(index + 1)")
                    state: Enabled
                    spec: Aliyun_AES_256
            """
        }.joined(separator: "\n")
        let memberLines = (1...members).map {
            String(format: #"  - { id: "20000000000000%02d", name: prod-%d, folder: fd-prod }"#, $0, $0)
        }.joined(separator: "\n")
        return """
            version: 1
            default_region: cn-hangzhou
            resource_directory:
              management_account: "1000000000000001"
              folders:
                - { id: fd-prod, name: prod }
                - { id: fd-dev, name: dev }
            accounts:
              - id: "1000000000000001"
                name: security
                kms_instances:
                  - { id: kst-hzz6aa1b2c3d4e5f6, region: cn-hangzhou, vpc_num: \(vpcNum), key_num: 1000, bound_vpcs: 1 }
                keys:
            \(keyLines)
            \(memberLines)
              - { id: "3000000000000001", name: dev, folder: fd-dev }
            """
    }

    static func playbook(pool: Bool, steps: [String], params: String) -> String {
        """
        return { owner = "1000000000000001", \(pool ? #"keys = { "alias/shared-disk-key*" }"# : #"key = "alias/shared-disk-key""#),
          region = "cn-hangzhou", inventory = "resource-directory",
          params = { folder = "fd-prod", verify = false\(params.isEmpty ? "" : ", " + params) },
          steps = { \(steps.joined(separator: ", ")) } }
        """
    }

    /// A script padding each key's policy with an owner statement so exactly `fits` more disk roles
    /// fit: the policy with them, encoded as keyshare writes it (canonical JSON), is 32,768 bytes.
    static func padding(fits: Int, keys: Int) -> String {
        """
        local function policy(pad, principals)
          local statements = {
            { Sid = "kms default key policy", Effect = "Allow", Principal = { RAM = { "acs:ram::1000000000000001:*" } },
              Action = { "kms:*" }, Resource = { "*" } },
            { Sid = "padding", Effect = "Allow", Principal = { RAM = { "acs:ram::1000000000000001:root" } },
              Action = { "kms:P" .. string.rep("x", pad) }, Resource = { "*" } },
          }
          if #principals > 0 then
            statements[#statements + 1] = { Sid = "keyshare/shared-use", Effect = "Allow", Principal = { RAM = principals },
              Action = { "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:List*",
                "kms:TagResource", "kms:UntagResource" }, Resource = { "*" } }
          end
          return json.encode({ Version = "1", Statement = statements })
        end
        local principals = {}
        for index = 1, \(fits) do
          principals[index] = string.format("acs:ram::29%014d:role/AliyunECSDiskEncryptDefaultRole", index)
        end
        local pad = 32768 - #policy(0, principals)
        for index = 1, \(keys) do
          local alias = index == 1 and "alias/shared-disk-key" or ("alias/shared-disk-key-" .. index)
          kms.set_key_policy({ key_id = alias, policy = policy(pad, {}) })
        end
        """
    }
}
