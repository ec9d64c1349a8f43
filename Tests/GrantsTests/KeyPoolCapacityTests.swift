import CloudAPI
import Foundation
import Grants
import Testing

/// One pool arrangement: keys each fitting some roles by size, the instance's quota, the targets.
struct PoolCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// Disk roles each key's policy still fits by size (nil: no padding).
    var fitting: [Int?]
    /// Units of the shared instance's quota left (nil: none reported).
    var quota: Int?
    var targets: Int
    var concurrency: Int
    /// Targets per key index that must be assigned there; the rest are refused with `refusal`.
    var assigned: [Int]
    var refusal = "keyshare.KeyPoolFull"
    var testDescription: String { name }
}

@Suite("Key pool capacity")
struct KeyPoolCapacityTests {
    static let cases: [PoolCase] = [
        PoolCase(
            name: "two keys fitting 3 each take 6 of 20 at once", fitting: [3, 3], targets: 20, concurrency: 20,
            assigned: [3, 3]),
        PoolCase(
            name: "two keys fitting 3 each, one target at a time", fitting: [3, 3], targets: 9, concurrency: 1,
            assigned: [3, 3]),
        PoolCase(
            name: "a full first key sends everyone to the second", fitting: [0, 5], targets: 64, concurrency: 64,
            assigned: [0, 5]),
        PoolCase(
            name: "the instance quota binds before the keys' room", fitting: [10, 10], quota: 4, targets: 30,
            concurrency: 30, assigned: [4, 0], refusal: "Rejected.ShareQuotaExceedLimit"),
        PoolCase(
            name: "room everywhere: all on the first key", fitting: [nil, nil], targets: 40, concurrency: 40,
            assigned: [40, 0]),
    ]

    @Test(
        "the pool assigns each target a key with room counting every reservation, and refuses the rest",
        arguments: cases)
    func assigns(_ test: PoolCase) async throws {
        let ledger = CapacityLedger()
        var writers: [KeyPolicyWriter] = []
        for (index, fitting) in test.fitting.enumerated() {
            let store = MemoryPolicyStore(text: try CapacityFixtures.policy(holding: 0..<0, fitting: fitting), limit: test.quota)
            writers.append(KeyPolicyWriter(key: CapacityFixtures.key(index + 1), store: store, ledger: ledger))
        }
        let pool = KeyPool(writers: writers)
        let outcomes = try await withThrowingTaskGroup(of: Result<Int, CloudError>.self) { group in
            var outcomes: [Result<Int, CloudError>] = []
            var next = 0
            func start() {
                let member = 1_000 + next
                next += 1
                group.addTask {
                    do {
                        return .success(
                            try await pool.assign(
                                account: String(format: "2%015d", member),
                                principals: [CapacityFixtures.principal(member)]))
                    } catch let error as CloudError {
                        return .failure(error)
                    }
                }
            }
            while next < min(test.concurrency, test.targets) { start() }
            for try await outcome in group {
                outcomes.append(outcome)
                if next < test.targets { start() }
            }
            return outcomes
        }
        var counts = Array(repeating: 0, count: test.fitting.count)
        var refusals: [CloudError] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let index): counts[index] += 1
            case .failure(let error): refusals.append(error)
            }
        }
        #expect(counts == test.assigned)
        #expect(refusals.count == test.targets - test.assigned.reduce(0, +))
        #expect(refusals.allSatisfy { $0.code == test.refusal }, "\(refusals.first.map { "\($0)" } ?? "")")
    }

    @Test("an account a key already names stays there, and a released reservation's room goes to the next account")
    func stickyAndReleased() async throws {
        let ledger = CapacityLedger()
        let named = try CapacityFixtures.policy(holding: 0..<1, fitting: 1)
        let first = KeyPolicyWriter(
            key: CapacityFixtures.key(1), store: MemoryPolicyStore(text: named, limit: nil), ledger: ledger)
        let second = KeyPolicyWriter(
            key: CapacityFixtures.key(2),
            store: MemoryPolicyStore(text: try CapacityFixtures.policy(holding: 0..<0, fitting: 1), limit: nil),
            ledger: ledger)
        let pool = KeyPool(writers: [first, second])
        // Member 0 is named by the first key's policy already: it stays there and needs no room.
        #expect(try await pool.assign(account: String(format: "2%015d", 0), principals: [CapacityFixtures.principal(0)]) == 0)
        #expect(try await pool.assign(account: String(format: "2%015d", 1), principals: [CapacityFixtures.principal(1)]) == 0)
        #expect(try await pool.assign(account: String(format: "2%015d", 2), principals: [CapacityFixtures.principal(2)]) == 1)
        await #expect(throws: CloudError.self) {
            try await pool.assign(account: String(format: "2%015d", 3), principals: [CapacityFixtures.principal(3)])
        }
        first.release([CapacityFixtures.principal(1)])
        #expect(try await pool.assign(account: String(format: "2%015d", 3), principals: [CapacityFixtures.principal(3)]) == 0)
    }
}
