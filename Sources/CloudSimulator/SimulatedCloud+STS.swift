import CloudAPI
import CloudModel
import Foundation

// STS: AssumeRole (caller permission AND trust policy) and GetCallerIdentity (alibaba-api.md §4).
extension SimulatedCloud {
    package func assumeRole(_ request: AssumeRoleRequest, context: CallContext) async throws -> AssumeRoleResponse {
        try await perform(.sts, context) {
            _ = try callerAccount(context)
            guard !request.roleARN.isEmpty else { throw CloudError.missingParameter("RoleArn") }
            guard case .role(let owner, let roleName)? = Principal(parsing: request.roleARN) else {
                throw CloudError.invalid(
                    "InvalidParameter.RoleArn",
                    "The parameter RoleArn '\(request.roleARN)' is not acs:ram::<uid>:role/<name>.")
            }
            guard !request.roleSessionName.isEmpty else { throw CloudError.missingParameter("RoleSessionName") }
            guard RAMNames.isValidSessionName(request.roleSessionName) else {
                throw CloudError.invalid(
                    "InvalidParameter.RoleSessionName",
                    "RoleSessionName must be 2 to 64 characters of A-Z a-z 0-9 . @ - _.")
            }
            var sessionPolicy: StoredPolicy?
            if let text = request.policy {
                guard text.utf16.count <= 2048 else {
                    throw CloudError.invalid("InvalidParameter.PolicySize", "The session policy is longer than 2048 characters.")
                }
                sessionPolicy = try Self.sessionPolicy(text)
            }
            guard let account = accounts[owner], let role = account.roles[roleName.lowercased()],
                isRoleVisible(roleName, in: owner)
            else {
                throw CloudError.stsRoleNotFound(roleName, in: owner, accountExists: accounts[owner] != nil)
            }
            let duration = request.durationSeconds ?? 3600
            guard duration >= 900, duration <= role.maxSessionDuration else {
                throw CloudError.invalid(
                    "InvalidParameter.DurationSeconds",
                    "The Min/Max value of DurationSeconds is 15min/\(role.maxSessionDuration / 3600)hr.")
            }
            let arn = ResourceName.role(role.name, in: owner)
            let identity = identityDecision(context.principal, action: "sts:AssumeRole", resource: arn, context: context)
            let trust = PolicyEvaluator.evaluate(
                AccessRequest(
                    principal: context.principal, action: "sts:AssumeRole", resource: arn,
                    context: conditionContext(context)),
                against: [role.trust.source(named: "trust policy")])
            let decision = Decision.combineForAssumeRole(identity: identity, trust: trust, caller: context.principal)
            guard decision.isAllowed else {
                lastDenial = Denial(
                    principal: context.principal, action: "sts:AssumeRole", resource: arn.description,
                    identity: identity, resourcePolicy: trust)
                throw CloudError.noPermission
            }
            let moment = now
            let expiration = moment.addingTimeInterval(TimeInterval(duration))
            let session = withIDs { ids in
                STSSession(
                    accessKeyID: "STS." + ids.alphanumeric(28), secret: ids.alphanumeric(44),
                    securityToken: "CAIS" + ids.alphanumeric(200), roleName: role.name,
                    sessionName: request.roleSessionName, expiration: expiration, policy: sessionPolicy)
            }
            account.sessions = account.sessions.filter { $0.value.expiration > moment }
            account.sessions[session.accessKeyID] = session
            index.accessKeys[session.accessKeyID] = owner
            let sessionKey = (role.name + "/" + request.roleSessionName).lowercased()
            account.sessionPolicies[sessionKey] = sessionPolicy
            touch(owner)
            return AssumeRoleResponse(
                credentials: .init(
                    accessKeyID: session.accessKeyID, accessKeySecret: session.secret,
                    securityToken: session.securityToken, expiration: Timestamp.seconds(expiration)),
                assumedRoleUser: .init(
                    assumedRoleID: "\(role.roleID):\(request.roleSessionName)",
                    arn: "\(arn.description)/\(request.roleSessionName)"))
        }
    }

    /// Parses a session policy with STS's code.
    static func sessionPolicy(_ text: String) throws -> StoredPolicy {
        do {
            return try StoredPolicy(text, kind: .identity)
        } catch {
            throw CloudError.invalid("InvalidParameter.PolicyGrammar", "The session policy is invalid: \(error.message)")
        }
    }

    package func getCallerIdentity(_ request: GetCallerIdentityRequest, context: CallContext) async throws
        -> GetCallerIdentityResponse
    {
        try await perform(.sts, context) {
            let account = try callerAccount(context)
            switch context.principal {
            case .account(let id):
                return GetCallerIdentityResponse(
                    accountID: id.rawValue, arn: context.principal.arn, identityType: "Account",
                    principalID: id.rawValue)
            case .user(let id, let name):
                let userID = account.users[name.lowercased()]?.userID ?? ""
                return GetCallerIdentityResponse(
                    accountID: id.rawValue, arn: context.principal.arn, identityType: "RAMUser",
                    principalID: userID, userID: userID)
            case .role(let id, let name), .assumedRole(let id, let name, _):
                guard let role = account.roles[name.lowercased()] else { throw CloudError.stsRoleNotFound(name, in: id) }
                let session: String
                if case .assumedRole(_, _, let sessionName) = context.principal { session = sessionName } else { session = "" }
                return GetCallerIdentityResponse(
                    accountID: id.rawValue, arn: "acs:ram::\(id):assumed-role/\(role.name)/\(session)",
                    identityType: "AssumedRoleUser", principalID: "\(role.roleID):\(session)", roleID: role.roleID)
            case .service:
                throw CloudError.noPermission
            }
        }
    }
}

// The requests this file answers: `SimulatedCloud.call` finds each behaviour through these.
extension AssumeRoleRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.assumeRole(self, context: context)
    }
}
extension GetCallerIdentityRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.getCallerIdentity(self, context: context)
    }
}
