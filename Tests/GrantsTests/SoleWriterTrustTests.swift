import CloudAPI
import CloudModel
import Grants
import Testing

/// A sole writer starts a batch from the text it last wrote, without reading the policy and the
/// quota again, only while nothing else can have changed them: a plugin's own SetKeyPolicy, or a
/// quota the run's count says is too short (KMS may have given units back), makes it read.
@Suite("Sole writer trusts its last write")
struct SoleWriterTrustTests {
    /// A policy and quota in memory that count reads and can be changed behind the writer's back.
    actor CountingStore: KeyPolicyStore {
        var text = CapacityFixtures.base
        var reads = 0
        var quotaReads = 0
        var writes = 0
        /// Units used by others; the policy's external accounts use one each.
        var usedByOthers: Int
        let limit: Int?

        init(limit: Int?, usedByOthers: Int = 0) {
            self.limit = limit
            self.usedByOthers = usedByOthers
        }

        func read() async throws -> String {
            reads += 1
            return text
        }

        func write(_ new: String) async throws {
            writes += 1
            text = new
        }

        func quotaLeft() async throws -> Int? { try await quota()?.left }

        func quota() async throws -> ShareQuota? {
            quotaReads += 1
            guard let limit else { return nil }
            let named = try KeyPolicyDocument(text: text).externalAccounts(owner: CapacityFixtures.owner).count
            return ShareQuota(limit: limit, left: max(0, limit - usedByOthers - named))
        }

        /// Another writer (a plugin of the run) sets the policy.
        func setExternally(_ new: String) { text = new }

    }

    private static let key = CapacityFixtures.key(1)

    @Test(
        "after the first batch, a sole writer's sequential grants read nothing; a shared writer reads before each",
        arguments: [true, false])
    func readsPerBatch(sole: Bool) async throws {
        let store = CountingStore(limit: 100)
        let writer = KeyPolicyWriter(key: Self.key, store: store, soleWriter: sole)
        for index in 0..<5 { _ = try await writer.grant([CapacityFixtures.principal(index)]) }
        let reads = await store.reads
        #expect(await store.writes == 5)
        if sole {
            // The first reservation's read and the first batch's, then none.
            #expect(reads == 2)
        } else {
            #expect(reads >= 5)
        }
        let granted = try KeyPolicyDocument(text: await store.text).sharedPrincipals
        #expect(Set(granted) == Set((0..<5).map { CapacityFixtures.principal($0) }))
    }

    @Test("a key policy the run's plugins set themselves makes the next batch read, and its change is kept")
    func foreignWriteForcesRead() async throws {
        let store = CountingStore(limit: 100)
        let ledger = CapacityLedger()
        let writer = KeyPolicyWriter(key: Self.key, store: store, ledger: ledger, soleWriter: true)
        _ = try await writer.grant([CapacityFixtures.principal(0)])
        // A plugin adds a statement of its own through the watched cloud.
        var document = try KeyPolicyDocument(text: await store.text)
        document.grant([CapacityFixtures.principal(7)])
        await store.setExternally(document.text)
        ledger.noteForeignPolicyWrite()
        let before = await store.reads
        _ = try await writer.grant([CapacityFixtures.principal(1)])
        #expect(await store.reads == before + 1)
        let granted = Set(try KeyPolicyDocument(text: await store.text).sharedPrincipals)
        #expect(granted == Set([0, 1, 7].map { CapacityFixtures.principal($0) }))
        // Nothing changed since: trusted again.
        _ = try await writer.grant([CapacityFixtures.principal(2)])
        #expect(await store.reads == before + 1)
    }

    @Test("trusting its last write never lets a sole writer past the quota the run counts")
    func quotaStillEnforced() async throws {
        // Two units: the first two accounts take them.
        let store = CountingStore(limit: 3, usedByOthers: 1)
        let writer = KeyPolicyWriter(key: Self.key, store: store, soleWriter: true)
        _ = try await writer.grant([CapacityFixtures.principal(0)])
        _ = try await writer.grant([CapacityFixtures.principal(1)])
        // Another role of an account already named needs no unit: granted without a read.
        let reads = await store.reads
        _ = try await writer.grant([CapacityFixtures.principal(1, role: 1)])
        #expect(await store.reads == reads)
        // A third account is refused with the quota's code, and nothing is written.
        let writes = await store.writes
        await #expect {
            _ = try await writer.grant([CapacityFixtures.principal(2)])
        } throws: { error in
            (error as? CloudError)?.code == "Rejected.ShareQuotaExceedLimit"
        }
        #expect(await store.writes == writes)
        #expect(try KeyPolicyDocument(text: await store.text).sharedPrincipals.count == 3)
    }

    @Test("the watch notes SetKeyPolicy sent through it, before and after, and no other call")
    func watchNotesOnlyPolicyWrites() async throws {
        let ledger = CapacityLedger()
        let watch = ForeignPolicyWriteWatch(AnswerEverything(), ledger: ledger)
        let context = CallContext.root(AccountID(CapacityFixtures.owner)!, region: .hangzhou)
        _ = try await watch.call(GetKeyPolicyRequest(keyID: "k"), context: context)
        _ = try? await watch.call(DescribeKeyRequest(keyID: "k"), context: context)
        #expect(ledger.foreignPolicyWrites == 0)
        _ = try await watch.call(SetKeyPolicyRequest(keyID: "k", policy: "{}"), context: context)
        #expect(ledger.foreignPolicyWrites == 2)
        // A failed write may still have landed: noted too.
        await #expect(throws: CloudError.self) {
            _ = try await watch.call(SetKeyPolicyRequest(keyID: "fail", policy: "{}"), context: context)
        }
        #expect(ledger.foreignPolicyWrites == 4)
    }

    /// Answers SetKeyPolicy (failing for key `fail`) and the two reads the watch test sends.
    struct AnswerEverything: Cloud {
        func call<R: CloudRequest>(_ request: R, context: CallContext) async throws -> R.Response {
            if let set = request as? SetKeyPolicyRequest, set.keyID == "fail" {
                throw CloudError(code: "Forbidden.KeyNotFound", message: "no", httpStatus: 404)
            }
            let answers: [any Sendable] = [
                EmptyResponse(), GetKeyPolicyResponse(policy: "{}"),
            ]
            for answer in answers { if let answer = answer as? R.Response { return answer } }
            throw CloudError(code: "Unsupported", message: "\(R.action)", httpStatus: 400)
        }
    }
}
