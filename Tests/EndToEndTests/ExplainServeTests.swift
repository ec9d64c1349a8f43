import Foundation
import Testing

/// `keyshare explain --backend http` against `keyshare serve`: the same answer as the embedded
/// simulator gives on the same world, and only read calls in the server's request log.
@Suite(
    "keyshare explain over keyshare serve",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct ExplainServeTests {
    /// The questions asked of both backends.
    static let questions: [[String]] = [
        ["--key", explainKeyARN, "--principal", "acs:ram::2000000000000002:role/KeyUser"],
        ["--key", explainKeyARN, "--principal", "acs:ram::2000000000000001:role/KeyUser", "--action", "kms:Decrypt"],
        ["--key", explainKeyARN, "--principal", "acs:ram::2000000000000002:role/CondUser", "--action", "kms:Encrypt"],
        ["--key", "key-hzz6aa1b2c3d4e5f6a7b8", "--principal", "acs:ram::2000000000000001:root", "--via", "ecs"],
        ["--key", "alias/shared-disk-key", "--principal", "acs:ram::2000000000000003:root", "--via", "ecs"],
        ["--key", "key-hzz6bb1b2c3d4e5f6a7b8", "--principal", "acs:ram::1000000000000001:root", "--action", "kms:Encrypt"],
    ]

    @Test("over HTTP explain answers as the embedded simulator does, with read calls only")
    func sameAnswerReadOnly() async throws {
        let (work, world) = try explainWorldFile()
        defer { try? FileManager.default.removeItem(at: work) }
        let server = try await LoggedServer.start(world: world, log: work.appendingPathComponent("serve.log"))
        defer { server.stop() }
        let before = try server.actions().count
        for question in Self.questions {
            let embedded = try await keyshare(["explain", "--world", world, "--json"] + question)
            let remote = try await keyshare(
                ["explain", "--backend", "http", "--endpoint", server.endpoint, "--json"] + question,
                environment: explainClientEnvironment)
            #expect(remote.status == embedded.status, "\(question): \(remote.output)\(remote.errors)")
            #expect([0, 3, 4].contains(remote.status), "\(question): \(remote.errors)")
            #expect(remote.output == embedded.output, "\(question): http\n\(remote.output)\nsim\n\(embedded.output)")
            #expect(!remote.output.contains("explain-test-secret") && !remote.errors.contains("explain-test-secret"))
        }
        let during = Array(try server.actions().dropFirst(before))
        // Reads, plus the credential broker's AssumeRole into member accounts (it writes nothing).
        let writes = during.filter { action in
            !["Get", "List", "Describe"].contains { action.hasPrefix($0) } && action != "AssumeRole"
        }
        #expect(writes.isEmpty, "non-read requests during explain: \(writes)")
        for read in ["DescribeKey", "GetKeyPolicy", "GetRole", "ListPoliciesForRole", "GetPolicy"] {
            #expect(during.contains(read), "explain never called \(read): \(during)")
        }
    }

    @Test("over HTTP an unknown key is bad input (exit 2) naming the key")
    func unknownKeyOverHTTP() async throws {
        let (work, world) = try explainWorldFile()
        defer { try? FileManager.default.removeItem(at: work) }
        let server = try await LoggedServer.start(world: world, log: work.appendingPathComponent("serve.log"))
        defer { server.stop() }
        let result = try await keyshare(
            [
                "explain", "--backend", "http", "--endpoint", server.endpoint, "--key", "key-nothere",
                "--principal", "acs:ram::2000000000000001:root",
            ],
            environment: explainClientEnvironment)
        #expect(result.status == 2, "\(result.output)\(result.errors)")
        #expect(result.errors.contains("--key 'key-nothere'"), "\(result.errors)")
    }
}
