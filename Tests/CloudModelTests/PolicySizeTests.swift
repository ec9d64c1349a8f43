import Testing

@testable import CloudModel

private let identityBase = PolicyFixtures.document(#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}"#)
private let trustBase = PolicyFixtures.document(
    #"{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ecs.aliyuncs.com"}}"#)
private let keyBase = PolicyFixtures.document(
    #"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Principal":{"RAM":"acs:ram::1:*"}}"#)

/// Pads `json` with trailing whitespace (which counts) to exactly `length` units of `unit`.
private func padded(_ json: String, to length: Int, _ unit: PolicyKind.SizeUnit) -> String {
    json + String(repeating: " ", count: length - unit.length(of: json))
}

/// A document whose condition value is `count` copies of `character`.
private func withValue(_ kind: PolicyKind, _ character: String, count: Int) -> String {
    let value = String(repeating: character, count: count)
    let condition = #","Condition":{"StringEquals":{"kms:tag/env":""# + value + #""}}}"#
    switch kind {
    case .keyPolicy:
        return PolicyFixtures.document(
            #"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Principal":{"RAM":"acs:ram::1:*"}"# + condition)
    default: return PolicyFixtures.document(#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*""# + condition)
    }
}

@Suite("Policy size limits")
struct PolicySizeTests {
    @Test(
        "documents at the limit parse, one unit over is refused with the length code",
        arguments: [
            (PolicyKind.identity, identityBase, 6_144, "InvalidParameter.PolicyDocument.Length"),
            (.trust, trustBase, 6_144, "InvalidParameter.AssumeRolePolicyDocument.Length"),
            (.keyPolicy, keyBase, 32_768, "InvalidParameter"),
        ])
    func boundary(kind: PolicyKind, base: String, limit: Int, code: String) throws {
        #expect(kind.sizeLimit == limit)
        let atLimit = padded(base, to: limit, kind.sizeUnit)
        #expect(try PolicyDocument.parse(atLimit, kind: kind).kind == kind)
        let over = padded(base, to: limit + 1, kind.sizeUnit)
        let error = try #require(PolicyFixtures.parseError(over, kind))
        #expect(error.code == code)
        #expect(error.httpStatus == 400)
        #expect(error.reason == .tooLong(length: limit + 1, limit: limit))
        #expect(error.isTooLong)
        #expect(error.message.contains("\(limit + 1)") && error.message.contains("\(limit)"))
    }

    @Test("size is checked before syntax, so an oversized non-JSON text reports its length")
    func sizeFirst() throws {
        let error = try #require(PolicyFixtures.parseError(String(repeating: "x", count: 6_145), .identity))
        #expect(error.isTooLong)
    }

    @Test("key policies count UTF-8 bytes: multi-byte characters push a short document over the limit")
    func keyPolicyCountsBytes() throws {
        let base = withValue(.keyPolicy, "é", count: 0)
        let overhead = base.utf8.count
        let pairs = (32_767 - overhead) / 2 // é is 2 bytes; spaces make up the rest
        let over = padded(withValue(.keyPolicy, "é", count: pairs), to: 32_769, .utf8Bytes)
        #expect(over.count < 32_768)
        #expect(over.utf8.count == 32_769)
        let error = try #require(PolicyFixtures.parseError(over, .keyPolicy))
        #expect(error.reason == .tooLong(length: 32_769, limit: 32_768))
        let atLimit = padded(withValue(.keyPolicy, "é", count: pairs), to: 32_768, .utf8Bytes)
        #expect(PolicyFixtures.parseError(atLimit, .keyPolicy) == nil)
    }

    @Test("RAM documents count characters: multi-byte text under 6,144 characters is accepted")
    func ramCountsCharacters() throws {
        let document = padded(withValue(.identity, "密", count: 5_000), to: 6_144, .characters)
        #expect(document.utf8.count > 6_144)
        #expect(PolicyFixtures.parseError(document, .identity) == nil)
        let over = padded(withValue(.identity, "密", count: 5_000), to: 6_145, .characters)
        #expect(PolicyFixtures.parseError(over, .identity)?.isTooLong == true)
    }

    @Test(
        "length codes follow the request parameter that carried the document",
        arguments: [
            (PolicyKind.trust, "NewAssumeRolePolicyDocument", "InvalidParameter.NewAssumeRolePolicyDocument.Length"),
            (.identity, "PolicyDocument", "InvalidParameter.PolicyDocument.Length"),
            (.keyPolicy, "Policy", "InvalidParameter"),
        ])
    func lengthCodePerParameter(kind: PolicyKind, parameter: String, code: String) throws {
        let base = kind == .trust ? trustBase : kind == .identity ? identityBase : keyBase
        let error = try #require(PolicyFixtures.parseError(padded(base, to: kind.sizeLimit + 1, kind.sizeUnit), kind))
        #expect(error.forParameter(parameter).code == code)
        #expect(error.forParameter(parameter).message == error.message)
    }

    @Test("malformed-document codes do not depend on the parameter")
    func malformedCodeIgnoresParameter() throws {
        let error = try #require(PolicyFixtures.parseError("{", .trust))
        #expect(error.forParameter("NewAssumeRolePolicyDocument").code == "MalformedPolicyDocument")
    }
}
