import ACSClient
import CloudAPI
import CloudModel
import Testing

@Suite("Error decoding")
struct ErrorDecodingTests {
    static let sent: [(CloudError, CloudProduct)] = [
        (CloudError.shareQuotaExceedLimit.with(requestID: "r-1"), .kms),
        (CloudError.roleNotFound("AliyunECSDiskEncryptDefaultRole").with(requestID: "r-2"), .ram),
        (CloudError.cmkUnauthorized.with(requestID: "r-3"), .ecs),
        (CloudError.keyNotFound.with(requestID: "r-4"), .kms),
        (
            CloudError(
                code: "InvalidParameter.RoleArn", message: "The parameter RoleArn is wrongly formed.",
                httpStatus: 400, requestID: "r-5", hostID: "sts.aliyuncs.com"), .sts
        ),
        (CloudError.keyDisabled.with(requestID: "r-6"), .kms),
    ]

    @Test("the CloudError a server sends is the CloudError the caller catches", arguments: 0..<sent.count)
    func roundTrip(index: Int) async throws {
        let (error, product) = Self.sent[index]
        let transport = TestClientTransport { _, _ in Answer.failure(error, product: product) }
        let caught = await #expect(throws: CloudError.self) {
            try await Fixture.caller(transport).call(GetRoleRequest(roleName: "r"), region: "cn-hangzhou") {
                Fixture.keys
            }
        }
        #expect(caught == error)
    }

    @Test("an error status without an Alibaba body still becomes a CloudError with that status")
    func foreignErrorBody() async throws {
        let transport = TestClientTransport { _, _ in
            HTTPResponseParts(status: 404, headers: ["content-type": "text/html"], body: Array("<html>".utf8))
        }
        let caught = await #expect(throws: CloudError.self) {
            try await Fixture.caller(transport).call(GetRoleRequest(roleName: "r"), region: "cn-hangzhou") {
                Fixture.keys
            }
        }
        #expect(caught?.httpStatus == 404)
        #expect(transport.requests.count == 1)
    }

    @Test("a success body decodes into the typed response")
    func successDecodes() async throws {
        let transport = TestClientTransport { _, _ in Answer.success(GetKeyPolicyResponse(policy: #"{"Version":"1"}"#)) }
        let answer = try await Fixture.caller(transport).call(GetKeyPolicyRequest(keyID: "k"), region: "cn-hangzhou") {
            Fixture.keys
        }
        #expect(answer.policy == #"{"Version":"1"}"#)
    }
}
