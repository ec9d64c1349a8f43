import CloudAPI
import CloudModel
import Grants
import Testing

/// A run's setup reads a pool's capacity while the inventory lists the accounts: each key once,
/// all at once, and a failed read is raised by the first assignment, for its target.
@Suite("Key pool capacity read ahead")
struct KeyPoolPrefetchTests {
    /// A policy store whose reads fail the first `failures` times.
    actor FlakyStore: KeyPolicyStore {
        var reads = 0
        var failures: Int
        init(failures: Int) { self.failures = failures }

        func read() async throws -> String {
            reads += 1
            if failures > 0 {
                failures -= 1
                throw CloudError(code: "Forbidden.NoPermission", message: "denied", httpStatus: 403)
            }
            return CapacityFixtures.base
        }
        func write(_ text: String) async throws {}
        func quotaLeft() async throws -> Int? { 10 }
    }

    @Test("each key is read once, and the assignments that follow read nothing more")
    func readsOnce() async throws {
        let stores = (0..<3).map { _ in FlakyStore(failures: 0) }
        let ledger = CapacityLedger()
        let pool = KeyPool(
            writers: stores.enumerated().map { index, store in
                KeyPolicyWriter(key: CapacityFixtures.key(index + 1), store: store, ledger: ledger)
            })
        await pool.loadCapacity()
        await pool.loadCapacity()
        for store in stores { #expect(await store.reads == 1) }
        _ = try await pool.assign(account: "2000000000000001", principals: [CapacityFixtures.principal(1)])
        for store in stores { #expect(await store.reads == 1) }
    }

    @Test("a failed read ahead is not raised; the first assignment reads again and raises what it meets", arguments: [1, 2])
    func failureLeftToAssignment(failures: Int) async throws {
        let store = FlakyStore(failures: failures)
        let pool = KeyPool(writers: [KeyPolicyWriter(key: CapacityFixtures.key(1), store: store)])
        await pool.loadCapacity()
        #expect(await store.reads == 1)
        if failures == 1 {
            _ = try await pool.assign(account: "2000000000000001", principals: [CapacityFixtures.principal(1)])
        } else {
            await #expect {
                _ = try await pool.assign(account: "2000000000000001", principals: [CapacityFixtures.principal(1)])
            } throws: { error in
                (error as? CloudError)?.code == "Forbidden.NoPermission"
            }
        }
        #expect(await store.reads == 2)
    }
}
