/// An Alibaba Cloud product keyshare speaks to: its name, the API version its request types model,
/// and its code in RAM actions and Lua. How it is reached (endpoint hosts, error-body shape) is the
/// wire's: ACSWire and ACSClient extend it.
package enum CloudProduct: String, Sendable, CaseIterable, Codable {
    case kms = "Kms"
    case ram = "Ram"
    case sts = "Sts"
    case ecs = "Ecs"
    case resourceManager = "ResourceManager"
    case resourceSharing = "ResourceSharing"

    /// The OpenAPI version whose operations the request types model; with an action it names an
    /// operation, so it sits beside the action names (sent as `x-acs-version` / `Version`).
    package var version: String {
        switch self {
        case .kms: "2016-01-20"
        case .ram: "2015-05-01"
        case .sts: "2015-04-01"
        case .ecs: "2014-05-26"
        case .resourceManager: "2020-03-31"
        case .resourceSharing: "2020-01-10"
        }
    }

    /// The lower-case code used in RAM actions and ARNs (`kms:Encrypt`) and in Lua (`kms.encrypt`).
    package var code: String {
        switch self {
        case .kms: "kms"
        case .ram: "ram"
        case .sts: "sts"
        case .ecs: "ecs"
        case .resourceManager: "resourcemanager"
        case .resourceSharing: "resourcesharing"
        }
    }

    /// Finds the product whose API version is `version` (actions are unique within a version).
    package init?(version: String) {
        guard let match = Self.allCases.first(where: { $0.version == version }) else { return nil }
        self = match
    }
}
