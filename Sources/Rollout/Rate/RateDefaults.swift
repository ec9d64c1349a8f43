/// Where a group's pace comes from when neither the playbook's `rate` nor `--rate` names it.
package enum RateDefaults: Sendable, Hashable {
    /// Alibaba's documented limits with headroom, and the inferred guesses (``RateGroup/defaultRate``):
    /// a backend over HTTP, the real cloud or `keyshare serve`, whose limits the client cannot see.
    case documented
    /// Only the limits the backend is known to enforce, already with headroom; other groups are not
    /// paced. The embedded simulator enforces none unless its faults set them, and pacing a rollout
    /// at limits nothing enforces would only slow it (1,000 accounts: 35 s instead of under 1 s).
    case enforced([RateGroup: Double])

    /// The headroom kept below a limit the backend enforces, as below a documented one.
    package static let headroom = 0.8

    /// The default pace of `group`, or nil when it is not paced.
    package func rate(of group: RateGroup) -> Double? {
        switch self {
        case .documented: group.defaultRate
        case .enforced(let limits): limits[group]
        }
    }

    /// The default pace of a call of `action` in `group`, and whether it counts in a bucket of its
    /// own action (documented per-API limits) rather than the group's; nil when it is not paced.
    package func pace(of group: RateGroup, action: String) -> (rate: Double, perAction: Bool)? {
        switch self {
        case .documented: (group.defaultRate(action: action), group.pacesPerAction)
        case .enforced(let limits): limits[group].map { ($0, false) }
        }
    }

    /// Defaults pacing each named group at ``headroom`` of its enforced limit (requests per second
    /// per account); names that are not groups are ignored.
    package static func enforcing(_ limits: [String: Int]) -> RateDefaults {
        var paces: [RateGroup: Double] = [:]
        for (name, limit) in limits where limit > 0 {
            if let group = RateGroup(rawValue: name) { paces[group] = Double(limit) * headroom }
        }
        return .enforced(paces)
    }
}
