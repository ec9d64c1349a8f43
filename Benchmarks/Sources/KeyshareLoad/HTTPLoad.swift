import ACSClient
import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import KeyshareWorkloads

/// A bounded load on `keyshare serve` through our client (`RemoteCloud`): `concurrency` tasks take
/// turns at a shared budget of `requests` signed calls, alternating GetRole and DescribeKey by the
/// world's management account, and record each call's latency.
package struct HTTPLoad: Sendable {
    /// What one run measured.
    package struct Result: Sendable {
        /// Calls that succeeded.
        package var succeeded: Int
        /// Calls that failed (any error).
        package var failed: Int
        /// Wall time of the whole run.
        package var elapsed: Duration
        /// Per-call latencies in microseconds.
        package var latencies: LatencySummary
        /// The first error, for the report.
        package var firstError: String?

        /// Successful calls per second.
        package var rate: Double { Double(succeeded) / elapsed.inSeconds }
    }

    /// The server, e.g. `http://127.0.0.1:18080`; only loopback addresses are accepted.
    package let endpoint: Endpoint
    /// The management account and its long-term key, from the served world file.
    package let owner: AccountID
    let credentials: AccessCredentials
    /// Calls in flight at once.
    package let concurrency: Int

    /// Reads the owner's key from `world` (the file the server was started with).
    package init(endpoint text: String, world: URL, concurrency: Int) throws {
        endpoint = try Endpoint(parsing: text)
        guard ["127.0.0.1", "localhost", "::1", "[::1]"].contains(endpoint.host) else {
            throw LoadError("--endpoint \(text) is not a loopback address; benchmarks only drive 127.0.0.1.")
        }
        let loaded = try World.load(contentsOf: world)
        guard let management = loaded.accounts.first, let key = management.accessKeys.first else {
            throw LoadError("The world file \(world.path) has no account with an access key; use `keyshare sim init`.")
        }
        owner = management.id
        credentials = AccessCredentials(accessKeyID: key.id, accessKeySecret: key.secret)
        self.concurrency = max(1, concurrency)
        keyAlias = management.keys.first?.alias ?? "alias/shared-disk-key"
    }

    /// The key DescribeKey names.
    let keyAlias: String

    /// Runs `requests` calls (after a short warm-up that also creates the role GetRole reads).
    package func run(requests: Int) async throws -> Result {
        let transport = AsyncHTTPClientTransport(configuration: .init(connectionsPerHost: concurrency))
        let caller = ACSCaller(transport: transport, codec: ACSWireCodec(), endpoints: EndpointResolver(override: endpoint))
        let cloud = RemoteCloud(caller: caller, credentials: .fixed(credentials), shutdown: { try await transport.shutdown() })
        do {
            let result = try await drive(cloud, requests: requests)
            try await cloud.shutdown()
            return result
        } catch {
            try? await cloud.shutdown()
            throw error
        }
    }

    private func drive(_ cloud: RemoteCloud, requests: Int) async throws -> Result {
        let root = CallContext.root(owner)
        do {
            _ = try await cloud.createRole(
                CreateRoleRequest(roleName: SeedDocuments.diskEncryptRole, assumeRolePolicyDocument: SeedDocuments.ecsTrust),
                context: root)
        } catch let error as CloudError where error.code.hasPrefix("EntityAlreadyExists") {
            // A previous run against the same server created it.
        }
        let keyID = try await cloud.describeKey(DescribeKeyRequest(keyID: keyAlias), context: root).keyMetadata.keyID
        let budget = Budget(requests)
        let (concurrency, clock) = (concurrency, ContinuousClock())
        let start = clock.now
        let parts = try await withThrowingTaskGroup(of: Result.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var samples: [Double] = []
                    var failed = 0
                    var firstError: String?
                    while let ticket = await budget.take() {
                        let began = clock.now
                        do {
                            if ticket % 2 == 0 {
                                _ = try await cloud.getRole(
                                    GetRoleRequest(roleName: SeedDocuments.diskEncryptRole), context: root)
                            } else {
                                _ = try await cloud.describeKey(DescribeKeyRequest(keyID: keyID), context: root)
                            }
                            samples.append((clock.now - began).inSeconds * 1e6)
                        } catch {
                            failed += 1
                            if firstError == nil { firstError = "\(error)" }
                        }
                    }
                    return Result(
                        succeeded: samples.count, failed: failed, elapsed: .zero,
                        latencies: LatencySummary(samples), firstError: firstError)
                }
            }
            var all: [Result] = []
            for try await part in group { all.append(part) }
            return all
        }
        let elapsed = clock.now - start
        return Result(
            succeeded: parts.reduce(0) { $0 + $1.succeeded }, failed: parts.reduce(0) { $0 + $1.failed },
            elapsed: elapsed, latencies: LatencySummary(parts.flatMap(\.latencies.samples)),
            firstError: parts.compactMap(\.firstError).first)
    }
}

/// Hands out request numbers until the budget is spent.
actor Budget {
    private var next = 0
    private let total: Int

    init(_ total: Int) { self.total = total }

    /// The next request number, nil when all are taken.
    func take() -> Int? {
        guard next < total else { return nil }
        defer { next += 1 }
        return next
    }
}
