import ACSWire
import CloudAPI
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import SimulatorServer

/// A V1 signing parameter sent twice, where and how.
struct RepeatedSigningParameter: CustomTestStringConvertible, Sendable {
    /// The parameter repeated.
    var name: String
    /// The second copy's value (nil: the same value as the first).
    var value: String?
    /// Whether the copy goes before the original rather than after it.
    var first: Bool
    /// Whether the request is signed again over both copies, as a hostile client could.
    var resigned: Bool
    var testDescription: String {
        "\(name) twice (\(value == nil ? "same value" : "other value"), \(first ? "copy first" : "copy last")"
            + "\(resigned ? ", signed over both" : ""))"
    }
}

/// A V1 request naming a signing parameter twice was accepted: the string to sign leaves every
/// `Signature` out and the checks read one copy, so a second copy rode along unverified. Every
/// repetition of a signing parameter is now refused before the signature is checked.
@Suite("V1 signing parameters sent twice")
struct RepeatedSigningParameterTests {
    static let cases: [RepeatedSigningParameter] = {
        var cases: [RepeatedSigningParameter] = []
        for name in ["Signature", "AccessKeyId", "SignatureNonce", "Timestamp", "SignatureMethod", "SignatureVersion"] {
            cases.append(RepeatedSigningParameter(name: name, value: "tampered", first: false, resigned: false))
            cases.append(RepeatedSigningParameter(name: name, value: nil, first: true, resigned: false))
            if name != "Signature" {
                cases.append(RepeatedSigningParameter(name: name, value: nil, first: false, resigned: true))
            }
        }
        return cases
    }()

    /// `request` with `input`'s copy added (and signed again when the case says so).
    private func spoiled(_ request: ACSHTTPRequest, _ input: RepeatedSigningParameter) throws -> ACSHTTPRequest {
        var copy = request
        let original = try #require(copy.query.first { $0.0 == input.name }?.1)
        let extra = (input.name, input.value ?? original)
        if input.first { copy.query.insert(extra, at: 0) } else { copy.query.append(extra) }
        if input.resigned {
            copy.query.removeAll { $0.0 == "Signature" }
            let text = RPCSignature.stringToSign(method: copy.method, parameters: copy.query)
            copy.query.append(
                (
                    "Signature",
                    RPCSignature.signature(
                        stringToSign: text,
                        secret: TestKeys.rootKey.accessKeySecret)
                ))
        }
        return copy
    }

    @Test(
        "each repetition is IncompleteSignature (400) naming the parameter, and the server answers the next call",
        arguments: cases)
    func refused(_ input: RepeatedSigningParameter) async throws {
        try await LiveServer.with { client, port in
            let signer = Signer(version: .v1)
            let request = try signer.request(GetCallerIdentityRequest(), port: port).withFormat("JSON")
            let response = try await client.execute(try spoiled(request, input).testRequest)
            #expect(response.status.code == 400)
            let error = try #require(response.cloudError)
            #expect(error.code == "IncompleteSignature")
            #expect(error.message.contains("\(input.name) parameter appears more than once"))
            let next = try await client.execute(try signer.request(GetCallerIdentityRequest(), port: port).testRequest)
            #expect(next.status.code == 200)
        }
    }
}
