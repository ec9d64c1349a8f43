import CloudAPI
import CloudModel

/// Where the caller's credentials come from, as the chain found them: fixed keys, or a role
/// assumed with other credentials. A description only; `CredentialChain.provider` makes it live.
package indirect enum CredentialSource: Sendable, Hashable, CustomStringConvertible {
    /// Long-term keys, or an STS token the user obtained (`StsToken` mode, env security token).
    case fixed(AccessCredentials)
    /// A role assumed with `source` (`RamRoleArn` / `ChainableRamRoleArn` profiles), through STS
    /// in `stsRegion` (the central endpoint when nil).
    case assumedRole(source: CredentialSource, request: AssumeRoleRequest, stsRegion: RegionID?)

    package var description: String {
        switch self {
        case .fixed(let credentials): "\(credentials)"
        case .assumedRole(let source, let request, _): "role \(request.roleARN) assumed with \(source)"
        }
    }
}

/// What `CredentialChain.resolve()` found: the source, where it came from, and the profile's
/// region if it names one.
package struct ResolvedCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The credentials' source.
    package var source: CredentialSource
    /// Where they were found, e.g. `environment` or `profile 'dev' of /root/.aliyun/config.json`.
    package var origin: String
    /// The profile's `region_id`, a default for `--region`.
    package var regionID: RegionID?

    /// Creates a result.
    package init(source: CredentialSource, origin: String, regionID: RegionID? = nil) {
        self.source = source
        self.origin = origin
        self.regionID = regionID
    }

    package var description: String { "\(source) from \(origin)" }
}
