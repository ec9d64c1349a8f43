import CloudAPI
import CloudModel
import Grants
import Testing

/// One arrangement of a key's room and the targets reserving on it.
struct CapacityCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// Members 0..<holding whose disk roles the policy already names.
    var holding = 0
    /// The instance's `VpcNum` (nil: the key reports no quota); `used` units are taken by others.
    var limit: Int?
    var used = 0
    /// New disk roles that fit in the policy's bytes (nil: no padding).
    var fitting: Int?
    /// Reservations of other targets already held when the targets arrive.
    var inFlight = 0
    /// Targets reserving (members from 1,000, or the held members when `rerun`), and how many at once.
    var targets = 64
    var concurrency = 64
    /// Roles per target (one quota unit per account however many).
    var roles = 1
    /// The targets are the members the policy already names (a re-run of a full key).
    var rerun = false
    /// Targets that must get room.
    var admitted: Int
    /// The refusal of the others.
    var refusal = "Rejected.ShareQuotaExceedLimit"
    var testDescription: String { name }
}

@Suite("Capacity reservations")
struct CapacityReservationTests {
    static let cases: [CapacityCase] = [
        CapacityCase(name: "quota-bound: 5 units left, 64 at once", limit: 5, admitted: 5),
        CapacityCase(name: "quota-bound, one at a time", limit: 5, targets: 12, concurrency: 1, admitted: 5),
        CapacityCase(
            name: "quota-bound with 3 reservations of other targets in flight", limit: 5, inFlight: 3,
            admitted: 2),
        CapacityCase(
            name: "quota already used by the policy's 4 accounts and 2 VPCs", holding: 4, limit: 10, used: 2,
            admitted: 4),
        CapacityCase(name: "three roles per target take one unit of their account", limit: 4, roles: 3, admitted: 4),
        CapacityCase(name: "quota exhausted, none admitted", limit: 3, used: 3, admitted: 0),
        CapacityCase(
            name: "size-bound: 7 roles fit a policy naming 10", holding: 10, fitting: 7,
            admitted: 7, refusal: "keyshare.KeyPolicyTooLarge"),
        CapacityCase(
            name: "size-bound on a policy without keyshare's statement yet", fitting: 3, admitted: 3,
            refusal: "keyshare.KeyPolicyTooLarge"),
        CapacityCase(
            name: "size-bound, one at a time", holding: 2, fitting: 6, targets: 9, concurrency: 1, admitted: 6,
            refusal: "keyshare.KeyPolicyTooLarge"),
        CapacityCase(
            name: "size-bound with reservations in flight", holding: 1, fitting: 9, inFlight: 4, admitted: 5,
            refusal: "keyshare.KeyPolicyTooLarge"),
        CapacityCase(name: "quota tighter than size", limit: 3, fitting: 6, admitted: 3),
        CapacityCase(
            name: "size tighter than quota", limit: 40, fitting: 4, admitted: 4,
            refusal: "keyshare.KeyPolicyTooLarge"),
        CapacityCase(
            name: "a re-run of a full key: principals already named need no room", holding: 20, limit: 20,
            fitting: 0, targets: 20, rerun: true, admitted: 20),
        CapacityCase(name: "no quota reported and no padding: all admitted", admitted: 64),
    ]

    @Test(
        "concurrent reservations get room exactly up to the quota and size, counting the policy and what is held",
        arguments: cases)
    func admits(_ test: CapacityCase) async throws {
        let key = CapacityFixtures.key(1)
        let text = try CapacityFixtures.policy(holding: 0..<test.holding, fitting: test.fitting)
        let store = MemoryPolicyStore(text: text, limit: test.limit, used: test.used)
        let writer = KeyPolicyWriter(key: key, store: store)
        for index in 0..<test.inFlight { try await writer.reserve([CapacityFixtures.principal(5_000 + index)]) }
        let first = test.rerun ? 0 : 1_000
        let roles = test.roles
        let principals: @Sendable (Int) -> [String] = { member in (0..<roles).map { CapacityFixtures.principal(member, role: $0) }
        }
        let results = try await Self.reserve(
            members: Array(first..<(first + test.targets)), principals: principals,
            writer: writer, concurrency: test.concurrency)
        let admitted = results.filter { $0 == nil }.count
        #expect(admitted == test.admitted, "\(results.compactMap { $0 }.first ?? "")")
        for case let refusal? in results {
            #expect(refusal.hasPrefix(test.refusal + ":"), "\(refusal)")
            #expect(refusal.contains(key.keyID) && refusal.contains("nothing was changed"), "\(refusal)")
        }
        let held = writer.ledger.outstanding(key).count
        #expect(held == test.inFlight + (test.rerun ? 0 : test.admitted * test.roles))
    }

