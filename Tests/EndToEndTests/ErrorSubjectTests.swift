import Foundation
import Testing

/// Errors name their subject: a missing alias (which alias, account, region), an account that is
/// not in the world (which account), a missing role (which role ARN), a member without the access
/// role over HTTP (which role, which account, and the fix).
@Suite(
    "Errors name their subject",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct ErrorSubjectTests {
    /// A Lua call that fails, and what its message must name.
    struct Failing: CustomTestStringConvertible, Sendable {
        var name: String
        var call: String
        var names: [String]
        var testDescription: String { name }
    }

    static let failing: [Failing] = [
        Failing(
            name: "a missing alias of the caller", call: "kms.describe_key, { key_id = 'alias/nope' }",
            names: ["Forbidden.AliasNotFound", "alias/nope", "account 1000000000000001", "region cn-hangzhou"]),
        Failing(
            name: "a missing alias in another region",
            call: "kms.describe_key, { key_id = 'alias/shared-disk-key' }, { region = 'cn-shanghai' }",
            names: ["alias/shared-disk-key", "region cn-shanghai"]),
        Failing(
            name: "a missing alias by ARN of another account",
            call: "kms.describe_key, { key_id = 'acs:kms:cn-hangzhou:2000000000000001:alias/other' }",
            names: ["alias/other", "account 2000000000000001"]),
        Failing(
            name: "a caller account not in the world", call: "kms.list_keys, {}, { account = '9999999999999999' }",
            names: ["InvalidAccessKeyId.NotFound", "account 9999999999999999 is not in the simulated world"]),
        Failing(
            name: "a role caller in an account not in the world",
            call: "ram.list_roles, {}, { account = '9999999999999998', role = 'R' }",
            names: ["account 9999999999999998 is not in the simulated world"]),
        Failing(
            name: "AssumeRole of a missing role",
            call: "sts.assume_role, { role_arn = 'acs:ram::2000000000000001:role/Nope', role_session_name = 'ses' }",
            names: ["EntityNotExist.Role", "acs:ram::2000000000000001:role/Nope", "has no role Nope"]),
        Failing(
            name: "AssumeRole into an account not in the world",
            call: "sts.assume_role, { role_arn = 'acs:ram::9999999999999997:role/R', role_session_name = 'ses' }",
            names: ["acs:ram::9999999999999997:role/R", "9999999999999997 is not in the simulated world"]),
    ]

    @Test("a failing call's message names its subject", arguments: failing)
    func named(_ failure: Failing) async throws {
        let folder = try temporaryFolder("keyshare-error-subject")
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("fail.lua")
        try "local ok, err = pcall(\(failure.call))\nassert(not ok, 'the call succeeded')\nprint(tostring(err))\n"
            .write(to: script, atomically: true, encoding: .utf8)
        let outcome = try await keyshare(["run", script.path])
        #expect(outcome.status == 0, "\(outcome.errors)")
        for name in failure.names { #expect(outcome.output.contains(name), "\(name) in: \(outcome.output)") }
    }

    @Test("a playbook's target or key that does not exist fails naming it")
    func playbook() async throws {
        let folder = try temporaryFolder("keyshare-error-subject")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ghost = folder.appendingPathComponent("ghost.lua")
        try """
        return { key = "alias/shared-disk-key", targets = { { id = "9999999999999999", name = "ghost" } },
                 steps = { "ecs-key-sharing.prepare" } }
        """.write(to: ghost, atomically: true, encoding: .utf8)
        let target = try await keyshare(["run", ghost.path])
        #expect(target.status != 0)
        #expect(
            (target.output + target.errors).contains("9999999999999999 is not in the simulated world"),
            "\(target.output)\(target.errors)")
        let noKey = folder.appendingPathComponent("nokey.lua")
        try """
        return { key = "alias/no-such-key", targets = { { id = "2000000000000001", name = "one" } },
                 steps = { "ecs-key-sharing.grant" } }
        """.write(to: noKey, atomically: true, encoding: .utf8)
        let key = try await keyshare(["run", noKey.path])
        #expect(key.status != 0)
        #expect((key.output + key.errors).contains("alias/no-such-key in account 1000000000000001"), "\(key.output)\(key.errors)")
    }

    @Test("over HTTP, a member without the access role fails naming the role, the account and --access-role")
    func accessRole() async throws {
        let folder = try temporaryFolder("keyshare-error-subject")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (server, environment) = try await ServedSimulator.starter(accounts: 2, in: folder)
        let secret = try #require(environment["ALIBABA_CLOUD_ACCESS_KEY_SECRET"])
        defer { server.stopNow() }
        let script = folder.appendingPathComponent("member.lua")
        try "local ok, err = pcall(kms.list_keys, {}, { account = '2000000000000001' })\nprint(tostring(err))\n"
            .write(to: script, atomically: true, encoding: .utf8)
        let outcome = try await keyshare(
            ["run", "--backend", "http", "--endpoint", server.endpoint, "--access-role", "MissingAccessRole", script.path],
            environment: environment)
        #expect(outcome.status == 0, "\(outcome.errors)")
        for name in [
            "EntityNotExist.Role", "acs:ram::2000000000000001:role/MissingAccessRole", "account 2000000000000001",
            "--access-role",
        ] {
            #expect(outcome.output.contains(name), "\(name) in: \(outcome.output)")
        }
        #expect(!outcome.output.contains(secret) && !outcome.errors.contains(secret))
    }
}
