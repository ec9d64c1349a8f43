import CloudAPI
import CloudModel
import Foundation

/// Reads an organisation through any `Cloud` with read-only calls and builds the `World` that
/// recreates it in the simulator: a rehearsal twin (`keyshare sim capture`). The directory is
/// listed as the credentials' account; every account is then read as itself (over HTTP, a member
/// through its access role). Secrets are never read: the credentials' account gets a simulated key.
package struct WorldCapture: Sendable {
    /// The backend read from (never written).
    package let cloud: any Cloud
    /// The account the credentials belong to: the directory's management account when there is one.
    package let caller: AccountID
    /// The regions whose KMS instances, keys and zones are read; the first is the twin's default.
    package let regions: [RegionID]
    /// Seeds the twin's simulated access key, so the same organisation captures to the same file.
    package let seed: UInt64
    /// Accounts read at once.
    package let concurrency: Int

    /// The most pages one listing is followed for: a backend that never says "last page" cannot
    /// keep a capture reading forever.
    package static let pageLimit = 1_000
    /// The most folders read from a directory.
    package static let folderLimit = 10_000

    /// A capture of `regions` as `caller`; nothing is read until `capture()`.
    package init(cloud: any Cloud, caller: AccountID, regions: [RegionID], seed: UInt64 = 1, concurrency: Int = 8) {
        self.cloud = cloud
        self.caller = caller
        self.regions = regions.isEmpty ? [.hangzhou] : regions
        self.seed = seed
        self.concurrency = max(1, concurrency)
    }

    /// Parses `--region`'s comma-separated list: known regions, each once, in the order given.
    ///
    /// - Throws: `WorldError` naming the unknown region and the nearest known one.
    package static func regions(_ list: String) throws -> [RegionID] {
        var result: [RegionID] = []
        for part in list.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else {
                throw WorldError(
                    "--region '\(list)' has an empty entry; list regions separated by commas, e.g. cn-hangzhou,cn-shanghai.")
            }
            try WorldNames.checkRegion(name, at: "--region")
            if !result.contains(RegionID(name)) { result.append(RegionID(name)) }
        }
        return result
    }

    /// Reads the organisation and builds its twin.
    ///
    /// - Throws: `CaptureFailure` when the credentials' own account or the directory cannot be read
    ///   (a member that cannot be read is skipped and reported instead).
    package func capture() async throws -> CapturedWorld {
        var report = CaptureReport()
        let directory = try await readDirectory(report: &report)
        let members = directory?.members ?? []
        let ids = [caller] + members.map(\.id).filter { $0 != caller }.sorted { $0.rawValue < $1.rawValue }
        let reads = try await readAccounts(ids)
        var accounts: [World.Account] = []
        var names = Set<String>()
        for id in ids {
            let listed = members.first { $0.id == id }
            var account = World.Account(
                id: id, name: listed?.name ?? id.rawValue, folder: listed?.folder,
                tags: listed?.tags ?? [:])
            if !names.insert(account.name.lowercased()).inserted {
                account.name = "\(account.name)-\(id)"
                names.insert(account.name.lowercased())
                report.renamedAccounts += 1
            }
            switch reads[id] {
            case .success(let read)?:
                account.roles = read.roles
                account.policies = read.policies
                account.kmsInstances = read.instances
                account.keys = read.keys
                report.merge(read.report)
            case .failure(let failure)?:
                guard id != caller else { throw failure }
                report.skipped.append(CaptureReport.Skipped(account: id, name: account.name, failure: failure))
            case nil:
                continue
            }
            accounts.append(account)
        }
        var generator = IDGenerator(seed: seed, deterministic: true)
        let key = World.AccessKey(id: "KSAK" + caller.rawValue, secret: generator.alphanumeric(30))
        accounts[0].accessKeys = [key]
        report.accessKeyID = key.id
        var world = World(defaultRegion: regions[0].rawValue, accounts: accounts)
        if let directory {
            world.resourceDirectory = World.Directory(
                id: directory.id, managementAccount: caller,
                folders: directory.folders, rootFolder: directory.root)
        }
        world.zones = await readZones(report: &report)
        addPlaceholders(to: &world, report: &report)
        return CapturedWorld(world: world, report: report, regions: regions)
    }

    /// Reads every account, `concurrency` at a time; each account's outcome by id.
    private func readAccounts(_ ids: [AccountID]) async throws -> [AccountID: Result<AccountRead, CaptureFailure>] {
        var results: [AccountID: Result<AccountRead, CaptureFailure>] = [:]
        await withTaskGroup(of: (AccountID, Result<AccountRead, CaptureFailure>).self) { group in
            var pending = ids.makeIterator()
            for _ in 0..<concurrency {
                guard let id = pending.next() else { break }
                group.addTask { (id, await self.readAccount(id)) }
            }
            while let (id, result) = await group.next() {
                results[id] = result
                if let next = pending.next() { group.addTask { (next, await self.readAccount(next)) } }
            }
        }
        return results
    }

    /// One account's RAM roles and policies and its KMS state in every region.
    private func readAccount(_ account: AccountID) async -> Result<AccountRead, CaptureFailure> {
        var read = AccountRead()
        do {
            try await readRAM(account, into: &read)
            for region in regions {
                try await readKMS(account, region: region, into: &read)
                await countResources(account, region: region, into: &read)
            }
            return .success(read)
        } catch let failure as CaptureFailure {
            return .failure(failure)
        } catch {
            return .failure(CaptureFailure(call: "reading", account: account, region: nil, error: error))
        }
    }

    /// The zones ECS lists in each region, as the credentials' account; a region whose zones cannot
    /// be read is reported and left to the simulator's default zones.
    private func readZones(report: inout CaptureReport) async -> [String: [String]]? {
        var zones: [String: [String]] = [:]
        for region in regions {
            do {
                let listed = try await cloud.describeZones(
                    DescribeZonesRequest(regionID: region.rawValue),
                    context: .root(caller, region: region))
                let ids = listed.zones.zone.map(\.zoneID).filter { $0.hasPrefix(region.rawValue + "-") }
                if ids.isEmpty { report.zonesUnread.append(region.rawValue) } else { zones[region.rawValue] = ids.sorted() }
            } catch {
                report.zonesUnread.append(region.rawValue)
            }
        }
        return zones.isEmpty ? nil : zones
    }

    /// Runs one read, wrapping what it throws in a `CaptureFailure` naming the call and account.
    func call<T>(
        _ name: String, _ account: AccountID, _ region: RegionID? = nil,
        _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch {
            throw CaptureFailure(call: name, account: account, region: region?.rawValue, error: error)
        }
    }

    /// Follows a PageNumber/PageSize listing until it is complete or ``pageLimit`` pages were read.
    /// Returns the items and whether the cap stopped it.
    func pages<T>(
        _ name: String, _ account: AccountID, _ region: RegionID? = nil,
        _ fetch: (Int) async throws -> (items: [T], total: Int)
    ) async throws -> (items: [T], truncated: Bool) {
        var items: [T] = []
        var page = 1
        while true {
            let listed = try await call(name, account, region) { try await fetch(page) }
            items += listed.items
            if listed.items.isEmpty || items.count >= listed.total { return (items, false) }
            if page >= Self.pageLimit { return (items, true) }
            page += 1
        }
    }
}

/// What one account's reads produced.
struct AccountRead: Sendable {
    /// Its roles, sorted by name.
    var roles: [World.Role] = []
    /// The custom policies its roles use, sorted by name.
    var policies: [World.Policy] = []
    /// Its KMS instances, sorted by region and id.
    var instances: [World.KMSInstance] = []
    /// Its keys, sorted by region and id.
    var keys: [World.Key] = []
    /// What could not be carried over.
    var report = CaptureReport()
}
