import CloudAPI
import CloudModel

/// The ECS service path of the seed procedure: can the principal's account create a disk
/// encrypted with the key? ECS assumes the account's AliyunECSDiskEncryptDefaultRole (its trust
/// policy must let ECS acting for the account in), and that role's session must be allowed the
/// KMS actions ECS performs by the role's policies and (across accounts) by the key policy. The
/// share roles matter only for sharing encrypted snapshots and images onward.
struct ECSPath {
    /// The key ECS would use.
    let key: KeyFacts
    /// The principal whose account creates the disk.
    let identity: IdentityFacts
    /// The backend the service roles are read from.
    let cloud: any Cloud
    /// The request context explain knows, for the principal's own CreateDisk permission.
    let context: [String: [String]]

    /// The role ECS assumes to use a key for an account's disks.
    static let diskEncryptRole = "AliyunECSDiskEncryptDefaultRole"
    /// The roles an account needs to share encrypted snapshots and images made with the key.
    static let shareRoles = ["AliyunECSShareEncryptSnapshotDefaultRole", "AliyunECSShareEncryptImageDefaultRole"]

    /// The hops in the order ECS takes them.
    func hops() async throws -> [HopExplanation] {
        guard let account = identity.principal.accountID else { return [] }
        let region = RegionID(key.summary.region)
        var hops = [createDiskHop(account: account, region: region)]
        do {
            let (role, policies) = try await IdentityFacts.readRole(
                Self.diskEncryptRole, of: account, from: cloud, region: region)
            hops += roleHops(
                Self.diskEncryptRole, role: role, policies: policies, account: account, recipients: [account],
                required: true, denial: "InvalidParameter.KMSKeyId.KMSUnauthorized")
        } catch let error as ExplainReadError {
            hops.append(Self.unreadHop(Self.diskEncryptRole, account: account, required: true, error: error))
        }
        let usable = KeyState(rawValue: key.summary.state)?.cryptoRefusalCode == nil
        hops.append(
            HopExplanation(
                hop: "key \(key.summary.id) is Enabled", required: true, decision: usable ? .allow : .deny,
                reason: usable
                    ? "the key is Enabled"
                    : "the key is \(key.summary.state): ECS refuses the disk (InvalidParameter.KMSKeyId.CMKNotEnabled)",
                statements: []))
        for name in Self.shareRoles {
            let shareRole: RoleInfo?
            let sharePolicies: [AttachedPolicyFacts]
            do {
                (shareRole, sharePolicies) = try await IdentityFacts.readRole(name, of: account, from: cloud, region: region)
            } catch let error as ExplainReadError {
                hops.append(Self.unreadHop(name, account: account, required: false, error: error))
                continue
            }
            let recipients = shareRole.flatMap { Self.trustedRecipients($0.assumeRolePolicyDocument) } ?? []
            hops += roleHops(
                name, role: shareRole, policies: sharePolicies, account: account, recipients: recipients,
                required: false, denial: "AssumeRoleError")
        }
        return hops
    }

    /// The hop of a service role whose account could not be read: unknown, never "missing".
    static func unreadHop(_ name: String, account: AccountID, required: Bool, error: ExplainReadError) -> HopExplanation {
        HopExplanation(
            hop: "role \(name) exists in \(account)", required: required, decision: .unknown,
            reason: "unknown because \(error.description)", statements: [])
    }

    /// The caller's own permission to call CreateDisk in its account.
    private func createDiskHop(account: AccountID, region: RegionID) -> HopExplanation {
        let disk = ResourceName(service: "ecs", region: region.rawValue, account: account.rawValue, resource: "disk/*")
        let half = ActionEvaluation(key: key, identity: identity, action: "ecs:CreateDisk", context: context, resource: disk)
            .ramPolicyHalf()
        return HopExplanation(
            hop: "\(identity.principal.arn) may call ecs:CreateDisk", required: true,
            decision: half.decision, reason: half.summary, statements: half.statements)
    }

    /// A service role's hops: it exists, ECS (acting for each recipient) may assume it, and its
    /// session may use the key for each action ECS performs.
    private func roleHops(
        _ name: String, role: RoleInfo?, policies: [AttachedPolicyFacts], account: AccountID,
        recipients: [AccountID], required: Bool, denial: String
    ) -> [HopExplanation] {
        let purpose =
            required ? "encrypted disks" : "sharing encrypted \(name.contains("Snapshot") ? "snapshots" : "images") onward"
        guard let role else {
            return [
                HopExplanation(
                    hop: "role \(name) exists in \(account)", required: required, decision: .implicitDeny,
                    reason: "account \(account) has no role \(name), which ECS needs for \(purpose) (\(denial))",
                    statements: [])
            ]
        }
        var hops = [
            HopExplanation(
                hop: "role \(name) exists in \(account)", required: required, decision: .allow,
                reason: "account \(account) has role \(role.roleName)", statements: [])
        ]
        hops.append(trustHop(role, account: account, recipients: recipients, required: required, denial: denial))
        let session = Principal.assumedRole(account, roleName: role.roleName, sessionName: "ecs")
        let sessionFacts = IdentityFacts(principal: session, standing: .role(name: role.roleName, policies: policies))
        for action in KeyAuthorization.ecsKeyActions {
            hops.append(
                serviceActionHop(
                    action, session: session, facts: sessionFacts, policies: policies,
                    required: required, denial: denial))
        }
        return hops
    }

