import Foundation
import Testing

private let examples = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples")

/// A failure world: the owner's key policy has a foreign statement (`partner-audit`) and its
/// instance has access-management quota for only two of the three prod members.
private let failureWorld = """
    version: 1
    default_region: cn-hangzhou
    resource_directory:
      management_account: "1000000000000001"
      folders:
        - { id: fd-prod, name: prod }
        - { id: fd-partners, name: partners }
    accounts:
      - id: "1000000000000001"
        name: security
        kms_instances:
          - { id: kst-hzz6aa1b2c3d4e5f6, region: cn-hangzhou, vpc_num: 4, key_num: 1000, bound_vpcs: 1 }
        keys:
          - id: key-hzz6aa1b2c3d4e5f6a7b8
            instance: kst-hzz6aa1b2c3d4e5f6
            region: cn-hangzhou
            alias: alias/shared-disk-key
            state: Enabled
            spec: Aliyun_AES_256
            policy:
              Version: "1"
              Statement:
                - { Sid: "kms default key policy", Effect: Allow, Principal: { RAM: [ "acs:ram::1000000000000001:*" ] }, Action: [ "kms:*" ], Resource: [ "*" ] }
                - { Sid: partner-audit, Effect: Allow, Principal: { RAM: [ "acs:ram::3000000000000001:root" ] }, Action: [ "kms:DescribeKey" ], Resource: [ "*" ] }
      - { id: "2000000000000001", name: prod-1, folder: fd-prod, tags: { env: prod } }
      - { id: "2000000000000002", name: prod-2, folder: fd-prod, tags: { env: prod } }
      - { id: "2000000000000003", name: prod-3, folder: fd-prod, tags: { env: prod } }
      - { id: "3000000000000001", name: partner, folder: fd-partners }
    """

/// Playbooks through the built binary, on the in-process simulator.
@Suite(
    "Playbooks",
    .enabled(
        if: keyshareBinaryExists,
        "skipped: build the binary first (swift build --product keyshare)"))
struct PlaybookTests: PluginPlaybookSuite {
    private func folder() throws -> URL { try temporaryFolder("keyshare-playbooks") }

