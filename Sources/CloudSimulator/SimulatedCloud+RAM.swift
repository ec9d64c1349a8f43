import CloudAPI
import CloudModel

// RAM roles, custom policies, versions and attachments (alibaba-api.md §3).
extension SimulatedCloud {
    /// Authorizes a RAM action on `resource` (`role/<name>`, `policy/<name>`) of the caller's account.
    func authorizeRAM(_ context: CallContext, _ action: String, _ resource: @autoclosure () -> String) throws
        -> AccountState
    {
        let account = try callerAccount(context)
        try authorizeIdentity(
            context, action: action,
            resource: ResourceName(service: "ram", account: account.id.rawValue, resource: resource()),
            denial: .noPermission)
        return account
    }

    /// A role of `account`, `EntityNotExist.Role` otherwise.
    func role(_ name: String, in account: AccountState) throws -> RAMRole {
        guard !name.isEmpty else { throw CloudError.missingParameter("RoleName") }
        guard let role = account.roles[name.lowercased()] else { throw CloudError.roleNotFound(name) }
        return role
    }

    /// The wire description of a role; `withTrust` false for ListRoles.
    func info(_ role: RAMRole, account: AccountID, withTrust: Bool = true) -> RoleInfo {
        RoleInfo(
            roleID: role.roleID, roleName: role.name, arn: ResourceName.role(role.name, in: account).description,
            description: role.description, assumeRolePolicyDocument: withTrust ? role.trust.text : nil,
            maxSessionDuration: role.maxSessionDuration, createDate: role.createDate, updateDate: role.updateDate)
    }

    /// Parses an identity or trust document sent in `parameter`, with RAM's codes.
    func ramDocument(_ text: String, kind: PolicyKind, parameter: String) throws -> StoredPolicy {
        try ramDocument(text, parsed: Self.parseDocument(text, kind: kind), parameter: parameter)
    }

    /// Parses a policy document of any kind; pure, so callers may do it before entering the actor
    /// (and small documents come from ``ParsedPolicyCache``).
    nonisolated static func parseDocument(_ text: String, kind: PolicyKind) -> Result<StoredPolicy, PolicyError> {
        ParsedPolicyCache.parse(text, kind: kind)
    }

    /// ``ramDocument(_:kind:parameter:)`` for a document parsed beforehand; errors come in the same order.
    func ramDocument(_ text: String, parsed: Result<StoredPolicy, PolicyError>, parameter: String) throws
        -> StoredPolicy
    {
        guard !text.isEmpty else { throw CloudError.missingParameter(parameter) }
        do {
            return try parsed.get()
        } catch {
            throw CloudError.policy(error.forParameter(parameter))
        }
    }

    // createRole and createPolicy parse their document before entering the actor (pure work).
    package nonisolated func createRole(_ request: CreateRoleRequest, context: CallContext) async throws -> RoleResponse {
        try await createRole(
            request, trust: Self.parseDocument(request.assumeRolePolicyDocument, kind: .trust),
            context: context)
    }

    private func createRole(
        _ request: CreateRoleRequest, trust parsed: Result<StoredPolicy, PolicyError>,
        context: CallContext
    ) async throws -> RoleResponse {
        try await perform(.ram, context) {
            let account = try authorizeRAM(context, "ram:CreateRole", "role/\(request.roleName)")
            try Self.checkRoleName(request.roleName)
            let trust = try ramDocument(request.assumeRolePolicyDocument, parsed: parsed, parameter: "AssumeRolePolicyDocument")
            let duration = request.maxSessionDuration ?? 3600
            guard (3600...43200).contains(duration) else {
                throw CloudError.invalid(
                    "InvalidParameter.MaxSessionDuration",
                    "MaxSessionDuration must be between 3600 and 43200 seconds, got \(duration).")
            }
            let description = request.description ?? ""
            guard description.count <= 1024 else {
                throw CloudError.invalid("InvalidParameter.Description.Length", "Description is longer than 1024 characters.")
            }
            guard account.roles[request.roleName.lowercased()] == nil else {
                throw CloudError.roleAlreadyExists(request.roleName)
            }
            guard account.roles.count < 1000 else {
                throw CloudError.invalid("LimitExceeded.Role", "The count of roles exceeds the limit.", status: 409)
            }
            let created = Timestamp.seconds(now)
            let role = RAMRole(
                roleID: withIDs { $0.digits(19) }, name: request.roleName, description: description,
                trust: trust, maxSessionDuration: duration, createDate: created, updateDate: created,
                attached: [], order: account.nextRoleOrder)
            account.nextRoleOrder += 1
            account.roles[request.roleName.lowercased()] = role
            touch(account.id)
            noteRoleCreated(request.roleName, in: account.id)
            return RoleResponse(role: info(role, account: account.id))
        }
    }

