import CloudAPI
import CloudModel
import Foundation
import Logging

/// Makes one logical call: sign, send, decode, and retry transient failures.
///
/// Every attempt is signed afresh (new date and nonce, current credentials); a request with a
/// `ClientToken` field gets one token before the first attempt and keeps it for every retry.
/// Server errors surface as the `CloudError` the server sent; transport failures as `ClientError`.
package struct ACSCaller: Sendable {
    /// The HTTP seam.
    package var transport: any HTTPTransport
    /// The wire codec.
    package var codec: any WireCodec
    /// Where each product goes.
    package var endpoints: EndpointResolver
    /// How hard to try.
    package var retryPolicy: RetryPolicy
    /// Waits between attempts (a test records instead of sleeping).
    package var sleep: @Sendable (Duration) async throws -> Void
    /// The wall clock that dates signatures.
    package var now: @Sendable () -> Date
    /// A uniform draw in 0...1 for jitter.
    package var random: @Sendable () -> Double
    /// Where attempts and retries are logged (never credentials or signatures).
    package var logger: Logger

    /// Creates a caller.
    package init(
        transport: any HTTPTransport, codec: any WireCodec, endpoints: EndpointResolver = EndpointResolver(),
        retryPolicy: RetryPolicy = RetryPolicy(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
        logger: Logger = Logger(label: "keyshare.acsclient")
    ) {
        self.transport = transport
        self.codec = codec
        self.endpoints = endpoints
        self.retryPolicy = retryPolicy
        self.sleep = sleep
        self.now = now
        self.random = random
        self.logger = logger
    }

    /// Sends `request` to its product's endpoint in `region`, signed with what `credentials` gives.
    package func call<Request: CloudRequest>(
        _ request: Request, region: RegionID, credentials: @Sendable () async throws -> AccessCredentials
    ) async throws -> Request.Response {
        let request = withClientToken(request)
        let endpoint = try endpoints.endpoint(for: Request.product, region: region)
        let started = ContinuousClock.now
        var attempt = 0
        while true {
            attempt += 1
            let signing = try await credentials()
            let wire = try codec.encode(
                request, credentials: signing, host: endpoint.hostHeader, date: now(),
                nonce: Self.makeNonce())
            let parts = HTTPRequestParts(
                method: wire.method, endpoint: endpoint, path: wire.path,
                rawQuery: wire.rawQuery, headers: wire.headers, body: wire.body)
            var metadata: Logger.Metadata = [
                "acs-action": "\(Request.action)", "acs-endpoint": "\(endpoint)",
                "acs-attempt": "\(attempt)",
            ]
            logger.debug("sending request", metadata: metadata)

            let failure: any Error
            var retryAfter: Int?
            do {
                let answer = try await transport.send(parts)
                metadata["acs-status"] = "\(answer.status)"
                if let requestID = answer.requestID { metadata["acs-request-id"] = "\(requestID)" }
                logger.debug("received answer", metadata: metadata)
                do {
                    return try codec.decode(Request.self, from: answer)
                } catch let error as CloudError {
                    guard error.isRetryable else { throw error }
                    failure = error
                    retryAfter = error.retryAfterMilliseconds
                } catch {
                    throw ClientError(
                        reason: .undecodableResponse("\(type(of: error))"), action: Request.action,
                        endpoint: endpoint, requestID: answer.requestID, attempts: attempt)
                }
            } catch let error as HTTPTransportError {
                let wrapped = ClientError(
                    reason: .transport(error), action: Request.action, endpoint: endpoint,
                    attempts: attempt)
                guard error.isTransient, !error.mayHaveReachedServer || Self.isSafeToRepeat(request) else {
                    throw wrapped
                }
                failure = wrapped
            } catch let error as CancellationError {
                throw error
            } catch let error as CloudError {
                throw error
            } catch let error as ClientError {
                throw error
            } catch {
                throw ClientError(
                    reason: .transport(HTTPTransportError(.other, detail: "\(type(of: error))")),
                    action: Request.action, endpoint: endpoint, attempts: attempt)
            }

            guard attempt < retryPolicy.maxAttempts else { throw failure }
            let delay = retryPolicy.delay(beforeRetry: attempt, retryAfterMilliseconds: retryAfter, fraction: random())
            guard ContinuousClock.now - started + delay <= retryPolicy.maxTotalDuration else { throw failure }
            metadata["acs-retry-delay-ms"] = "\(Int(delay / .milliseconds(1)))"
            metadata["acs-error"] = "\(Self.summary(of: failure))"
            logger.notice("retrying after a transient failure", metadata: metadata)
            try await sleep(delay)
        }
    }

    /// Whether sending `request` twice is harmless, so a failure after it may have reached the
    /// server (timeout, dropped connection) can be retried: reads, crypto, and idempotent (ClientToken) requests.
    package static func isSafeToRepeat<Request: CloudRequest>(_ request: Request) -> Bool {
        if request is any IdempotentRequest { return true }
        let action = Request.action
        return ["Describe", "List", "Get"].contains { action.hasPrefix($0) }
            || ["Encrypt", "Decrypt", "GenerateDataKey", "AssumeRole"].contains(action)
    }

    /// 32 random lower-case hex characters, the nonce shape the SDKs send.
    package static func makeNonce() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    private static func summary(of error: any Error) -> String {
        switch error {
        case let error as CloudError: "\(error.code) (HTTP \(error.httpStatus))"
        case let error as ClientError: "\(error.reason)"
        default: "\(type(of: error))"
        }
    }
}
