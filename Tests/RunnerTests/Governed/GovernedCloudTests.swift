import CloudAPI
import CloudModel
import CloudSimulator
import KeyshareTesting
import Rollout
import Runner
import Synchronization
import Testing

/// A backend that answers each call with the next scripted failure (before or after the simulator
/// applied it), or with the simulator's answer once the script is used up; it records every attempt.
final class ScriptedCloud: Cloud {
    enum Step: Sendable {
        /// Fails without applying anything.
        case fail(any Error & Sendable)
        /// Applies the call, then fails as if the answer was lost.
        case applyThenFail(any Error & Sendable)
    }

    struct Attempt: Sendable, Hashable {
        var action: String
        var clientToken: String?
    }

    let inner: SimulatedCloud
    private let script: Mutex<[Step]>
    private let log = Mutex<[Attempt]>([])

    init(_ inner: SimulatedCloud, script: [Step]) {
        self.inner = inner
        self.script = Mutex(script)
    }

    var attempts: [Attempt] { log.withLock { $0 } }

    /// Replaces the rest of the script.
    func load(_ steps: [Step]) { script.withLock { $0 = steps } }

    func call<R: CloudRequest>(_ request: R, context: CallContext) async throws -> R.Response {
        let token = (request as? any IdempotentRequest)?.clientToken
        log.withLock { $0.append(Attempt(action: R.action, clientToken: token)) }
        let step: Step? = script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        switch step {
        case nil: return try await inner.call(request, context: context)
        case .fail(let error): throw error
        case .applyThenFail(let error):
            _ = try await inner.call(request, context: context)
            throw error
        }
    }
}

/// A transport failure as the http backend reports it.
struct Dropped: CallTransportFailure, Sendable {
    var isTransient = true
    var mayHaveReachedServer: Bool
}

private let owner = AccountID("1000000000000001")!
private let member = AccountID("2000000000000001")!
private let trust =
    #"{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]}}],"Version":"1"}"#

/// Records waits instead of sleeping.
private final class Waits: Sendable {
    private let list = Mutex<[Duration]>([])
    var all: [Duration] { list.withLock { $0 } }
    func sleep(_ duration: Duration) async { list.withLock { $0.append(duration) } }
}

@Suite("GovernedCloud: errors by class")
struct GovernedCloudTests {
    private func governed(
        _ script: [ScriptedCloud.Step], limits: RateLimits = RateLimits([.ecs: 100_000, .ram: 100_000]),
        waits: Waits = Waits()
    ) throws -> (GovernedCloud, ScriptedCloud) {
        let simulator = try SimulatedCloud(world: .starter(accounts: 2), environment: .deterministic())
        let backend = ScriptedCloud(simulator, script: script)
        let governor = CallGovernor(
            limits: limits, maximumThrottleWait: .seconds(10), maximumTransientAttempts: 4,
            principalPropagation: .seconds(5), sleep: { await waits.sleep($0) }, random: { 1 })
        return (GovernedCloud(backend, governor: governor), backend)
    }

    private func disk(token: String?) -> CreateDiskRequest {
        CreateDiskRequest(regionID: "cn-hangzhou", zoneID: "cn-hangzhou-h", size: 20, clientToken: token)
    }

    @Test(
        "Throttling is retried after at least the server's retry-after, and counted as throttling wait",
        arguments: [
            [CloudError.throttlingUser(retryAfterMilliseconds: 700)],
            [CloudError.kmsThrottling(retryAfterMilliseconds: 50), CloudError.throttlingUser()],
            [CloudError(code: "Throttling.Api", message: "api", httpStatus: 400)],
        ])
    func throttlingRetries(errors: [CloudError]) async throws {
        let waits = Waits()
        let (cloud, backend) = try governed(errors.map { .fail($0) }, waits: waits)
        _ = try await ThrottleMeter.$target.withValue("t1") {
            try await cloud.createDisk(disk(token: "tok-1"), context: .root(member))
        }
        #expect(backend.attempts.count == errors.count + 1)
        let backoffs = waits.all
        #expect(backoffs.count == errors.count)
        for (wait, error) in zip(backoffs, errors) {
            #expect(wait >= .milliseconds(error.retryAfterMilliseconds ?? 0))
        }
        let total = backoffs.reduce(Duration.zero, +)
        #expect(cloud.governor.meter.total == total)
        #expect(cloud.governor.meter.waited("t1") == total)
        #expect(cloud.governor.meter.waited("t2") == .zero)
        #expect(cloud.governor.counts.throttled == errors.count)
    }