    /// 1–64 characters of `A-Za-z0-9.-`, with RAM's codes.
    static func checkRoleName(_ name: String) throws {
        guard !name.isEmpty else { throw CloudError.missingParameter("RoleName") }
        guard name.utf8.count <= 64 else {
            throw CloudError.invalid("InvalidParameter.RoleName.Length", "RoleName must be 1 to 64 characters long.")
        }
        guard RAMNames.isValidRoleName(name) else {
            throw CloudError.invalid(
                "InvalidParameter.RoleName.InvalidChars",
                "RoleName '\(name)' may only contain letters, digits, '.' and '-'.")
        }
    }

    package func getRole(_ request: GetRoleRequest, context: CallContext) async throws -> RoleResponse {
        try await perform(.ram, context) {
            let account = try authorizeRAM(context, "ram:GetRole", "role/\(request.roleName)")
            return RoleResponse(role: info(try role(request.roleName, in: account), account: account.id))
        }
    }

    package func updateRole(_ request: UpdateRoleRequest, context: CallContext) async throws -> RoleResponse {
        try await perform(.ram, context) {
            let account = try authorizeRAM(context, "ram:UpdateRole", "role/\(request.roleName)")
            var updated = try role(request.roleName, in: account)
            if let text = request.newAssumeRolePolicyDocument {
                updated.trust = try ramDocument(text, kind: .trust, parameter: "NewAssumeRolePolicyDocument")
            }
            if let duration = request.newMaxSessionDuration {
                guard (3600...43200).contains(duration) else {
                    throw CloudError.invalid(
                        "InvalidParameter.NewMaxSessionDuration",
                        "NewMaxSessionDuration must be between 3600 and 43200 seconds, got \(duration).")
                }
                updated.maxSessionDuration = duration
            }
            if let description = request.newDescription { updated.description = description }
            updated.updateDate = Timestamp.seconds(now)
            account.roles[updated.name.lowercased()] = updated
            touch(account.id)
            return RoleResponse(role: info(updated, account: account.id))
        }
    }

    package func deleteRole(_ request: DeleteRoleRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(.ram, context) {
            let account = try authorizeRAM(context, "ram:DeleteRole", "role/\(request.roleName)")
            let existing = try role(request.roleName, in: account)
            guard existing.attached.isEmpty else { throw CloudError.deleteConflictRolePolicy(existing.name) }
            account.roles[existing.name.lowercased()] = nil
            touch(account.id)
            return EmptyResponse()
        }
    }

    package func listRoles(_ request: ListRolesRequest, context: CallContext) async throws -> ListRolesResponse {
        try await perform(.ram, context) {
            let account = try authorizeRAM(context, "ram:ListRoles", "role/*")
            let limit = request.maxItems ?? 100
            guard (1...1000).contains(limit) else {
                throw CloudError.invalidParameter("MaxItems", "must be between 1 and 1000, got \(limit).")
            }
            let roles = account.roles.values.sorted { $0.order < $1.order }
            var start = 0
            if let marker = request.marker, !marker.isEmpty {
                guard let order = Int(marker), let position = roles.firstIndex(where: { $0.order >= order }) ?? .some(roles.count)
                else { throw CloudError.invalidParameter("Marker", "'\(marker)' is not a marker returned by ListRoles.") }
                start = position
            }
            let end = min(roles.count, start + limit)
            let page = roles[start..<end].map { info($0, account: account.id, withTrust: false) }
            let truncated = end < roles.count
            return ListRolesResponse(roles: page, isTruncated: truncated, marker: truncated ? String(roles[end].order) : nil)
        }
    }

