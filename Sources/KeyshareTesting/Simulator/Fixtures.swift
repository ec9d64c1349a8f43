import CloudSimulator
import Foundation

/// Worlds and simulators built from fixtures, for every test target that needs a cloud.
package enum Fixtures {
    /// The conformance organisation with `accounts` member accounts (and enough quota for all).
    package static func world(accounts: Int, vpcNum: Int? = nil, boundVPCs: Int = 0) throws -> World {
        try World.load(yaml: ConformanceWorld(sharees: accounts, vpcNum: vpcNum ?? accounts + 10, boundVPCs: boundVPCs).yaml())
    }

    /// A deterministic simulator holding `world` (optionally persisted to `stateFile`).
    package static func simulator(
        _ world: ConformanceWorld = ConformanceWorld(), seed: UInt64 = 0,
        stateFile: URL? = nil
    ) throws -> SimulatedCloud {
        try SimulatedCloud(
            world: World.load(yaml: world.yaml()), environment: DeterministicEnvironment.make(seed: seed),
            stateFile: stateFile)
    }

    /// A simulator for conformance checks holding `world`, with resources ready at once. On the
    /// real clock (`realClock`) it is what `keyshare serve` runs, as needed when STS credentials
    /// cross the wire (the server dates them by the real clock); otherwise deterministic.
    package static func conformanceSimulator(_ world: ConformanceWorld, realClock: Bool = false) throws -> SimulatedCloud {
        try SimulatedCloud(
            world: World.load(yaml: world.yaml()),
            environment: DeterministicEnvironment.instantResources(realClock: realClock))
    }

    /// A deterministic simulator holding `world`, validated as a world file is.
    package static func simulator(world: World, seed: UInt64 = 0, stateFile: URL? = nil) throws -> SimulatedCloud {
        try SimulatedCloud(
            world: world.validated(), environment: DeterministicEnvironment.make(seed: seed),
            stateFile: stateFile)
    }

    /// A fresh, empty directory under the system temporary directory (the caller removes it).
    package static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("keyshare-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