    @Test("Throttling fails the call only once its waits would pass the bound")
    func throttlingBounded() async throws {
        let errors = Array(
            repeating: ScriptedCloud.Step.fail(CloudError.throttlingUser(retryAfterMilliseconds: 3_000)), count: 10)
        let (cloud, backend) = try governed(errors)
        await #expect(throws: CloudError.self) { try await cloud.createDisk(disk(token: "t"), context: .root(member)) }
        // 3 s each within a 10 s bound: three waits, four attempts.
        #expect(backend.attempts.count == 4)
        #expect(cloud.governor.meter.total == .seconds(9))
    }

    @Test(
        "A 5xx or a dropped connection is sent again with the same ClientToken, and the disk made once",
        arguments: [
            [ScriptedCloud.Step.fail(CloudError.internalError)],
            [.applyThenFail(CloudError.serviceUnavailable)],
            [.applyThenFail(Dropped(mayHaveReachedServer: true)), .fail(CloudError.internalError)],
            [.applyThenFail(CloudError(code: "keyshare.ConnectionDropped", message: "dropped", httpStatus: 0))],
        ])
    func transientRetriesWithToken(script: [ScriptedCloud.Step]) async throws {
        let (cloud, backend) = try governed(script)
        let response = try await cloud.createDisk(disk(token: "ks-same"), context: .root(member))
        #expect(backend.attempts.count == script.count + 1)
        #expect(backend.attempts.allSatisfy { $0.clientToken == "ks-same" })
        let disks = try await backend.inner.describeDisks(DescribeDisksRequest(regionID: "cn-hangzhou"), context: .root(member))
        #expect(disks.disks.disk.count == 1)
        #expect(disks.disks.disk.first?.diskID == response.diskID)
    }

    @Test("A 5xx keeps failing: the call gives up after the attempt bound")
    func transientBounded() async throws {
        let (cloud, backend) = try governed(Array(repeating: .fail(CloudError.internalError), count: 9))
        await #expect(throws: CloudError.self) { try await cloud.createDisk(disk(token: "t"), context: .root(member)) }
        #expect(backend.attempts.count == 4)
    }

