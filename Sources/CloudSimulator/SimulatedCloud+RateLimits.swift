extension SimulatedCloud {
    /// The per-account requests-per-second limits this simulator enforces, by API group name
    /// (`sts`, `kms-write`): the group's limit or, when lower, one of its actions' (a client paces
    /// per group). Empty when its faults set none.
    package var enforcedRateLimits: [String: Int] {
        guard let plan = faultPlan else { return [:] }
        var limits: [String: Int] = [:]
        for (group, rule) in plan.rules {
            if let limit = rule.requestsPerSecond { limits[group.rawValue] = min(limits[group.rawValue] ?? limit, limit) }
        }
        for (action, rule) in plan.actions {
            guard let limit = rule.requestsPerSecond, let (_, group) = FaultPlan.knownAction(action) else { continue }
            limits[group.rawValue] = min(limits[group.rawValue] ?? limit, limit)
        }
        return limits
    }
}
