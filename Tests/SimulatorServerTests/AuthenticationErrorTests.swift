import ACSWire
import CloudAPI
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import SimulatorServer

@Suite("Gateway authentication errors")
struct AuthenticationErrorTests {
    /// Sends `request` and returns the error code and status it was answered with.
    private func answer(
        _ mutate: @escaping @Sendable (inout ACSHTTPRequest, Int) throws -> Void,
        signer: Signer = Signer(),
        options: SimulatorOptions = .init()
    ) async throws -> (String?, Int) {
        try await LiveServer.with(options: options) { client, port in
            var request = try signer.request(GetCallerIdentityRequest(), port: port)
            try mutate(&request, port)
            let response = try await client.execute(request.testRequest)
            return (response.cloudError?.code, response.status.code)
        }
    }

    @Test("No signature at all is IncompleteSignature (400)")
    func incomplete() async throws {
        let (code, status) = try await answer { request, _ in request.headers["authorization"] = nil }
        #expect(code == "IncompleteSignature")
        #expect(status == 400)
    }

    @Test("A wrong secret is SignatureDoesNotMatch (400) with the server's string to sign")
    func mismatch() async throws {
        var wrong = Signer()
        wrong.credentials.accessKeySecret = "WRONG"
        let signer = wrong
        try await LiveServer.with { client, port in
            let request = try signer.request(GetCallerIdentityRequest(), port: port)
            let response = try await client.execute(request.testRequest)
            #expect(response.status.code == 400)
            let error = try #require(response.cloudError)
            #expect(error.code == "SignatureDoesNotMatch")
            #expect(error.message.contains("server string to sign is:ACS3-HMAC-SHA256\n"))
            #expect(!error.message.contains("WRONG"))
        }
    }

    @Test("An unknown access key is InvalidAccessKeyId.NotFound (404)")
    func unknownKey() async throws {
        var signer = Signer()
        signer.credentials.accessKeyID = "AKIDUNKNOWN"
        let (code, status) = try await answer({ _, _ in }, signer: signer)
        #expect(code == "InvalidAccessKeyId.NotFound")
        #expect(status == 404)
    }

    @Test("More than 15 minutes of skew is InvalidTimeStamp.Expired (400)", arguments: [-16 * 60.0, 16 * 60.0])
    func skew(offset: TimeInterval) async throws {
        var signer = Signer()
        signer.date = Date().addingTimeInterval(offset)
        let (code, status) = try await answer({ _, _ in }, signer: signer)
        #expect(code == "InvalidTimeStamp.Expired")
        #expect(status == 400)
    }

    @Test("A timestamp that is not ISO 8601 UTC is InvalidTimeStamp.Format (400)")
    func timestampFormat() async throws {
        let (code, status) = try await answer { request, _ in request.headers["x-acs-date"] = "Sun, 29 Nov 2026 12:00:00 GMT" }
        #expect(code == "InvalidTimeStamp.Format")
        #expect(status == 400)
    }

    @Test("STS credentials without their token are MissingSecurityToken")
    func missingToken() async throws {
        var signer = Signer(credentials: TestKeys.stsKey)
        signer.credentials.securityToken = nil
        let (code, status) = try await answer({ _, _ in }, signer: signer)
        #expect(code == "MissingSecurityToken")
        #expect(status == 400)
    }

    @Test("Another token is InvalidSecurityToken.MismatchWithAccessKey; a garbled one .Malformed")
    func wrongToken() async throws {
        var other = Signer(credentials: TestKeys.stsKey)
        other.credentials.securityToken = "CAIS-some-other-token"
        #expect(try await answer({ _, _ in }, signer: other).0 == "InvalidSecurityToken.MismatchWithAccessKey")
        var garbled = Signer(credentials: TestKeys.stsKey)
        garbled.credentials.securityToken = "not a token!"
        #expect(try await answer({ _, _ in }, signer: garbled).0 == "InvalidSecurityToken.Malformed")
    }

    @Test("An expired STS credential is InvalidSecurityToken.Expired")
    func expiredToken() async throws {
        let (code, status) = try await answer({ _, _ in }, signer: Signer(credentials: TestKeys.expiredKey))
        #expect(code == "InvalidSecurityToken.Expired")
        #expect(status == 400)
    }

    @Test("A V1 request with a changed parameter no longer verifies")
    func v1Tampered() async throws {
        let (code, _) = try await answer(
            { request, _ in
                request.query.append(("RegionId", "cn-beijing"))
            }, signer: Signer(version: .v1))
        #expect(code == "SignatureDoesNotMatch")
    }
}
