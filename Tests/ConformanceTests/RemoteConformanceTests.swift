import CloudSimulator
import KeyshareTesting
import Testing

/// `CloudConformance` against `RemoteCloud` → `SimulatorServer` → `SimulatedCloud` on loopback:
/// every check must hold over HTTP, with the same transcript as in process — the same outcomes,
/// and each `CloudError` identical (code, message, HTTP status) after the round trip.
@Suite("Conformance over HTTP")
struct RemoteConformanceTests {
    @Test("the check holds over HTTP and matches the in-process transcript step by step", arguments: SimulatorGaps.open)
    func check(_ name: String) async throws {
        try await compare(name)
    }

    @Test("checks the simulator fails today, over HTTP (see SimulatorGaps)",
          .disabled("simulator gap: CreateDisk answers 404 KMSKeyId.NotFound when the key policy names nothing of the account"),
          arguments: SimulatorGaps.known)
    func gaps(_ name: String) async throws {
        try await compare(name)
    }

    func compare(_ name: String) async throws {
        let check = try #require(CloudConformance.check(named: name))
        let owner = try #require(check.world.fixture.accessKeys[check.world.fixture.owner])
        let local = await CloudConformance.transcript(of: check, against: try Fixtures.liveSimulator(check.world))
        let served = try Fixtures.liveSimulator(check.world)
        let remote = try await LiveSimulator.with(served, accessKey: owner) { cloud in
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
