import CloudSimulator
import Foundation

/// How `run` and `serve` open the embedded simulator from `--world`, `--state`, `--fresh-state`
/// and `--wait-state`: the world is loaded and the state file checked and locked before anything
/// is written, and a state seeded from another world is refused rather than silently used.
struct SimulatorLaunch {
    /// `--world`: a world file (nil: the starter world).
    var worldPath: String?
    /// Member accounts of the starter world used without `--world`.
    var starterAccounts: Int
    /// `--state`: the SQLite state file (nil: in memory only).
    var statePath: String?
    /// `--fresh-state`: discard the state file's cloud and seed it again from the world.
    var freshState = false
    /// `--wait-state`: seconds to wait for another process that holds the state file.
    var waitState: Double = 0
    /// `--faults`: a fault file or inline settings replacing the world's `faults:` section.
    var faults: String?

    /// What was opened: the cloud, the state file's lock (held while the value lives), and
    /// whether this launch created the state file.
    struct Opened {
        /// The simulator.
        var cloud: SimulatedCloud
        /// The world it was built from (or would have been, for a resumed state).
        var world: World
        /// The process's ownership of the state file; keep it alive for the command's lifetime.
        var lock: StateLock?
        /// The state file, when this launch created it (a run that cannot start removes it again).
        var createdStateFile: URL?
    }

    /// The world (`--world`, else the starter world) and how the state file names its source.
    ///
    /// - Throws: `StartFailure` naming the world file and what is wrong with it.
    func loadWorld() throws -> (world: World, source: String) {
        guard let worldPath else {
            return (World.starter(accounts: starterAccounts), "the starter world (\(starterAccounts) accounts; no --world)")
        }
        do {
            return (
                try World.load(contentsOf: URL(fileURLWithPath: worldPath)),
                "the world file \(URL(fileURLWithPath: worldPath).path)"
            )
        } catch {
            throw StartFailure("--world \(worldPath): \(error)")
        }
    }

    /// What an existing state file must be: re-seeded (`--fresh-state`), resumed as it is (no
    /// `--world`), or seeded from the same world.
    var existingState: ExistingState { freshState ? .reseed : (worldPath == nil ? .resume : .requireSameWorld) }

    /// Loads the world, checks and locks the state file, and opens the simulator.
    ///
    /// - Throws: `StartFailure` naming the world or state file and the fix.
    func open(environment: SimulatorEnvironment) async throws -> Opened {
        let opened = try await openCloud(environment: environment)
        try await applyFaults(to: opened.cloud)
        return opened
    }

    /// The `--faults` plan, if given; it replaces the world's `faults:` section in `cloud`.
    ///
    /// - Throws: `StartFailure` naming the field and the fix (checked at parse time already).
    func applyFaults(to cloud: SimulatedCloud) async throws {
        guard let faults else { return }
        do {
            await cloud.setFaults(try FaultPlan.parse(option: faults))
        } catch {
            throw StartFailure("\(error)")
        }
    }

    /// ``open(environment:)`` without `--faults`.
    private func openCloud(environment: SimulatorEnvironment) async throws -> Opened {
        let (world, source) = try loadWorld()
        guard let statePath else {
            do {
                return Opened(cloud: try SimulatedCloud(world: world, environment: environment), world: world)
            } catch {
                throw StartFailure("--world \(worldPath ?? "(starter)"): \(error)")
            }
        }
        let stateFile = URL(fileURLWithPath: statePath)
        let lock: StateLock
        do {
            try StateFileCheck.checkFormat(stateFile)
            lock = try await StateLock.acquire(for: stateFile, waiting: waitState)
        } catch {
            throw StartFailure("--state \(statePath): \(error)")
        }
        let existed = FileManager.default.fileExists(atPath: stateFile.path)
        let existing = existingState
        do {
            let cloud = try SimulatedCloud(
                world: world, environment: environment, stateFile: stateFile,
                stamp: WorldStamp(world: world, source: source), existing: existing)
            return Opened(cloud: cloud, world: world, lock: lock, createdStateFile: existed ? nil : stateFile)
        } catch {
            // Nothing of this launch stays behind: a new file goes, and so does the lock file,
            // which is safe to remove while held (see `StateLock`).
            withExtendedLifetime(lock) {
                if existed { try? FileManager.default.removeItem(at: lock.lockFile) } else { Self.remove(stateFile) }
            }
            throw StartFailure("--state \(statePath): \(error)")
        }
    }

    /// Removes a state file this process created, with SQLite's sidecars and the lock file; call it
    /// while holding the lock (a process waiting on the removed lock file takes the new one, see
    /// `StateLock`).
    static func remove(_ stateFile: URL) {
        for suffix in ["", "-wal", "-shm", "-journal", ".lock"] {
            try? FileManager.default.removeItem(atPath: stateFile.path + suffix)
        }
    }
}
