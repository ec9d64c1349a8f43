import CloudAPI
import CloudModel
import Foundation
import Grants
import Testing

/// A key policy held in memory, with another writer that acts between our write and our read-back:
/// `interfere(write, before, ours)` returns the policy the other writer leaves (nil: it stays out).
private actor FakeKeyPolicyStore: KeyPolicyStore {
    private(set) var text: String
    private(set) var writes = 0
    private let quota: @Sendable (_ writes: Int) -> Int?
    private let refused: Set<Int>
    private let latency: Duration
    private let interfere: @Sendable (_ write: Int, _ before: String, _ ours: String) throws -> String?

    /// `refused`: attempts (1-based) that fail with the cloud's quota error and change nothing.
    init(
        text: String, quota: @escaping @Sendable (Int) -> Int? = { _ in nil }, refused: Set<Int> = [],
        latency: Duration = .zero,
        interfere: @escaping @Sendable (Int, String, String) throws -> String? = { _, _, _ in nil }
    ) {
        self.text = text
        self.quota = quota
        self.refused = refused
        self.latency = latency
        self.interfere = interfere
    }

    func read() async throws -> String {
        if latency > .zero { try await Task.sleep(for: latency) }
        return text
    }

    func write(_ new: String) async throws {
        if latency > .zero { try await Task.sleep(for: latency) }
        writes += 1
        if refused.contains(writes) {
            throw CloudError(code: "Rejected.ShareQuotaExceedLimit", message: "quota", httpStatus: 400)
        }
        let before = text
        text = new
        if let other = try interfere(writes, before, new) { text = other }
    }

    func quotaLeft() async throws -> Int? { quota(writes) }
}

/// Another writer's principals.
private func other(_ index: Int) -> String {
    String(format: "acs:ram::3%015d:role/AliyunECSDiskEncryptDefaultRole", index)
}

/// A sharee role of member `index`.
private func role(_ index: Int) -> String {
    String(format: "acs:ram::2%015d:role/AliyunECSDiskEncryptDefaultRole", index)
}

/// The policy text after another writer granted `principals` on top of `text`.
private func granting(_ principals: [String], to text: String) throws -> String {
    var document = try KeyPolicyDocument(text: text)
    document.grant(principals)
    return document.text
}

private let basePolicy =
    #"{"Version":"1","Statement":[{"Sid":"kms default key policy","Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Action":["kms:*"],"Resource":["*"]}]}"#

private let sharedKey = SharedKey(
    metadata: KeyMetadata(
        keyID: "key-hzz0000000000000000000", arn: "acs:kms:cn-hangzhou:1000000000000001:key/key-hzz0000000000000000000",
        keyState: "Enabled", keySpec: "Aliyun_AES_256", keyUsage: "ENCRYPT/DECRYPT", origin: "Aliyun_KMS",
        protectionLevel: "SOFTWARE", dkmsInstanceID: nil, creator: "1000000000000001", creationDate: "",
        description: ""),
    owner: AccountID("1000000000000001")!, region: .hangzhou)

/// A policy another writer filled as far as it fits (its principals are as long as ours, so ours
/// no longer fits).
private func nearlyFull(from text: String) throws -> String {
    let base = try KeyPolicyDocument(text: text)
    func filled(_ count: Int) -> KeyPolicyDocument {
        var document = base
        document.grant((0..<count).map(other))
        return document
    }
    var low = 0
    var high = 1_000
    while low < high {
        let middle = (low + high + 1) / 2
        if filled(middle).byteCount <= KeyPolicyDocument.maximumBytes { low = middle } else { high = middle - 1 }
    }
    return filled(low).text
}

/// One interleaving of another writer with ours, and what the grant must end with.
struct WriterInterleaving: Sendable, CustomTestStringConvertible {
    var name: String
    /// Writes of ours (1-based) that the other writer overwrites with its own read-modify-write, which
    /// started before ours (it lacks our principal).
    var overwritten: Set<Int>
    /// The other writer adds its principal on top of ours instead (no loss).
    var addsOnTop = false
    /// The other writer's overwrite leaves the policy nearly full.
    var fillsPolicy = false
    /// Expected: the error code, or nil when the grant is confirmed.
    var failure: String?
    /// Expected number of our writes.
    var writes: Int
    var testDescription: String { name }
}

@Suite("Key policy writer read-back")
struct KeyPolicyWriterTests {
    static let interleavings: [WriterInterleaving] = [
        WriterInterleaving(name: "nobody else writes", overwritten: [], writes: 1),
        WriterInterleaving(name: "the other writer removes ours once", overwritten: [1], writes: 2),
        WriterInterleaving(name: "the other writer removes ours twice", overwritten: [1, 2], writes: 3),
        WriterInterleaving(
            name: "the other writer removes ours on every write", overwritten: Set(1...20),
            failure: "keyshare.KeyPolicyConflict", writes: 8),
        WriterInterleaving(
            name: "the other writer adds principals on top of ours", overwritten: [], addsOnTop: true,
            writes: 1),
        WriterInterleaving(
            name: "the other writer's overwrite leaves no room to merge ours again", overwritten: [1],
            fillsPolicy: true, failure: "keyshare.KeyPolicyTooLarge", writes: 1),
    ]

