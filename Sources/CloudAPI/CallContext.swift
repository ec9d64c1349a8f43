import CloudModel

/// Who calls and where: the identity a call is authorized as, and the region it targets.
///
/// The simulator authorizes `principal`; the HTTP client picks credentials for `account`
/// (assuming the member's access role when it is not the account the credentials belong to).
package struct CallContext: Hashable, Sendable {
    /// The identity making the call.
    package var principal: Principal
    /// The region the call targets (RAM, STS and ResourceManager ignore it).
    package var region: RegionID
    /// The request id to report; the backend makes one up when nil.
    package var requestID: String?
    /// Whether the call came over TLS (`acs:SecureTransport`); in-process calls count as secure.
    package var secureTransport: Bool
    /// The caller's source IP (`acs:SourceIp`), when known.
    package var sourceIP: String?

    /// Creates a context for `principal` in `region`.
    package init(
        principal: Principal, region: RegionID = .hangzhou, requestID: String? = nil,
        secureTransport: Bool = true, sourceIP: String? = nil
    ) {
        self.principal = principal
        self.region = region
        self.requestID = requestID
        self.secureTransport = secureTransport
        self.sourceIP = sourceIP
    }

    /// The account acting; a service principal acting for nobody has none, which callers reject.
    package var account: AccountID? { principal.accountID }

    /// The root identity of `account` in `region`: the usual caller of playbook steps.
    package static func root(_ account: AccountID, region: RegionID = .hangzhou) -> CallContext {
        CallContext(principal: .account(account), region: region)
    }
}
