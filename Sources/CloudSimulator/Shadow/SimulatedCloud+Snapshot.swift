import CloudModel
import Foundation

extension SimulatedCloud {
    /// An in-memory copy of this cloud as it is now (accounts, clock, id generator; no state file,
    /// no faults): what a plan changes in the copy never reaches this cloud or its state file.
    /// Accounts are reference types, so they are copied deeply (through their Codable form).
    package func detachedCopy(environment: SimulatorEnvironment? = nil) throws -> SimulatedCloud {
        let data = try JSONEncoder().encode(Array(accounts.values))
        var copied: [AccountID: AccountState] = [:]
        for account in try JSONDecoder().decode([AccountState].self, from: data) { copied[account.id] = account }
        return SimulatedCloud(accounts: copied, meta: meta, environment: environment ?? self.environment)
    }

    /// An in-memory simulator from a state file, which is only read: the file (with its `-wal`) is
    /// copied under a shared lock into a temporary folder and loaded from there, so the state file,
    /// its sidecars and its lock file stay byte-identical. A missing state file, or `.reseed`, is
    /// the world seeded in memory (nothing is created).
    ///
    /// - Throws: `WorldError` with the messages `keyshare run` gives for the same state file (the
    ///   state held by another process, another world's state, a file that is no state).
    package static func snapshot(
        of stateFile: URL, world: World, stamp: WorldStamp, existing: ExistingState,
        environment: SimulatorEnvironment, waiting wait: Double = 0
    ) async throws
        -> SimulatedCloud
    {
        try StateFileCheck.checkFormat(stateFile)
        let fresh = { try SimulatedCloud(world: world, environment: environment) }
        guard existing != .reseed else { return try fresh() }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("keyshare-plan-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent(stateFile.lastPathComponent)
        do {
            let copied = try await SharedStateLock.whileHeld(for: stateFile, waiting: wait) {
                try copyState(stateFile, to: copy, folder: folder)
            }
            guard copied else { return try fresh() }
        }
        do {
            let store = try StateStore(url: copy)
            let saved = try store.resumable(existing, world: { stamp })
            guard let saved else { return try fresh() }
            return SimulatedCloud(accounts: saved.accounts, meta: saved.meta, environment: environment)
        } catch {
            // Messages name the user's state file, never the private copy.
            throw WorldError("\(error)".replacingOccurrences(of: copy.path, with: stateFile.path))
        }
    }

    /// Copies the state file and its write-ahead log (committed changes not yet checkpointed) into
    /// `folder`; false when there is no state file yet.
    private static func copyState(_ stateFile: URL, to copy: URL, folder: URL) throws -> Bool {
        let manager = FileManager.default
        guard manager.fileExists(atPath: stateFile.path) else { return false }
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            try manager.copyItem(at: stateFile.resolvingSymlinksInPath(), to: copy)
            let wal = URL(fileURLWithPath: stateFile.resolvingSymlinksInPath().path + "-wal")
            if manager.fileExists(atPath: wal.path) {
                try manager.copyItem(at: wal, to: URL(fileURLWithPath: copy.path + "-wal"))
            }
        } catch {
            throw WorldError(
                "Cannot read the state file \(stateFile.path) for a plan: \(error.localizedDescription). "
                    + "Check its permissions, and that the temporary folder \(manager.temporaryDirectory.path) is writable.")
        }
        return true
    }
}
