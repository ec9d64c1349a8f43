import CloudAPI
import Grants
import Testing

/// A quota read taken while another key's write of the same instance is in flight may already
/// count that write's new accounts, whose units the ledger still holds as reservations: counted
/// twice, they were lost for the rest of the run (the last targets of a 2,000-account run found
/// every key full). Every order of read, landing and failure must leave exactly the true room.
@Suite("Capacity ledger: quota reads during writes in flight")
struct LedgerWriteInFlightTests {
    enum Step: Sendable, CustomStringConvertible {
        /// Key B reads the quota as the cloud reports it at this point.
        case readBeforeLanding, readAfterLanding
        /// Key A's write lands and is observed, or fails.
        case observeWrite, abandonWrite
        /// Another process takes `n` units (seen only by a later read).
        case external(Int)
        var description: String {
            switch self {
            case .readBeforeLanding: "read before landing"
            case .readAfterLanding: "read after landing"
            case .observeWrite: "write observed"
            case .abandonWrite: "write failed"
            case .external(let n): "\(n) taken elsewhere"
            }
        }
    }

    /// (steps after key A reserved account 1 and began its write, room expected for new accounts).
    static let orders: [([Step], Int)] = [
        ([.observeWrite], 4),
        ([.readBeforeLanding, .observeWrite], 4),
        ([.readAfterLanding, .observeWrite], 4),
        ([.readAfterLanding, .readAfterLanding, .observeWrite], 4),
        ([.readBeforeLanding, .readAfterLanding, .observeWrite, .readAfterLanding], 4),
        ([.observeWrite, .readAfterLanding], 4),
        ([.abandonWrite], 5),
        ([.readBeforeLanding, .abandonWrite, .readBeforeLanding], 5),
        ([.observeWrite, .external(2), .readAfterLanding], 2),
        ([.external(1), .readAfterLanding, .observeWrite], 3),
    ]

    @Test("room after a write equals the quota less what is named", arguments: 0..<orders.count)
    func room(index: Int) throws {
        let (steps, expected) = Self.orders[index]
        let ledger = CapacityLedger()
        let keyA = CapacityFixtures.key(1)
        let keyB = CapacityFixtures.key(2)
        let empty = try KeyPolicyDocument(text: CapacityFixtures.base)
        let quota = { (left: Int) in ShareQuota(limit: 5, left: left) }
        ledger.observeRead(keyA, document: empty, quota: quota(5))
        ledger.observeRead(keyB, document: empty, quota: quota(5))
        let first = CapacityFixtures.principal(1)
        try ledger.reserve(keyA, principals: [first])
        var granted = empty
        granted.grant([first])
        let account = try #require(KeyPolicyDocument.account(of: first))
        ledger.beginWrite(keyA, external: [account])
        var landed = false
        var taken = 0
        for step in steps {
            switch step {
            case .readBeforeLanding: ledger.observeQuota(keyB, quota: quota(5 - taken - (landed ? 1 : 0)))
            case .readAfterLanding:
                landed = true
                ledger.observeQuota(keyB, quota: quota(5 - taken - 1))
            case .observeWrite:
                landed = true
                ledger.observeWrite(
                    keyA, document: granted,
                    known: .init(shared: [first], external: [account]))
            case .abandonWrite:
                ledger.abandonWrite(keyA)
                ledger.release(keyA, principals: [first])
            case .external(let n): taken += n
            }
        }
        // The room left: as many new accounts as fit, one by one, on key B.
        var fitted = 0
        for index in 10..<20 {
            do {
                try ledger.reserve(keyB, principals: [CapacityFixtures.principal(index)])
                fitted += 1
            } catch {
                break
            }
        }
        #expect(fitted == expected, "\(steps)")
    }
}
