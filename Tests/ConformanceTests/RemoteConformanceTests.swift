import ACSWire
import CloudSimulator
import KeyshareTesting
import Testing

/// `CloudConformance` against `RemoteCloud` → `SimulatorServer` → `SimulatedCloud` on loopback:
/// every check must hold over HTTP, with the same transcript as in process — the same outcomes,
/// and each `CloudError` identical (code, message, HTTP status) after the round trip.
@Suite("Conformance over HTTP")
struct RemoteConformanceTests {
    @Test(
        "the check holds over HTTP and matches the in-process transcript step by step",
        arguments: CloudConformance.checks.map(\.name))
    func check(_ name: String) async throws {
        try await compare(name, signatureVersion: .v3)
    }

    @Test("the check holds with legacy V1 (HMAC-SHA1) signatures too", arguments: CloudConformance.checks.map(\.name))
    func checkV1(_ name: String) async throws {
        try await compare(name, signatureVersion: .v1)
    }

    /// Runs the check in process and over HTTP (signed with `signatureVersion`) and compares.
    func compare(_ name: String, signatureVersion: ACSRequestBuilder.SignatureVersion) async throws {
        let check = try #require(CloudConformance.check(named: name))
        let owner = try #require(check.world.fixture.accessKeys[check.world.fixture.owner])
        let local = await CloudConformance.transcript(
            of: check, against: try Fixtures.conformanceSimulator(check.world, realClock: true))
        let served = try Fixtures.conformanceSimulator(check.world, realClock: true)
        let remote = try await LiveSimulator.with(served, accessKey: owner, signatureVersion: signatureVersion) { cloud in
            let result = await CloudConformance.transcript(of: check, against: cloud)
            return RemoteResult(steps: result.steps, failure: result.failure.map { String(describing: $0) })
        }
        #expect(remote.failure == nil, "over HTTP: \(remote.failure ?? "")")
        #expect(remote.steps.count == local.steps.count)
        for (index, (here, there)) in zip(local.steps, remote.steps).enumerated() {
            #expect(here == there, "step \(index + 1)")
        }
    }
}

/// What a remote run reports back across the server's task group.
struct RemoteResult: Sendable {
    var steps: [ConformanceStep]
    var failure: String?
}
