import CloudAPI

/// The two STS calls the credential machinery makes itself, signed with given credentials.
///
/// `RemoteCloud` answers them over HTTP (`STSCaller`); a test fake returns canned credentials and
/// counts calls.
package protocol SecurityTokenIssuer: Sendable {
    /// `AssumeRole`, signed with `credentials`.
    func assumeRole(_ request: AssumeRoleRequest, signedWith credentials: AccessCredentials) async throws
        -> AssumeRoleResponse
    /// `GetCallerIdentity`, signed with `credentials`: which account the credentials belong to.
    func callerIdentity(signedWith credentials: AccessCredentials) async throws -> GetCallerIdentityResponse
}
