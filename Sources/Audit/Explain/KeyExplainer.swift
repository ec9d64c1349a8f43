import CloudAPI
import CloudModel
import Foundation

/// Answers "may this principal use this key, and why?" over any backend, with read-only calls
/// (DescribeKey, GetKeyPolicy, GetRole, ListPoliciesForRole, GetPolicy) and the simulator's own
/// rules (``KeyAuthorization``), so the answer and the simulator cannot disagree.
package struct KeyExplainer: Sendable {
    /// The backend read from; never written.
    package var cloud: any Cloud
    /// The account a key named by ID or alias belongs to (the credentials' or the world's first).
    package var defaultAccount: AccountID
    /// The region a key named by ID or alias lives in.
    package var region: RegionID
    /// The time conditions on `acs:CurrentTime` are evaluated at.
    package var now: Date

    /// Wraps a backend.
    package init(cloud: any Cloud, defaultAccount: AccountID, region: RegionID, now: Date = Date()) {
        self.cloud = cloud
        self.defaultAccount = defaultAccount
        self.region = region
        self.now = now
    }

    /// Explains `query`.
    ///
    /// - Throws: ``ExplainInputError`` when the key does not exist, ``ExplainReadError`` when the
    ///   backend cannot be read.
    package func explain(_ query: ExplainQuery) async throws -> KeyExplanation {
        let key = try await KeyFacts.read(query.key, from: cloud, defaultAccount: defaultAccount, region: region)
        let home = RegionID(key.summary.region)
        let identity = try await IdentityFacts.read(query.principal, from: cloud, region: home)
        var notes = notes(key: key, identity: identity, viaECS: query.viaECS)
        let context = ["acs:CurrentTime": [now.formatted(.iso8601)]]
        if query.viaECS {
            let hops = try await ECSPath(key: key, identity: identity, cloud: cloud, context: context).hops()
            let required = hops.filter(\.required).map(\.decision)
            notes.append(
                "ECS resolves KMSKeyId by the key ID in the disk's region: create the disk in \(key.summary.region) "
                    + "with KMSKeyId=\(key.summary.id)")
            return KeyExplanation(
                key: key.summary, principal: query.principal.arn, via: "ecs",
                decision: Self.overall(required), actions: [], hops: hops, notes: notes)
        }
        let actions = query.actions.map { action in
            ActionEvaluation(key: key, identity: identity, action: action, context: context).explain()
        }
        return KeyExplanation(
            key: key.summary, principal: query.principal.arn, via: nil,
            decision: Self.overall(actions.map(\.decision)), actions: actions, hops: [], notes: notes)
    }

    /// Every part must allow; a refusal anywhere refuses (explicit deny first); else unknown.
    static func overall(_ decisions: [ExplainDecision]) -> ExplainDecision {
        if decisions.contains(.deny) { return .deny }
        if decisions.contains(.implicitDeny) { return .implicitDeny }
        if decisions.contains(.unknown) { return .unknown }
        return .allow
    }

    private func notes(key: KeyFacts, identity: IdentityFacts, viaECS: Bool) -> [String] {
        var notes: [String] = []
        if identity.principal.accountID != key.owner, !viaECS {
            notes.append(
                "another account names the key by its ARN (\(key.summary.arn)); its ID and aliases resolve "
                    + "only in the owner's account")
        }
        if case .role = identity.principal, !viaECS {
            notes.append("a role is explained as a session of it; a session policy given at AssumeRole could narrow it further")
        }
        if case .assumedRole = identity.principal {
            notes.append("a session policy given at AssumeRole is not visible to explain; it could narrow the session further")
        }
        if let note = key.policyNote { notes.append(note) }
        return notes
    }
}
