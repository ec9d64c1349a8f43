import CloudAPI
import Testing

@testable import ACSWire

@Suite("Verification of the official SDK captures")
struct CaptureVerificationTests {
    @Test("Every captured request verifies with its secret", arguments: Captures.all)
    func verifies(capture: Capture) throws {
        let request = try RawHTTP.request(capture.raw)
        let claim = try SignatureClaim(request)
        try claim.verify(request, secret: capture.secret)
    }

    @Test("Every captured request fails with a wrong secret, echoing the string to sign", arguments: Captures.all)
    func wrongSecret(capture: Capture) throws {
        let request = try RawHTTP.request(capture.raw)
        let claim = try SignatureClaim(request)
        let error = #expect(throws: CloudError.self) { try claim.verify(request, secret: "WRONG") }
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(error?.httpStatus == 400)
        #expect(error?.message.hasSuffix(claim.stringToSign(request)) == true)
        #expect(error?.message.contains(capture.secret) == false)
    }

    @Test("A changed parameter breaks the signature")
    func tamperedQuery() throws {
        var request = try RawHTTP.request(Captures.all[7].raw)
        request.query = request.query.map { $0.0 == "Size" ? ("Size", "2000") : $0 }
        #expect(throws: CloudError.self) { try SignatureClaim(request).verify(request, secret: "SECRETEXAMPLE") }
    }

    @Test("The R1 canonical request matches the reference byte for byte")
    func r1CanonicalRequest() throws {
        let request = try RawHTTP.request(Captures.all[0].raw)
        let signed = try ACS3Signature.parseAuthorization(request.headers["authorization"]!).signedHeaders
        let canonical = ACS3Signature.canonicalRequest(request, signedHeaders: signed, hashedPayload: Digest.emptyBodySHA256)
        let lines = canonical.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(
            lines[2].hasPrefix(
                "DKMSInstanceId=kst-hzz65f176a0ogplgqxxxx&Description=demo%20key%20~%2A%2F%20%2B&KeySpec=Aliyun_AES_256&KeyUsage=ENCRYPT%2FDECRYPT&Policy=%7B%22Version%22%3A%20%221%22%2C%20"
            ))
        #expect(lines[5] == "user-agent:AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2")
        #expect(lines[12] == "")
        #expect(lines.last.map(String.init) == Digest.emptyBodySHA256)
    }

    @Test("The claims name the scheme, key, token and nonce of each capture")
    func claims() throws {
        let v1 = try SignatureClaim(RawHTTP.request(Captures.all[1].raw))
        #expect(v1.scheme == .rpc)
        #expect(v1.accessKeyID == "AKIDEXAMPLE")
        #expect(v1.nonce == "f3d1c2ebc69bfb6e0c333db131244e16")
        #expect(v1.timestamp == "2026-11-29T11:53:53Z")
        let sts = try SignatureClaim(RawHTTP.request(Captures.all[2].raw))
        #expect(sts.scheme == .acs3)
        #expect(sts.accessKeyID == "STS.NUxxxxxxxxxxxxxx")
        #expect(sts.securityToken == "CAIS-dummy-token")
    }

    @Test("The R15 body hash is checked against the body")
    func bodyHash() throws {
        var request = try RawHTTP.request(Captures.all[14].raw)
        #expect(request.form.first?.0 == "Recipient")
        request.body = Array("Recipient=other".utf8)
        let error = #expect(throws: CloudError.self) { try SignatureClaim(request).verify(request, secret: "SECRETEXAMPLE") }
        #expect(error?.code == "SignatureDoesNotMatch")
    }

    @Test("Requests without a signature or with a foreign algorithm are IncompleteSignature")
    func incomplete() throws {
        let unsigned = ACSHTTPRequest(method: "POST", query: [("Action", "DescribeKey")], headers: [:])
        #expect((#expect(throws: CloudError.self) { try SignatureClaim(unsigned) })?.code == "IncompleteSignature")
        var sm3 = try RawHTTP.request(Captures.all[0].raw)
        sm3.headers["authorization"] = "ACS3-HMAC-SM3 Credential=A,SignedHeaders=host,Signature=00"
        #expect((#expect(throws: CloudError.self) { try SignatureClaim(sm3) })?.code == "IncompleteSignature")
        var unsignedDate = try RawHTTP.request(Captures.all[0].raw)
        unsignedDate.headers["authorization"] = "ACS3-HMAC-SHA256 Credential=A,SignedHeaders=host;x-acs-action,Signature=00"
        #expect((#expect(throws: CloudError.self) { try SignatureClaim(unsignedDate) })?.code == "IncompleteSignature")
    }
}
