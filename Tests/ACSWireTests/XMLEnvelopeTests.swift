import CloudAPI
import Foundation
import Testing

@testable import ACSWire

@Suite("XML answers and format negotiation")
struct XMLEnvelopeTests {
    @Test("Every error survives XML encode then decode unchanged", arguments: 0..<EnvelopeTests.errors.count)
    func errorRoundTrip(index: Int) {
        let (error, product) = EnvelopeTests.errors[index]
        let answer = ErrorEnvelope.response(for: error, product: product, format: .xml)
        #expect(answer.status == error.httpStatus)
        #expect(answer.headers["content-type"] == "text/xml;charset=utf-8")
        #expect(ErrorEnvelope.cloudError(status: answer.status, headers: answer.headers, body: answer.body) == error)
        // The body alone tells XML from JSON, e.g. when a proxy dropped the content type.
        #expect(ErrorEnvelope.cloudError(status: answer.status, headers: [:], body: answer.body)?.code == error.code)
    }

    @Test("An XML error is <Error> with RequestId, HostId, Code, Message, Recommend; KMS adds HttpStatus")
    func errorShape() {
        let (error, _) = EnvelopeTests.errors[1]
        let body = String(decoding: ErrorEnvelope.response(for: error, product: .kms, format: .xml).body, as: UTF8.self)
        #expect(
            body == #"<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>r-quota</RequestId>"#
                + "<HostId>kms.cn-hangzhou.aliyuncs.com</HostId><Code>Rejected.ShareQuotaExceedLimit</Code>"
                + "<Message>share quota exceed limit</Message>"
                + "<Recommend>https://api.aliyun.com/troubleshoot?q=Rejected.ShareQuotaExceedLimit&amp;product=Kms</Recommend>"
                + "<HttpStatus>400</HttpStatus></Error>")
        let ram = String(
            decoding: ErrorEnvelope.response(for: EnvelopeTests.errors[0].0, product: .ram, format: .xml).body,
            as: UTF8.self)
        #expect(!ram.contains("HttpStatus"))
        #expect(ram.contains("<HostId>ram.aliyuncs.com</HostId>"))
    }

    static let awkwardMessages = [
        "a < b && c > d", "quotes \" and ' apostrophes", "]]> ends CDATA", "line\nbreak\tand tab",
        "carriage\r\nreturn", "ünïcödé ✓ 𝄞", "&amp; already escaped", "<Code>Spoofed</Code>", "",
    ]

    @Test(
        "Messages with markup, entities, line ends and Unicode travel exactly in XML",
        arguments: awkwardMessages)
    func awkwardText(message: String) {
        let error = CloudError(code: "InvalidParameter", message: message, httpStatus: 400, requestID: "r", hostID: "h")
        let answer = ErrorEnvelope.response(for: error, product: .ecs, format: .xml)
        #expect(ErrorEnvelope.cloudError(status: 400, headers: answer.headers, body: answer.body) == error)
    }

    @Test("Characters XML 1.0 cannot carry become U+FFFD instead of breaking the document")
    func controlCharacters() {
        let error = CloudError(code: "InvalidParameter", message: "nul\u{0}bell\u{7}", httpStatus: 400)
        let answer = ErrorEnvelope.response(for: error, product: nil, format: .xml)
        let decoded = ErrorEnvelope.cloudError(status: 400, headers: answer.headers, body: answer.body)
        #expect(decoded?.message == "nul\u{FFFD}bell\u{FFFD}")
    }

    @Test("A success is <ActionResponse> with the response's fields and RequestId")
    func successShape() throws {
        let answer = try SuccessEnvelope.response(
            CreateDiskResponse(diskID: "d-123"), requestID: "REQ-1",
            format: .xml, action: "CreateDisk")
        #expect(answer.status == 200)
        #expect(answer.headers["content-type"] == "text/xml;charset=utf-8")
        #expect(
            String(decoding: answer.body, as: UTF8.self)
                == #"<?xml version="1.0" encoding="UTF-8"?><CreateDiskResponse><RequestId>REQ-1</RequestId>"#
                + "<DiskId>d-123</DiskId></CreateDiskResponse>")
    }

    @Test("Lists repeat their item element, an empty list leaves an empty wrapper, numbers stay numbers, order is stable")
    func lists() throws {
        let keys = ListKeysResponse(
            keys: [
                .init(keyID: "key-1", keyARN: "acs:kms:cn-hangzhou:1:key/key-1"),
                .init(keyID: "key-2", keyARN: "acs:kms:cn-hangzhou:1:key/key-2"),
            ],
            totalCount: 2, pageNumber: 1, pageSize: 10)
        let text = String(
            decoding: try SuccessEnvelope.response(keys, requestID: "R", format: .xml, action: "ListKeys").body,
            as: UTF8.self)
        #expect(
            text == #"<?xml version="1.0" encoding="UTF-8"?><ListKeysResponse><RequestId>R</RequestId>"#
                + "<Keys><Key><KeyArn>acs:kms:cn-hangzhou:1:key/key-1</KeyArn><KeyId>key-1</KeyId></Key>"
                + "<Key><KeyArn>acs:kms:cn-hangzhou:1:key/key-2</KeyArn><KeyId>key-2</KeyId></Key></Keys>"
                + "<PageNumber>1</PageNumber><PageSize>10</PageSize><TotalCount>2</TotalCount></ListKeysResponse>")
        let empty = ListKeysResponse(keys: [], totalCount: 0, pageNumber: 1, pageSize: 10)
        let emptyText = String(
            decoding: try SuccessEnvelope.response(
                empty, requestID: "R", format: .xml,
                action: "ListKeys"
            ).body, as: UTF8.self)
        #expect(emptyText.contains("<RequestId>R</RequestId><Keys></Keys><PageNumber>1</PageNumber>"))
    }

    @Test("Keys that are not XML names are made into names")
    func elementNames() {
        #expect(XMLBody.elementName("KeyId") == "KeyId")
        #expect(XMLBody.elementName("1abc") == "_abc")
        #expect(XMLBody.elementName("a b<c>") == "a_b_c_")
        #expect(XMLBody.elementName("") == "_")
    }

    /// (Format parameter, Authorization present, Accept) → the format answered.
    static let negotiation: [(String?, Bool, String?, WireFormat)] = [
        ("JSON", false, nil, .json), ("json", false, nil, .json), (" Json ", false, nil, .json),
        ("XML", false, nil, .xml), ("xml", false, nil, .xml), (nil, false, nil, .xml), ("yaml", false, nil, .xml),
        ("XML", false, "application/json", .xml),
        (nil, true, nil, .json), (nil, true, "application/json", .json), (nil, true, "*/*", .json),
        (nil, true, "application/xml", .xml), (nil, true, "text/xml; charset=utf-8", .xml),
        (nil, true, "application/xml, application/json", .json), ("XML", true, nil, .json),
    ]

    @Test(
        "V1 answers in its Format (XML when absent), V3 in JSON unless Accept asks for XML only",
        arguments: 0..<negotiation.count)
    func negotiate(index: Int) {
        let (format, signedV3, accept, expected) = Self.negotiation[index]
        var headers = [String: String]()
        if signedV3 { headers["authorization"] = "ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=00" }
        if let accept { headers["accept"] = accept }
        #expect(WireFormat(format: format, headers: headers) == expected)
        let request = ACSHTTPRequest(method: "POST", query: format.map { [("Format", $0)] } ?? [], headers: headers)
        #expect(WireFormat(requestedBy: request) == expected)
    }

    @Test("Format is found in a raw query even beside malformed escapes, and in a form body")
    func rawQuery() throws {
        #expect(WireFormat.formatParameter(inRawQuery: "Action=X&Format=JSON&bad=%zz") == "JSON")
        #expect(WireFormat.formatParameter(inRawQuery: "%46ormat=json") == "json")
        #expect(WireFormat.formatParameter(inRawQuery: "Action=X") == nil)
        let form = try ACSHTTPRequest(
            method: "POST", path: "/", rawQuery: "",
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array("Format=JSON".utf8))
        #expect(WireFormat(requestedBy: form) == .json)
    }

    static let malformed = [
        "", "not xml", "<Error>", "<Error><Code>X</Code>", "<Error><Code>X</Message></Error>",
        "<Error><Code>X&bogus;</Code><Message>m</Message></Error>", "<Error><Code>X</Code></Error> trailing",
        "<Other><Code>X</Code><Message>m</Message></Other>", "<Error><Code>&#xD800;</Code></Error>",
        "<Error><Code>X</Code><Message>m</Message><!-- unterminated </Error>",
    ]

    @Test(
        "Bodies that are not a well-formed <Error> document decode to nil, never half an error",
        arguments: malformed)
    func malformedXML(body: String) {
        #expect(ErrorEnvelope.cloudError(status: 400, headers: ["content-type": "text/xml"], body: Array(body.utf8)) == nil)
    }

    @Test("Deeply nested elements are refused without exhausting the stack; shallow details are skipped")
    func nesting() {
        func body(depth: Int) -> [UInt8] {
            Array(
                ("<Error><Code>X</Code><Message>m</Message><Deep>" + String(repeating: "<a>", count: depth)
                    + String(repeating: "</a>", count: depth) + "</Deep></Error>").utf8)
        }
        #expect(ErrorEnvelope.cloudError(status: 400, headers: [:], body: body(depth: 100_000)) == nil)
        #expect(ErrorEnvelope.cloudError(status: 400, headers: [:], body: body(depth: 10))?.code == "X")
    }

    @Test("Declarations, comments, attributes, CDATA, whitespace and nested details are read around")
    func lenientXML() throws {
        let body = """
            <?xml version="1.0" encoding="utf-8"?>
            <!-- a gateway answer -->
            <Error xmlns="urn:x">
              <RequestId>R-1</RequestId>
              <HostId a='1>2'>ecs.aliyuncs.com</HostId>
              <Code><![CDATA[Forbidden.RAM]]></Code>
              <AccessDeniedDetail><PolicyType>AccountLevelIdentityBasedPolicy</PolicyType></AccessDeniedDetail>
              <Message>User not authorized &#x2713; &#65;&amp;&lt;</Message>
              <Recommend/>
            </Error>
            """
        let error = try #require(ErrorEnvelope.cloudError(status: 403, headers: [:], body: Array(body.utf8)))
        #expect(
            error
                == CloudError(
                    code: "Forbidden.RAM", message: "User not authorized ✓ A&<", httpStatus: 403,
                    requestID: "R-1", hostID: "ecs.aliyuncs.com"))
    }
}
