import ACSClient
import CloudAPI
import CloudModel
import Foundation
import Testing

/// An STS stand-in whose AssumeRole always fails with one error.
private struct FailingIssuer: SecurityTokenIssuer {
    let error: CloudError

    func assumeRole(_ request: AssumeRoleRequest, signedWith credentials: AccessCredentials) async throws
        -> AssumeRoleResponse
    { throw error }

    func callerIdentity(signedWith credentials: AccessCredentials) async throws -> GetCallerIdentityResponse {
        GetCallerIdentityResponse(
            accountID: Fixture.ownAccount.rawValue, arn: "acs:ram::\(Fixture.ownAccount):root",
            identityType: "Account", principalID: Fixture.ownAccount.rawValue)
    }
}

/// STS words a missing or untrusting access role without naming it; the broker's error names the
/// role, the member account and the fix, and keeps STS's code, status and request id.
@Suite("Access role errors name their subject")
struct AccessRoleErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var code: String
        var status: Int
        var fix: String?
        var testDescription: String { code }
    }

    static let cases: [Case] = [
        Case(code: "EntityNotExist.Role", status: 404, fix: "--access-role"),
        Case(code: "NoPermission", status: 403, fix: "trust policy"),
        Case(code: "Forbidden.RAM", status: 403, fix: "sts:AssumeRole"),
        Case(code: "InvalidParameter.RoleArn", status: 400, fix: "--access-role"),
        Case(code: "Throttling.User", status: 400, fix: nil),
        Case(code: "InternalError", status: 500, fix: nil),
    ]

    @Test("AssumeRole failures name the role ARN, the account and the fix (not throttling or 5xx)", arguments: cases)
    func named(_ failure: Case) async throws {
        let member = try #require(AccountID("2000000000000042"))
        let sent = CloudError(
            code: failure.code, message: "The specified Role not exists.", httpStatus: failure.status,
            requestID: "req-1")
        for role in ["ResourceDirectoryAccountAccessRole", "OrgAccess"] {
            let broker = AccountCredentialBroker(
                base: StaticCredentialProvider(Fixture.keys),
                issuer: FailingIssuer(error: sent), accessRoleName: role)
            do {
                _ = try await broker.credentials(for: member)
                Issue.record("AssumeRole failed; the broker must not succeed")
            } catch let error as CloudError {
                #expect(error.code == sent.code && error.httpStatus == sent.httpStatus && error.requestID == "req-1")
                if let fix = failure.fix {
                    #expect(error.message.hasPrefix(sent.message))
                    #expect(error.message.contains("acs:ram::2000000000000042:role/\(role)"), "\(error.message)")
                    #expect(error.message.contains("account 2000000000000042"), "\(error.message)")
                    #expect(error.message.contains(fix), "\(error.message)")
                } else {
                    #expect(error == sent, "retryable errors pass unchanged for the retry logic")
                }
            }
        }
    }
}
