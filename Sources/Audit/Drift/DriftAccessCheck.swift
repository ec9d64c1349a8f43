import CloudAPI
import CloudModel
import Foundation

/// A principal a key policy grants for a target, as the playbook declares it: a role the run
/// looked up in the target, named by an `Allow` statement of a key the run read or wrote.
struct DeclaredGrant: Sendable {
    /// The target's account.
    var account: String
    /// The role ARN as the key policy names it.
    var principal: String
    /// The key as explain reads it (read once per key, shared by its grants).
    var key: KeyFacts
    /// Whether the key policy named it before the run (false: the run would add it).
    var preexisting: Bool

    /// The key's ID.
    var keyID: String { key.summary.id }
}

/// What plan cannot see: whether each declared grant still lets its principal use the key, decided
/// by explain's rules (the simulator's ``KeyAuthorization``) on the shadow after the run, so what
/// the run would restore is restored and what is left — a foreign statement or a RAM policy that
/// denies, a key that refuses — is drift.
struct DriftAccessCheck {
    /// The shadow after the run (reads only).
    let cloud: any Cloud
    /// When `acs:CurrentTime` is evaluated.
    let now: Date

    /// The key-user actions checked for every grant (`ExplainQuery.defaultActions`).
    static let actions = ExplainQuery.defaultActions

    /// The declared grants: for each key mentioned, the `Allow` principals of its policy that are
    /// roles in `roles` (lowercased ARNs). Keys it cannot read become `error` findings, by owner.
    func grants(keys: [KeyReference], roles: Set<String>, added: Set<String>) async -> ([DeclaredGrant], [String: [DriftFinding]])
    {
        var grants: [DeclaredGrant] = []
        var problems: [String: [DriftFinding]] = [:]
        var seen = Set<String>()
        for reference in keys {
            let key: KeyFacts
            do {
                key = try await KeyFacts.read(
                    reference.keyID, from: cloud, defaultAccount: reference.owner, region: reference.region)
            } catch {
                problems[reference.owner.rawValue, default: []].append(
                    DriftFinding(
                        kind: "not-checked", severity: .error,
                        message: "key \(reference.keyID) could not be read to check who may use it: \(error)",
                        subject: reference.keyID))
                continue
            }
            guard seen.insert(key.summary.arn).inserted else { continue }
            for principal in PolicyComparison.allowedPrincipals(key.policy?.document).sorted()
            where roles.contains(principal.lowercased()) {
                guard let account = DriftClassifier.account(of: principal) else { continue }
                grants.append(
                    DeclaredGrant(
                        account: account.rawValue, principal: principal, key: key,
                        preexisting: !added.contains(principal.lowercased())))
            }
        }
        return (grants, problems)
    }

    /// Each action explained as `keyshare explain` explains it (the same evaluation, with the key
    /// read once for all its grants instead of once per principal).
    private func explain(_ grant: DeclaredGrant) async throws -> [ActionExplanation] {
        guard let principal = Principal(parsing: grant.principal) else {
            throw ExplainInputError("\(grant.principal) is not a RAM principal")
        }
        let identity = try await IdentityFacts.read(principal, from: cloud, region: RegionID(grant.key.summary.region))
        let context = ["acs:CurrentTime": [now.formatted(.iso8601)]]
        return Self.actions.map { ActionEvaluation(key: grant.key, identity: identity, action: $0, context: context).explain() }
    }

    /// Findings for one grant: denied actions (naming the statements that deny), implicitly denied
    /// ones, unknown ones; none when every action is allowed.
    func findings(for grant: DeclaredGrant) async -> [DriftFinding] {
        let actions: [ActionExplanation]
        do {
            actions = try await explain(grant)
        } catch {
            return [
                DriftFinding(
                    kind: "access-unknown", severity: .error,
                    message: "whether \(grant.principal) may use key \(grant.keyID) could not be read: \(error)",
                    subject: grant.principal)
            ]
        }
        var findings: [DriftFinding] = []
        let denied = actions.filter { $0.decision == .deny }
        if !denied.isEmpty {
            let citations = denied.flatMap { [$0.keyPolicy, $0.ramPolicy] }.flatMap(\.statements).filter { $0.effect == "Deny" }
            let labels = Self.unique(citations.map(\.label))
            let states = Self.unique(denied.compactMap(\.keyStateRefusal))
            var because = labels.isEmpty ? "" : " by " + labels.joined(separator: ", ")
            if labels.isEmpty, !states.isEmpty {
                because = ": the key is \(grant.key.summary.state) (\(states.joined(separator: ", ")))"
            }
            findings.append(
                DriftFinding(
                    kind: "access-denied", severity: .drift,
                    message:
                        "\(grant.principal) is denied \(denied.map(\.action).joined(separator: ", ")) on key \(grant.keyID)\(because)",
                    subject: grant.principal, actions: denied.map(\.action), statements: labels,
                    sids: Self.unique(citations.compactMap(\.sid))))
        }
        let implicit = actions.filter { $0.decision == .implicitDeny }
        if let first = implicit.first {
            let named = implicit.map(\.action).joined(separator: ", ")
            findings.append(
                DriftFinding(
                    kind: "access-implicitly-denied", severity: .drift,
                    message: "\(grant.principal) may not use key \(grant.keyID) for \(named): \(first.reason)",
                    subject: grant.principal, actions: implicit.map(\.action)))
        }
        let unknown = actions.filter { $0.decision == .unknown }
        if let first = unknown.first {
            let citations = unknown.flatMap { [$0.keyPolicy, $0.ramPolicy] }.flatMap(\.statements)
                .filter { !($0.unknownConditionKeys ?? []).isEmpty }
            let named = unknown.map(\.action).joined(separator: ", ")
            findings.append(
                DriftFinding(
                    kind: "access-unknown", severity: .unknown,
                    message: "whether \(grant.principal) may use key \(grant.keyID) for \(named) is \(first.reason)",
                    subject: grant.principal, actions: unknown.map(\.action), statements: Self.unique(citations.map(\.label)),
                    sids: Self.unique(citations.compactMap(\.sid))))
        }
        return findings
    }

    private static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