    @Test(
        "a grant is confirmed only when a read-back shows it; what another writer undid is merged again",
        arguments: interleavings)
    func grantInterleavings(_ interleaving: WriterInterleaving) async throws {
        let overwritten = interleaving.overwritten
        let addsOnTop = interleaving.addsOnTop
        let fills = interleaving.fillsPolicy
        let store = FakeKeyPolicyStore(
            text: basePolicy,
            interfere: { write, before, ours in
                if overwritten.contains(write) {
                    let theirs = try granting([other(write)], to: before)
                    return fills ? try nearlyFull(from: theirs) : theirs
                }
                return addsOnTop ? try granting([other(100 + write)], to: ours) : nil
            })
        let writer = KeyPolicyWriter(key: sharedKey, store: store)
        let outcome: Result<KeyPolicyWriter.Change, any Error>
        do { outcome = .success(try await writer.grant([role(1)])) } catch { outcome = .failure(error) }
        let final = try KeyPolicyDocument(text: await store.text).sharedPrincipals
        #expect(await store.writes == interleaving.writes)
        switch (outcome, interleaving.failure) {
        case (.success(let change), nil):
            #expect(change.principals == [role(1)])
            #expect(final.contains(role(1)), "reported granted, so the policy must hold it: \(final)")
            let merges = interleaving.overwritten.count
            #expect(change.notes.count == merges, "\(change.notes)")
            if merges > 0 {
                #expect(
                    change.notes.last == "a concurrent writer changed the key policy of \(sharedKey.keyID); "
                        + "merged again (attempt \(merges + 1))")
            }
            for write in interleaving.overwritten { #expect(final.contains(other(write)), "the other writer's grant stays") }
        case (.failure(let error as CloudError), let code?):
            #expect(error.code == code, "\(error)")
            #expect(error.message.contains(sharedKey.keyID), "\(error.message)")
            if code == "keyshare.KeyPolicyConflict" { #expect(!final.contains(role(1))) }
        default:
            Issue.record("expected \(interleaving.failure ?? "success"), got \(outcome)")
        }
    }

    @Test("a revoke undone by another writer is removed again and reported only once the policy lacks it")
    func revokeUndone() async throws {
        let start = try granting([role(1), role(2)], to: basePolicy)
        let store = FakeKeyPolicyStore(
            text: start,
            interfere: { write, before, _ in
                write == 1 ? try granting([other(1)], to: before) : nil
            })
        let writer = KeyPolicyWriter(key: sharedKey, store: store)
        let change = try await writer.revoke([role(1)])
        #expect(change.principals == [role(1)])
        #expect(change.notes.count == 1)
        let final = try KeyPolicyDocument(text: await store.text).sharedPrincipals
        #expect(!final.contains(role(1)) && final.contains(role(2)) && final.contains(other(1)), "\(final)")
    }

    @Test("a change that needs no write is confirmed by the read itself and counts nothing twice")
    func alreadyGranted() async throws {
        let store = FakeKeyPolicyStore(text: try granting([role(1)], to: basePolicy), quota: { _ in 0 })
        let writer = KeyPolicyWriter(key: sharedKey, store: store)
        let change = try await writer.grant([role(1)])
        #expect(change.principals.isEmpty && change.notes.isEmpty)
        #expect(await store.writes == 0)
    }

    @Test(
        "after a concurrent writer removed our grants, a quota refusal of the merge retries each grant without counting its account twice"
    )
    func quotaNotCountedTwice() async throws {
        // Write 1 lands and is overwritten by another writer; our accounts still hold their quota units,
        // so the instance reports none left; the merge (write 2) is refused for the batch as a whole.
        let store = FakeKeyPolicyStore(
            text: basePolicy, quota: { writes in writes == 0 ? 2 : 0 }, refused: [2],
            interfere: { write, before, _ in write == 1 ? try granting([other(1)], to: before) : nil })
        let writer = KeyPolicyWriter(key: sharedKey, store: store)
        async let first = writer.grant([role(1)])
        async let second = writer.grant([role(2)])
        let changes = try await [first, second]
        #expect(changes.map(\.principals) == [[role(1)], [role(2)]], "both still report their grant")
        let final = Set(try KeyPolicyDocument(text: await store.text).sharedPrincipals)
        #expect(final.isSuperset(of: [role(1), role(2), other(1)]), "\(final)")
    }

    @Test(
        "two writers of one policy (two processes) granting at once end with every reported principal present",
        arguments: [1, 3])
    func twoWriters(latencyMilliseconds: Int) async throws {
        let store = FakeKeyPolicyStore(text: basePolicy, latency: .milliseconds(latencyMilliseconds))
        let first = KeyPolicyWriter(key: sharedKey, store: store)
        let second = KeyPolicyWriter(key: sharedKey, store: store)
        let reported = try await withThrowingTaskGroup(of: [String].self) { group in
            for index in 1...40 {
                group.addTask {
                    let writer = index % 2 == 0 ? first : second
                    try await Task.sleep(for: .milliseconds(index % 7))
                    return try await writer.grant([role(index)]).principals
                }
            }
            var all: [String] = []
            for try await principals in group { all += principals }
            return all
        }
        let final = Set(try KeyPolicyDocument(text: await store.text).sharedPrincipals)
        #expect(reported.count == 40)
        #expect(reported.allSatisfy(final.contains), "lost: \(reported.filter { !final.contains($0) })")
    }
}
