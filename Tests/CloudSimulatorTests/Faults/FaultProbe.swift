import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import KeyshareTesting
import Testing

/// Where a fault test sends its calls: straight to the simulator, or through `RemoteCloud` →
/// `SimulatorServer` → the simulator on loopback (what `keyshare serve` runs).
enum FaultBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case inProcess = "in process"
    case http = "over HTTP"

    var testDescription: String { rawValue }

    /// Runs `body` against `cloud` through this backend, as the owner's root, with `plan` injected
    /// (nil: whatever `cloud` injects already). Over HTTP the client first learns whose key it signs
    /// with (an STS call), before the plan is on, so that call never meets the plan.
    func with<Value: Sendable>(
        _ cloud: SimulatedCloud, plan: FaultPlan? = nil,
        _ body: @escaping @Sendable (any Cloud) async throws -> Value
    ) async throws -> Value {
        switch self {
        case .inProcess:
            if let plan { await cloud.setFaults(plan) }
            return try await body(cloud)
        case .http:
            let key = ConformanceWorld.accessKey(for: ConformanceWorld.ownerID)
            let injected = await cloud.faultPlan
            await cloud.setFaults(nil)
            return try await LiveSimulator.with(cloud, accessKey: key) { remote in
                _ = try await remote.getCallerIdentity(GetCallerIdentityRequest(), context: GroupProbe.owner)
                await cloud.setFaults(plan ?? injected)
                return try await body(remote)
            }
        }
    }
}

/// What a call came back with, the same shape whichever backend served it.
struct FaultOutcome: Equatable, Sendable, CustomStringConvertible {
    /// The error code, nil for success.
    var code: String?
    /// The HTTP status of the error (0 for a dropped connection).
    var status: Int?
    /// The retry-after hint, if any.
    var retryAfter: Int?

    static let success = FaultOutcome()

    var description: String {
        code.map { "\($0) (\(status ?? -1), retry-after \(retryAfter.map(String.init) ?? "-"))" } ?? "success"
    }

    /// Runs `body` and records its outcome; the HTTP client's dropped connection becomes the
    /// cloud error a playbook sees (`keyshare.ConnectionDropped`).
    static func of(_ body: () async throws -> Void) async -> FaultOutcome {
        do {
            try await body()
            return .success
        } catch let error as CloudError {
            return FaultOutcome(code: error.code, status: error.httpStatus, retryAfter: error.retryAfterMilliseconds)
        } catch let error as any CloudErrorConvertible {
            let cloud = error.cloudError
            return FaultOutcome(code: cloud.code, status: cloud.httpStatus, retryAfter: cloud.retryAfterMilliseconds)
        } catch {
            return FaultOutcome(code: "unexpected: \(error)")
        }
    }
}

/// One representative call of an API group, made as the fixture world's owner.
struct GroupProbe: CustomTestStringConvertible, Sendable {
    let group: APIGroup
    let call: @Sendable (any Cloud, CallContext) async throws -> Void

    var testDescription: String { group.rawValue }

    /// Whether the group throttles in KMS's wording (429 `Rejected.Throttling`).
    var isKMS: Bool { group.rawValue.hasPrefix("kms") }

    static let owner = CallContext.root(AccountID(ConformanceWorld.ownerID)!)

    /// One probe per group the fixture world can answer without set-up.
    static let all: [GroupProbe] = [
        GroupProbe(group: .kmsRead) { cloud, context in
            _ = try await cloud.describeKey(DescribeKeyRequest(keyID: ConformanceWorld.keyID), context: context)
        },
        GroupProbe(group: .kmsWrite) { cloud, context in
            _ = try await cloud.tagResource(
                TagResourceRequest(
                    keyID: ConformanceWorld.keyID,
                    tags: #"[{"TagKey":"probe","TagValue":"1"}]"#), context: context)
        },
        GroupProbe(group: .kmsCrypto) { cloud, context in
            _ = try await cloud.encrypt(EncryptRequest(keyID: ConformanceWorld.keyID, plaintext: "dHJ1dGg="), context: context)
        },
        GroupProbe(group: .ram) { cloud, context in
            _ = try await cloud.listRoles(ListRolesRequest(), context: context)
        },
        GroupProbe(group: .sts) { cloud, context in
            _ = try await cloud.getCallerIdentity(GetCallerIdentityRequest(), context: context)
        },
        GroupProbe(group: .ecs) { cloud, context in
            _ = try await cloud.describeZones(DescribeZonesRequest(regionID: "cn-hangzhou"), context: context)
        },
        GroupProbe(group: .resourceManager) { cloud, context in
            _ = try await cloud.listAccounts(ListAccountsRequest(), context: context)
        },
    ]

    /// A fixture simulator (deterministic clock, so rate windows never roll over mid-test).
    static func cloud(_ plan: FaultPlan?) async throws -> SimulatedCloud {
        let cloud = try Fixtures.simulator()
        await cloud.setFaults(plan)
        return cloud
    }
}
