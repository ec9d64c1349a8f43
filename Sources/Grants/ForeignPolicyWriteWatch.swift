import CloudAPI

/// The cloud a run's plugins call through: a `SetKeyPolicy` they send themselves (not through a
/// ``KeyPolicyWriter``) is noted in the run's ``CapacityLedger``, so a sole writer, which otherwise
/// trusts the text it last wrote, reads the policy again before its next write.
package struct ForeignPolicyWriteWatch: CloudInterceptor {
    private let inner: any Cloud
    private let ledger: CapacityLedger

    /// Watches the calls sent to `inner` for the run whose room `ledger` holds.
    package init(_ inner: any Cloud, ledger: CapacityLedger) {
        self.inner = inner
        self.ledger = ledger
    }

    package func intercept<R: CloudRequest>(_ request: R, context: CallContext) async throws -> R.Response {
        guard request is SetKeyPolicyRequest else { return try await request.send(to: inner, context: context) }
        // Before and after: a batch starting while the call is in flight, or after it, reads again.
        ledger.noteForeignPolicyWrite()
        defer { ledger.noteForeignPolicyWrite() }
        return try await request.send(to: inner, context: context)
    }
}
