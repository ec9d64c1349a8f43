import ACSClient
import ACSWire
import CloudAPI
import CloudModel
import Foundation
import Testing

@Suite("Signing")
struct SigningTests {
    /// Re-parses a sent request as the server would and verifies its signature with `secret`.
    private func verify(_ sent: HTTPRequestParts, secret: String) throws {
        let parsed = try ACSHTTPRequest(
            method: sent.method, path: sent.path, rawQuery: sent.rawQuery,
            headers: sent.headers.map { ($0.name, $0.value) }, body: sent.body)
        try SignatureClaim(parsed).verify(parsed, secret: secret)
    }

    @Test("a call is V3-signed with every required header, and the server-side verifier accepts it")
    func v3HeadersVerify() async throws {
        let transport = TestClientTransport { _, _ in Answer.success(GetKeyPolicyResponse(policy: "{}")) }
        let caller = Fixture.caller(transport)
        _ = try await caller.call(GetKeyPolicyRequest(keyID: "key-1", policyName: "default"), region: "cn-hangzhou") {
            Fixture.keys
        }
        let sent = try #require(transport.requests.first)
        #expect(sent.method == "POST")
        #expect(sent.endpoint.host == "kms.cn-hangzhou.aliyuncs.com")
        for name in [
            "host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce",
            "x-acs-content-sha256", "authorization",
        ] {
            #expect(sent.header(name) != nil, "missing \(name)")
        }
        #expect(sent.header("x-acs-action") == "GetKeyPolicy")
        #expect(sent.header("x-acs-version") == "2016-01-20")
        #expect(sent.header("host") == "kms.cn-hangzhou.aliyuncs.com")
        #expect(sent.header("authorization")?.hasPrefix("ACS3-HMAC-SHA256 Credential=KSAKexampleKeyID,") == true)
        #expect(sent.header("x-acs-security-token") == nil)
        #expect(Fixture.query(of: sent)["KeyId"] == "key-1")
        try verify(sent, secret: Fixture.keys.accessKeySecret)
        #expect(throws: CloudError.self) { try verify(sent, secret: "some-other-secret") }
    }

    @Test("STS credentials add the security token, and the signature still verifies")
    func stsTokenSigned() async throws {
        let transport = TestClientTransport { _, _ in Answer.success(EmptyResponse()) }
        let sts = AccessCredentials(accessKeyID: "STS.NUexample", accessKeySecret: "sts-secret", securityToken: "CAIS-token")
        _ = try await Fixture.caller(transport).call(EnableKeyRequest(keyID: "key-1"), region: "cn-hangzhou") { sts }
        let sent = try #require(transport.requests.first)
        #expect(sent.header("x-acs-security-token") == "CAIS-token")
        try verify(sent, secret: "sts-secret")
    }

    @Test("every attempt is signed afresh with a new nonce")
    func noncePerAttempt() async throws {
        let transport = TestClientTransport { _, index in
            index == 0 ? Answer.failure(.serviceUnavailable) : Answer.success(EmptyResponse())
        }
        _ = try await Fixture.caller(transport).call(EnableKeyRequest(keyID: "key-1"), region: "cn-hangzhou") {
            Fixture.keys
        }
        let nonces = transport.requests.compactMap { $0.header("x-acs-signature-nonce") }
        #expect(nonces.count == 2)
        #expect(Set(nonces).count == 2)
        #expect(nonces.allSatisfy { $0.count == 32 })
    }

    @Test("the override endpoint's host and port are what the signature covers")
    func overrideHostSigned() async throws {
        let transport = TestClientTransport { _, _ in Answer.success(EmptyResponse()) }
        let endpoints = EndpointResolver(override: try Endpoint(parsing: "http://127.0.0.1:8080"))
        _ = try await Fixture.caller(transport, endpoints: endpoints)
            .call(EnableKeyRequest(keyID: "key-1"), region: "cn-hangzhou") { Fixture.keys }
        let sent = try #require(transport.requests.first)
        #expect(sent.url.hasPrefix("http://127.0.0.1:8080/?"))
        #expect(sent.header("host") == "127.0.0.1:8080")
        try verify(sent, secret: Fixture.keys.accessKeySecret)
    }
}