    @Test(
        "A write without a ClientToken whose outcome is unknown is not sent again",
        arguments: [
            ScriptedCloud.Step.applyThenFail(CloudError.internalError),
            .applyThenFail(Dropped(mayHaveReachedServer: true)),
            .applyThenFail(CloudError(code: "keyshare.ConnectionDropped", message: "dropped", httpStatus: 0)),
        ])
    func ambiguousWriteNotResent(step: ScriptedCloud.Step) async throws {
        let (cloud, backend) = try governed([step])
        await #expect(throws: (any Error).self) {
            try await cloud.createRole(CreateRoleRequest(roleName: "R", assumeRolePolicyDocument: trust), context: .root(member))
        }
        #expect(backend.attempts.map(\.action) == ["CreateRole"])
        // It landed once: the step's next read sees it.
        let role = try await backend.inner.getRole(GetRoleRequest(roleName: "R"), context: .root(member))
        #expect(role.role.roleName == "R")
    }

    @Test("A write without a token that never reached the server, or a read, is sent again")
    func safeRepeats() async throws {
        let (cloud, backend) = try governed([.fail(Dropped(mayHaveReachedServer: false))])
        _ = try await cloud.createRole(CreateRoleRequest(roleName: "R", assumeRolePolicyDocument: trust), context: .root(member))
        backend.load([.applyThenFail(CloudError.internalError)])
        _ = try await cloud.getRole(GetRoleRequest(roleName: "R"), context: .root(member))
        #expect(backend.attempts.map(\.action) == ["CreateRole", "CreateRole", "GetRole", "GetRole"])
    }

    @Test(
        "A delete whose answer was lost is sent again; finding nothing then is its success",
        arguments: [
            ScriptedCloud.Step.applyThenFail(CloudError.internalError), .applyThenFail(Dropped(mayHaveReachedServer: true)),
            .fail(CloudError.serviceUnavailable),
        ])
    func removalRepeats(step: ScriptedCloud.Step) async throws {
        let (cloud, backend) = try governed([])
        _ = try await cloud.createRole(CreateRoleRequest(roleName: "R", assumeRolePolicyDocument: trust), context: .root(member))
        backend.load([step])
        _ = try await cloud.deleteRole(DeleteRoleRequest(roleName: "R"), context: .root(member))
        #expect(backend.attempts.map(\.action) == ["CreateRole", "DeleteRole", "DeleteRole"])
        await #expect(throws: CloudError.self) {
            try await backend.inner.getRole(GetRoleRequest(roleName: "R"), context: .root(member))
        }
        // A first attempt that finds nothing is a real answer, not turned into success.
        await #expect(throws: CloudError.self) {
            try await cloud.deleteRole(DeleteRoleRequest(roleName: "R"), context: .root(member))
        }
    }

    @Test(
        "An authentication failure pulls the brake: later calls fail unsent",
        arguments: ["InvalidAccessKeyId.NotFound", "SignatureDoesNotMatch", "InvalidSecurityToken.Expired"])
    func authenticationHalts(code: String) async throws {
        let (cloud, backend) = try governed([.fail(CloudError(code: code, message: "no", httpStatus: 400))])
        await #expect(throws: CloudError.self) { try await cloud.getRole(GetRoleRequest(roleName: "R"), context: .root(member)) }
        #expect(cloud.governor.brake.reason?.contains(code) == true)
        do {
            _ = try await cloud.getRole(GetRoleRequest(roleName: "R"), context: .root(member))
            Issue.record("a call after the brake was sent")
        } catch let error as CloudError {
            #expect(error.code == "keyshare.RunHalted")
        }
        #expect(backend.attempts.count == 1)
    }

    @Test(
        "Permission, quota and other refusals fail at once, without retries or brake",
        arguments: ["NoPermission", "Forbidden.RAM", "Rejected.ShareQuotaExceedLimit", "EntityNotExist.Role", "InvalidParameter"])
    func refusalsFailOnce(code: String) async throws {
        let (cloud, backend) = try governed([.fail(CloudError(code: code, message: "no", httpStatus: 403))])
        await #expect(throws: CloudError.self) { try await cloud.getRole(GetRoleRequest(roleName: "R"), context: .root(member)) }
        #expect(backend.attempts.count == 1)
        #expect(cloud.governor.brake.reason == nil)
    }

    @Test(
        "A key policy naming a role this run created is retried while the cloud does not see the role yet; others are not",
        arguments: [(true, 3), (false, 1)])
    func principalPropagation(createdHere: Bool, attempts: Int) async throws {
        let missing = CloudError.invalidParameter(
            "Policy", "the principal acs:ram::\(member):role/r does not exist: create role r first.")
        let (cloud, backend) = try governed([])
        if createdHere {
            _ = try await cloud.createRole(
                CreateRoleRequest(roleName: "R", assumeRolePolicyDocument: trust), context: .root(member))
        } else {
            _ = try await backend.inner.createRole(
                CreateRoleRequest(roleName: "R", assumeRolePolicyDocument: trust),
                context: .root(member))
        }
        backend.load([.fail(missing), .fail(missing)])
        let scripted = cloud
        let policy =
            #"{"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:*"],"Resource":["*"],"Principal":{"RAM":["acs:ram::\#(member):role/R"]}}]}"#
        let keys = try await backend.inner.listKeys(ListKeysRequest(), context: .root(owner))
        let key = try #require(keys.keys.key.first?.keyID)
        if createdHere {
            _ = try await scripted.setKeyPolicy(SetKeyPolicyRequest(keyID: key, policy: policy), context: .root(owner))
        } else {
            await #expect(throws: CloudError.self) {
                try await scripted.setKeyPolicy(SetKeyPolicyRequest(keyID: key, policy: policy), context: .root(owner))
            }
        }
        #expect(backend.attempts.filter { $0.action == "SetKeyPolicy" }.count == attempts)
    }
}
