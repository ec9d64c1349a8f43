import ACSClient
import ACSWire
import CloudAPI
import CloudModel
import Foundation
import Hummingbird
import KeyshareTesting
import Logging
import SimulatorServer
import Synchronization
import Testing

/// Access keys the loopback server knows; `AssumeRole` adds the sessions it issues.
final class IssuingStore: CredentialStore {
    private let table = Mutex<[String: StoredCredential]>([:])

    init(_ initial: [String: StoredCredential]) {
        table.withLock { $0 = initial }
    }

    func add(_ accessKeyID: String, _ credential: StoredCredential) {
        table.withLock { $0[accessKeyID] = credential }
    }

    func lookup(accessKeyID: String) async -> StoredCredential? {
        table.withLock { $0[accessKeyID] }
    }
}

/// What the server-side cloud saw: each action with the principal it ran as.
final class Seen: Sendable {
    private let calls = Mutex<[(String, Principal)]>([])

    var all: [(String, Principal)] { calls.withLock { $0 } }

    func record(_ action: String, _ principal: Principal) {
        calls.withLock { $0.append((action, principal)) }
    }
}

@Suite("RemoteCloud over loopback")
struct LoopbackTests {
    /// A server-side cloud: STS identity and AssumeRole (issuing sessions into `store`), EnableKey
    /// (throttled `throttles` times first), DescribeKey (not found).
    private func cloud(store: IssuingStore, seen: Seen, throttles: Int = 0) -> HandlerCloud {
        let remaining = Mutex(throttles)
        return HandlerCloud { request, context in
            seen.record(type(of: request).action, context.principal)
            switch request {
            case is GetCallerIdentityRequest:
                let account = context.account?.rawValue ?? ""
                return GetCallerIdentityResponse(
                    accountID: account, arn: context.principal.arn, identityType: "Account",
                    principalID: account)
            case let assume as AssumeRoleRequest:
                guard case .role(let account, let role)? = Principal(parsing: assume.roleARN) else {
                    throw CloudError(code: "InvalidParameter.RoleArn", message: "bad ARN", httpStatus: 400)
                }
                let id = "STS.\(account).\(UUID().uuidString.prefix(8))"
                let expiration = Date().addingTimeInterval(3600)
                store.add(
                    id,
                    StoredCredential(
                        secret: "issued-secret",
                        principal: .assumedRole(
                            account, roleName: role, sessionName: assume.roleSessionName),
                        securityToken: "issued-token-\(id)", expiration: expiration))
                return AssumeRoleResponse(
                    credentials: .init(
                        accessKeyID: id, accessKeySecret: "issued-secret", securityToken: "issued-token-\(id)",
                        expiration: WireTimestamp.format(expiration)),
                    assumedRoleUser: .init(
                        assumedRoleID: "300:\(assume.roleSessionName)",
                        arn: "\(assume.roleARN)/\(assume.roleSessionName)"))
            case is EnableKeyRequest:
                let throttle = remaining.withLock { count in
                    defer { count -= 1 }
                    return count > 0
                }
                if throttle { throw CloudError.throttlingUser(retryAfterMilliseconds: 30) }
                return EmptyResponse()
            case is DescribeKeyRequest:
                throw CloudError.keyNotFound
            default:
                throw CloudError(code: "UnsupportedOperation", message: "not in this test", httpStatus: 400)
            }
        }
    }

