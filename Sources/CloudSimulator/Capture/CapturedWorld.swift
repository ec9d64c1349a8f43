import CloudModel
import Foundation

/// A capture's result: the twin's world and what it could not carry over.
package struct CapturedWorld: Sendable {
    /// The world the simulator loads.
    package var world: World
    /// What was skipped, left out or made up, per kind.
    package var report: CaptureReport
    /// The regions read.
    package var regions: [RegionID]

    /// The world file: a comment header naming what the world does not hold (one line per kind),
    /// then the world. Nothing in it depends on when or from where it was captured, so capturing
    /// the same organisation again writes the same bytes.
    package func yaml() -> String {
        var header =
            "# A rehearsal twin written by `keyshare sim capture` (regions: "
            + regions.map(\.rawValue).joined(separator: ", ") + ").\n"
            + "# Load it with `keyshare run|plan|serve --world FILE`. What it does not hold:\n"
        for line in report.lines { header += "#   \(line.replacingOccurrences(of: "\n", with: " "))\n" }
        return header + world.yaml()
    }

    /// Loads the written text back and seeds a simulator from it, as `--world` would.
    ///
    /// - Throws: `WorldError` when the twin would not load (a capture bug, reported as such).
    package func verify() throws {
        let loaded = try World.load(yaml: yaml())
        _ = try SimulatedCloud(world: loaded, environment: .live)
    }
}
