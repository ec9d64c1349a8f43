import CloudAPI
import CloudModel

// Choosing and removing versions of custom policies (alibaba-api.md §3; SIM-094…SIM-096 for what
// the documentation leaves open). Authorized like the other policy writes, on `policy/<name>`.
extension SimulatedCloud {
    package func setDefaultPolicyVersion(_ request: SetDefaultPolicyVersionRequest, context: CallContext) async throws
        -> EmptyResponse
    {
        try await perform(.ram, context) {
            let account = try authorizeRAM(context, "ram:SetDefaultPolicyVersion", "policy/\(request.policyName)")
            var (policy, version) = try versionOfCustomPolicy(request.policyName, request.versionID, in: account)
            // Already in force: nothing changes, not even the update date (SIM-095).
            guard policy.defaultVersion != version.id else { return EmptyResponse() }
            policy.defaultVersion = version.id
            policy.updateDate = Timestamp.seconds(now)
            account.policies[policy.name] = policy
            touch(account.id)
            return EmptyResponse()
        }
    }

    package func deletePolicyVersion(_ request: DeletePolicyVersionRequest, context: CallContext) async throws
        -> EmptyResponse
    {
        try await perform(.ram, context) {
            let account = try authorizeRAM(context, "ram:DeletePolicyVersion", "policy/\(request.policyName)")
            var (policy, version) = try versionOfCustomPolicy(request.policyName, request.versionID, in: account)
            guard policy.defaultVersion != version.id else {
                throw CloudError.invalid(
                    "DeleteConflict.Policy.Version.Default",
                    "The default policy version CAN NOT been deleted directly: \(version.id) of \(policy.name).",
                    status: 409)
            }
            policy.versions.removeAll { $0.id == version.id }
            account.policies[policy.name] = policy
            touch(account.id)
            return EmptyResponse()
        }
    }

    /// Custom policy `name` of `account` and its version `versionID`, after checking both parameters:
    /// a System policy's name finds no custom policy (SIM-094).
    private func versionOfCustomPolicy(_ name: String, _ versionID: String, in account: AccountState) throws
        -> (CustomPolicy, PolicyVersion)
    {
        try Self.checkPolicyName(name)
        guard !versionID.isEmpty else { throw CloudError.missingParameter("VersionId") }
        guard Self.isVersionID(versionID) else {
            throw CloudError.invalid(
                "InvalidParameter.VersionId.Format",
                "The format of the parameter - \"VersionId\" is incorrect: '\(versionID)' is not v1, v2, ….")
        }
        guard let policy = account.policies[name] else { throw CloudError.policyNotExist(name) }
        guard let version = policy.versions.first(where: { $0.id == versionID }) else {
            throw CloudError(
                code: "EntityNotExist.Policy.Version",
                message: "The policy version does not exist: \(versionID) of \(name).", httpStatus: 404)
        }
        return (policy, version)
    }

    /// `v` and a number without leading zeros, as RAM numbers versions (SIM-096).
    static func isVersionID(_ text: String) -> Bool {
        let digits = text.utf8.dropFirst()
        return text.utf8.first == UInt8(ascii: "v") && !digits.isEmpty && digits.count <= 9
            && digits.first != UInt8(ascii: "0") && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}

// The requests this file answers: `SimulatedCloud.call` finds each behaviour through these.
extension SetDefaultPolicyVersionRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.setDefaultPolicyVersion(self, context: context)
    }
}
extension DeletePolicyVersionRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.deletePolicyVersion(self, context: context)
    }
}
