import CloudAPI

/// The cloud a run's plugins call through: a `SetKeyPolicy` they send themselves (not through a
/// ``KeyPolicyWriter``) is noted in the run's ``CapacityLedger``, so a sole writer, which otherwise
/// trusts the text it last wrote, reads the policy again before its next write.
package struct ForeignPolicyWriteWatch: Cloud {
    private let inner: any Cloud
    private let ledger: CapacityLedger

    /// Watches the calls sent to `inner` for the run whose room `ledger` holds.
    package init(_ inner: any Cloud, ledger: CapacityLedger) {
        self.inner = inner
        self.ledger = ledger
    }

    package func call<R: CloudRequest>(_ request: R, context: CallContext) async throws -> R.Response {
        guard request is SetKeyPolicyRequest else { return try await inner.call(request, context: context) }
        // Before and after: a batch starting while the call is in flight, or after it, reads again.
        ledger.noteForeignPolicyWrite()
        defer { ledger.noteForeignPolicyWrite() }
        return try await inner.call(request, context: context)
    }
}
