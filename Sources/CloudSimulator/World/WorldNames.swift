/// The names and ranges a world file may use, with the checks that name a bad one and its fix.
enum WorldNames {
    /// Alibaba Cloud's public regions (the region list of the ECS/KMS documentation). A world is
    /// checked against it so a typo (`cn-hangzou`) is an error rather than an empty region.
    static let regions: Set<String> = [
        "cn-qingdao", "cn-beijing", "cn-zhangjiakou", "cn-huhehaote", "cn-wulanchabu", "cn-hangzhou", "cn-shanghai",
        "cn-nanjing", "cn-fuzhou", "cn-wuhan-lr", "cn-shenzhen", "cn-heyuan", "cn-guangzhou", "cn-chengdu",
        "cn-hongkong", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
        "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ap-south-1", "us-east-1", "us-west-1", "eu-west-1",
        "eu-central-1", "me-east-1", "me-central-1", "na-south-1", "cn-shanghai-finance-1", "cn-shenzhen-finance-1",
        "cn-beijing-finance-1", "cn-north-2-gov-1",
    ]

    /// Largest count or quota a world may give (`vpc_num`, `key_num`, `bound_vpcs`): far above any
    /// instance one can buy, low enough that sums over a world cannot overflow.
    static let maximumCount = 1_000_000

    /// RAM's documented range for a role's MaxSessionDuration, in seconds.
    static let sessionDurations = 3600...43200

    /// Throws unless `region` is a known region, suggesting the nearest one.
    static func checkRegion(_ region: String, at path: String) throws {
        guard !regions.contains(region) else { return }
        let nearest = regions.min { distance($0, region) < distance($1, region) }
        let hint = nearest.map { "did you mean '\($0)'? " } ?? ""
        throw WorldError(
            "\(path) '\(clipped(region))' is not an Alibaba Cloud region; \(hint)Known regions: "
                + regions.sorted().joined(separator: ", ") + ".")
    }

    /// Throws unless `count` is between 0 and ``maximumCount``.
    static func checkCount(_ count: Int, at path: String) throws {
        if count < 0 { throw WorldError("\(path): \(count) is negative; a count or quota is 0 or more.") }
        if count > maximumCount {
            throw WorldError("\(path): \(count) is more than \(maximumCount), beyond any real quota; use a realistic number.")
        }
    }

    /// Throws on the first name listed twice (case-insensitively, as RAM compares names).
    static func checkUnique(_ names: [String], at path: String, what: String) throws {
        var seen: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if let first = seen.updateValue(index, forKey: name.lowercased()) {
                throw WorldError(
                    "\(path)[\(index)].name '\(clipped(name))' is also \(path)[\(first)].name; "
                        + "\(what) names must be unique (case-insensitively).")
            }
        }
    }

    /// The number of a policy version id (`v3` → 3): `v` and 1…1,000,000 without leading zeros, else nil.
    static func versionNumber(_ id: String) -> Int? {
        guard id.hasPrefix("v"), let number = Int(id.dropFirst()), (1...maximumCount).contains(number),
            "v\(number)" == id
        else { return nil }
        return number
    }

    /// Quoted names are cut short, so a pasted blob does not flood the message.
    static func clipped(_ text: String) -> String {
        text.count <= 60 ? text : String(text.prefix(57)) + "…"
    }

    /// Edit distance, for suggestions.
    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8.prefix(64))
        let b = Array(b.utf8.prefix(64))
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
