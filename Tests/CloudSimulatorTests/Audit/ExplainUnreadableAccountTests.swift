import Audit
import CloudAPI
import CloudModel
import CloudSimulator
import Testing

/// Over http, a call in another account goes through the credential broker, whose failure to assume
/// the account's access role carries the code of a missing role (`EntityNotExist.Role`): explain must
/// then answer unknown, never "the role does not exist" (an implicit deny it cannot know).
@Suite("Explain when the principal's account cannot be read")
struct ExplainUnreadableAccountTests {
    static let partnerRole = "acs:ram::\(AuditWorld.partner):role/Partner"

    static func explain(unassumable: Set<String>, principal: String, viaECS: Bool) async throws -> KeyExplanation {
        let cloud = try SimulatedCloud(world: try World.load(yaml: AuditWorld(principals: [partnerRole]).yaml))
        let probe = AuditProbeCloud(inner: cloud, unassumableAccounts: unassumable)
        let explainer = KeyExplainer(
            cloud: probe, defaultAccount: try #require(AccountID(AuditWorld.owner)),
            region: .hangzhou)
        let query = try ExplainQuery(
            key: AuditWorld.keyID, principal: principal,
            actions: viaECS ? [] : ["kms:Decrypt"], viaECS: viaECS)
        return try await explainer.explain(query)
    }

    @Test(
        "An account that cannot be read leaves the RAM half unknown, directly and on the ECS path",
        arguments: [false, true])
    func unknown(viaECS: Bool) async throws {
        let explanation = try await Self.explain(unassumable: [AuditWorld.partner], principal: Self.partnerRole, viaECS: viaECS)
        #expect(explanation.decision == .unknown, "\(explanation)")
        let text = "\(explanation)"
        #expect(text.contains("could not be read"), "\(text)")
        // Never the definite "missing role" answer.
        #expect(!text.contains("has no role") && !text.contains("implicitDeny"), "\(text)")
    }

    @Test("The same principal in a readable account gets a definite answer", arguments: [false, true])
    func readable(viaECS: Bool) async throws {
        let explanation = try await Self.explain(unassumable: [], principal: Self.partnerRole, viaECS: viaECS)
        #expect(explanation.decision != .unknown, "\(explanation)")
    }

    @Test("A role missing from a readable account is still named missing")
    func missingRole() async throws {
        let explanation = try await Self.explain(
            unassumable: [], principal: "acs:ram::\(AuditWorld.partner):role/Ghost",
            viaECS: false)
        #expect(explanation.decision == .implicitDeny, "\(explanation)")
    }
}
