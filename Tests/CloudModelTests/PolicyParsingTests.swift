import Foundation
import Testing

@testable import CloudModel

/// A document that must be refused: its kind, the wire code and a fragment of the message that
/// names the element.
struct Rejection: Sendable, CustomTestStringConvertible {
    let kind: PolicyKind
    let json: String
    let code: String
    let message: String

    var testDescription: String { "\(kind): \(message)" }

    init(_ kind: PolicyKind, _ json: String, _ code: String, _ message: String) {
        self.kind = kind
        self.json = json
        self.code = code
        self.message = message
    }
}

private let allow = #""Effect":"Allow""#
private let anyResource = #""Resource":"*""#
private let ramOwner = #""Principal":{"RAM":"acs:ram::1111111111111111:*"}"#
private let ecsService = #""Principal":{"Service":"ecs.aliyuncs.com"}"#
private let assume = #""Action":"sts:AssumeRole""#
private let decrypt = #""Action":"kms:Decrypt""#
private let M = "MalformedPolicyDocument"
private let I = "InvalidParameter"

private func doc(_ statements: String...) -> String {
    #"{"Version":"1","Statement":["# + statements.joined(separator: ",") + "]}"
}

private func identityStatement(_ extra: String) -> String { "{\(allow),\(decrypt),\(anyResource)\(extra)}" }
private func keyStatement(_ extra: String) -> String { "{\(allow),\(decrypt),\(anyResource),\(ramOwner)\(extra)}" }

