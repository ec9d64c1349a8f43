import ACSClient
import ACSWire
import CloudAPI
import CloudModel
import Foundation
import Logging
import Synchronization

/// A closure-backed `HTTPTransport` that records every request it is given.
final class TestClientTransport: HTTPTransport {
    private let handler: @Sendable (HTTPRequestParts, Int) async throws -> HTTPResponseParts
    private let log = Mutex<[HTTPRequestParts]>([])

    /// Answers request number `n` (0-based) with `handler(request, n)`.
    init(_ handler: @escaping @Sendable (HTTPRequestParts, Int) async throws -> HTTPResponseParts) {
        self.handler = handler
    }

    /// Every request sent so far, in order.
    var requests: [HTTPRequestParts] { log.withLock { $0 } }

    func send(_ request: HTTPRequestParts) async throws -> HTTPResponseParts {
        let index = log.withLock { log in
            log.append(request)
            return log.count - 1
        }
        return try await handler(request, index)
    }
}

/// Canned answers in the wire's own envelopes.
enum Answer {
    /// A 200 carrying `response` and a request id.
    static func success<Response: Encodable>(_ response: Response, requestID: String = "req-ok") -> HTTPResponseParts {
        let wire = try! SuccessEnvelope.response(response, requestID: requestID)
        return HTTPResponseParts(status: wire.status, headers: wire.headers, body: wire.body)
    }

    /// The envelope the server sends for `error` (with `x-acs-retry-after` when the error has one).
    static func failure(_ error: CloudError, product: CloudProduct = .kms) -> HTTPResponseParts {
        let wire = ErrorEnvelope.response(for: error, product: product)
        return HTTPResponseParts(status: wire.status, headers: wire.headers, body: wire.body)
    }
}

/// Records the waits of the retry loop instead of sleeping.
final class SleepRecorder: Sendable {
    private let waits = Mutex<[Duration]>([])

    /// The waits requested so far.
    var recorded: [Duration] { waits.withLock { $0 } }

    /// The sleep function to hand to `ACSCaller`.
    var sleep: @Sendable (Duration) async throws -> Void {
        { duration in self.waits.withLock { $0.append(duration) } }
    }
}

/// A clock a test moves by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

enum Fixture {
    static let ownAccount = AccountID("1111222233334444")!
    static let member = AccountID("5555666677778888")!
    static let keys = AccessCredentials(accessKeyID: "KSAKexampleKeyID", accessKeySecret: "base-secret-never-shown")

    /// A caller over `transport` with the real codec, recorded sleeps and a fixed jitter draw.
    static func caller(
        _ transport: any HTTPTransport, sleeps: SleepRecorder = SleepRecorder(),
        endpoints: EndpointResolver = EndpointResolver(), policy: RetryPolicy = RetryPolicy(),
        logger: Logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    ) -> ACSCaller {
        ACSCaller(
            transport: transport, codec: ACSWireCodec(), endpoints: endpoints, retryPolicy: policy,
            sleep: sleeps.sleep, random: { 0.5 }, logger: logger)
    }

    /// STS credentials as `AssumeRole` answers them, expiring `seconds` after `now`.
    static func issued(_ id: String, secret: String, token: String, now: Date, seconds: TimeInterval = 3600)
        -> AssumeRoleResponse
    {
        let expiration = Date(timeInterval: seconds, since: now).formatted(.iso8601)
        return AssumeRoleResponse(
            credentials: .init(accessKeyID: id, accessKeySecret: secret, securityToken: token, expiration: expiration),
            assumedRoleUser: .init(assumedRoleID: "300:keyshare", arn: "acs:ram::\(member):role/x/keyshare"))
    }

    /// The decoded query of a sent request.
    static func query(of request: HTTPRequestParts) -> [String: String] {
        let parsed = try! ACSHTTPRequest(
            method: request.method, path: request.path, rawQuery: request.rawQuery,
            headers: request.headers.map { ($0.name, $0.value) }, body: request.body)
        return parsed.parameters
    }
}
