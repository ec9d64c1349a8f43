import ACSWire
import CloudAPI
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SimulatorServer

@Suite("Simulator server over loopback")
struct SimulatorServerTests {
    @Test("A V3-signed request reaches the cloud as its caller, in RegionId's region")
    func v3Success() async throws {
        try await LiveServer.with { client, port in
            let request = try Signer().request(GetCallerIdentityRequest(), port: port, extra: [("RegionId", "cn-shanghai")])
            let response = try await client.execute(request.testRequest)
            #expect(response.status.code == 200)
            #expect(response.answer.headers["content-type"] == "application/json;charset=utf-8")
            let identity = try ACSResponseParser.decode(GetCallerIdentityRequest.self, from: response.answer)
            #expect(identity.accountID == "1111222233334444")
            #expect(identity.arn == "acs:ram::1111222233334444:root")
            #expect(identity.principalID == "cn-shanghai")
            #expect(RequestIDProbe.requestID(in: response.answer.body) == response.answer.headers["x-acs-request-id"])
        }
    }

    @Test("A V1-signed request succeeds, by GET and by POST")
    func v1Success() async throws {
        try await LiveServer.with { client, port in
            for method in ["POST", "GET"] {
                var request = try Signer(version: .v1).request(GetCallerIdentityRequest(), port: port)
                request.method = method
                // V1 signs the method: re-sign for GET.
                request.query.removeAll { $0.0 == "Signature" }
                let text = RPCSignature.stringToSign(method: method, parameters: request.query)
                request.query.append(("Signature", RPCSignature.signature(stringToSign: text, secret: "SECRETEXAMPLE")))
                let response = try await client.execute(request.testRequest)
                #expect(response.status.code == 200, "\(method)")
            }
        }
    }

    @Test("V1 parameters may come in a form body")
    func v1FormBody() async throws {
        try await LiveServer.with { client, port in
            let signed = try Signer(version: .v1).request(GetCallerIdentityRequest(), port: port)
            var request = signed
            request.query = []
            request.body = Array(signed.queryString.utf8)
            request.headers["content-type"] = "application/x-www-form-urlencoded"
            let response = try await client.execute(request.testRequest)
            #expect(response.status.code == 200)
        }
    }

    @Test("STS credentials act as the assumed role")
    func stsSuccess() async throws {
        try await LiveServer.with { client, port in
            for version in [ACSRequestBuilder.SignatureVersion.v3, .v1] {
                let request = try Signer(credentials: TestKeys.stsKey, version: version)
                    .request(GetCallerIdentityRequest(), port: port)
                let response = try await client.execute(request.testRequest)
                let identity = try ACSResponseParser.decode(GetCallerIdentityRequest.self, from: response.answer)
                #expect(identity.arn == "acs:ram::1111222233334444:role/Admin/keyshare")
            }
        }
    }

    @Test("A cloud error comes back as the same CloudError, with the retry hint in x-acs-retry-after")
    func cloudErrors() async throws {
        try await LiveServer.with { client, port in
            let role = try await client.execute(Signer().request(GetRoleRequest(roleName: "Nope"), port: port).testRequest)
            let error = role.cloudError
            #expect(error?.code == "EntityNotExist.Role")
            #expect(error?.httpStatus == 404)
            #expect(error?.requestID == role.answer.headers["x-acs-request-id"])
            let throttled = try await client.execute(Signer().request(EnableKeyRequest(keyID: "key-1"), port: port).testRequest)
            #expect(throttled.answer.headers["x-acs-retry-after"] == "1500")
            #expect(throttled.cloudError?.retryAfterMilliseconds == 1500)
            #expect(throttled.cloudError?.code == "Throttling")
            let kmsBody = String(decoding: throttled.answer.body, as: UTF8.self)
            #expect(kmsBody.contains("\"HttpStatus\":400"))
        }
    }

    @Test("A failure that is not a CloudError is a 500 InternalError that leaks nothing")
    func internalError() async throws {
        let logs = CapturedLogs()
        try await LiveServer.with(logs: logs) { client, port in
            let response = try await client.execute(Signer().request(DisableKeyRequest(keyID: "key-1"), port: port).testRequest)
            #expect(response.cloudError?.code == "InternalError")
            #expect(response.status.code == 500)
            #expect(!String(decoding: response.answer.body, as: UTF8.self).contains("do-not-leak"))
        }
        #expect(!logs.all.joined().contains("do-not-leak"))
    }

    @Test("Unknown actions and versions are InvalidApi.NotFound (404)")
    func unknownAction() async throws {
        try await LiveServer.with { client, port in
            var request = try Signer().request(GetCallerIdentityRequest(), port: port)
            request.headers["x-acs-action"] = "NoSuchAction"
            let response = try await client.execute(request.testRequest)
            #expect(response.status.code == 404)
            #expect(response.cloudError?.code == "InvalidApi.NotFound")
        }
    }

    @Test("A mandatory parameter left out is MissingParameter (400)")
    func missingParameter() async throws {
        try await LiveServer.with { client, port in
            var signer = Signer()
            signer.version = .v1
            var request = try signer.request(GetRoleRequest(roleName: "x"), port: port)
            request.query.removeAll { $0.0 == "RoleName" || $0.0 == "Signature" }
            let text = RPCSignature.stringToSign(method: "POST", parameters: request.query)
            request.query.append(("Signature", RPCSignature.signature(stringToSign: text, secret: "SECRETEXAMPLE")))
            let response = try await client.execute(request.testRequest)
            #expect(response.status.code == 400)
            #expect(response.cloudError?.code == "MissingParameter")
            #expect(response.cloudError?.message.contains("\"RoleName\"") == true)
        }
    }

