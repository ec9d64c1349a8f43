/// An Alibaba Cloud Resource Name: `acs:<service>:<region>:<account>:<relative-id>`.
///
/// RAM and STS names have an empty region (`acs:ram::1234:role/Name`); policy documents may put `*`
/// in any part, so the account is kept as text rather than an ``AccountID``.
package struct ResourceName: Hashable, Sendable, CustomStringConvertible {
    /// The service code, e.g. `kms`, `ram`, `ecs`.
    package var service: String
    /// The region, empty for global services.
    package var region: String
    /// The owner account UID (or `*` in patterns).
    package var account: String
    /// Everything after the fourth colon, e.g. `key/key-hzz…` or `role/AliyunECSDiskEncryptDefaultRole`.
    package var resource: String

    /// Builds a name from its parts.
    package init(service: String, region: String = "", account: String, resource: String) {
        self.service = service
        self.region = region
        self.account = account
        self.resource = resource
    }

    /// Parses `acs:service:region:account:resource`; the resource part may itself contain colons.
    package init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "acs", !parts[1].isEmpty else { return nil }
        self.init(
            service: String(parts[1]), region: String(parts[2]), account: String(parts[3]),
            resource: String(parts[4]))
    }

    package var description: String { "acs:\(service):\(region):\(account):\(resource)" }

    /// The owner as a typed account, when the account part is a UID rather than a pattern.
    package var accountID: AccountID? { AccountID(account) }

    /// `acs:ram::<uid>:role/<name>`.
    package static func role(_ name: String, in account: AccountID) -> ResourceName {
        ResourceName(service: "ram", account: account.rawValue, resource: "role/\(name)")
    }

    /// `acs:kms:<region>:<uid>:key/<id>`.
    package static func key(_ id: String, region: RegionID, account: AccountID) -> ResourceName {
        ResourceName(service: "kms", region: region.rawValue, account: account.rawValue, resource: "key/\(id)")
    }
}
