import CloudAPI
import CloudSimulator
import KeyshareTesting
import Testing

/// One error code of the reference, produced by a scenario against a fresh simulator: the
/// scenario's last call must fail with exactly `code` and `httpStatus`.
struct ErrorCodeCase: Sendable, CustomTestStringConvertible {
    /// The wire code.
    var code: String
    /// The HTTP status the reference gives.
    var httpStatus: Int
    /// How the scenario provokes it.
    var scenario: String
    /// The world to start from.
    var world: World
    /// Set-up calls (must succeed) and then the one call that must fail.
    var body: @Sendable (SimulatedCloud, ConformanceFixture) async throws -> Void

    /// The names the scenario uses; they must match `world`.
    var fixture: ConformanceFixture

    init(
        _ code: String, _ httpStatus: Int, _ scenario: String, world: World = ConformanceWorld().world,
        fixture: ConformanceFixture = ConformanceWorld().fixture,
        _ body: @escaping @Sendable (SimulatedCloud, ConformanceFixture) async throws -> Void
    ) {
        self.code = code
        self.httpStatus = httpStatus
        self.scenario = scenario
        self.world = world
        self.fixture = fixture
        self.body = body
    }

    /// A scenario starting from a conformance organisation other than the default one.
    init(
        _ code: String, _ httpStatus: Int, _ scenario: String, conformance: ConformanceWorld,
        _ body: @escaping @Sendable (SimulatedCloud, ConformanceFixture) async throws -> Void
    ) {
        self.init(code, httpStatus, scenario, world: conformance.world, fixture: conformance.fixture, body)
    }

    var testDescription: String { "\(code) (\(httpStatus)): \(scenario)" }

    /// Runs the scenario; set-up failures surface as `.unexpected` so they are told apart.
    func outcome() async throws -> Outcome {
        let cloud = try Fixtures.simulator(world: world)
        return await Outcome.of { try await body(cloud, fixture) }
    }
}

/// Runs set-up steps whose failure must not be mistaken for the code under test.
struct SetupFailed: Error, CustomStringConvertible {
    var step: String
    var error: any Error
    var description: String { "set-up step '\(step)' failed: \(error)" }
}

/// Performs a set-up step, wrapping any error so `Outcome.of` reports it as unexpected.
func setup<T>(_ step: String, _ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch { throw SetupFailed(step: step, error: error) }
}