    @Test("A replayed nonce is SignatureNonceUsed (400)")
    func replay() async throws {
        try await LiveServer.with { client, port in
            let request = try Signer().request(GetCallerIdentityRequest(), port: port)
            #expect(try await client.execute(request.testRequest).status.code == 200)
            let again = try await client.execute(request.testRequest)
            #expect(again.status.code == 400)
            #expect(again.cloudError?.code == "SignatureNonceUsed")
        }
    }

    @Test("A body over the limit is 413 RequestEntityTooLarge")
    func oversized() async throws {
        try await LiveServer.with(options: SimulatorOptions(maxBodyBytes: 1024)) { client, port in
            var request = try Signer().request(GetCallerIdentityRequest(), port: port)
            request.body = Array(repeating: UInt8(ascii: "a"), count: 4096)
            request.headers["content-type"] = "application/x-www-form-urlencoded"
            let response = try await client.execute(request.testRequest)
            #expect(response.status.code == 413)
            #expect(response.cloudError?.code == "RequestEntityTooLarge")
        }
    }

    @Test("Query bytes that are not UTF-8 are InvalidParameter (400)")
    func invalidUTF8() async throws {
        try await LiveServer.with { client, port in
            let request = try Signer().request(GetCallerIdentityRequest(), port: port)
            var raw = request.testRequest
            raw.head.path = "/?RoleName=%FF%FE&x=%zz"
            let response = try await client.execute(raw)
            #expect(response.status.code == 400)
            #expect(response.cloudError?.code == "InvalidParameter")
        }
    }

    @Test("Methods other than GET and POST are UnsupportedHTTPMethod (403)")
    func unsupportedMethod() async throws {
        try await LiveServer.with { client, port in
            var request = try Signer().request(GetCallerIdentityRequest(), port: port)
            request.method = "DELETE"
            let response = try await client.execute(request.testRequest)
            #expect(response.status.code == 403)
            #expect(response.cloudError?.code == "UnsupportedHTTPMethod")
        }
    }

    @Test("The server keeps answering after malformed requests")
    func survivesGarbage() async throws {
        try await LiveServer.with { client, port in
            let garbage: [TestClient.Request] = [
                TestClient.Request("/", method: .post),
                TestClient.Request("/?Action=&Signature=", method: .get),
                TestClient.Request("/?%%%&&==&a=%", method: .post),
                TestClient.Request("/", method: .post, headers: [.authorization: "ACS3-HMAC-SHA256"]),
                TestClient.Request("/", method: .post, headers: [.authorization: "ACS3-HMAC-SHA256 Credential=,,,"]),
                TestClient.Request("/x/y", method: .put, body: ByteBuffer(bytes: [0xFF, 0x00, 0xFE])),
            ]
            for request in garbage {
                let response = try await client.execute(request)
                #expect((400..<500).contains(response.status.code), "\(request.head.path ?? "")")
                #expect(response.cloudError != nil)
            }
            let ok = try await client.execute(Signer().request(GetCallerIdentityRequest(), port: port).testRequest)
            #expect(ok.status.code == 200)
        }
    }

    @Test("One log line per request, with action, account, status and request id, and no secret")
    func logging() async throws {
        let logs = CapturedLogs()
        try await LiveServer.with(logs: logs) { client, port in
            for credentials in [TestKeys.rootKey, TestKeys.stsKey] {
                for version in [ACSRequestBuilder.SignatureVersion.v3, .v1] {
                    let request = try Signer(credentials: credentials, version: version)
                        .request(GetCallerIdentityRequest(), port: port)
                    _ = try await client.execute(request.testRequest)
                }
            }
            var wrong = TestKeys.rootKey
            wrong.accessKeySecret = "WRONGSECRET"
            _ = try await client.execute(Signer(credentials: wrong).request(GetCallerIdentityRequest(), port: port).testRequest)
        }
        let lines = logs.all.filter { $0.contains("request_id=") }
        #expect(lines.count == 5)
        #expect(lines.first?.contains("action=GetCallerIdentity") == true)
        #expect(lines.first?.contains("account=1111222233334444") == true)
        #expect(lines.first?.contains("status=200") == true)
        #expect(lines.last?.contains("code=SignatureDoesNotMatch") == true)
        let text = logs.all.joined(separator: "\n")
        for secret in ["SECRETEXAMPLE", "dummySTSsecret", "CAIS-dummy-token", "WRONGSECRET", "Signature="] {
            #expect(!text.contains(secret), "log contains \(secret)")
        }
    }

    @Test("Many concurrent connections are all answered")
    func concurrency() async throws {
        try await LiveServer.with { _, port in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<200 {
                    group.addTask {
                        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                            try await client.execute(Signer().request(GetCallerIdentityRequest(), port: port).testRequest)
                                .status.code
                        }
                    }
                }
                var statuses = [Int]()
                for try await status in group { statuses.append(status) }
                #expect(statuses.count == 200)
                #expect(statuses.allSatisfy { $0 == 200 })
            }
        }
    }
}
