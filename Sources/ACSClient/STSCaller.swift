import CloudAPI
import CloudModel

/// The STS calls of the credential machinery, made over HTTP with explicit credentials.
package struct STSCaller: SecurityTokenIssuer {
    /// The caller that signs and sends.
    package let caller: ACSCaller
    /// The STS region; empty for the central `sts.aliyuncs.com`.
    package let region: RegionID

    /// Creates an issuer calling STS in `region` (nil or empty: the central endpoint).
    package init(caller: ACSCaller, region: RegionID? = nil) {
        self.caller = caller
        self.region = region ?? RegionID("")
    }

    package func assumeRole(_ request: AssumeRoleRequest, signedWith credentials: AccessCredentials) async throws
        -> AssumeRoleResponse
    {
        try await caller.call(request, region: region) { credentials }
    }

    package func callerIdentity(signedWith credentials: AccessCredentials) async throws -> GetCallerIdentityResponse {
        try await caller.call(GetCallerIdentityRequest(), region: region) { credentials }
    }
}
