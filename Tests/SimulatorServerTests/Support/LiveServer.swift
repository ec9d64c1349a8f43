import ACSWire
import CloudAPI
import CloudModel
import Foundation
import Hummingbird
import HummingbirdTesting
import KeyshareTesting
import Logging

@testable import SimulatorServer

/// The identities the tests sign as.
enum TestKeys {
    static let owner = AccountID("1111222233334444")!
    static let rootKey = ACSCredentials(accessKeyID: "AKIDEXAMPLE", accessKeySecret: "SECRETEXAMPLE")
    static let stsKey = ACSCredentials(
        accessKeyID: "STS.NUxxxxxxxxxxxxxx", accessKeySecret: "dummySTSsecret",
        securityToken: "CAIS-dummy-token")
    static let expiredKey = ACSCredentials(
        accessKeyID: "STS.expired", accessKeySecret: "oldsecret",
        securityToken: "CAIS-old-token")

    static let store = InMemoryCredentialStore([
        rootKey.accessKeyID: StoredCredential(secret: rootKey.accessKeySecret, principal: .account(owner)),
        stsKey.accessKeyID: StoredCredential(
            secret: stsKey.accessKeySecret,
            principal: .assumedRole(owner, roleName: "Admin", sessionName: "keyshare"),
            securityToken: stsKey.securityToken, expiration: Date().addingTimeInterval(3600)),
        expiredKey.accessKeyID: StoredCredential(
            secret: expiredKey.accessKeySecret, principal: .assumedRole(owner, roleName: "Admin", sessionName: "old"),
            securityToken: expiredKey.securityToken, expiration: Date().addingTimeInterval(-60)),
    ])
}

/// A fake cloud answering a few actions: GetCallerIdentity (echoes the caller and region),
/// GetRole (404 for any role), EnableKey (throttled with a retry hint), ListKeys (answers after
/// 1.5 s), DisableKey (a non-cloud failure); everything else is a 400 `UnsupportedOperation`.
let fakeCloud = HandlerCloud { request, context in
    switch request {
    case is GetCallerIdentityRequest:
        return GetCallerIdentityResponse(
            accountID: context.account?.rawValue ?? "", arn: context.principal.arn,
            identityType: "Account", principalID: context.region.rawValue)
    case let role as GetRoleRequest:
        throw CloudError(
            code: "EntityNotExist.Role", message: "The role not exists: \(role.roleName).", httpStatus: 404,
            requestID: context.requestID)
    case is EnableKeyRequest:
        throw CloudError(
            code: "Throttling", message: "Request was denied due to request throttling.",
            httpStatus: 400, retryAfterMilliseconds: 1500)
    case is ListKeysRequest:
        // A slow answer: the request timeout must not count the time the server takes.
        try await Task.sleep(for: .seconds(1.5))
        return ListKeysResponse(keys: [], totalCount: 0, pageNumber: 1, pageSize: 10)
    case is DisableKeyRequest:
        struct Boom: Error { let secret = "do-not-leak" }
        throw Boom()
    default:
        throw CloudError(code: "UnsupportedOperation", message: "not in the fake", httpStatus: 400)
    }
}

/// Captures log lines in memory so tests can read what the server logged.
final class CapturedLogs: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var all: [String] { lock.withLock { lines } }

    func append(_ line: String) { lock.withLock { lines.append(line) } }

    var logger: Logger {
        var logger = Logger(label: "test") { _ in CapturingHandler(sink: self) }
        logger.logLevel = .trace
        return logger
    }

    struct CapturingHandler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            sink.append("\(event.level) \(event.message) \(rendered)")
        }
    }
}

/// Runs the simulator server on 127.0.0.1 with a free port for the duration of `body`.
enum LiveServer {
    static func with<Value: Sendable>(
        options: SimulatorOptions = .init(), logs: CapturedLogs = CapturedLogs(),
        _ body: @escaping @Sendable (TestClient, Int) async throws -> Value
    ) async throws -> Value {
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = SimulatorApplication.make(
            cloud: fakeCloud, credentials: TestKeys.store, options: options,
            host: "127.0.0.1", port: 0, logger: logs.logger,
            onListening: { port in portContinuation.yield(port) })
        return try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            var ports = portStream.makeAsyncIterator()
            guard let port = await ports.next() else { throw CancellationError() }
            let value = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                try await body(client, port)
            }
            group.cancelAll()
            return value
        }
    }
}

/// Signing helpers: a built request as a test-client request.
extension ACSHTTPRequest {
    var testRequest: TestClient.Request {
        var fields = HTTPFields()
        for (name, value) in headers { fields[HTTPFields.Element.Name(name)!] = value }
        let uri = query.isEmpty ? path : "\(path)?\(queryString)"
        return TestClient.Request(
            uri, method: HTTPRequest.Method(method)!, headers: fields,
            body: body.isEmpty ? nil : ByteBuffer(bytes: body))
    }
}

/// Builds signed requests to the test server.
struct Signer {
    var credentials = TestKeys.rootKey
    var version = ACSRequestBuilder.SignatureVersion.v3
    var date = Date()
    var nonce = ACSRequestBuilder.makeNonce()

    func request<R: CloudRequest>(_ request: R, port: Int, extra: [(String, String)] = []) throws -> ACSHTTPRequest {
        try ACSRequestBuilder(credentials: credentials, host: "127.0.0.1:\(port)", signatureVersion: version)
            .build(request, date: date, nonce: nonce, extraParameters: extra)
    }
}

extension TestClient.Response {
    /// The answer as the wire parser sees it.
    var answer: ACSHTTPResponse {
        var headers = [String: String]()
        for field in head.headerFields { headers[field.name.canonicalName] = field.value }
        return ACSHTTPResponse(status: status.code, headers: headers, body: body.map { Array($0.readableBytesView) } ?? [])
    }

    /// The error the answer carries (nil for a success).
    var cloudError: CloudError? {
        ErrorEnvelope.cloudError(status: answer.status, headers: answer.headers, body: answer.body)
    }
}
