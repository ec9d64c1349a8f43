import CloudAPI
import Grants
import Testing

/// Keys of one KMS instance loading their capacity at the same moment share one quota read; reads
/// that do not overlap, and keys of other instances, each ask the cloud.
@Suite("Instance quota reads")
struct InstanceQuotaReadsTests {
    /// A store whose quota reads wait until the test opens them, counting reads of each kind.
    actor GatedStore: KeyPolicyStore {
        var quotaReads = 0
        var policyReads = 0
        private var entered: [CheckedContinuation<Void, Never>] = []
        private var gate: [CheckedContinuation<Void, Never>] = []
        private var open = false
        private let left: Int

        init(left: Int) { self.left = left }

        func read() async throws -> String {
            policyReads += 1
            return CapacityFixtures.base
        }
        func write(_ text: String) async throws {}
        func quotaLeft() async throws -> Int? { try await quota()?.left }
        func quota() async throws -> ShareQuota? {
            quotaReads += 1
            for waiter in entered { waiter.resume() }
            entered = []
            if !open { await withCheckedContinuation { gate.append($0) } }
            return ShareQuota(limit: 100, left: left)
        }

        /// Returns once a quota read has started.
        func quotaStarted() async {
            if quotaReads > 0 { return }
            await withCheckedContinuation { entered.append($0) }
        }

        /// Lets every quota read, waiting or to come, answer.
        func openGate() {
            open = true
            for waiter in gate { waiter.resume() }
            gate = []
        }
    }

    /// One writer per key, all on `store` and one ledger.
    static func writers(_ keys: [SharedKey], store: GatedStore) -> (CapacityLedger, [KeyPolicyWriter]) {
        let ledger = CapacityLedger()
        return (ledger, keys.map { KeyPolicyWriter(key: $0, store: store, ledger: ledger) })
    }

    @Test("keys of one instance loading at once send one quota read", arguments: [2, 3, 5])
    func overlapping(keys count: Int) async throws {
        let store = GatedStore(left: 40)
        let (_, writers) = Self.writers((1...count).map { CapacityFixtures.key($0) }, store: store)
        // The first load's quota read is in flight (held at the gate) before the others start.
        let first = Task { try await writers[0].absent([CapacityFixtures.principal(1)]) }
        await store.quotaStarted()
        let others = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in writers.dropFirst() {
                    group.addTask { _ = try await writer.absent([CapacityFixtures.principal(2)]) }
                }
                try await group.waitForAll()
            }
        }
        // Every load has joined the read in flight before it may answer.
        let ledger = writers[0].ledger
        while ledger.quotaReads.callers(sharingReadOf: CapacityFixtures.key(1)) < count { await Task.yield() }
        await store.openGate()
        _ = try await first.value
        try await others.value
        #expect(await store.quotaReads == 1)
        #expect(await store.policyReads == count)
    }

    @Test("a read that starts after another ended asks again: no answer is kept")
    func sequential() async throws {
        let store = GatedStore(left: 40)
        await store.openGate()
        let (_, writers) = Self.writers([CapacityFixtures.key(1), CapacityFixtures.key(2)], store: store)
        _ = try await writers[0].absent([CapacityFixtures.principal(1)])
        _ = try await writers[1].absent([CapacityFixtures.principal(1)])
        #expect(await store.quotaReads == 2)
    }

    @Test(
        "keys of other instances, or of none, do not share a read",
        arguments: [("kst-hzz0000000000000002" as String?), nil])
    func otherInstances(second: String?) async throws {
        let store = GatedStore(left: 40)
        let keys = [CapacityFixtures.key(1), CapacityFixtures.key(2, instance: second)]
        let (_, writers) = Self.writers(keys, store: store)
        let first = Task { try await writers[0].absent([CapacityFixtures.principal(1)]) }
        await store.quotaStarted()
        let other = Task { try await writers[1].absent([CapacityFixtures.principal(1)]) }
        while await store.quotaReads < 2 { await Task.yield() }
        await store.openGate()
        _ = try await first.value
        _ = try await other.value
        #expect(await store.quotaReads == 2)
    }

    @Test("a shared read's failure reaches every caller that joined it, and the next call reads again")
    func sharedFailure() async throws {
        let reads = InstanceQuotaReads()
        let release = AsyncStream<Void>.makeStream()
        let first = Task {
            try await reads.quota(of: CapacityFixtures.key(1)) {
                for await _ in release.stream { break }
                throw CloudError(code: "Forbidden.NoPermission", message: "denied", httpStatus: 403)
            }
        }
        while reads.callers(sharingReadOf: CapacityFixtures.key(1)) < 1 { await Task.yield() }
        // Key 2 of the same instance joins: its own read would answer, so an answer means it did not.
        let second = Task {
            try await reads.quota(of: CapacityFixtures.key(2)) { ShareQuota(limit: 1, left: 1) }
        }
        while reads.callers(sharingReadOf: CapacityFixtures.key(1)) < 2 { await Task.yield() }
        release.continuation.yield()
        for task in [first, second] {
            await #expect { _ = try await task.value } throws: { ($0 as? CloudError)?.code == "Forbidden.NoPermission" }
        }
        #expect(reads.callers(sharingReadOf: CapacityFixtures.key(1)) == 0)
        let again = try await reads.quota(of: CapacityFixtures.key(1)) { ShareQuota(limit: 1, left: 1) }
        #expect(again == ShareQuota(limit: 1, left: 1))
    }
}
