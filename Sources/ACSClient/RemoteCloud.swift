import CloudAPI
import CloudModel
import Foundation

/// The real Alibaba Cloud (or `keyshare serve`) over signed HTTP: a `Cloud` like the simulator.
///
/// Each call signs with the credentials of the account it acts in (`CallContext.account`):
/// the caller's own, or the member's access role assumed through STS and cached. Every operation
/// is one `call(_:context:)`.
package struct RemoteCloud: Cloud {
    /// Signs, sends, decodes and retries.
    package let caller: ACSCaller
    /// Picks credentials per account.
    package let broker: AccountCredentialBroker
    private let shutdownHandler: @Sendable () async throws -> Void

    /// Creates a cloud from its parts; `shutdown` releases the transport (if it owns resources).
    package init(
        caller: ACSCaller, broker: AccountCredentialBroker,
        shutdown: @escaping @Sendable () async throws -> Void = {}
    ) {
        self.caller = caller
        self.broker = broker
        self.shutdownHandler = shutdown
    }

    /// Creates a cloud signing with `credentials` as the chain found them.
    ///
    /// - Parameters:
    ///   - accessRoleName: the role assumed in member accounts.
    ///   - shutdown: releases the transport (`AsyncHTTPClientTransport.shutdown`).
    package init(
        caller: ACSCaller, credentials: CredentialSource,
        accessRoleName: String = AccountCredentialBroker.defaultAccessRoleName,
        shutdown: @escaping @Sendable () async throws -> Void = {}
    ) {
        let base = CredentialChain.provider(for: credentials) { STSCaller(caller: caller, region: $0) }
        let broker = AccountCredentialBroker(
            base: base, issuer: STSCaller(caller: caller),
            accessRoleName: accessRoleName)
        self.init(caller: caller, broker: broker, shutdown: shutdown)
    }

    /// Sends `request` acting as `context` describes: the one path of every operation.
    ///
    /// When the server rejects a cached member session (expired or unknown token, e.g. after a
    /// simulator restart), the session is dropped and the call made once more with a fresh one.
    package func call<Request: CloudRequest>(_ request: Request, context: CallContext) async throws
        -> Request.Response
    {
        let broker = broker
        let account = context.account
        do {
            return try await caller.call(request, region: context.region) {
                try await broker.credentials(for: account)
            }
        } catch let error as CloudError where Self.rejectsSession(error) {
            guard let account, await broker.invalidateSession(in: account) else { throw error }
            return try await caller.call(request, region: context.region) {
                try await broker.credentials(for: account)
            }
        }
    }

    /// Codes by which the gateway refuses STS credentials themselves (not the call's permissions).
    private static func rejectsSession(_ error: CloudError) -> Bool {
        error.code.hasPrefix("InvalidSecurityToken") || error.code == "InvalidAccessKeyId.NotFound"
    }

    /// Releases the transport's connections; call once when done.
    package func shutdown() async throws {
        try await shutdownHandler()
    }
}
