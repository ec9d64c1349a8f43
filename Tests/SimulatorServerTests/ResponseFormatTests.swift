import ACSWire
import CloudAPI
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import SimulatorServer

/// Re-signs requests after a test changed them, as a client would have signed them.
extension ACSHTTPRequest {
    /// A V1 request with `Format` set to `format` (removed when nil), signed again.
    func withFormat(_ format: String?, secret: String = TestKeys.rootKey.accessKeySecret) -> ACSHTTPRequest {
        var copy = self
        copy.query.removeAll { $0.0 == "Format" || $0.0 == "Signature" }
        if let format { copy.query.append(("Format", format)) }
        let text = RPCSignature.stringToSign(method: copy.method, parameters: copy.query)
        copy.query.append(("Signature", RPCSignature.signature(stringToSign: text, secret: secret)))
        return copy
    }

    /// A V3 request with `accept` changed and every header but `user-agent` signed again.
    func withAccept(_ accept: String, secret: String = TestKeys.rootKey.accessKeySecret) -> ACSHTTPRequest {
        var copy = self
        copy.headers["accept"] = accept
        copy.headers["authorization"] = nil
        let signed = copy.headers.keys.filter { $0 != "user-agent" }.sorted()
        let canonical = ACS3Signature.canonicalRequest(copy, signedHeaders: signed, hashedPayload: Digest.emptyBodySHA256)
        let signature = ACS3Signature.signature(
            stringToSign: ACS3Signature.stringToSign(canonicalRequest: canonical),
            secret: secret)
        copy.headers["authorization"] = ACS3Signature.authorization(
            accessKeyID: TestKeys.rootKey.accessKeyID, signedHeaders: signed, signature: signature)
        return copy
    }
}

@Suite("Answer formats and HostId over loopback")
struct ResponseFormatTests {
    /// (Format sent by a V1 caller, nil = none) → XML answer expected.
    static let v1Formats: [(String?, Bool)] = [("XML", true), ("xml", true), (nil, true), ("JSON", false), ("json", false)]

    @Test("A V1 success answers in the Format asked for, XML by default", arguments: 0..<v1Formats.count)
    func v1Success(index: Int) async throws {
        let (format, isXML) = Self.v1Formats[index]
        try await LiveServer.with { client, port in
            let request = try Signer(version: .v1).request(GetCallerIdentityRequest(), port: port).withFormat(format)
            let response = try await client.execute(request.testRequest)
            #expect(response.status.code == 200)
            let body = String(decoding: response.answer.body, as: UTF8.self)
            let requestID = try #require(response.answer.headers["x-acs-request-id"])
            if isXML {
                #expect(response.answer.headers["content-type"] == "text/xml;charset=utf-8")
                #expect(body.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?><GetCallerIdentityResponse>"#))
                #expect(body.contains("<AccountId>1111222233334444</AccountId>"))
                #expect(body.contains("<RequestId>\(requestID)</RequestId>"))
                #expect(body.hasSuffix("</GetCallerIdentityResponse>"))
            } else {
                #expect(response.answer.headers["content-type"] == "application/json;charset=utf-8")
                let identity = try ACSResponseParser.decode(GetCallerIdentityRequest.self, from: response.answer)
                #expect(identity.accountID == "1111222233334444")
            }
        }
    }

    @Test("A V1 form body may carry Format")
    func v1FormBodyFormat() async throws {
        try await LiveServer.with { client, port in
            let signed = try Signer(version: .v1).request(GetCallerIdentityRequest(), port: port).withFormat("XML")
            var request = signed
            request.query = []
            request.body = Array(signed.queryString.utf8)
            request.headers["content-type"] = "application/x-www-form-urlencoded"
            let response = try await client.execute(request.testRequest)
            #expect(response.status.code == 200)
            #expect(response.answer.headers["content-type"] == "text/xml;charset=utf-8")
        }
    }

    @Test("V3 answers JSON, and XML when Accept asks for XML only")
    func v3Formats() async throws {
        try await LiveServer.with { client, port in
            let plain = try await client.execute(Signer().request(GetCallerIdentityRequest(), port: port).testRequest)
            #expect(plain.answer.headers["content-type"] == "application/json;charset=utf-8")
            let xml = try await client.execute(
                Signer().request(GetCallerIdentityRequest(), port: port).withAccept("application/xml").testRequest)
            #expect(xml.status.code == 200)
            #expect(xml.answer.headers["content-type"] == "text/xml;charset=utf-8")
            #expect(String(decoding: xml.answer.body, as: UTF8.self).contains("<GetCallerIdentityResponse>"))
            let failed = try await client.execute(
                Signer().request(GetRoleRequest(roleName: "Nope"), port: port).withAccept("text/xml").testRequest)
            #expect(failed.answer.headers["content-type"] == "text/xml;charset=utf-8")
            #expect(failed.cloudError?.code == "EntityNotExist.Role")
        }
    }

