import Audit
import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import KeyshareTesting

// How a truth-table row is put to `keyshare explain`: the question the row's call asks, the same
// world after the row's set-up, and the real call on that very world (so its recorded denial can
// be compared with the statements explain names).
extension AuthorizationCase {
    /// The KMS action the row's call performs on the key, `ecs` for an encrypted CreateDisk with
    /// the key; nil when the row asks nothing explain answers (key naming, other products).
    var explainAction: String? {
        let resolves = { (ref: KeyRef) in ref == .arn || (caller.account == .owner && (ref == .id || ref == .alias)) }
        switch call {
        case .encrypt(let ref) where resolves(ref): return "kms:Encrypt"
        case .generateDataKey(let ref) where resolves(ref): return "kms:GenerateDataKey"
        case .describeKey(let ref) where resolves(ref): return "kms:DescribeKey"
        case .decrypt: return "kms:Decrypt"
        case .disableKeyNamed(let ref) where resolves(ref): return "kms:DisableKey"
        case .createDisk(let keyID, let encrypted) where keyID == AuthorizationWorld.keyID && encrypted == true:
            return "ecs"
        default: return nil
        }
    }

    /// Rows added for explain whose honest answer is "unknown".
    var expectUnknown: Bool { name.hasPrefix("explain unknown:") }

    /// Rows where "unknown" is an honest answer: conditions on per-call values, or a RAM user
    /// (whose policies explain cannot read).
    var mayBeUnknown: Bool {
        expectUnknown || caller.isUser || AuthorizationTruthTableTests.conditionRows.contains(name)
    }

    /// The world after the row's set-up, and the outcome of the row's call made on it.
    func runForExplain() async throws -> (SimulatedCloud, Outcome) {
        let cloud = try Fixtures.simulator(world: world())
        let blob = try await prepare(cloud)
        return (cloud, await perform(on: cloud, blob: blob))
    }

    /// Explain's answer on `cloud`, asked as the row's caller would be named (a session by its role).
    func explain(on cloud: SimulatedCloud) async throws -> KeyExplanation {
        let principal: String =
            switch caller {
            case .root(let party): "acs:ram::\(party.rawValue):root"
            case .user(let party, let name): "acs:ram::\(party.rawValue):user/\(name)"
            case .session(let party, let role): "acs:ram::\(party.rawValue):role/\(role)"
            }
        let action = explainAction ?? ""
        let query = try ExplainQuery(
            key: AuthorizationWorld.keyARN, principal: principal,
            actions: action == "ecs" ? [] : [action], viaECS: action == "ecs")
        let explainer = KeyExplainer(
            cloud: cloud, defaultAccount: Party.owner.id, region: .hangzhou,
            now: await cloud.currentDate())
        return try await explainer.explain(query)
    }

    /// An unknown answer says why: a half or hop that is unknown, with the conditions it could not
    /// evaluate or the policies it could not read.
    func unknownIsHonest(_ explanation: KeyExplanation) -> Bool {
        let halves = explanation.actions.flatMap { [$0.keyPolicy, $0.ramPolicy] }.filter { $0.decision == .unknown }
        let hops = explanation.hops.filter { $0.decision == .unknown }
        let explained = halves.allSatisfy { half in
            half.summary.contains("cannot be read")
                || (!half.statements.isEmpty && half.statements.allSatisfy { !($0.unknownConditionKeys ?? []).isEmpty })
        }
        return !(halves.isEmpty && hops.isEmpty) && explained && hops.allSatisfy { !$0.reason.isEmpty }
    }
}

extension AuthorizationCase.Caller {
    /// The caller's account.
    var account: AuthorizationCase.Party {
        switch self {
        case .root(let party), .user(let party, _), .session(let party, _): party
        }
    }

    /// Whether a RAM user calls (explain cannot read users' policies).
    var isUser: Bool {
        if case .user = self { true } else { false }
    }

    /// Whether a role session calls.
    var isSession: Bool {
        if case .session = self { true } else { false }
    }

    /// Whether an account root calls.
    var isRoot: Bool {
        if case .root = self { true } else { false }
    }
}

/// Rows added for explain: conditions it cannot evaluate (unknown), and definite answers a
/// condition cannot change. Callers are role sessions, whose RAM policies explain can read.
enum ExplainExtraCases {
    typealias W = AuthorizationWorld
    /// The sharee's role whose sessions call.
    static let role = "acs:ram::\(W.sharee):role/KeyUser"

    static let all: [AuthorizationCase] = {
        let session = AuthorizationCase.Caller.session(.sharee, role: "KeyUser")
        let granted = W.keyPolicy(.allow(SeedPolicies.keyUserActions, principal: W.ram(role)))
        func row(
            _ name: String, _ expected: Outcome, keyPolicy: PolicyFixture, policy: PolicyFixture,
            call: AuthorizationCase.Call = .encrypt(.arn)
        ) -> AuthorizationCase {
            AuthorizationCase(
                name: name, caller: session, call: call, expected: expected, keyPolicy: keyPolicy,
                callerPolicy: policy)
        }
        let allowAll = W.policy(.allow(["kms:*"]))
        let denied = KMSMatrixCases.denied
        return [
            row(
                "explain unknown: the key policy grants on a condition key keyshare does not model", denied,
                keyPolicy: W.keyPolicy(
                    .allow(
                        SeedPolicies.keyUserActions, principal: W.ram(role),
                        condition: ["StringEquals": ["kms:tag/env": ["prod"]]])),
                policy: allowAll),
            row(
                "explain unknown: the RAM policy allows only from an address range", .success, keyPolicy: granted,
                policy: W.policy(.allow(["kms:*"], condition: ["IpAddress": ["acs:SourceIp": ["10.0.0.0/8"]]]))),
            row(
                "explain unknown: the key policy denies over plain HTTP", .success,
                keyPolicy: W.keyPolicy(
                    .allow(SeedPolicies.keyUserActions, principal: W.ram(role)),
                    .deny(
                        ["kms:Encrypt"], principal: W.ram(role),
                        condition: ["Bool": ["acs:SecureTransport": ["false"]]])),
                policy: allowAll),
            row(
                "explain: an unconditional key-policy deny decides whatever a conditional RAM allow says", denied,
                keyPolicy: W.keyPolicy(.deny(["kms:Encrypt"], principal: W.ram(role))),
                policy: W.policy(.allow(["kms:*"], condition: ["IpAddress": ["acs:SourceIp": ["10.0.0.0/8"]]]))),
            row(
                "explain: a key policy naming another account decides whatever a conditional RAM allow says", denied,
                keyPolicy: W.keyPolicy(.allow(SeedPolicies.keyUserActions, principal: W.ram("acs:ram::\(W.third):*"))),
                policy: W.policy(.allow(["kms:*"], condition: ["IpAddress": ["acs:SourceIp": ["10.0.0.0/8"]]]))),
            row(
                "explain: a wildcard principal of the sharee with a RAM policy for the key only", .success,
                keyPolicy: W.keyPolicy(.allow(["kms:*"], principal: W.ram("acs:ram::\(W.sharee):*"))),
                policy: W.policy(.allow(["kms:Encrypt"], on: [W.keyARN]))),
            row(
                "explain: a RAM policy for another key", denied, keyPolicy: granted,
                policy: W.policy(.allow(["kms:Encrypt"], on: [W.otherKeyARN]))),
            row(
                "explain: the key policy grants the sharee an administrative action", denied,
                keyPolicy: W.keyPolicy(.allow(["kms:*"], principal: W.ram(role))), policy: allowAll,
                call: .disableKeyNamed(.arn)),
        ]
    }()
}
