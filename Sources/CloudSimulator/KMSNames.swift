import CloudAPI
import CloudModel
import Foundation

/// KMS naming rules: key ids, the default key policy and who a key policy shares with.
enum KMSNames {
    /// The short region code in instance key ids (`cn-hangzhou` → `hzz`, `cn-beijing` → `bjj`).
    static func regionCode(_ region: String) -> String {
        let last = region.split(separator: "-").last.map(String.init) ?? region
        switch last {
        case "hangzhou": return "hzz"
        case "shanghai": return "shh"
        case "beijing": return "bjj"
        case "shenzhen": return "szz"
        default:
            let letters = Array(last.lowercased().filter(\.isLetter))
            guard let first = letters.first else { return "xxx" }
            return String(first) + String(letters.count > 1 ? letters[1] : first) + String(letters.count > 1 ? letters[1] : first)
        }
    }

    /// A new instance key id: `key-hzz` + 18 lower-case letters and digits.
    static func instanceKeyID(region: String, ids: inout IDGenerator) -> String {
        "key-" + regionCode(region) + ids.lowerAlphanumeric(18)
    }

    /// The policy a key gets when created without one: `kms:*` for every identity of the owner.
    static func defaultKeyPolicy(owner: AccountID) -> String {
        #"{"Version":"1","Statement":[{"Sid":"kms default key policy","Effect":"Allow","Principal":{"RAM":["acs:ram::"#
            + owner.rawValue + #":*"]},"Action":["kms:*"],"Resource":["*"]}]}"#
    }

    /// Accounts other than `owner` that an Allow statement names (each uses one quota unit,
    /// however many of its roles are named — divergence SIM-002).
    static func externalAccounts(of document: PolicyDocument, owner: AccountID) -> Set<AccountID> {
        var result = Set<AccountID>()
        for statement in document.statements where statement.effect == .allow {
            for entry in statement.principal?.entries ?? [] {
                if let account = account(of: entry), account != owner { result.insert(account) }
            }
        }
        return result
    }

    /// Every role and user a key policy names (they must exist).
    static func namedRoles(of document: PolicyDocument) -> [PrincipalPattern] {
        var result: [PrincipalPattern] = []
        for statement in document.statements {
            for entry in statement.principal?.entries ?? [] {
                switch entry {
                case .role, .user: result.append(entry)
                default: break
                }
            }
        }
        return result
    }

    private static func account(of entry: PrincipalPattern) -> AccountID? {
        switch entry {
        case .anyIdentity(let id), .accountRoot(let id), .user(let id, _), .role(let id, _): id
        case .service(_, let id): id
        case .federated: nil
        }
    }
}

/// RAM naming rules.
enum RAMNames {
    /// 1–64 characters of `A-Za-z0-9.-`.
    static func isValidRoleName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// 1–128 characters of `A-Za-z0-9-`.
    static func isValidPolicyName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 128 && name.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// 2–64 characters of `A-Za-z0-9.@_-`.
    static func isValidSessionName(_ name: String) -> Bool {
        (2...64).contains(name.utf8.count)
            && name.utf8.allSatisfy {
                isAlphanumeric($0) || [UInt8(ascii: "."), UInt8(ascii: "@"), UInt8(ascii: "_"), UInt8(ascii: "-")].contains($0)
            }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

extension KMSNames {
    /// The key specs CreateKey accepts.
    static let keySpecs: Set<String> = [
        "Aliyun_AES_256", "Aliyun_AES_128", "Aliyun_AES_192", "Aliyun_SM4", "RSA_2048", "RSA_3072", "EC_P256",
        "EC_P256K", "EC_SM2",
    ]

    /// Parses `Tags` JSON text (`[{"TagKey":…,"TagValue":…}]`); nil text is no tags.
    static func parseTags(_ text: String?) throws -> [String: String] {
        guard let text else { return [:] }
        struct Tag: Decodable {
            let TagKey: String
            let TagValue: String?
        }
        guard let data = text.data(using: .utf8), let tags = try? JSONDecoder().decode([Tag].self, from: data) else {
            throw CloudError.invalidParameter("Tags", "must be a JSON array like [{\"TagKey\":\"k\",\"TagValue\":\"v\"}].")
        }
        guard tags.count <= 20 else { throw CloudError.invalidParameter("Tags", "at most 20 tags.") }
        var result: [String: String] = [:]
        for tag in tags { result[tag.TagKey] = tag.TagValue ?? "" }
        return result
    }

    /// One `Filters` entry of ListKeys.
    struct Filter: Decodable {
        let Key: String
        let Values: [String]
    }

    /// Parses `Filters` JSON text.
    static func parseFilters(_ text: String?) throws -> [Filter] {
        guard let text else { return [] }
        guard let data = text.data(using: .utf8), let filters = try? JSONDecoder().decode([Filter].self, from: data) else {
            throw CloudError.invalidParameter(
                "Filters", "must be a JSON array like [{\"Key\":\"KeyState\",\"Values\":[\"Enabled\"]}].")
        }
        let known: Set<String> = ["KeyState", "KeySpec", "KeyUsage", "ProtectionLevel", "CreatorType", "DKMSInstanceId"]
        for filter in filters where !known.contains(filter.Key) {
            throw CloudError.invalidParameter(
                "Filters", "unknown filter key '\(filter.Key)'; use one of \(known.sorted().joined(separator: ", ")).")
        }
        return filters
    }

    /// Whether a key passes one filter (OR within its values).
    static func matches(_ key: KMSKeyState, filter: Filter) -> Bool {
        let value: String
        switch filter.Key {
        case "KeyState": value = key.state.rawValue
        case "KeySpec": value = key.spec
        case "KeyUsage": value = key.usage
        case "ProtectionLevel": value = key.protectionLevel
        case "CreatorType": value = "User"
        default: value = key.instanceID?.rawValue ?? ""
        }
        return filter.Values.contains(value)
    }
}
