import ACSClient
import ACSWire
import CloudAPI
import CloudModel
import Foundation
import Logging
import Synchronization
import Testing

/// The lines a `CapturingLogHandler` collected.
final class LogLines: Sendable {
    private let storage = Mutex<[String]>([])

    var all: [String] { storage.withLock { $0 } }

    func append(_ line: String) {
        storage.withLock { $0.append(line) }
    }
}

/// Collects every log line, message and metadata, as text.
struct CapturingLogHandler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        lines.append("\(event.level) \(event.message) \(merged)")
    }
}

@Suite("Redaction")
struct RedactionTests {
    static let secrets = ["base-secret-never-shown", "member-secret", "member-token", "sts-secret", "CAIS-token"]

    private func assertClean(_ text: String, _ what: String = "") {
        for secret in Self.secrets {
            #expect(!text.contains(secret), "\(what) leaks \(secret): \(text)")
        }
    }

    @Test("credentials never print their secret or token, in any textual form")
    func credentialsRedacted() {
        let credentials = AccessCredentials(
            accessKeyID: "STS.visible", accessKeySecret: "sts-secret",
            securityToken: "CAIS-token", expiration: Date())
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in [
            "\(credentials)", String(reflecting: credentials), dumped,
            "\(CredentialSource.fixed(credentials))",
            "\(ResolvedCredentials(source: .fixed(credentials), origin: "environment"))",
            "\(StaticCredentialProvider(credentials))",
        ] {
            assertClean(text)
            #expect(text.contains("STS.visible") || text.contains("accessKeyID"))
        }
    }

    @Test("CLI profiles never print their secret or token")
    func profilesRedacted() {
        let profile = CLIProfile(
            name: "p", mode: "StsToken", accessKeyID: "LTAIvisible", accessKeySecret: "sts-secret",
            stsToken: "CAIS-token")
        var dumped = ""
        dump(profile, to: &dumped)
        for text in ["\(profile)", String(reflecting: profile), dumped] {
            assertClean(text)
        }
    }

    @Test("errors and log lines of a failing member call contain no secret, token or signature")
    func errorsAndLogsClean() async throws {
        let lines = LogLines()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }
        let transport = TestClientTransport { request, index in
            switch request.header("x-acs-action") {
            case "GetCallerIdentity":
                return Answer.success(
                    GetCallerIdentityResponse(
                        accountID: Fixture.ownAccount.rawValue, arn: "a",
                        identityType: "Account", principalID: "p"))
            case "AssumeRole":
                return Answer.success(Fixture.issued("STS.m", secret: "member-secret", token: "member-token", now: Date()))
            default:
                if index < 4 { return Answer.failure(.serviceUnavailable) }
                throw HTTPTransportError(.connectFailed, detail: "refused")
            }
        }
        let cloud = RemoteCloud(caller: Fixture.caller(transport, logger: logger), credentials: .fixed(Fixture.keys))
        let error = await #expect(throws: ClientError.self) {
            try await cloud.enableKey(EnableKeyRequest(keyID: "k"), context: CallContext.root(Fixture.member))
        }
        let signatures = transport.requests.compactMap { $0.header("authorization")?.components(separatedBy: "Signature=").last }
        #expect(!signatures.isEmpty)
        let logged = lines.all
        #expect(logged.contains { $0.contains("retrying") })
        for text in logged + ["\(String(describing: error))", String(reflecting: error as Any)] {
            assertClean(text, "output")
            for signature in signatures {
                #expect(!text.contains(signature))
            }
        }
    }

    @Test("a signed request prints without its signature or token, V3 and V1 alike")
    func signedRequestsRedacted() async throws {
        let sts = AccessCredentials(accessKeyID: "STS.visible", accessKeySecret: "sts-secret", securityToken: "CAIS-token")
        for codec in [ACSWireCodec(), ACSWireCodec(signatureVersion: .v1)] {
            let wire = try codec.encode(
                EnableKeyRequest(keyID: "k"), credentials: sts, host: "kms.cn-hangzhou.aliyuncs.com",
                date: Date(), nonce: "0123456789abcdef0123456789abcdef")
            let parts = HTTPRequestParts(
                method: wire.method, endpoint: Endpoint(host: "kms.cn-hangzhou.aliyuncs.com"),
                path: wire.path, rawQuery: wire.rawQuery, headers: wire.headers, body: wire.body)
            let signature =
                parts.header("authorization")?.components(separatedBy: "Signature=").last
                ?? Fixture.query(of: parts)["Signature"] ?? "missing"
            #expect(signature != "missing")
            var dumpedWire = ""
            var dumpedParts = ""
            dump(wire, to: &dumpedWire)
            dump(parts, to: &dumpedParts)
            for text in ["\(wire)", String(reflecting: wire), dumpedWire, "\(parts)", String(reflecting: parts), dumpedParts] {
                assertClean(text)
                #expect(!text.contains(signature))
                #expect(!text.contains(signature.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? signature))
            }
            #expect("\(parts)".contains("EnableKey"))
        }
    }

    @Test("an AssumeRole answer prints without the credentials in its body")
    func answerRedacted() {
        let answer = Answer.success(Fixture.issued("STS.m", secret: "member-secret", token: "member-token", now: Date()))
        var dumped = ""
        dump(answer, to: &dumped)
        for text in ["\(answer)", String(reflecting: answer), dumped] {
            assertClean(text)
            #expect(!text.contains(String(answer.body.first ?? 0) + ","))
        }
    }
}
