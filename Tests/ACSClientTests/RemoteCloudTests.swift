import ACSClient
import CloudAPI
import CloudModel
import Foundation
import Testing

@Suite("RemoteCloud")
struct RemoteCloudTests {
    /// A transport playing STS (own identity, member role) and KMS.
    private func cloudTransport() -> TestClientTransport {
        TestClientTransport { request, _ in
            switch request.header("x-acs-action") {
            case "GetCallerIdentity":
                Answer.success(
                    GetCallerIdentityResponse(
                        accountID: Fixture.ownAccount.rawValue,
                        arn: "acs:ram::\(Fixture.ownAccount):root",
                        identityType: "Account", principalID: "p"))
            case "AssumeRole":
                Answer.success(Fixture.issued("STS.member", secret: "member-secret", token: "member-token", now: Date()))
            case "DescribeKey":
                Answer.failure(.keyNotFound.with(requestID: "r-404"))
            default:
                Answer.success(EmptyResponse())
            }
        }
    }

    @Test("a call in a member account signs with the member session assumed through STS")
    func memberCall() async throws {
        let transport = cloudTransport()
        let cloud = RemoteCloud(caller: Fixture.caller(transport), credentials: .fixed(Fixture.keys))
        _ = try await cloud.enableKey(EnableKeyRequest(keyID: "k"), context: .root(Fixture.member, region: "cn-beijing"))
        let actions = transport.requests.map { $0.header("x-acs-action") ?? "?" }
        #expect(actions == ["GetCallerIdentity", "AssumeRole", "EnableKey"])
        let assume = transport.requests[1]
        #expect(assume.endpoint.host == "sts.aliyuncs.com")
        #expect(assume.header("authorization")?.contains("Credential=KSAKexampleKeyID,") == true)
        #expect(Fixture.query(of: assume)["RoleArn"] == "acs:ram::5555666677778888:role/ResourceDirectoryAccountAccessRole")
        #expect(Fixture.query(of: assume)["RoleSessionName"] == "keyshare")
        let call = transport.requests[2]
        #expect(call.endpoint.host == "kms.cn-beijing.aliyuncs.com")
        #expect(call.header("x-acs-security-token") == "member-token")
        #expect(call.header("authorization")?.contains("Credential=STS.member,") == true)
    }

    @Test("a call in the own account signs with the base keys and assumes nothing")
    func ownAccountCall() async throws {
        let transport = cloudTransport()
        let cloud = RemoteCloud(caller: Fixture.caller(transport), credentials: .fixed(Fixture.keys))
        let context = CallContext.root(Fixture.ownAccount)
        _ = try await cloud.enableKey(EnableKeyRequest(keyID: "k"), context: context)
        _ = try await cloud.disableKey(DisableKeyRequest(keyID: "k"), context: context)
        let actions = transport.requests.map { $0.header("x-acs-action") ?? "?" }
        #expect(actions == ["GetCallerIdentity", "EnableKey", "DisableKey"])
        #expect(transport.requests[2].header("x-acs-security-token") == nil)
    }

    @Test("an operation's Cloud method surfaces the server's CloudError unchanged")
    func protocolMethodError() async throws {
        let cloud = RemoteCloud(caller: Fixture.caller(cloudTransport()), credentials: .fixed(Fixture.keys))
        let error = await #expect(throws: CloudError.self) {
            try await cloud.describeKey(DescribeKeyRequest(keyID: "k"), context: .root(Fixture.ownAccount))
        }
        #expect(error == CloudError.keyNotFound.with(requestID: "r-404"))
    }

    @Test("RemoteCloud is usable wherever any Cloud is expected")
    func isACloud() async throws {
        let cloud: any Cloud = RemoteCloud(caller: Fixture.caller(cloudTransport()), credentials: .fixed(Fixture.keys))
        _ = try await cloud.call(EnableKeyRequest(keyID: "k"), context: .root(Fixture.ownAccount))
    }
}

@Suite("RemoteCloud session renewal")
struct SessionRenewalTests {
    @Test("a member session the server no longer accepts is dropped and the call repeated once with a new one")
    func rejectedSessionRenewed() async throws {
        let transport = TestClientTransport { request, _ in
            switch request.header("x-acs-action") {
            case "GetCallerIdentity":
                return Answer.success(
                    GetCallerIdentityResponse(
                        accountID: Fixture.ownAccount.rawValue, arn: "a",
                        identityType: "Account", principalID: "p"))
            case "AssumeRole":
                return Answer.success(
                    Fixture.issued(
                        "STS.\(UUID().uuidString.prefix(6))", secret: "s", token: "t",
                        now: Date()))
            default:
                // Every STS session is refused: exactly one renewal must happen, not a loop.
                let usesSession = !(request.header("x-acs-security-token") ?? "").isEmpty
                return usesSession
                    ? Answer.failure(
                        CloudError(
                            code: "InvalidSecurityToken.Expired",
                            message: "Specified SecurityToken is expired.", httpStatus: 400))
                    : Answer.success(EmptyResponse())
            }
        }
        let cloud = RemoteCloud(caller: Fixture.caller(transport), credentials: .fixed(Fixture.keys))
        let error = await #expect(throws: CloudError.self) {
            try await cloud.enableKey(EnableKeyRequest(keyID: "k"), context: .root(Fixture.member))
        }
        #expect(error?.code == "InvalidSecurityToken.Expired")
        let actions = transport.requests.map { $0.header("x-acs-action") ?? "?" }
        #expect(actions == ["GetCallerIdentity", "AssumeRole", "EnableKey", "AssumeRole", "EnableKey"])
        let keys = transport.requests.filter { $0.header("x-acs-action") == "EnableKey" }
            .map { $0.header("authorization") ?? "" }
        #expect(keys.count == 2 && keys[0] != keys[1])
    }

    @Test("a rejected own-account call is not repeated")
    func ownAccountNotRepeated() async throws {
        let transport = TestClientTransport { request, _ in
            request.header("x-acs-action") == "GetCallerIdentity"
                ? Answer.success(
                    GetCallerIdentityResponse(
                        accountID: Fixture.ownAccount.rawValue, arn: "a",
                        identityType: "Account", principalID: "p"))
                : Answer.failure(
                    CloudError(
                        code: "InvalidAccessKeyId.NotFound", message: "Specified access key is not found.",
                        httpStatus: 404))
        }
        let cloud = RemoteCloud(caller: Fixture.caller(transport), credentials: .fixed(Fixture.keys))
        await #expect(throws: CloudError.self) {
            try await cloud.enableKey(EnableKeyRequest(keyID: "k"), context: .root(Fixture.ownAccount))
        }
        #expect(transport.requests.count == 2)
    }
}