    package nonisolated func createPolicy(_ request: CreatePolicyRequest, context: CallContext) async throws
        -> CreatePolicyResponse
    {
        try await createPolicy(
            request, document: Self.parseDocument(request.policyDocument, kind: .identity),
            context: context)
    }

    private func createPolicy(
        _ request: CreatePolicyRequest, document parsed: Result<StoredPolicy, PolicyError>,
        context: CallContext
    ) async throws -> CreatePolicyResponse {
        try await perform(.ram, context) {
            let account = try authorizeRAM(context, "ram:CreatePolicy", "policy/\(request.policyName)")
            try Self.checkPolicyName(request.policyName)
            let document = try ramDocument(request.policyDocument, parsed: parsed, parameter: "PolicyDocument")
            let description = request.description ?? ""
            guard description.count <= 1024 else {
                throw CloudError.invalid("InvalidParameter.Description.Length", "Description is longer than 1024 characters.")
            }
            guard account.policies[request.policyName] == nil, SystemPolicies.all[request.policyName] == nil else {
                throw CloudError.policyAlreadyExists(request.policyName)
            }
            guard account.policies.count < 1500 else {
                throw CloudError.invalid("LimitExceeded.Policy", "The count of custom policies exceeds the limit.", status: 409)
            }
            let created = Timestamp.seconds(now)
            let policy = CustomPolicy(
                name: request.policyName, description: description,
                versions: [PolicyVersion(id: "v1", document: document, createDate: created)],
                defaultVersion: "v1", nextVersion: 2, createDate: created, updateDate: created,
                attachmentCount: 0)
            account.policies[policy.name] = policy
            touch(account.id)
            return CreatePolicyResponse(
                policy: PolicyInfo(
                    policyName: policy.name, policyType: "Custom",
                    description: description, defaultVersion: "v1",
                    createDate: created))
        }
    }

    /// 1–128 characters of `A-Za-z0-9-`.
    static func checkPolicyName(_ name: String) throws {
        guard !name.isEmpty else { throw CloudError.missingParameter("PolicyName") }
        guard name.utf8.count <= 128 else {
            throw CloudError.invalid("InvalidParameter.PolicyName.Length", "PolicyName must be 1 to 128 characters long.")
        }
        guard RAMNames.isValidPolicyName(name) else {
            throw CloudError.invalid(
                "InvalidParameter.PolicyName.InvalidChars",
                "PolicyName '\(name)' may only contain letters, digits and '-'.")
        }
    }

    /// Checks `PolicyType`.
    static func policyType(_ text: String) throws -> PolicyType {
        guard let type = PolicyType(wire: text) else {
            throw CloudError.invalid("InvalidParameter.PolicyType", "PolicyType must be System or Custom, got '\(text)'.")
        }
        return type
    }

    package func getPolicy(_ request: GetPolicyRequest, context: CallContext) async throws -> GetPolicyResponse {
        try await perform(.ram, context) {
            let account = try authorizeRAM(context, "ram:GetPolicy", "policy/\(request.policyName)")
            switch try Self.policyType(request.policyType) {
            case .system:
                guard let entry = SystemPolicies.all[request.policyName] else {
                    throw CloudError.policyNotExist(request.policyName)
                }
                let date = SystemPolicies.createDate
                return GetPolicyResponse(
                    policy: PolicyInfo(
                        policyName: request.policyName, policyType: "System", description: entry.description,
                        defaultVersion: "v1", attachmentCount: attachmentCount(.system, request.policyName, account),
                        createDate: date, updateDate: date),
                    defaultPolicyVersion: PolicyVersionInfo(
                        versionID: "v1", isDefaultVersion: true,
                        policyDocument: entry.document.text, createDate: date))
            case .custom:
                guard let policy = account.policies[request.policyName] else {
                    throw CloudError.policyNotExist(request.policyName)
                }
                let version = policy.versions.first { $0.id == policy.defaultVersion } ?? policy.versions[0]
                return GetPolicyResponse(
                    policy: PolicyInfo(
                        policyName: policy.name, policyType: "Custom", description: policy.description,
                        defaultVersion: policy.defaultVersion, attachmentCount: policy.attachmentCount,
                        createDate: policy.createDate, updateDate: policy.updateDate),
                    defaultPolicyVersion: PolicyVersionInfo(
                        versionID: version.id, isDefaultVersion: true,
                        policyDocument: version.document.text,
                        createDate: version.createDate))
            }
        }
    }

