import CloudAPI
import Foundation

/// ECS parameter rules: id formats, disk categories and sizes, tags, names, client tokens.
enum ECSRules {
    /// The id infix ECS uses per region (`d-bp1…` in Hangzhou).
    static func regionInfix(_ region: String) -> String {
        switch region {
        case "cn-hangzhou": "bp1"
        case "cn-shanghai": "uf6"
        case "cn-beijing": "2ze"
        case "cn-shenzhen": "wz9"
        default: "gw8"
        }
    }

    /// A new resource id with `prefix` (`d`, `s`, `m`).
    static func newID(_ prefix: String, region: String, ids: inout IDGenerator) -> String {
        "\(prefix)-\(regionInfix(region))\(ids.lowerAlphanumeric(17))"
    }

    /// Size bounds in GiB per category (and ESSD performance level).
    static func sizeRange(category: String, performanceLevel: String) -> ClosedRange<Int>? {
        switch category {
        case "cloud": 5...2000
        case "cloud_efficiency", "cloud_ssd": 20...32768
        case "cloud_essd":
            switch performanceLevel {
            case "PL0": 1...65536
            case "PL1": 20...65536
            case "PL2": 461...65536
            case "PL3": 1261...65536
            default: nil
            }
        case "cloud_auto": 1...65536
        case "cloud_essd_entry": 10...32768
        default: nil
        }
    }

    /// Validates request tags (≤ 20, unique keys, no reserved prefixes) into response tags.
    static func tags(_ tags: [KeyValueTag]?) throws -> [ResourceTag] {
        guard let tags else { return [] }
        guard tags.count <= 20 else { throw CloudError.invalidParameter("Tag", "at most 20 tags, got \(tags.count).") }
        var seen = Set<String>()
        var result: [ResourceTag] = []
        for tag in tags {
            guard !tag.key.isEmpty, tag.key.count <= 128, !tag.key.hasPrefix("aliyun"), !tag.key.hasPrefix("acs:"),
                !tag.key.hasPrefix("http://"), !tag.key.hasPrefix("https://")
            else {
                throw CloudError.invalid(
                    "InvalidTagKey.Malformed",
                    "The Tag.N.Key '\(tag.key)' is empty, too long or uses a reserved prefix (aliyun, acs:, http://).")
            }
            let value = tag.value ?? ""
            guard value.count <= 128, !value.hasPrefix("http://"), !value.hasPrefix("https://") else {
                throw CloudError.invalid("InvalidTagValue.Malformed", "The Tag.N.Value of '\(tag.key)' is malformed.")
            }
            guard seen.insert(tag.key).inserted else {
                throw CloudError.invalid("Duplicate.TagKey", "The Tag.N.Key '\(tag.key)' is given more than once.")
            }
            result.append(ResourceTag(tagKey: tag.key, tagValue: value))
        }
        return result
    }

    /// Whether resource tags contain every filter tag.
    static func matches(_ tags: [ResourceTag], filters: [KeyValueTag]?) -> Bool {
        guard let filters else { return true }
        return filters.allSatisfy { (filter: KeyValueTag) -> Bool in
            tags.contains { (tag: ResourceTag) -> Bool in
                guard tag.tagKey == filter.key else { return false }
                guard let value = filter.value else { return true }
                return value == tag.tagValue
            }
        }
    }

    /// Names are 2–128 characters and must not start with `http://` or `https://`.
    static func checkName(_ name: String?, code: String, parameter: String) throws {
        guard let name else { return }
        guard (2...128).contains(name.count), !name.hasPrefix("http://"), !name.hasPrefix("https://") else {
            throw CloudError.invalid(
                code, "The \(parameter) '\(name)' must be 2–128 characters and not start with http:// or https://.")
        }
    }

    /// Descriptions are 2–256 characters and must not start with `http://` or `https://`.
    static func checkDescription(_ text: String?) throws {
        guard let text else { return }
        guard (2...256).contains(text.count), !text.hasPrefix("http://"), !text.hasPrefix("https://") else {
            throw CloudError.invalid(
                "InvalidDescription.Malformed",
                "The Description must be 2–256 characters and not start with http:// or https://.")
        }
    }

    /// A JSON array of ids (`DiskIds`, `SnapshotIds`), at most 100.
    static func idList(_ text: String?, parameter: String) throws -> Set<String>? {
        guard let text, !text.isEmpty else { return nil }
        guard let data = text.data(using: .utf8), let ids = try? JSONDecoder().decode([String].self, from: data) else {
            throw CloudError.invalidParameter(parameter, "must be a JSON array of ids, e.g. [\"d-1\",\"d-2\"].")
        }
        guard ids.count <= 100 else { throw CloudError.invalidParameter(parameter, "at most 100 ids.") }
        return Set(ids)
    }

    /// The canonical text of a request without its client token, for idempotency checks.
    static func fingerprint<R: Encodable>(_ request: R) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(request)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Checks a ClientToken (≤ 64 ASCII characters).
    static func checkClientToken(_ token: String?) throws {
        guard let token else { return }
        guard !token.isEmpty, token.count <= 64, token.allSatisfy(\.isASCII) else {
            throw CloudError.invalidParameter("ClientToken", "must be 1–64 ASCII characters.")
        }
    }
}
