import CloudAPI

extension CloudProduct {
    /// The public endpoint host for `region` (alibaba-api.md §1.2): regional products splice the
    /// region in, RAM and ResourceManager are central and ignore it.
    package func publicHost(region: String) -> String {
        switch self {
        case .kms: "kms.\(region).aliyuncs.com"
        case .ram: "ram.aliyuncs.com"
        case .sts: "sts.\(region).aliyuncs.com"
        case .ecs: "ecs.\(region).aliyuncs.com"
        case .resourceManager: "resourcemanager.aliyuncs.com"
        case .resourceSharing: "resourcesharing.\(region).aliyuncs.com"
        }
    }
}
