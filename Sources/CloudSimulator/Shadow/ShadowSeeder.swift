import CloudAPI
import CloudModel
import Foundation

/// Fills a plan's overlay from a remote backend with read-only calls (GetRole, ListPoliciesForRole,
/// GetPolicy, ListKeys, DescribeKey, GetKeyPolicy, ListAliases, ListKmsInstances, GetKmsInstance,
/// GetKmsInstanceQuotaInfos, ListRoles), before the overlay answers a call about an account, role,
/// policy or region's keys it has not seen. Each thing is read once; a read the backend refuses
/// fails the call that needed it, as the run's call would fail.
actor ShadowSeeder {
    /// The backend read from (never written).
    let backend: any Cloud
    /// The account the credentials belong to.
    let owner: AccountID
    /// The role the credentials assume in members (`ResourceDirectoryAccountAccessRole`).
    let accessRole: String
    /// What the overlay cannot model of the backend, in first-seen order.
    private(set) var caveats: [String] = []
    private var done: [String: Task<Void, any Error>] = [:]
    /// Roles the overlay holds only because a key policy names them.
    private var stubs: Set<String> = []

    init(backend: any Cloud, owner: AccountID, accessRole: String) {
        self.backend = backend
        self.owner = owner
        self.accessRole = accessRole
        caveats = [
            "members are modelled as the \(accessRole) role session the run assumes, with the role's policies as read; "
                + "conditions on the real credentials (MFA, source IP, session policies) are not",
            "existing ECS disks, snapshots, images and resource shares are not read: the plan sees none, "
                + "and ClientToken reuse across runs is not predicted",
            "custom policies are read at their default version only, so a policy's version limit is not predicted",
        ]
    }

    /// Notes a caveat once.
    func caveat(_ text: String) {
        if !caveats.contains(text) { caveats.append(text) }
    }

    /// Seeds what `request` by `context` is about.
    func prepare<R: CloudRequest>(_ request: R, context: CallContext, overlay: SimulatedCloud) async throws {
        guard let account = context.account else { return }
        await overlay.seedAccount(account)
        let region = context.region.rawValue
        if account != owner { try await role(accessRole, of: account, overlay) }
        switch R.product {
        case .ram:
            if let name = Self.roleName(of: request) { try await role(name, of: account, overlay) }
            if let name = Self.customPolicyName(of: request) { try await policy(name, of: account, overlay) }
            if request is ListRolesRequest { try await allRoles(of: account, overlay) }
        case .kms:
            try await keys(of: account, region: region, overlay)
            if let (keyAccount, keyRegion) = Self.arnHome(of: request), keyAccount != account || keyRegion != region {
                try await keys(of: keyAccount, region: keyRegion, overlay)
            }
            if let policy = (request as? SetKeyPolicyRequest)?.policy { try await rolesNamed(in: policy, overlay) }
        case .ecs:
            // Encrypting with a shared key consults the caller's disk role and the key owner's policy.
            try await role("AliyunECSDiskEncryptDefaultRole", of: account, overlay)
            try await keys(of: owner, region: region, overlay)
            if account != owner { try await keys(of: account, region: region, overlay) }
        case .sts:
            if let assume = request as? AssumeRoleRequest, let (roleAccount, name) = Self.roleARN(assume.roleARN) {
                try await role(name, of: roleAccount, overlay)
            }
        default:
            break
        }
    }

    /// Runs `body` once per `key`; concurrent callers wait for the first.
    func once(_ key: String, _ body: @escaping @Sendable () async throws -> Void) async throws {
        if let task = done[key] { return try await task.value }
        let task = Task { try await body() }
        done[key] = task
        try await task.value
    }

    /// Role `name` of `account` (and its custom policies), or its absence.
    private func role(_ name: String, of account: AccountID, _ overlay: SimulatedCloud) async throws {
        let backend = backend
        try await once("role:\(account)/\(name.lowercased())") { [self] in
            let context = CallContext.root(account)
            let info: RoleInfo
            do {
                info = try await backend.getRole(GetRoleRequest(roleName: name), context: context).role
            } catch let error as CloudError where error.code == "EntityNotExist.Role" {
                if await self.isStub(account, name) { await overlay.unseedRole(name, in: account) }
                return
            }
            let attached = try await backend.listPoliciesForRole(
                ListPoliciesForRoleRequest(roleName: info.roleName),
                context: context
            ).policies.policy
            for policy in attached where policy.policyType == "Custom" {
                try await self.policy(policy.policyName, of: account, overlay)
            }
            do {
                let unknown = try await overlay.seedRole(
                    info, trust: info.assumeRolePolicyDocument ?? "",
                    attached: attached.map { ($0.policyType, $0.policyName) },
                    in: account)
                await self.unstub(account, info.roleName)
                for name in unknown {
                    await self.caveat(
                        "the system policy \(name) is unknown to the simulator; roles holding it are "
                            + "modelled without it")
                }
            } catch {
                await self.caveat(
                    "the trust policy of role \(info.roleName) in \(account) could not be modelled "
                        + "(\(error)); the plan treats that role as missing")
            }
        }
    }

    private func isStub(_ account: AccountID, _ name: String) -> Bool {
        stubs.contains("\(account)/\(name.lowercased())")
    }

    private func unstub(_ account: AccountID, _ name: String) {
        stubs.remove("\(account)/\(name.lowercased())")
    }

    /// Marks roles the overlay holds only because a key policy names them.
    func markStubs(_ roles: [(AccountID, String)]) {
        for (account, name) in roles { stubs.insert("\(account)/\(name.lowercased())") }
    }

    /// Every role of `account` (ListRoles), each read as `role` does.
    private func allRoles(of account: AccountID, _ overlay: SimulatedCloud) async throws {
        let backend = backend
        try await once("roles:\(account)") { [self] in
            var marker: String?
            var seen: Set<String> = []
            repeat {
                let page = try await backend.listRoles(
                    ListRolesRequest(marker: marker, maxItems: 100),
                    context: .root(account))
                for info in page.roles.role { try await self.role(info.roleName, of: account, overlay) }
                marker = page.isTruncated ? page.marker : nil
                // A marker seen before, or past the page limit, ends the listing instead of looping.
                if let next = marker, !seen.insert(next).inserted || seen.count >= Self.pageLimit { marker = nil }
            } while marker != nil
        }
    }

    /// Custom policy `name` of `account` at its default version, or its absence.
    private func policy(_ name: String, of account: AccountID, _ overlay: SimulatedCloud) async throws {
        let backend = backend
        try await once("policy:\(account)/\(name)") { [self] in
            let read: GetPolicyResponse
            do {
                read = try await backend.getPolicy(
                    GetPolicyRequest(policyName: name, policyType: "Custom"),
                    context: .root(account))
            } catch let error as CloudError where error.code == "EntityNotExist.Policy" {
                return
            }
            do {
                try await overlay.seedPolicy(read.policy, version: read.defaultPolicyVersion, in: account)
            } catch {
                await self.caveat(
                    "the custom policy \(name) in \(account) could not be modelled (\(error)); "
                        + "the plan treats it as missing")
            }
        }
    }

    /// Roles a key policy about to be written names, which the overlay checks exist.
    private func rolesNamed(in policy: String, _ overlay: SimulatedCloud) async throws {
        guard let document = try? PolicyDocument.parse(policy, kind: .keyPolicy) else { return }
        for statement in document.statements {
            for case .role(let account, let name) in statement.principal?.entries ?? [] {
                if await !overlay.hasRole(name, in: account) || isStub(account, name) {
                    try await role(name, of: account, overlay)
                }
            }
        }
    }
}
