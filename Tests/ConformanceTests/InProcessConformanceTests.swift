import CloudSimulator
import KeyshareTesting
import Testing

/// `CloudConformance` against `SimulatedCloud` called in process.
@Suite("Conformance in process")
struct InProcessConformanceTests {
    @Test("check names are unique sentences")
    func names() {
        let names = CloudConformance.checks.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.count >= 30)
    }

    @Test("the check holds for SimulatedCloud in process", arguments: CloudConformance.checks.map(\.name))
    func check(_ name: String) async throws {
        let check = try #require(CloudConformance.check(named: name))
        let steps = try await CloudConformance.run(check, against: try Fixtures.conformanceSimulator(check.world))
        #expect(!steps.isEmpty)
    }

    @Test("two runs from the same seed produce the same transcript", arguments: CloudConformance.checks.map(\.name))
    func deterministic(_ name: String) async throws {
        let check = try #require(CloudConformance.check(named: name))
        let first = await CloudConformance.transcript(of: check, against: try Fixtures.conformanceSimulator(check.world))
        let second = await CloudConformance.transcript(of: check, against: try Fixtures.conformanceSimulator(check.world))
        #expect(first.steps == second.steps)
    }
}