    private func attachmentCount(_ type: PolicyType, _ name: String, _ account: AccountState) -> Int {
        let roles = account.roles.values.filter { $0.attached.contains { $0.type == type && $0.name == name } }.count
        let users = account.users.values.filter { $0.attached.contains { $0.type == type && $0.name == name } }.count
        return roles + users
    }

    package func createPolicyVersion(_ request: CreatePolicyVersionRequest, context: CallContext) async throws
        -> CreatePolicyVersionResponse
    {
        try await perform(.ram, context) {
            let account = try authorizeRAM(context, "ram:CreatePolicyVersion", "policy/\(request.policyName)")
            guard var policy = account.policies[request.policyName] else { throw CloudError.policyNotExist(request.policyName) }
            let document = try ramDocument(request.policyDocument, kind: .identity, parameter: "PolicyDocument")
            let strategy = request.rotateStrategy ?? "None"
            guard strategy == "None" || strategy == "DeleteOldestNonDefaultVersionWhenLimitExceeded" else {
                throw CloudError.invalidParameter(
                    "RotateStrategy",
                    "must be None or DeleteOldestNonDefaultVersionWhenLimitExceeded.")
            }
            if policy.versions.count >= 5 {
                guard strategy != "None",
                    let oldest = policy.versions.firstIndex(where: { $0.id != policy.defaultVersion })
                else {
                    throw CloudError.invalid(
                        "LimitExceeded.Policy.Version",
                        "The count of versions of policy \(policy.name) exceeds the limit of 5.", status: 409)
                }
                policy.versions.remove(at: oldest)
            }
            let created = Timestamp.seconds(now)
            let version = PolicyVersion(id: "v\(policy.nextVersion)", document: document, createDate: created)
            policy.nextVersion += 1
            policy.versions.append(version)
            let isDefault = request.setAsDefault ?? false
            if isDefault { policy.defaultVersion = version.id }
            policy.updateDate = created
            account.policies[policy.name] = policy
            touch(account.id)
            return CreatePolicyVersionResponse(
                policyVersion: PolicyVersionInfo(
                    versionID: version.id, isDefaultVersion: isDefault, policyDocument: document.text, createDate: created))
        }
    }

    package func deletePolicy(_ request: DeletePolicyRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(.ram, context) {
            let account = try authorizeRAM(context, "ram:DeletePolicy", "policy/\(request.policyName)")
            guard !request.policyName.isEmpty else { throw CloudError.missingParameter("PolicyName") }
            guard let policy = account.policies[request.policyName] else { throw CloudError.policyNotExist(request.policyName) }
            if account.users.values.contains(where: { $0.attached.contains { $0.type == .custom && $0.name == policy.name } }) {
                throw CloudError.invalid(
                    "DeleteConflict.Policy.User", "The policy \(policy.name) is attached to users; detach it first.",
                    status: 409)
            }
            if account.roles.values.contains(where: { $0.attached.contains { $0.type == .custom && $0.name == policy.name } }) {
                throw CloudError.invalid(
                    "DeleteConflict.Policy.Role", "The policy \(policy.name) is attached to roles; detach it first.",
                    status: 409)
            }
            guard policy.versions.count == 1 else {
                throw CloudError.invalid(
                    "DeleteConflict.Policy.Version",
                    "The policy \(policy.name) has non-default versions; delete them first.", status: 409)
            }
            account.policies[policy.name] = nil
            touch(account.id)
            return EmptyResponse()
        }
    }

