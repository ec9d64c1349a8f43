import CloudAPI
import CloudModel
import Foundation
import Testing

@testable import ACSWire

@Suite("Client request building")
struct RequestBuilderTests {
    private let credentials = ACSCredentials(accessKeyID: "AKIDEXAMPLE", accessKeySecret: "SECRETEXAMPLE")
    private let date = Date(timeIntervalSince1970: 1_704_067_200) // 2024-01-01T00:00:00Z
    private let disk = CreateDiskRequest(
        regionID: "cn-hangzhou", zoneID: "cn-hangzhou-i", diskCategory: "cloud_essd",
        size: 20, description: "demo disk ~*/ +", encrypted: true,
        kmsKeyID: "key-hzz65f1b6a4fxxxxxxxxx",
        tag: [KeyValueTag(key: "app", value: "keyshare")])

    /// Re-parses a built request the way a server receives it (query text through the wire).
    private func overTheWire(_ request: ACSHTTPRequest) throws -> ACSHTTPRequest {
        try ACSHTTPRequest(
            method: request.method, path: request.path, rawQuery: request.queryString,
            headers: request.headers.map { ($0.key, $0.value) }, body: request.body)
    }

    @Test("A V3 request verifies on the server side and routes by its headers")
    func v3() throws {
        let builder = ACSRequestBuilder(credentials: credentials, host: "127.0.0.1:8080")
        let request = try overTheWire(builder.build(disk, date: date, nonce: "0123456789abcdef0123456789abcdef"))
        #expect(request.method == "POST")
        #expect(request.headers["x-acs-action"] == "CreateDisk")
        #expect(request.headers["x-acs-version"] == "2014-05-26")
        #expect(request.headers["x-acs-date"] == "2024-01-01T00:00:00Z")
        #expect(
            request.headers["authorization"]?.hasPrefix("ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE,SignedHeaders=accept;host;")
                == true)
        let claim = try SignatureClaim(request)
        #expect(claim.scheme == .acs3)
        try claim.verify(request, secret: "SECRETEXAMPLE")
        let decoded = try ParameterDecoder().decode(CreateDiskRequest.self, from: request.parameters)
        #expect(decoded == disk)
    }

    @Test("A V1 request verifies on the server side and carries the common parameters")
    func v1() throws {
        let builder = ACSRequestBuilder(credentials: credentials, host: "127.0.0.1:8080", signatureVersion: .v1)
        let request = try overTheWire(builder.build(disk, date: date, nonce: "n-1"))
        let parameters = request.parameters
        #expect(parameters["Action"] == "CreateDisk")
        #expect(parameters["Version"] == "2014-05-26")
        #expect(parameters["Timestamp"] == "2024-01-01T00:00:00Z")
        #expect(parameters["SignatureMethod"] == "HMAC-SHA1")
        let claim = try SignatureClaim(request)
        #expect(claim.scheme == .rpc)
        try claim.verify(request, secret: "SECRETEXAMPLE")
        #expect(throws: CloudError.self) { try claim.verify(request, secret: "OTHER") }
    }

    @Test("STS credentials send and sign the token in both versions")
    func sts() throws {
        let sts = ACSCredentials(accessKeyID: "STS.NU1", accessKeySecret: "dummySTSsecret", securityToken: "CAIS-token")
        for version in [ACSRequestBuilder.SignatureVersion.v3, .v1] {
            let builder = ACSRequestBuilder(credentials: sts, host: "h", signatureVersion: version)
            let request = try overTheWire(builder.build(DescribeKeyRequest(keyID: "key-1"), date: date, nonce: "n"))
            let claim = try SignatureClaim(request)
            #expect(claim.securityToken == "CAIS-token")
            #expect(claim.accessKeyID == "STS.NU1")
            try claim.verify(request, secret: "dummySTSsecret")
        }
    }

    @Test("A V1 mismatch with STS credentials never echoes the security token")
    func maskedToken() throws {
        let sts = ACSCredentials(accessKeyID: "STS.NU1", accessKeySecret: "dummySTSsecret", securityToken: "CAIS-token")
        let builder = ACSRequestBuilder(credentials: sts, host: "h", signatureVersion: .v1)
        let request = try overTheWire(builder.build(DescribeKeyRequest(keyID: "key-1"), date: date, nonce: "n"))
        let error = #expect(throws: CloudError.self) { try SignatureClaim(request).verify(request, secret: "wrong") }
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(error?.message.contains("CAIS-token") == false)
        #expect(error?.message.contains("SecurityToken%3D%252A%252A%252A") == true)
    }

    @Test("Extra parameters are signed like the request's own")
    func extraParameters() throws {
        let builder = ACSRequestBuilder(credentials: credentials, host: "h")
        let request = try overTheWire(
            builder.build(
                DescribeKeyRequest(keyID: "key-1"), date: date, nonce: "n",
                extraParameters: [("RegionId", "cn-shanghai")]))
        #expect(request.parameters["RegionId"] == "cn-shanghai")
        try SignatureClaim(request).verify(request, secret: "SECRETEXAMPLE")
    }

    @Test("Nonces are 32 hex characters and differ")
    func nonces() {
        let first = ACSRequestBuilder.makeNonce()
        let second = ACSRequestBuilder.makeNonce()
        #expect(first.count == 32)
        #expect(first.allSatisfy { $0.isHexDigit })
        #expect(first != second)
    }

    @Test("Descriptions of credentials never show the secret or the token")
    func redaction() {
        let sts = ACSCredentials(accessKeyID: "STS.NU1", accessKeySecret: "dummySTSsecret", securityToken: "CAIS-token")
        #expect(!sts.description.contains("dummySTSsecret"))
        #expect(!sts.description.contains("CAIS-token"))
        let stored = StoredCredential(secret: "s3cr3t", principal: .account(AccountID("1234")!), securityToken: "tok")
        #expect(!stored.description.contains("s3cr3t"))
        #expect(!stored.description.contains("tok"))
    }
}

@Suite("Wire timestamps")
struct WireTimestampTests {
    @Test("Formatting and parsing agree with the wire format")
    func roundTrip() {
        let date = Date(timeIntervalSince1970: 1_795_953_231)
        let text = WireTimestamp.format(date)
        #expect(text == "2026-11-29T11:53:51Z")
        #expect(WireTimestamp.parse(text) == date)
        #expect(WireTimestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(WireTimestamp.parse("2024-02-29T23:59:59Z") == Date(timeIntervalSince1970: 1_709_251_199))
    }

    @Test("Fractional seconds are accepted", arguments: ["2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.5Z"])
    func fractional(text: String) {
        #expect(WireTimestamp.parse(text) != nil)
    }

    @Test(
        "Anything else is rejected",
        arguments: [
            "", "2024-01-01", "2024-01-01T00:00:00", "2024-13-01T00:00:00Z", "2024-01-01 00:00:00Z",
            "2024-01-01T00:00:00+08:00", "yyyy-01-01T00:00:00Z", "2024-01-01T00:00:00.Z",
        ])
    func rejected(text: String) {
        #expect(WireTimestamp.parse(text) == nil)
    }
}