    /// Ways a request fails, each at a different stage: (name, how to spoil a V1 request).
    static let failures: [(String, @Sendable (inout ACSHTTPRequest) -> Void)] = [
        ("cloud error", { _ in }),
        (
            "wrong signature",
            { request in
                request.query = request.query.map { $0.0 == "Signature" ? ($0.0, "AAAA") : $0 }
            }
        ),
        (
            "unknown access key",
            { request in
                request.query = request.query.map { $0.0 == "AccessKeyId" ? ($0.0, "AKIDUNKNOWN") : $0 }
            }
        ),
        ("no signature", { request in request.query.removeAll { $0.0 == "Signature" } }),
        (
            "unknown action",
            { request in
                request.query = request.query.map { $0.0 == "Action" ? ($0.0, "NoSuchAction") : $0 }
            }
        ),
        ("bad method", { request in request.method = "DELETE" }),
    ]

    @Test(
        "Every failure answers in the caller's format and carries HostId, Code, Message, Recommend",
        arguments: 0..<failures.count, [String?.some("XML"), nil, "JSON"])
    func failuresCarryHostID(index: Int, format: String?) async throws {
        let (name, spoil) = Self.failures[index]
        try await LiveServer.with { client, port in
            var request = try Signer(version: .v1).request(GetRoleRequest(roleName: "Nope"), port: port).withFormat(format)
            spoil(&request)
            let response = try await client.execute(request.testRequest)
            #expect((400..<500).contains(response.status.code), "\(name)")
            let expectsXML = format != "JSON"
            #expect(
                response.answer.headers["content-type"]
                    == (expectsXML
                        ? "text/xml;charset=utf-8"
                        : "application/json;charset=utf-8"),
                "\(name)")
            let body = String(decoding: response.answer.body, as: UTF8.self)
            if expectsXML {
                #expect(body.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?><Error><RequestId>"#), "\(name)")
                #expect(body.contains("<HostId>127.0.0.1:\(port)</HostId>"), "\(name)")
                #expect(body.contains("<Recommend>https://api.aliyun.com/troubleshoot?q="), "\(name)")
            }
            let error = try #require(response.cloudError, "\(name)")
            #expect(error.hostID == "127.0.0.1:\(port)", "\(name)")
            #expect(error.requestID == response.answer.headers["x-acs-request-id"], "\(name)")
            #expect(!error.message.isEmpty, "\(name)")
        }
    }

    @Test("V3 and internal errors carry HostId too")
    func v3HostID() async throws {
        try await LiveServer.with { client, port in
            for request in [GetRoleRequest(roleName: "Nope")] as [any CloudRequest] {
                let response = try await client.execute(Signer().request(request, port: port).testRequest)
                #expect(response.cloudError?.hostID == "127.0.0.1:\(port)")
            }
            let internalError = try await client.execute(Signer().request(DisableKeyRequest(keyID: "k"), port: port).testRequest)
            #expect(internalError.cloudError?.code == "InternalError")
            #expect(internalError.cloudError?.hostID == "127.0.0.1:\(port)")
        }
    }

    /// (Host header, expected HostId); the listening address stands in for missing or odd hosts.
    static let hosts: [(String?, String)] = [
        ("kms.cn-hangzhou.aliyuncs.com", "kms.cn-hangzhou.aliyuncs.com"), ("127.0.0.1:18080", "127.0.0.1:18080"),
        ("[::1]:8080", "[::1]:8080"), (nil, "127.0.0.1:9"), ("", "127.0.0.1:9"), ("evil\r\nSet-Cookie: x", "127.0.0.1:9"),
        ("<b>host</b>", "127.0.0.1:9"), (String(repeating: "a", count: 300), "127.0.0.1:9"),
    ]

    @Test("HostId is the addressed host when it is a plausible host name", arguments: 0..<hosts.count)
    func hostID(index: Int) {
        let (authority, expected) = Self.hosts[index]
        #expect(ACSResponder.hostID(authority: authority, localAddress: "127.0.0.1:9") == expected)
    }
}