    @Test("the example playbooks succeed on the simulator, and a second share changes nothing")
    func examplesSucceed() async throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let state = work.appendingPathComponent("state.sqlite").path
        for example in ["share-disk-key", "reshare-image", "revoke"] {
            let outcome = try await keyshare(["run", "--state", state, examples.appendingPathComponent("\(example).lua").path])
            #expect(outcome.status == 0, "\(example): \(outcome.output)\(outcome.errors)")
            #expect(outcome.output.contains(" 0 failed"), "\(example): \(outcome.output)")
        }
        let share = examples.appendingPathComponent("share-disk-key.lua").path
        let first = try await keyshare(["run", "--state", state, share])
        #expect(first.output.contains("20 targets: 20 changed"), "\(first.output)")
        let second = try await keyshare(["run", "--state", state, share])
        #expect(second.status == 0)
        #expect(second.output.contains("20 targets: 0 changed, 20 unchanged, 0 failed"), "\(second.output)")
    }

    @Test("exhausted quota fails only the target beyond it, and the foreign statement survives")
    func quotaAndForeignStatement() async throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let world = try write(failureWorld, "world.yaml", in: work)
        let state = work.appendingPathComponent("state.sqlite").path
        let outcome = try await keyshare([
            "run", "--world", world, "--state", state, "--reporter", "json",
            examples.appendingPathComponent("share-disk-key.lua").path,
        ])
        #expect(outcome.status == 1)
        let finished = outcome.output.split(separator: "\n").filter { $0.contains(#""type":"target_finished""#) }
        #expect(finished.count == 3)
        #expect(finished.filter { $0.contains(#""status":"changed""#) }.count == 2, "\(finished)")
        let failed = finished.filter { $0.contains(#""status":"failed""#) }
        #expect(failed.count == 1 && failed[0].contains(#""code":"Rejected.ShareQuotaExceedLimit""#), "\(failed)")

        let script = try write(#"print(kms.get_key_policy({ key_id = "alias/shared-disk-key" }).policy)"#, "policy.lua", in: work)
        let policy = try await keyshare(["run", "--world", world, "--state", state, script])
        #expect(policy.output.contains(#""Sid":"partner-audit""#), "\(policy.output)")
        #expect(policy.output.contains(#""Sid":"keyshare/shared-use""#), "\(policy.output)")
    }

    @Test("a disabled key fails every verification with CMKNotEnabled and nothing else")
    func disabledKey() async throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let world = try write(
            failureWorld.replacingOccurrences(of: "state: Enabled", with: "state: Disabled")
                .replacingOccurrences(of: "vpc_num: 4", with: "vpc_num: 10"), "world.yaml", in: work)
        let outcome = try await keyshare(["run", "--world", world, examples.appendingPathComponent("share-disk-key.lua").path])
        #expect(outcome.status == 1)
        // Counted on the targets' lines: the summary's failures by code names the code once more.
        let failed = outcome.output.split(separator: "\n").filter { $0.hasPrefix("  FAILED") }
        #expect(
            failed.count == 3 && failed.allSatisfy { $0.contains("InvalidParameter.KMSKeyId.CMKNotEnabled") }, "\(outcome.output)"
        )
    }

    @Test("a grant for an account missing its role fails that target with InvalidParameter only")
    func missingRole() async throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let withRole = failureWorld.replacingOccurrences(
            of: #"  - { id: "2000000000000001", name: prod-1, folder: fd-prod, tags: { env: prod } }"#,
            with: """
                  - id: "2000000000000001"
                    name: prod-1
                    folder: fd-prod
                    roles:
                      - name: AliyunECSDiskEncryptDefaultRole
                        trust: { Version: "1", Statement: [ { Effect: Allow, Action: "sts:AssumeRole", Principal: { Service: [ "ecs.aliyuncs.com" ] } } ] }
                """
        ).replacingOccurrences(of: "vpc_num: 4", with: "vpc_num: 10")
        let world = try write(withRole, "world.yaml", in: work)
        let playbook = try write(
            """
            return { owner = "1000000000000001", key = "alias/shared-disk-key", inventory = "resource-directory",
              params = { folder = "fd-prod" }, steps = { "ecs-key-sharing.grant" } }
            """, "grant.lua", in: work)
        let outcome = try await keyshare(["run", "--world", world, playbook])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("3 targets: 1 changed, 0 unchanged, 2 failed"), "\(outcome.output)")
        #expect(
            outcome.output.components(separatedBy: "InvalidParameter: the key policy refused").count - 1 == 2, "\(outcome.output)"
        )
    }

    @Test("a pool of keys takes more accounts than one key policy holds; a re-run keeps every account on its key")
    func keyPool() async throws {
        let work = try folder()
        defer { try? FileManager.default.removeItem(at: work) }
        let world = work.appendingPathComponent("world.yaml").path
        _ = try await keyshare(["sim", "init", "--accounts", "520", "--output", world])
        let state = work.appendingPathComponent("state.sqlite").path
        let share = examples.appendingPathComponent("share-disk-key.lua").path
        let arguments = [
            "run", "--world", world, "--state", state, "--param", "folder=", "--param", "verify=false",
            "--concurrency", "50", share,
        ]
        let first = try await keyshare(arguments)
        #expect(first.status == 0, "\(first.output.suffix(600))\(first.errors)")
        #expect(first.output.contains("520 targets: 520 changed, 0 unchanged, 0 failed"), "\(first.output.suffix(300))")
        let again = try await keyshare(arguments)
        #expect(again.output.contains("520 targets: 0 changed, 520 unchanged, 0 failed"), "\(again.output.suffix(300))")

        let count = try write(
            """
            for _, alias in ipairs({ "alias/shared-disk-key", "alias/shared-disk-key-2" }) do
              local policy = kms.get_key_policy({ key_id = alias }).policy
              local _, roles = policy:gsub("role/", "")
              print(alias, roles, #policy <= 32768)
            end
            """, "count.lua", in: work)
        let counted = try await keyshare(["run", "--world", world, "--state", state, count])
        let lines = counted.output.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.count == 2 && lines.allSatisfy { $0.count == 3 && $0[2] == "true" }, "\(counted.output)")
        #expect(lines.compactMap { Int($0[1]) }.reduce(0, +) == 520, "\(counted.output)")
        #expect(lines.first.flatMap { Int($0[1]) }.map { $0 > 400 } == true, "the first key fills first: \(counted.output)")
    }

    @Test("approval.confirm refuses the run (exit 3, nothing changed) until --param approve names the target count")
    func approvalGate() async throws {
        let guarded = examples.appendingPathComponent("share-with-approval.lua").path
        let refused = try await keyshare(["run", guarded])
        #expect(refused.status == 3, "\(refused.output)\(refused.errors)")
        #expect(refused.errors.contains("--param approve=20"), "\(refused.errors)")
        #expect(refused.output.contains("20 targets: 0 changed, 0 unchanged, 0 failed, 20 skipped"), "\(refused.output)")
        let stale = try await keyshare(["run", "--param", "approve=19", guarded])
        #expect(stale.status == 3 && stale.errors.contains("does not match the 20 target"), "\(stale.errors)")
        let approved = try await keyshare(["run", "--param", "approve=20", "--param", "verify=false", guarded])
        #expect(approved.status == 0, "\(approved.output)\(approved.errors)")
        #expect(approved.output.contains("20 targets: 20 changed"), "\(approved.output)")
    }

    @Test("bad params are refused before anything runs, with the valid list")
    func badParams() async throws {
        let outcome = try await keyshare([
            "run", "--param", "verfy=false", examples.appendingPathComponent("share-disk-key.lua").path,
        ])
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains("unknown param 'verfy' given with --param (did you mean 'verify'?"), "\(outcome.errors)")
    }
}
