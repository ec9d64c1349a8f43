import CloudAPI
import CloudModel
import Foundation
import Grants

/// A key policy in memory whose instance quota is `limit` units, of which `used` are taken by
/// others plus one per account the policy names: a cloud in miniature for the capacity tests.
actor MemoryPolicyStore: KeyPolicyStore {
    private(set) var text: String
    private(set) var writes = 0
    private let limit: Int?
    private let used: Int
    /// Writes (1-based) that fail as the cloud refuses them, changing nothing.
    private let refused: Set<Int>

    init(text: String, limit: Int?, used: Int = 0, refused: Set<Int> = []) {
        self.text = text
        self.limit = limit
        self.used = used
        self.refused = refused
    }

    func read() async throws -> String { text }

    func write(_ new: String) async throws {
        writes += 1
        if refused.contains(writes) {
            throw CloudError(code: "Rejected.ShareQuotaExceedLimit", message: "refused", httpStatus: 400)
        }
        text = new
    }

    func quotaLeft() async throws -> Int? { try await quota()?.left }

    func quota() async throws -> ShareQuota? {
        guard let limit else { return nil }
        let named = try KeyPolicyDocument(text: text).externalAccounts(owner: CapacityFixtures.owner).count
        return ShareQuota(limit: limit, left: max(0, limit - used - named))
    }
}

/// Keys, principals and policies of a given room for the capacity tests.
enum CapacityFixtures {
    static let owner = "1000000000000001"

    /// Key `index` of instance `instance` (nil: a key of no instance, so no quota).
    static func key(_ index: Int, instance: String? = "kst-hzz0000000000000001") -> SharedKey {
        let id = String(format: "key-hzz%019d", index)
        return SharedKey(
            metadata: KeyMetadata(
                keyID: id, arn: "acs:kms:cn-hangzhou:\(owner):key/\(id)", keyState: "Enabled",
                keySpec: "Aliyun_AES_256", keyUsage: "ENCRYPT/DECRYPT", origin: "Aliyun_KMS",
                protectionLevel: "SOFTWARE", dkmsInstanceID: instance, creator: owner, creationDate: "",
                description: ""),
            owner: AccountID(owner)!, region: .hangzhou)
    }

    /// Role `role` (0: the disk role, 1, 2: the share roles) of member account `index`.
    static func principal(_ index: Int, role: Int = 0) -> String {
        let names = [
            "AliyunECSDiskEncryptDefaultRole", "AliyunECSShareEncryptImageDefaultRole",
            "AliyunECSShareEncryptSnapshotDefaultRole",
        ]
        return String(format: "acs:ram::2%015d:role/", index) + names[role % names.count]
    }

    static let base =
        #"{"Version":"1","Statement":[{"Sid":"kms default key policy","Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Action":["kms:*"],"Resource":["*"]}]}"#

    /// A policy naming the disk roles of members `holding` in keyshare's statement, padded by a
    /// foreign statement of the owner so that exactly `fitting` more disk roles (members numbered
    /// from 1,000) fit in 32,768 bytes; no padding when `fitting` is nil.
    static func policy(holding: Range<Int>, fitting: Int?) throws -> String {
        var document = try KeyPolicyDocument(text: padded(0))
        document.grant(holding.map { principal($0) })
        guard let fitting else { return try KeyPolicyDocument(text: base).granting(holding.map { principal($0) }).text }
        var trial = document
        trial.grant((0..<fitting).map { principal(1_000 + $0) })
        let room = KeyPolicyDocument.maximumBytes - trial.byteCount
        var padded = try KeyPolicyDocument(text: Self.padded(room))
        padded.grant(holding.map { principal($0) })
        return padded.text
    }

    /// The base policy plus an owner statement whose action is `extra` bytes longer than `kms:P`.
    private static func padded(_ extra: Int) -> String {
        let action = "kms:P" + String(repeating: "x", count: max(0, extra))
        return
            #"{"Version":"1","Statement":[{"Sid":"kms default key policy","Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Action":["kms:*"],"Resource":["*"]},{"Sid":"padding","Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:root"]},"Action":[""#
            + action + #""],"Resource":["*"]}]}"#
    }
}

extension KeyPolicyDocument {
    /// A copy with `principals` granted.
    func granting(_ principals: [String]) -> KeyPolicyDocument {
        var copy = self
        copy.grant(principals)
        return copy
    }
}
