import Testing

@testable import ACSWire

@Suite("Signing test vectors")
struct SigningVectorTests {
    @Test("V1 reproduces Alibaba's documented DescribeRegions signature")
    func rpcDocumentVector() {
        let parameters = [
            ("AccessKeyId", "testid"), ("Action", "DescribeRegions"), ("Format", "XML"),
            ("SignatureMethod", "HMAC-SHA1"), ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("SignatureVersion", "1.0"), ("Timestamp", "2016-02-23T12:46:24Z"), ("Version", "2014-05-26"),
        ]
        let text = RPCSignature.stringToSign(method: "GET", parameters: parameters.reversed())
        #expect(
            text
                == "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
        )
        #expect(RPCSignature.signature(stringToSign: text, secret: "testsecret") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY=")
    }

    @Test("V3 reproduces the SDK's GetKeyPolicy authorization")
    func acs3Vector() {
        let request = ACSHTTPRequest(
            method: "POST", query: [("PolicyName", "default"), ("KeyId", "key-hzz630494463ejqjx****")],
            headers: [
                "host": "kms.cn-hangzhou.aliyuncs.com", "x-acs-action": "GetKeyPolicy", "x-acs-version": "2016-01-20",
                "x-acs-date": "2024-01-01T00:00:00Z", "x-acs-signature-nonce": "0123456789abcdef0123456789abcdef",
                "x-acs-content-sha256": Digest.emptyBodySHA256,
            ])
        #expect(ACS3Signature.canonicalQuery(request.query) == "KeyId=key-hzz630494463ejqjx%2A%2A%2A%2A&PolicyName=default")
        let signed = ["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"]
        let canonical = ACS3Signature.canonicalRequest(request, signedHeaders: signed, hashedPayload: Digest.emptyBodySHA256)
        #expect(Digest.sha256Hex(canonical) == "7904b0264191c6bc016c7919c7495d5d8fb3343226419c99fb2a768e84a8641c")
        let signature = ACS3Signature.signature(
            stringToSign: ACS3Signature.stringToSign(canonicalRequest: canonical),
            secret: "SECRETEXAMPLE")
        #expect(
            ACS3Signature.authorization(accessKeyID: "AKIDEXAMPLE", signedHeaders: signed, signature: signature)
                == "ACS3-HMAC-SHA256 Credential=AKIDEXAMPLE,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=183c457fcad58c90ebeddbe7990794da7b1b35022d0be111e6668d4906bba650"
        )
    }

    @Test("RFC 3986 encoding keeps unreserved characters and escapes the rest in upper-case hex")
    func rfc3986() {
        #expect(PercentEncoding.rfc3986("demo key ~*/ +") == "demo%20key%20~%2A%2F%20%2B")
        #expect(PercentEncoding.rfc3986("AZaz09-_.~") == "AZaz09-_.~")
        #expect(PercentEncoding.rfc3986("é") == "%C3%A9")
    }

    @Test("Form decoding treats + as a space and rejects bytes that are not UTF-8")
    func formDecoding() {
        #expect(PercentEncoding.formDecode(Array("demo+key+%2A%2F".utf8)) == "demo key */")
        #expect(PercentEncoding.formDecode(Array("%FF%FE".utf8)) == nil)
        #expect(PercentEncoding.formDecode(Array("bad%2".utf8)) == nil)
        #expect(PercentEncoding.formDecode(Array("bad%zz".utf8)) == nil)
    }
}
