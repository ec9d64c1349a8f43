import CloudAPI
import CloudModel

/// What explain knows of a principal's own account: the RAM policies that bind it, read with
/// GetRole, ListPoliciesForRole and GetPolicy as the account's root.
struct IdentityFacts: Sendable {
    /// How much of the identity side could be read.
    enum Standing: Sendable {
        /// The account root: RAM policies do not bind it.
        case root
        /// A role (or a session of it) with these attached policies.
        case role(name: String, policies: [AttachedPolicyFacts])
        /// The role does not exist: nothing can act as it.
        case missingRole(name: String)
        /// The policies cannot be read (users: the API seam has no ListPoliciesForUser).
        case unreadable(reason: String)
    }

    /// The principal.
    var principal: Principal
    /// What was read.
    var standing: Standing

    /// The attached policies as evaluation sources (nil: the identity does not exist).
    var sources: [PolicySource]? {
        switch standing {
        case .role(_, let policies): policies.map(\.source)
        case .root: []
        case .missingRole, .unreadable: nil
        }
    }

    /// The attached policy a decision's statement reference came from.
    func policy(named source: String) -> AttachedPolicyFacts? {
        guard case .role(_, let policies) = standing else { return nil }
        return policies.first { $0.source.name == source }
    }

    /// Reads the RAM side of `principal` (in its own account, in `region`).
    ///
    /// - Throws: ``ExplainReadError`` when the backend refuses or fails a read.
    static func read(_ principal: Principal, from cloud: any Cloud, region: RegionID) async throws -> IdentityFacts {
        switch principal {
        case .account:
            return IdentityFacts(principal: principal, standing: .root)
        case .user(_, let name):
            return IdentityFacts(
                principal: principal,
                standing: .unreadable(
                    reason: "the RAM policies of user \(name) cannot be read: keyshare's API has no ListPoliciesForUser"))
        case .service:
            return IdentityFacts(principal: principal, standing: .unreadable(reason: "a cloud service has no RAM policies"))
        case .role(let account, let name), .assumedRole(let account, let name, _):
            let role: RoleInfo?
            let policies: [AttachedPolicyFacts]
            do {
                (role, policies) = try await readRole(name, of: account, from: cloud, region: region)
            } catch let error as ExplainReadError {
                // The key policy may still decide alone (a deny, or a missing grant across accounts).
                return IdentityFacts(
                    principal: principal,
                    standing: .unreadable(
                        reason: "account \(account)'s RAM side "
                            + "could not be read: \(error.description)"))
            }
            guard let role else { return IdentityFacts(principal: principal, standing: .missingRole(name: name)) }
            return IdentityFacts(principal: principal, standing: .role(name: role.roleName, policies: policies))
        }
    }

    /// A role and its attached policies' documents in force; nil when the role does not exist.
    static func readRole(_ name: String, of account: AccountID, from cloud: any Cloud, region: RegionID) async throws
        -> (RoleInfo?, [AttachedPolicyFacts])
    {
        let context = CallContext.root(account, region: region)
        let role: RoleInfo
        do {
            role = try await cloud.getRole(GetRoleRequest(roleName: name), context: context).role
        } catch let error as CloudError where error.code == "EntityNotExist.Role" {
            // Over http the same code comes from the credential broker when the account's access role
            // is missing: the principal's role is known missing only if the account itself answers.
            do {
                _ = try await cloud.getCallerIdentity(GetCallerIdentityRequest(), context: context)
            } catch {
                throw ExplainReadError(
                    "account \(account) could not be read (\(error)), so whether role \(name) "
                        + "exists is unknown")
            }
            return (nil, [])
        } catch {
            throw ExplainReadError("GetRole \(name) in account \(account) failed: \(error)")
        }
        let attached: [PolicyInfo]
        do {
            attached = try await cloud.listPoliciesForRole(
                ListPoliciesForRoleRequest(roleName: role.roleName),
                context: context
            ).policies.policy
        } catch {
            throw ExplainReadError("ListPoliciesForRole \(role.roleName) in account \(account) failed: \(error)")
        }
        var policies: [AttachedPolicyFacts] = []
        for info in attached {
            let answer: GetPolicyResponse
            do {
                answer = try await cloud.getPolicy(
                    GetPolicyRequest(policyName: info.policyName, policyType: info.policyType),
                    context: context)
            } catch {
                throw ExplainReadError("GetPolicy \(info.policyType) \(info.policyName) in account \(account) failed: \(error)")
            }
            let version = answer.defaultPolicyVersion.versionID
            let document: PolicyDocument
            do {
                document = try PolicyDocument.parse(answer.defaultPolicyVersion.policyDocument, kind: .identity)
            } catch {
                throw ExplainReadError(
                    "RAM policy \(info.policyName) (\(version)) in account \(account) could not be parsed: "
                        + error.message)
            }
            policies.append(
                AttachedPolicyFacts(
                    name: info.policyName, type: info.policyType, version: version, attachedTo: "role/\(role.roleName)",
                    account: account,
                    source: PolicySource(name: "\(info.policyType):\(info.policyName)@\(version)", document: document)))
        }
        return (role, policies)
    }
}

/// One RAM policy attached to the principal, at its version in force.
struct AttachedPolicyFacts: Sendable {
    /// The policy name.
    var name: String
    /// `System` or `Custom`.
    var type: String
    /// The default version.
    var version: String
    /// `role/<name>`.
    var attachedTo: String
    /// The account holding it.
    var account: AccountID
    /// The document, under a name unique among the principal's policies.
    var source: PolicySource

    /// Cites statement `index` of this policy.
    func cite(index: Int, sid: String?, effect: String, unknownKeys: [String]? = nil) -> StatementCitation {
        StatementCitation(
            policy: name, policyType: type, version: version, attachedTo: attachedTo, account: account.rawValue,
            index: index, sid: sid, effect: effect, unknownConditionKeys: unknownKeys)
    }
}