    private func trustHop(
        _ role: RoleInfo, account: AccountID, recipients: [AccountID], required: Bool,
        denial: String
    ) -> HopExplanation {
        let hop = "ECS may assume \(role.roleName) for " + (required ? "account \(account)" : "recipients")
        guard let text = role.assumeRolePolicyDocument, let trust = try? PolicyDocument.parse(text, kind: .trust) else {
            return HopExplanation(
                hop: hop, required: required, decision: .unknown,
                reason: "the trust policy of \(role.roleName) could not be read or parsed", statements: [])
        }
        guard !recipients.isEmpty else {
            return HopExplanation(
                hop: hop, required: required, decision: .implicitDeny,
                reason: "the trust policy of \(role.roleName) names no <account UID>@ecs.aliyuncs.com, so "
                    + "ECS acts for no recipient (\(denial))", statements: [])
        }
        let source = PolicySource(name: "trust policy", document: trust)
        let arn = ResourceName.role(role.roleName, in: account)
        let refused = recipients.filter { !KeyAuthorization.ecsMayAssume(arn, trust: source, for: $0).isAllowed }
        let decision = KeyAuthorization.ecsMayAssume(arn, trust: source, for: recipients[0])
        let cited = decision.statements.map { reference in
            StatementCitation(
                policy: "trust policy", attachedTo: "role/\(role.roleName)", account: account.rawValue,
                index: reference.index, sid: reference.sid,
                effect: trust.statements.indices.contains(reference.index)
                    ? trust.statements[reference.index].effect.rawValue : "Allow")
        }
        guard refused.isEmpty else {
            return HopExplanation(
                hop: hop, required: required, decision: decision.isExplicitDeny ? .deny : .implicitDeny,
                reason: "the trust policy of \(role.roleName) does not let ecs.aliyuncs.com acting for "
                    + refused.map(\.rawValue).joined(separator: ", ") + " assume it (\(denial))",
                statements: cited)
        }
        let whom = required ? "account \(account)" : recipients.map(\.rawValue).joined(separator: ", ")
        return HopExplanation(
            hop: hop, required: required, decision: .allow,
            reason: "the trust policy of \(role.roleName) lets ecs.aliyuncs.com acting for \(whom) assume it",
            statements: cited)
    }

    /// The service role's session on the key for one action, both halves as the simulator decides.
    private func serviceActionHop(
        _ action: String, session: Principal, facts: IdentityFacts, policies: [AttachedPolicyFacts],
        required: Bool, denial: String
    ) -> HopExplanation {
        let evaluation = ActionEvaluation(key: key, identity: facts, action: action, context: [:])
        let request = AccessRequest(principal: session, action: action, resource: key.resource)
        let decide = { (assumption: UnknownConditions) in
            KeyAuthorization.serviceRole(
                request, keyOwner: key.owner, policies: policies.map(\.source),
                keyPolicy: key.policy, assuming: assumption)
        }
        let favour = decide(.favourAccess)
        let oppose = decide(.opposeAccess)
        let roleHalf = evaluation.ramPolicyHalf()
        let keyHalf = evaluation.keyPolicyHalf()
        let hop = "\(session.roleName ?? "the role")'s session may \(action) the key"
        let statements = roleHalf.statements + keyHalf.statements
        if oppose.refusedBy == nil {
            return HopExplanation(
                hop: hop, required: required, decision: .allow,
                reason: "\(roleHalf.summary); \(keyHalf.summary)", statements: statements)
        }
        guard let side = favour.refusedBy else {
            return HopExplanation(
                hop: hop, required: required, decision: .unknown,
                reason: "unknown because "
                    + [roleHalf, keyHalf].filter { $0.decision == .unknown }
                    .map(\.summary).joined(separator: "; "),
                statements: statements)
        }
        let code = required ? (side == .keyPolicy ? "InvalidParameter.KMSKeyId.CMKUnauthorized" : denial) : denial
        let refusing = side == .keyPolicy ? keyHalf : roleHalf
        let decision: ExplainDecision =
            (side == .keyPolicy ? favour.keyPolicy : favour.identity).isExplicitDeny ? .deny : .implicitDeny
        let other = side == .keyPolicy ? roleHalf : keyHalf
        return HopExplanation(
            hop: hop, required: required, decision: decision,
            reason: "\(refusing.summary) (\(code)); \(other.summary)", statements: statements)
    }

    /// The accounts a share role's trust policy lets ECS act for (`<uid>@ecs.aliyuncs.com`).
    static func trustedRecipients(_ text: String?) -> [AccountID]? {
        guard let text, let trust = try? PolicyDocument.parse(text, kind: .trust) else { return nil }
        var found: [AccountID] = []
        for statement in trust.statements where statement.effect == .allow {
            for entry in statement.principal?.entries ?? [] {
                if case .service(let name, let account?) = entry, name.lowercased() == "ecs.aliyuncs.com",
                    !found.contains(account)
                {
                    found.append(account)
                }
            }
        }
        return found
    }
}