    package func attachPolicyToRole(_ request: AttachPolicyToRoleRequest, context: CallContext) async throws
        -> EmptyResponse
    {
        try await perform(.ram, context) {
            let account = try authorizeRAM(context, "ram:AttachPolicyToRole", "role/\(request.roleName)")
            let type = try Self.policyType(request.policyType)
            guard !request.policyName.isEmpty else { throw CloudError.missingParameter("PolicyName") }
            var target = try role(request.roleName, in: account)
            switch type {
            case .system where SystemPolicies.all[request.policyName] == nil,
                .custom where account.policies[request.policyName] == nil:
                throw CloudError.policyNotExist(request.policyName)
            default:
                break
            }
            guard !target.attached.contains(where: { $0.type == type && $0.name == request.policyName }) else {
                throw CloudError.policyAlreadyAttached(policy: request.policyName, role: target.name)
            }
            let sameType = target.attached.filter { $0.type == type }.count
            guard sameType < (type == .system ? 20 : 5) else {
                throw CloudError.invalid(
                    "LimitExceeded.Role.Policy",
                    "The count of \(type.rawValue) policies attached to role \(target.name) exceeds the limit.",
                    status: 409)
            }
            target.attached.append(AttachedPolicy(type: type, name: request.policyName, attachDate: Timestamp.seconds(now)))
            account.roles[target.name.lowercased()] = target
            if type == .custom { account.policies[request.policyName]?.attachmentCount += 1 }
            touch(account.id)
            return EmptyResponse()
        }
    }

    package func detachPolicyFromRole(_ request: DetachPolicyFromRoleRequest, context: CallContext) async throws
        -> EmptyResponse
    {
        try await perform(.ram, context) {
            let account = try authorizeRAM(context, "ram:DetachPolicyFromRole", "role/\(request.roleName)")
            let type = try Self.policyType(request.policyType)
            var target = try role(request.roleName, in: account)
            switch type {
            case .system where SystemPolicies.all[request.policyName] == nil,
                .custom where account.policies[request.policyName] == nil:
                throw CloudError.policyNotExist(request.policyName)
            default:
                break
            }
            guard let position = target.attached.firstIndex(where: { $0.type == type && $0.name == request.policyName }) else {
                throw CloudError.policyNotAttached(policy: request.policyName, role: target.name)
            }
            target.attached.remove(at: position)
            account.roles[target.name.lowercased()] = target
            if type == .custom { account.policies[request.policyName]?.attachmentCount -= 1 }
            touch(account.id)
            return EmptyResponse()
        }
    }

    package func listPoliciesForRole(_ request: ListPoliciesForRoleRequest, context: CallContext) async throws
        -> ListPoliciesForRoleResponse
    {
        try await perform(.ram, context) {
            let account = try authorizeRAM(context, "ram:ListPoliciesForRole", "role/\(request.roleName)")
            let target = try role(request.roleName, in: account)
            let infos = target.attached.map { attached -> PolicyInfo in
                switch attached.type {
                case .system:
                    return PolicyInfo(
                        policyName: attached.name, policyType: "System",
                        description: SystemPolicies.all[attached.name]?.description ?? "", defaultVersion: "v1",
                        createDate: SystemPolicies.createDate, attachDate: attached.attachDate)
                case .custom:
                    let policy = account.policies[attached.name]
                    return PolicyInfo(
                        policyName: attached.name, policyType: "Custom", description: policy?.description ?? "",
                        defaultVersion: policy?.defaultVersion ?? "v1",
                        createDate: policy?.createDate ?? attached.attachDate, attachDate: attached.attachDate)
                }
            }
            return ListPoliciesForRoleResponse(policies: infos)
        }
    }
}

// The requests this file answers: `SimulatedCloud.call` finds each behaviour through these.
extension CreateRoleRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.createRole(self, context: context)
    }
}
extension GetRoleRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.getRole(self, context: context)
    }
}
extension UpdateRoleRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.updateRole(self, context: context)
    }
}
extension DeleteRoleRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.deleteRole(self, context: context)
    }
}
extension ListRolesRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.listRoles(self, context: context)
    }
}
extension CreatePolicyRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.createPolicy(self, context: context)
    }
}
extension GetPolicyRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.getPolicy(self, context: context)
    }
}
extension CreatePolicyVersionRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.createPolicyVersion(self, context: context)
    }
}
extension DeletePolicyRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.deletePolicy(self, context: context)
    }
}
extension AttachPolicyToRoleRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.attachPolicyToRole(self, context: context)
    }
}
extension DetachPolicyFromRoleRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.detachPolicyFromRole(self, context: context)
    }
}
extension ListPoliciesForRoleRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.listPoliciesForRole(self, context: context)
    }
}