    /// Runs `body` against a live `SimulatorApplication` on 127.0.0.1 serving `cloud`.
    private func withServer(
        _ cloud: HandlerCloud, store: IssuingStore,
        _ body: @Sendable (Endpoint) async throws -> Void
    ) async throws {
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = SimulatorApplication.make(
            cloud: cloud, credentials: store, port: 0,
            logger: Logger(label: "server") { _ in SwiftLogNoOpLogHandler() },
            onListening: { portSink.yield($0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body(Endpoint(scheme: "http", host: "127.0.0.1", port: port))
            group.cancelAll()
        }
    }

    private static let owner = Fixture.ownAccount
    private static let ownerStore = [
        Fixture.keys.accessKeyID: StoredCredential(
            secret: Fixture.keys.accessKeySecret, principal: .account(Fixture.ownAccount))
    ]

    /// Runs `body` with a RemoteCloud over the real transport and codec, pointed at `endpoint`,
    /// and shuts it down afterwards whatever happened.
    private static func withRemote(
        _ endpoint: Endpoint, sleeps: SleepRecorder = SleepRecorder(),
        codec: ACSWireCodec = ACSWireCodec(),
        _ body: (RemoteCloud) async throws -> Void
    ) async throws {
        let transport = AsyncHTTPClientTransport()
        let caller = ACSCaller(
            transport: transport, codec: codec,
            endpoints: EndpointResolver(override: endpoint), sleep: sleeps.sleep,
            logger: Logger(label: "client") { _ in SwiftLogNoOpLogHandler() })
        let cloud = RemoteCloud(
            caller: caller, credentials: .fixed(Fixture.keys),
            shutdown: { try await transport.shutdown() })
        do {
            try await body(cloud)
        } catch {
            try await cloud.shutdown()
            throw error
        }
        try await cloud.shutdown()
    }

    @Test("calls cross the real server as the owner, or as the member session the client assumed")
    func memberSessionOverTheWire() async throws {
        let store = IssuingStore(Self.ownerStore)
        let seen = Seen()
        try await withServer(cloud(store: store, seen: seen), store: store) { endpoint in
            try await Self.withRemote(endpoint) { cloud in
                _ = try await cloud.enableKey(EnableKeyRequest(keyID: "k"), context: .root(Fixture.member))
                _ = try await cloud.enableKey(EnableKeyRequest(keyID: "k"), context: .root(Fixture.member))
                _ = try await cloud.enableKey(EnableKeyRequest(keyID: "k"), context: .root(Self.owner))
            }
        }
        let calls = seen.all
        #expect(calls.map(\.0) == ["GetCallerIdentity", "AssumeRole", "EnableKey", "EnableKey", "EnableKey"])
        #expect(calls[1].1 == .account(Self.owner))
        let session = Principal.assumedRole(
            Fixture.member, roleName: "ResourceDirectoryAccountAccessRole",
            sessionName: "keyshare")
        #expect(calls[2].1 == session)
        #expect(calls[3].1 == session)
        #expect(calls[4].1 == .account(Self.owner))
    }

    @Test("a server CloudError arrives equal to what the cloud threw, stamped with the request and host ids")
    func errorOverTheWire() async throws {
        let store = IssuingStore(Self.ownerStore)
        try await withServer(cloud(store: store, seen: Seen()), store: store) { endpoint in
            try await Self.withRemote(endpoint) { cloud in
                let error = await #expect(throws: CloudError.self) {
                    try await cloud.describeKey(DescribeKeyRequest(keyID: "k"), context: .root(Self.owner))
                }
                let caught = try #require(error)
                #expect(caught.requestID != nil)
                // The server names the endpoint that answered (HostId), as Alibaba's gateway does.
                #expect(caught.hostID?.hasPrefix("127.0.0.1:") == true)
                var unstamped = caught.with(requestID: "x")
                unstamped.hostID = nil
                #expect(unstamped == CloudError.keyNotFound.with(requestID: "x"))
            }
        }
    }

    @Test("throttling with x-acs-retry-after over the wire is waited out and the call retried")
    func throttlingOverTheWire() async throws {
        let store = IssuingStore(Self.ownerStore)
        let seen = Seen()
        let sleeps = SleepRecorder()
        try await withServer(cloud(store: store, seen: seen, throttles: 2), store: store) { endpoint in
            try await Self.withRemote(endpoint, sleeps: sleeps) { cloud in
                _ = try await cloud.enableKey(EnableKeyRequest(keyID: "k"), context: .root(Self.owner))
            }
        }
        #expect(seen.all.filter { $0.0 == "EnableKey" }.count == 3)
        #expect(sleeps.recorded.count == 2)
        #expect(sleeps.recorded.allSatisfy { $0 >= .milliseconds(30) })
    }

    @Test("V1 (HMAC-SHA1) signed calls are accepted by the server too")
    func v1OverTheWire() async throws {
        let store = IssuingStore(Self.ownerStore)
        let seen = Seen()
        try await withServer(cloud(store: store, seen: seen), store: store) { endpoint in
            try await Self.withRemote(endpoint, codec: ACSWireCodec(signatureVersion: .v1)) { cloud in
                _ = try await cloud.enableKey(EnableKeyRequest(keyID: "k"), context: .root(Fixture.member))
            }
        }
        #expect(
            seen.all.last?.1
                == .assumedRole(
                    Fixture.member, roleName: "ResourceDirectoryAccountAccessRole",
                    sessionName: "keyshare"))
    }
}
