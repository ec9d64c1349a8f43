import Audit
import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import KeyshareTesting
import Testing

/// `keyshare explain` over the authorization truth table: for every row that asks a question
/// explain answers (a KMS call on the key, or an encrypted CreateDisk), explain's decision equals
/// the simulator's on the real call, and the statements it names are the ones that decided.
@Suite("Explain agrees with the authorization truth table")
struct ExplainTruthTableTests {
    /// The rows explain can be asked about: KMS calls naming the key so that it resolves for the
    /// caller (key naming is not authorization), and encrypted CreateDisk with the key.
    static let rows = (AuthorizationTruthTableTests.all + ExplainExtraCases.all).filter { $0.explainAction != nil }

    @Test("explain's decision is the simulator's on the real call, naming the deciding statements", arguments: rows)
    func agrees(_ row: AuthorizationCase) async throws {
        let (cloud, outcome) = try await row.runForExplain()
        let denial = await cloud.lastDenial
        let explanation: KeyExplanation
        do {
            explanation = try await row.explain(on: cloud)
        } catch let error as ExplainReadError {
            // A key policy that denies the owner's own identities hides the key from explain too
            // (it reads as the owner's root); the call is then refused as well.
            #expect(error.description.contains("Forbidden.NoPermission") && outcome != .success, "\(row.name): \(error)")
            return
        }
        let verdict = ExplainVerdict(explanation, row: row)
        if verdict.isUnknown {
            // Unknown only where explain cannot see: a RAM user's policies or an unevaluable condition.
            #expect(row.unknownIsHonest(explanation), "\(row.name): unknown without a reason: \(explanation)")
            #expect(row.mayBeUnknown, "\(row.name): unexpectedly unknown: \(explanation)")
            return
        }
        #expect(!row.expectUnknown, "\(row.name): explain guessed instead of unknown: \(explanation)")
        #expect(verdict.allowed == (outcome == .success), "\(row.name): explain \(explanation.decision), simulator \(outcome)")
        if case .failure(let code, _) = outcome, code.hasPrefix("Rejected.") {
            #expect(explanation.actions.first?.keyStateRefusal == code, "\(row.name)")
        }
        verdict.checkCitations(denial: denial, row: row)
    }

    @Test("most rows get a definite answer, and every kind of answer occurs")
    func coverage() async throws {
        var decisions: [ExplainDecision: Int] = [:]
        for row in Self.rows {
            let (cloud, _) = try await row.runForExplain()
            guard let explanation = try? await row.explain(on: cloud) else { continue }
            decisions[explanation.decision, default: 0] += 1
        }
        let definite = Self.rows.count - decisions[.unknown, default: 0]
        #expect(definite >= 60, "definite answers: \(decisions)")
        for decision in [ExplainDecision.allow, .deny, .implicitDeny, .unknown] {
            #expect(decisions[decision, default: 0] > 0, "no \(decision) among \(decisions)")
        }
    }
}

/// What explain answered for a row, reduced to what the real call can show.
struct ExplainVerdict {
    let explanation: KeyExplanation
    let row: AuthorizationCase

    init(_ explanation: KeyExplanation, row: AuthorizationCase) {
        self.explanation = explanation
        self.row = row
    }

    var isUnknown: Bool { explanation.decision == .unknown }
    var allowed: Bool { explanation.decision == .allow }

    /// The statements explain names are those of the simulator's recorded denial, side by side;
    /// an allow across accounts names a key-policy statement and (for roles) a RAM statement.
    func checkCitations(denial: Denial?, row: AuthorizationCase) {
        guard let action = explanation.actions.first else {
            checkHops(row: row)
            return
        }
        if action.decision == .allow {
            if row.caller.account != AuthorizationCase.Party.owner {
                #expect(!action.keyPolicy.statements.isEmpty, "\(row.name): no key-policy statement named")
                if row.caller.isSession { #expect(!action.ramPolicy.statements.isEmpty, "\(row.name): no RAM statement named") }
            }
            return
        }
        // A refusal by the key's state comes after authorization: the simulator records no denial.
        guard let denial, denial.action.lowercased() == action.action.lowercased() else { return }
        if let resource = denial.resourcePolicy, action.keyPolicy.decision != .unknown {
            #expect(
                Self.cited(action.keyPolicy) == Self.cited(resource, explaining: action.keyPolicy.decision),
                "\(row.name): key policy \(action.keyPolicy) vs simulator \(resource)")
        }
        if row.caller.isSession || row.caller.isRoot, action.ramPolicy.decision != .unknown {
            #expect(
                Self.cited(action.ramPolicy) == Self.cited(denial.identity, explaining: action.ramPolicy.decision),
                "\(row.name): RAM \(action.ramPolicy) vs simulator \(denial.identity)")
        }
        let denying = [action.keyPolicy, action.ramPolicy].filter { $0.decision == .deny }
        if action.decision == .deny, action.keyStateRefusal == nil {
            #expect(!denying.isEmpty && denying.allSatisfy { !$0.statements.isEmpty }, "\(row.name): deny without a statement")
        }
    }

    /// The ECS path: a refused disk has a refused required hop, named with its reason.
    private func checkHops(row: AuthorizationCase) {
        let refused = explanation.hops.filter { $0.required && $0.decision.isRefusal }
        #expect(allowed == refused.isEmpty, "\(row.name): \(explanation.hops)")
        #expect(refused.allSatisfy { !$0.reason.isEmpty })
    }

    /// A half's decision and statements as (index, sid) pairs.
    static func cited(_ half: HalfExplanation) -> String {
        "\(half.decision.rawValue) " + half.statements.map { "\($0.index):\($0.sid ?? "")" }.joined(separator: ",")
    }

    /// The simulator's decision of a side in the same shape.
    static func cited(_ decision: Decision, explaining: ExplainDecision) -> String {
        let name: String =
            switch decision {
            case .allow: "allow"
            case .explicitDeny: "deny"
            case .implicitDeny: "implicit-deny"
            }
        return "\(name) " + decision.statements.map { "\($0.index):\($0.sid ?? "")" }.joined(separator: ",")
    }
}