/// Rejections every kind shares (document level), checked for all three kinds.
private let documentRejections: [(String, String)] = [
    ("not json", "is not valid JSON"),
    (#"[]"#, "must be a JSON object"),
    (#"{"Statement":[{"Effect":"Allow"}]}"#, "Version is required"),
    (#"{"Version":1,"Statement":[]}"#, "Version must be \"1\", got 1"),
    (#"{"Version":"2","Statement":[]}"#, "Version must be \"1\", got \"2\""),
    (#"{"Version":"1"}"#, "Statement is required"),
    (#"{"Version":"1","Statement":[]}"#, "Statement must contain at least one statement"),
    (#"{"Version":"1","Statement":{"Effect":"Allow"}}"#, "Statement must be an array of statement objects, got an object"),
    (#"{"Version":"1","Statement":["x"]}"#, "Statement[0] must be an object, got a string"),
    (#"{"Version":"1","Version":"1","Statement":[]}"#, "Version appears more than once"),
    (#"{"Version":"1","Statement":[],"Id":"x"}"#, "Id is not a known element"),
    (#"{"version":"1","Statement":[]}"#, "did you mean \"Version\""),
]

@Suite("Policy parsing and validation")
struct PolicyParsingTests {
    @Test(
        "document-level rejections apply to every kind with the kind's code",
        arguments: PolicyKind.allCases, documentRejections.indices)
    func documentLevel(kind: PolicyKind, row: Int) throws {
        let (json, fragment) = documentRejections[row]
        let error = try #require(PolicyFixtures.parseError(json, kind))
        #expect(error.code == (kind == .keyPolicy ? I : M))
        #expect(error.httpStatus == 400)
        #expect(error.reason == .malformed)
        #expect(error.message.contains(fragment), "\(error.message)")
    }

    static let statementRejections: [Rejection] = [
        // Effect
        Rejection(
            .identity, doc(#"{"Effect":"allow","Action":"kms:Decrypt","Resource":"*"}"#), M,
            #"Statement[0].Effect must be "Allow" or "Deny", got "allow""#),
        Rejection(
            .identity, doc(identityStatement(""), #"{"Effect":"Permit","Action":"kms:Decrypt","Resource":"*"}"#), M,
            #"Statement[1].Effect must be "Allow" or "Deny", got "Permit""#),
        Rejection(.identity, doc(#"{"Action":"kms:Decrypt","Resource":"*"}"#), M, "Statement[0].Effect is required"),
        Rejection(
            .keyPolicy, doc(#"{"Effect":true,"Action":"kms:Decrypt","Resource":"*","# + ramOwner + "}"), I,
            #"Statement[0].Effect must be "Allow" or "Deny", got true"#),
        // Action / NotAction
        Rejection(.identity, doc(#"{"Effect":"Allow","Resource":"*"}"#), M, "Statement[0].Action is required"),
        Rejection(
            .identity, doc(#"{"Effect":"Allow","Action":"kms:A","NotAction":"kms:B","Resource":"*"}"#), M,
            "Statement[0] must have either Action or NotAction, not both"),
        Rejection(
            .identity, doc(#"{"Effect":"Allow","Action":[],"Resource":"*"}"#), M, "Statement[0].Action must not be an empty array"
        ),
        Rejection(
            .identity, doc(#"{"Effect":"Allow","Action":"","Resource":"*"}"#), M,
            "Statement[0].Action must not be an empty string"),
        Rejection(
            .identity, doc(#"{"Effect":"Allow","Action":["kms:A",3],"Resource":"*"}"#), M,
            "Statement[0].Action[1] must be a string, got a number"),
        Rejection(
            .identity, doc(#"{"Effect":"Allow","Action":{"a":1},"Resource":"*"}"#), M,
            "Statement[0].Action must be a string or an array of strings, got an object"),
        Rejection(
            .identity, doc(#"{"Effect":"Allow","Action":"Decrypt","Resource":"*"}"#), M,
            #"Statement[0].Action must be "*" or "<service>:<action>""#),
        Rejection(
            .identity, doc(#"{"Effect":"Allow","Action":["kms:Decrypt","kms:"],"Resource":"*"}"#), M,
            #"Statement[0].Action[1] must be "*" or "<service>:<action>""#),
        Rejection(
            .keyPolicy, doc(#"{"Effect":"Allow","Action":["kms:Decrypt","ecs:CreateDisk"],"Resource":"*","# + ramOwner + "}"), I,
            #"Statement[0].Action[1] must start with "kms:" in a key policy, got "ecs:CreateDisk""#),
        Rejection(
            .keyPolicy, doc(#"{"Effect":"Allow","Action":"*","Resource":"*","# + ramOwner + "}"), I,
            #"Statement[0].Action must start with "kms:""#),
        Rejection(
            .keyPolicy, doc(#"{"Effect":"Allow","NotAction":"kms:Decrypt","Resource":"*","# + ramOwner + "}"), I,
            "Statement[0].NotAction is not allowed in a key policy"),
        Rejection(
            .trust, doc(#"{"Effect":"Allow","Action":"kms:Decrypt","# + ecsService + "}"), M,
            #"Statement[0].Action must be an STS assume-role action such as "sts:AssumeRole", got "kms:Decrypt""#),
        Rejection(
            .trust, doc(#"{"Effect":"Allow","Action":"sts:GetCallerIdentity","# + ecsService + "}"), M,
            "Statement[0].Action must be an STS assume-role action"),
        Rejection(
            .trust, doc(#"{"Effect":"Allow","NotAction":"sts:AssumeRole","# + ecsService + "}"), M,
            "Statement[0].NotAction is not allowed in a trust policy"),
        // Resource / NotResource
        Rejection(
            .identity, doc(#"{"Effect":"Allow","Action":"kms:Decrypt"}"#), M,
            "Statement[0].Resource is required in an identity policy"),
        Rejection(
            .identity, doc(#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","NotResource":"*"}"#), M,
            "Statement[0] must have either Resource or NotResource, not both"),
        Rejection(
            .identity, doc(#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":["*","key/1"]}"#), M,
            #"Statement[0].Resource[1] must be "*" or an ARN"#),
        Rejection(
            .identity, doc(#"{"Effect":"Allow","Action":"kms:Decrypt","NotResource":"arn:aws:kms"}"#), M,
            #"Statement[0].NotResource must be "*" or an ARN"#),
        Rejection(
            .keyPolicy, doc(#"{"Effect":"Allow","Action":"kms:Decrypt","# + ramOwner + "}"), I,
            "Statement[0].Resource is required in a key policy"),
        Rejection(
            .keyPolicy, doc(#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":["*","acs:kms:*:*:*"],"# + ramOwner + "}"), I,
            #"Statement[0].Resource[1] must be "*" in a key policy (it stands for the key itself), got "acs:kms:*:*:*""#),
        Rejection(
            .keyPolicy, doc(#"{"Effect":"Allow","Action":"kms:Decrypt","NotResource":"*","# + ramOwner + "}"), I,
            "Statement[0].NotResource is not allowed in a key policy"),
        Rejection(
            .trust, doc(#"{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","# + ecsService + "}"), M,
            "Statement[0].Resource is not allowed in a trust policy"),
        Rejection(
            .trust, doc(#"{"Effect":"Allow","Action":"sts:AssumeRole","NotResource":"*","# + ecsService + "}"), M,
            "Statement[0].NotResource is not allowed in a trust policy"),
        // Principal
        Rejection(
            .identity, doc(identityStatement("," + ramOwner)), M, "Statement[0].Principal is not allowed in an identity policy"),
        Rejection(
            .trust, doc(#"{"Effect":"Allow","Action":"sts:AssumeRole"}"#), M,
            "Statement[0].Principal is required in a trust policy"),
        Rejection(
            .keyPolicy, doc(#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}"#), I,
            "Statement[0].Principal is required in a key policy"),
        Rejection(
            .keyPolicy, doc(#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Principal":"*"}"#), I,
            "Statement[0].Principal must be an object"),
        Rejection(
            .keyPolicy, doc(#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Principal":{}}"#), I,
            "Statement[0].Principal must name at least one of RAM"),
        Rejection(
            .keyPolicy,
            doc(#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Principal":{"Service":"ecs.aliyuncs.com"}}"#), I,
            "Statement[0].Principal.Service is not allowed in a key policy"),
        Rejection(
            .keyPolicy, doc(#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Principal":{"ram":"acs:ram::1:*"}}"#), I,
            #"Statement[0].Principal.ram is not a known element; element names are case-sensitive, did you mean "RAM"?"#),
        Rejection(
            .keyPolicy,
            doc(
                #"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Principal":{"RAM":["acs:ram::1111111111111111:*","*"]}}"#
            ), I,
            #"Statement[0].Principal.RAM[1] must be one of acs:ram::<uid>:*"#),
        Rejection(
            .keyPolicy, doc(#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Principal":{"RAM":"acs:ram::*:root"}}"#),
            I,
            #"Statement[0].Principal.RAM must be one of"#),
        Rejection(
            .keyPolicy,
            doc(#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Principal":{"RAM":"acs:ram::12ab:role/x"}}"#), I,
            #"Statement[0].Principal.RAM must be one of"#),
        Rejection(
            .keyPolicy,
            doc(#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Principal":{"RAM":"acs:ram::1:role/r/session"}}"#), I,
            #"Statement[0].Principal.RAM must be one of"#),
        Rejection(
            .keyPolicy,
            doc(#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Principal":{"RAM":"acs:ram::1:group/g"}}"#), I,
            #"Statement[0].Principal.RAM must be one of"#),
        Rejection(
            .keyPolicy, doc(#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Principal":{"RAM":[]}}"#), I,
            "Statement[0].Principal.RAM must not be an empty array"),
        Rejection(
            .trust, doc(#"{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1111111111111111:*"}}"#), M,
            #"Statement[0].Principal.RAM must be one of acs:ram::<uid>:root"#),
        Rejection(
            .trust, doc(#"{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ecs"}}"#), M,
            #"Statement[0].Principal.Service must be a service such as "ecs.aliyuncs.com""#),
        Rejection(
            .trust,
            doc(
                #"{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["ecs.aliyuncs.com","x@ecs.aliyuncs.com"]}}"#
            ), M,
            #"Statement[0].Principal.Service[1] must be a service"#),
        Rejection(
            .trust, doc(#"{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ECS.aliyuncs.com"}}"#), M,
            #"Statement[0].Principal.Service must be a service"#),
        Rejection(
            .trust, doc(#"{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Federated":"acs:ram::1:user/u"}}"#), M,
            "Statement[0].Principal.Federated must be acs:ram::<uid>:saml-provider/<name>"),
        Rejection(
            .trust, doc(#"{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"*"}}"#), M,
            "Statement[0].Principal.AWS is not a known element"),
        Rejection(
            .trust,
            doc(#"{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1:root","RAM":"acs:ram::2:root"}}"#),
            M,
            "Statement[0].Principal.RAM appears more than once"),
        // Sid
        Rejection(
            .keyPolicy, doc(keyStatement(#","Sid":"bad#sid""#)), I,
            ##"Statement[0].Sid may contain only letters, digits, spaces and _/+=.@-, got "#""##),
        Rejection(
            .keyPolicy, doc(keyStatement(#","Sid":""# + String(repeating: "a", count: 129) + "\"")), I,
            "Statement[0].Sid must be at most 128 characters, got 129"),
        Rejection(.identity, doc(identityStatement(#","Sid":7"#)), M, "Statement[0].Sid must be a string, got a number"),
        // Unknown and duplicate statement members
        Rejection(
            .identity, doc(identityStatement(#","effect":"Deny""#)), M,
            #"Statement[0].effect is not a known element; element names are case-sensitive, did you mean "Effect"?"#),
        Rejection(
            .identity, doc(identityStatement(#","Comment":"x""#)), M,
            "Statement[0].Comment is not a known element; allowed here: Sid, Effect, Action"),
        Rejection(.identity, doc(identityStatement(#","Effect":"Deny""#)), M, "Statement[0].Effect appears more than once"),
        // Condition
        Rejection(
            .identity, doc(identityStatement(#","Condition":{"StringEqualsIfExists":{"acs:SourceIp":"1"}}"#)), M,
            #"Statement[0].Condition.StringEqualsIfExists: the IfExists operator suffix is not supported; use "StringEquals" instead"#
        ),
        Rejection(
            .identity, doc(identityStatement(#","Condition":{"ForAnyValue:StringEquals":{"k:k":"1"}}"#)), M,
            "Statement[0].Condition.ForAnyValue:StringEquals: set operators"),
        Rejection(
            .identity, doc(identityStatement(#","Condition":{"StringMatches":{"k:k":"1"}}"#)), M,
            "Statement[0].Condition.StringMatches is not a known condition operator; use one of StringEquals"),
        Rejection(
            .identity, doc(identityStatement(#","Condition":{"stringequals":{"k:k":"1"}}"#)), M,
            #"did you mean "StringEquals"?"#),
        Rejection(
            .identity, doc(identityStatement(#","Condition":{"IPAddress":{"acs:SourceIp":"1.2.3.4"}}"#)), M,
            #"did you mean "IpAddress"?"#),
        Rejection(
            .identity, doc(identityStatement(#","Condition":{}"#)), M,
            "Statement[0].Condition must be a non-empty object of operators"),
        Rejection(
            .identity, doc(identityStatement(#","Condition":"x""#)), M,
            "Statement[0].Condition must be a non-empty object of operators"),
        Rejection(
            .identity, doc(identityStatement(#","Condition":{"Bool":{}}"#)), M,
            "Statement[0].Condition.Bool must be a non-empty object of condition keys"),
        Rejection(
            .identity, doc(identityStatement(#","Condition":{"Bool":{"acs:MFAPresent":[]}}"#)), M,
            "Statement[0].Condition.Bool.acs:MFAPresent must not be an empty array"),
        Rejection(
            .identity, doc(identityStatement(#","Condition":{"Bool":{"acs:MFAPresent":"yes"}}"#)), M,
            #"Statement[0].Condition.Bool.acs:MFAPresent must be "true" or "false" for Bool, got "yes""#),
        Rejection(
            .identity, doc(identityStatement(#","Condition":{"NumericLessThan":{"k:n":["1","ten"]}}"#)), M,
            #"Statement[0].Condition.NumericLessThan.k:n[1] must be a number for NumericLessThan, got "ten""#),
        Rejection(
            .identity, doc(identityStatement(#","Condition":{"DateLessThan":{"acs:CurrentTime":"yesterday"}}"#)), M,
            #"Statement[0].Condition.DateLessThan.acs:CurrentTime must be an ISO-8601 date-time"#),
        Rejection(
            .identity, doc(identityStatement(#","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/33"}}"#)), M,
            #"Statement[0].Condition.IpAddress.acs:SourceIp must be an IP address or CIDR block"#),
        Rejection(
            .identity, doc(identityStatement(#","Condition":{"NotIpAddress":{"acs:SourceIp":"300.1.1.1"}}"#)), M,
            #"Statement[0].Condition.NotIpAddress.acs:SourceIp must be an IP address or CIDR block"#),
        Rejection(
            .identity, doc(identityStatement(#","Condition":{"StringEquals":{"k:k":null}}"#)), M,
            "Statement[0].Condition.StringEquals.k:k must be a string, number or boolean, got null"),
        Rejection(
            .identity, doc(identityStatement(#","Condition":{"StringEquals":{"k:k":"a","K:K":"b"}}"#)), M,
            "Statement[0].Condition.StringEquals.K:K appears more than once"),
        Rejection(
            .identity, doc(identityStatement(#","Condition":{"StringEquals":{"":"a"}}"#)), M,
            "Statement[0].Condition.StringEquals has an empty condition key"),
        Rejection(
            .keyPolicy, doc(keyStatement(#","Condition":{"StringLikeIfExists":{"kms:tag/env":"p*"}}"#)), I,
            "Statement[0].Condition.StringLikeIfExists: the IfExists operator suffix is not supported"),
        Rejection(
            .identity,
            doc(identityStatement(#","Condition":{"Bool":{"acs:MFAPresent":"true"},"Bool":{"acs:SecureTransport":"true"}}"#)), M,
            "Statement[0].Condition.Bool appears more than once"),
        Rejection(
            .identity, doc(#"{"Effect":"Allow","Action":["kms:Decrypt",""],"Resource":"*"}"#), M,
            "Statement[0].Action[1] must not be an empty string"),
        Rejection(
            .keyPolicy, doc(keyStatement(#","Sid":"clé""#)), I,
            #"Statement[0].Sid may contain only letters, digits, spaces and _/+=.@-, got "é""#),
        Rejection(
            .trust,
            doc(#"{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1:role/r"}}"#, #"{"Effect":"Deny"}"#),
            M,
            "Statement[1].Action is required"),
    ]

    @Test("each rejection has its exact code and a message naming the element", arguments: statementRejections)
    func rejection(_ row: Rejection) throws {
        let error = try #require(PolicyFixtures.parseError(row.json, row.kind), "expected \(row.kind) to refuse \(row.json)")
        #expect(error.code == row.code)
        #expect(error.httpStatus == 400)
        #expect(error.kind == row.kind)
        #expect(error.message.contains(row.message), "got: \(error.message)")
    }

    static let acceptedDocuments: [(PolicyKind, String)] = [
        (.identity, doc(#"{"Effect":"Allow","Action":"*","Resource":"*"}"#)),
        (.identity, doc(#"{"Effect":"Deny","NotAction":["kms:Decrypt","kms:Encrypt"],"NotResource":"acs:kms:*:*:*"}"#)),
        (.identity, doc(#"{"Sid":"A b_/+=.@-9","Effect":"Allow","Action":"sts:AssumeRole","Resource":"acs:ram::1:role/r"}"#)),
        (
            .identity,
            doc(
                identityStatement(
                    #","Condition":{"IpAddress":{"acs:SourceIp":["10.0.0.0/8","2001:db8::/32","1.2.3.4"]},"Bool":{"acs:SecureTransport":true},"NumericLessThanEquals":{"k:n":[10,"2.5"]},"DateGreaterThan":{"acs:CurrentTime":"2026-01-01T00:00:00+08:00"}}"#
                ))
        ),
        (
            .trust,
            doc(
                #"{"Effect":"Allow","Action":["sts:AssumeRole"],"Principal":{"RAM":["acs:ram::1:root","acs:ram::1:user/u","acs:ram::2:role/r"],"Service":["ecs.aliyuncs.com","2222222222222222@ecs.aliyuncs.com"],"Federated":"acs:ram::1:saml-provider/idp"}}"#
            )
        ),
        (.trust, doc(#"{"Effect":"Allow","Action":"sts:*","Principal":{"Service":"oss.aliyuncs.com"}}"#)),
        (.trust, doc(#"{"Effect":"Allow","Action":"STS:assumerole","Principal":{"Service":"actiontrail.aliyuncs.com"}}"#)),
        (
            .keyPolicy,
            doc(
                #"{"Effect":"Allow","Action":["KMS:Decrypt","kms:List*"],"Resource":["*"],"Principal":{"RAM":["acs:ram::1:*","acs:ram::1:root","acs:ram::2:user/u","acs:ram::2:role/r"]},"Condition":{"StringEquals":{"kms:tag/env":"prod"}}}"#
            )
        ),
        (.keyPolicy, doc(keyStatement(#","Sid":""# + String(repeating: "a", count: 128) + "\""))),
    ]

    @Test("well-formed documents of each kind parse", arguments: acceptedDocuments)
    func accepted(kind: PolicyKind, json: String) throws {
        let document = try PolicyDocument.parse(json, kind: kind)
        #expect(document.kind == kind)
        #expect(!document.statements.isEmpty)
    }

    @Test("canonical JSON is a fixed point: parsing it again gives the same text", arguments: PolicyKind.allCases)
    func canonicalFixedPoint(kind: PolicyKind) throws {
        let json = Self.acceptedDocuments.first { $0.0 == kind }!.1
        let once = try PolicyDocument.parse("  \n" + json + "\n", kind: kind)
        let twice = try PolicyDocument.parse(once.canonicalJSON, kind: kind)
        #expect(once.canonicalJSON == twice.canonicalJSON)
        #expect(once.statements == twice.statements)
    }

    @Test("parsed statements keep Sid, effect, patterns, principals and conditions")
    func parsedShape() throws {
        let document = try PolicyDocument.parse(
            doc(
                #"{"Sid":"s1","Effect":"Deny","NotAction":"kms:Decrypt","Resource":["*"],"Principal":{"RAM":["acs:ram::1:*","acs:ram::2:role/R"]},"Condition":{"StringEquals":{"kms:tag/env":["a",1,true]}}}"#
                    .replacingOccurrences(of: "NotAction", with: "Action")), kind: .keyPolicy)
        let statement = try #require(document.statements.first)
        #expect(statement.sid == "s1")
        #expect(statement.effect == .deny)
        #expect(statement.actions == .including(["kms:Decrypt"]))
        #expect(statement.resources == .including(["*"]))
        #expect(statement.principal?.entries == [.anyIdentity(of: AccountID("1")!), .role(AccountID("2")!, name: "R")])
        #expect(statement.conditions == [Condition(.stringEquals, key: "kms:tag/env", values: ["a", "1", "true"])])
    }
}
