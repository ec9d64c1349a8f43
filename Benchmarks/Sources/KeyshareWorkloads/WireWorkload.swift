import ACSWire
import CloudAPI
import CloudModel
import CloudSimulator
import Foundation

/// The client's work per call without I/O: build and sign the request (V3, as `RemoteCloud` sends
/// it), then read the server's answer. The answers are real: the simulator's responses wrapped
/// in the server's success envelope.
package struct WireWorkload: Sendable {
    /// Signs with a starter-world key (not a real credential).
    let builder: ACSRequestBuilder
    /// The GetRole answer as the server sends it.
    let getRoleAnswer: ACSHTTPResponse
    /// The DescribeKey answer as the server sends it.
    let describeKeyAnswer: ACSHTTPResponse
    /// A fixed signing time, so every iteration does the same work.
    let date = Date(timeIntervalSince1970: 1_790_000_000)

    /// Takes the answers from a simulator workload.
    package init(simulator: SimulatorWorkload) async throws {
        let role = try await simulator.cloud.getRole(
            GetRoleRequest(roleName: SeedDocuments.diskEncryptRole),
            context: .root(simulator.sharee))
        let key = try await simulator.cloud.describeKey(
            DescribeKeyRequest(keyID: simulator.keyID),
            context: .root(simulator.owner))
        getRoleAnswer = try SuccessEnvelope.response(role, requestID: "7B2A6C3E-0000-4000-8000-000000000001")
        describeKeyAnswer = try SuccessEnvelope.response(key, requestID: "7B2A6C3E-0000-4000-8000-000000000002")
        builder = ACSRequestBuilder(
            credentials: ACSCredentials(accessKeyID: "KSAKBENCHMARK0001", accessKeySecret: "BenchmarkSecretNotARealKey0001"),
            host: "127.0.0.1:18080")
        keyID = simulator.keyID
    }

    /// The key DescribeKey asks for.
    let keyID: String

    /// Signs a GetRole request and decodes its answer; returns a byte count so nothing is dead code.
    package func getRole() throws -> Int {
        let signed = try builder.build(
            GetRoleRequest(roleName: SeedDocuments.diskEncryptRole), date: date,
            nonce: "0123456789abcdef0123456789abcdef")
        let role = try ACSResponseParser.decode(GetRoleRequest.self, from: getRoleAnswer)
        return signed.headers.count + role.role.roleName.utf8.count
    }

    /// Signs a DescribeKey request and decodes its answer.
    package func describeKey() throws -> Int {
        let signed = try builder.build(
            DescribeKeyRequest(keyID: keyID), date: date,
            nonce: "0123456789abcdef0123456789abcdef")
        let key = try ACSResponseParser.decode(DescribeKeyRequest.self, from: describeKeyAnswer)
        return signed.headers.count + key.keyMetadata.keyID.utf8.count
    }
}
