import CloudAPI
import CloudModel
import Grants
import Testing

/// A sole writer's batch waits for the targets that reserved room on the key (they grant close
/// behind), so grants reserved together are written together; a reservation that never grants holds
/// a batch up only briefly, and a lone grant does not wait at all.
@Suite("Sole writer waits for reserved grants")
struct SoleWriterCompanyTests {
    private static let key = CapacityFixtures.key(1)

    /// Targets that reserve first, then grant one after another from separate tasks.
    @Test("grants reserved together are written in one batch", arguments: [2, 5, 12])
    func reservedTogether(targets: Int) async throws {
        let store = SoleWriterTrustTests.CountingStore(limit: 100)
        // A wait only the last grant can end: the batch is written once, however slow the machine.
        let writer = KeyPolicyWriter(key: Self.key, store: store, soleWriter: true, soleLinger: .seconds(600))
        let principals = (0..<targets).map { CapacityFixtures.principal($0) }
        for principal in principals { try await writer.reserve([principal]) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Each grant a moment after the one before, as targets reach their grants: a writer
            // that did not wait would write each alone.
            for (index, principal) in principals.enumerated() {
                group.addTask {
                    try await Task.sleep(for: .milliseconds(20 * index))
                    _ = try await writer.grant([principal])
                }
            }
            try await group.waitForAll()
        }
        #expect(await store.writes == 1)
        let granted = try KeyPolicyDocument(text: await store.text).sharedPrincipals
        #expect(Set(granted) == Set(principals))
    }

    /// A target that reserved and never grants (it failed, or grants in a later step), with
    /// grants before and after it: each grant still lands, and the room stays held for it.
    @Test("a reservation that never grants delays a batch but never blocks it", arguments: [0, 1, 3])
    func strandedReservation(others: Int) async throws {
        let store = SoleWriterTrustTests.CountingStore(limit: 100)
        let ledger = CapacityLedger()
        let writer = KeyPolicyWriter(key: Self.key, store: store, ledger: ledger, soleWriter: true)
        let stranded = CapacityFixtures.principal(99)
        try await writer.reserve([stranded])
        let principals = (0..<others).map { CapacityFixtures.principal($0) }
        for principal in principals { _ = try await writer.grant([principal]) }
        let granted = try KeyPolicyDocument(text: await store.text).sharedPrincipals
        #expect(Set(granted) == Set(principals))
        #expect(ledger.outstanding(Self.key) == [stranded])
    }
}
