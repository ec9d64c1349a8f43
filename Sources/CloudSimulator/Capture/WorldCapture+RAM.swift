import CloudAPI
import CloudModel

extension WorldCapture {
    /// The description of a role the capture made up because a key policy names it: recognised on
    /// a later capture of the twin, so the same organisation keeps capturing to the same file.
    package static let placeholderDescription =
        "Placeholder made by keyshare sim capture: a key policy names this role, which could not be read."

    /// Every role of `account` (ListRoles, by marker) with its trust policy (GetRole) and attached
    /// policies (ListPoliciesForRole); the custom ones at their default version (GetPolicy).
    func readRAM(_ account: AccountID, into read: inout AccountRead) async throws {
        let context = CallContext.root(account)
        var names: [String] = []
        var marker: String?
        var markers = Set<String>()
        repeat {
            let page = try await call("ListRoles", account) {
                try await cloud.listRoles(ListRolesRequest(marker: marker, maxItems: 100), context: context)
            }
            names += page.roles.role.map(\.roleName)
            marker = page.isTruncated ? page.marker : nil
            // A marker seen before ends the listing instead of looping; the cap ends it as truncated.
            if let next = marker, !markers.insert(next).inserted { marker = nil }
            if marker != nil, markers.count >= Self.pageLimit {
                read.report.truncated.append("ListRoles in account \(account)")
                marker = nil
            }
        } while marker != nil
        var policies: [String: World.Policy] = [:]
        var unusable = Set<String>()
        for name in Set(names).sorted(by: { $0.lowercased() < $1.lowercased() }) {
            let info = try await call("GetRole \(name)", account) {
                try await cloud.getRole(GetRoleRequest(roleName: name), context: context).role
            }
            let attached = try await call("ListPoliciesForRole \(name)", account) {
                try await cloud.listPoliciesForRole(ListPoliciesForRoleRequest(roleName: name), context: context).policies.policy
            }
            var references: [String] = []
            for policy in attached {
                switch policy.policyType {
                case "System" where SystemPolicies.all[policy.policyName] != nil:
                    references.append("System:\(policy.policyName)")
                case "System":
                    read.report.unknownSystemPolicies[policy.policyName, default: 0] += 1
                case "Custom":
                    let policyName = policy.policyName
                    if policies[policyName] == nil, !unusable.contains(policyName) {
                        if let captured = try await readPolicy(policyName, account: account, report: &read.report) {
                            policies[policyName] = captured
                        } else {
                            unusable.insert(policyName)
                        }
                    }
                    if policies[policyName] != nil { references.append("Custom:\(policyName)") }
                default:
                    read.report.leftOut.append(
                        "the \(policy.policyType) policy \(policy.policyName) of role \(name) in "
                            + "\(account) (a policy type the simulator does not know)")
                }
            }
            let trust = info.assumeRolePolicyDocument ?? ""
            guard RAMNames.isValidRoleName(info.roleName) else {
                read.report.leftOut.append("role \(info.roleName) in \(account) (a name the simulator refuses)")
                continue
            }
            do {
                _ = try PolicyDocument.parse(trust, kind: .trust)
            } catch {
                read.report.leftOut.append("role \(info.roleName) in \(account) (its trust policy: \(error.message))")
                continue
            }
            if info.description == Self.placeholderDescription { read.report.placeholderRoles += 1 }
            read.roles.append(
                World.Role(
                    name: info.roleName, trust: PolicyText(json: trust), policies: references.sorted(),
                    description: info.description.isEmpty ? nil : info.description,
                    maxSessionDuration: info.maxSessionDuration == 3600 ? nil : info.maxSessionDuration))
        }
        read.policies = policies.values.sorted { $0.name < $1.name }
    }

    /// Custom policy `name` of `account` at its default version; nil (reported) when the simulator
    /// could not load its document.
    private func readPolicy(_ name: String, account: AccountID, report: inout CaptureReport) async throws -> World.Policy? {
        let answer = try await call("GetPolicy \(name)", account) {
            try await cloud.getPolicy(GetPolicyRequest(policyName: name, policyType: "Custom"), context: .root(account))
        }
        let document = answer.defaultPolicyVersion.policyDocument
        guard RAMNames.isValidPolicyName(name) else {
            report.leftOut.append("custom policy \(name) in \(account) (a name the simulator refuses)")
            return nil
        }
        do {
            _ = try PolicyDocument.parse(document, kind: .identity)
        } catch {
            report.leftOut.append("custom policy \(name) in \(account) (\(error.message))")
            return nil
        }
        // Only the default version can be read; its id is kept so the twin numbers the next one alike.
        let version = answer.policy.defaultVersion
        let kept = WorldNames.versionNumber(version) == nil ? nil : version
        if version != "v1" { report.laterPolicyVersions += 1 }
        return World.Policy(
            name: answer.policy.policyName, document: PolicyText(json: document),
            description: answer.policy.description.isEmpty ? nil : answer.policy.description,
            defaultVersion: kept == "v1" ? nil : kept)
    }
}