    /// Reserves for `members` at most `concurrency` at a time; returns per member nil (room) or
    /// `code: message` of its refusal.
    static func reserve(
        members: [Int], principals: @escaping @Sendable (Int) -> [String], writer: KeyPolicyWriter,
        concurrency: Int
    ) async throws -> [String?] {
        try await withThrowingTaskGroup(of: String?.self) { group in
            var results: [String?] = []
            var next = 0
            func start() {
                let member = members[next]
                next += 1
                group.addTask {
                    do {
                        try await writer.reserve(principals(member))
                        return nil
                    } catch let error as CloudError {
                        return "\(error.code): \(error.message)"
                    }
                }
            }
            while next < min(concurrency, members.count) { start() }
            for try await result in group {
                results.append(result)
                if next < members.count { start() }
            }
            return results
        }
    }

    @Test("a released reservation gives its room to the next target; the quota refusal names instance, used and left")
    func release() async throws {
        let key = CapacityFixtures.key(1)
        let writer = KeyPolicyWriter(key: key, store: MemoryPolicyStore(text: CapacityFixtures.base, limit: 4, used: 2))
        try await writer.reserve([CapacityFixtures.principal(1)])
        try await writer.reserve([CapacityFixtures.principal(2)])
        let error = await #expect(throws: CloudError.self) { try await writer.reserve([CapacityFixtures.principal(3)]) }
        #expect(error?.code == "Rejected.ShareQuotaExceedLimit")
        let message = error?.message ?? ""
        for part in [
            "kst-hzz0000000000000001", "2 of 4 used", "2 left", "2 of them held", "2000000000000003",
            "a pool of `keys`", "VpcNum",
        ] {
            #expect(message.contains(part), "\(part) missing from: \(message)")
        }
        writer.release([CapacityFixtures.principal(1)])
        #expect(try await writer.reserve([CapacityFixtures.principal(3)]) == [CapacityFixtures.principal(3)])
    }

    @Test("a grant consumes its reservation, an unreserved grant cannot take reserved room, a failed grant releases")
    func grantConsumes() async throws {
        let key = CapacityFixtures.key(1)
        let store = MemoryPolicyStore(text: CapacityFixtures.base, limit: 2, refused: [2])
        let writer = KeyPolicyWriter(key: key, store: store)
        try await writer.reserve([CapacityFixtures.principal(1)])
        try await writer.reserve([CapacityFixtures.principal(2)])
        // Granted: the unit moves from the reservation to the policy; the other stays held.
        _ = try await writer.grant([CapacityFixtures.principal(1)])
        #expect(writer.ledger.outstanding(key) == [CapacityFixtures.principal(2)])
        let stolen = await #expect(throws: CloudError.self) { try await writer.grant([CapacityFixtures.principal(3)]) }
        #expect(stolen?.code == "Rejected.ShareQuotaExceedLimit")
        // The reserved grant's write is refused by the cloud: the grant fails and gives its room back.
        await #expect(throws: CloudError.self) { try await writer.grant([CapacityFixtures.principal(2)]) }
        #expect(writer.ledger.outstanding(key).isEmpty)
        #expect(try await writer.reserve([CapacityFixtures.principal(3)]) == [CapacityFixtures.principal(3)])
    }

    @Test("two keys of one instance share its quota; keys of no instance have none")
    func instanceQuota() async throws {
        let ledger = CapacityLedger()
        let first = KeyPolicyWriter(
            key: CapacityFixtures.key(1), store: MemoryPolicyStore(text: CapacityFixtures.base, limit: 3),
            ledger: ledger)
        let second = KeyPolicyWriter(
            key: CapacityFixtures.key(2), store: MemoryPolicyStore(text: CapacityFixtures.base, limit: 3),
            ledger: ledger)
        try await first.reserve([CapacityFixtures.principal(1)])
        try await second.reserve([CapacityFixtures.principal(2)])
        try await first.reserve([CapacityFixtures.principal(3)])
        await #expect(throws: CloudError.self) { try await second.reserve([CapacityFixtures.principal(4)]) }
        let loose = KeyPolicyWriter(
            key: CapacityFixtures.key(3, instance: nil),
            store: MemoryPolicyStore(text: CapacityFixtures.base, limit: nil), ledger: ledger)
        for member in 10..<30 { try await loose.reserve([CapacityFixtures.principal(member)]) }
    }

    @Test("a key's refusals are not cached: a reservation fails when the policy cannot be read, and succeeds after")
    func readFailure() async throws {
        let writer = KeyPolicyWriter(key: CapacityFixtures.key(1), store: MemoryPolicyStore(text: "not json", limit: 5))
        await #expect(throws: (any Error).self) { try await writer.reserve([CapacityFixtures.principal(1)]) }
        #expect(!writer.ledger.isLoaded(CapacityFixtures.key(1)))
    }
}
