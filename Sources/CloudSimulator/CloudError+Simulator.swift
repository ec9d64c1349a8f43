import CloudAPI
import CloudModel

// Codes the simulator produces that CloudAPI does not list yet (reference alibaba-api.md).
extension CloudError {
    /// 404 `InvalidAccessKeyId.NotFound`: an in-process caller whose account is not simulated,
    /// naming the account (SIM-061).
    static func unknownCaller(_ account: AccountID?) -> CloudError {
        let subject =
            account.map {
                "account \($0) is not in the simulated world; add it to the world file's accounts "
                    + "(or check the UID: a target, owner or caller account must be one of the world's)"
            }
            ?? "the caller names no account"
        return CloudError(
            code: "InvalidAccessKeyId.NotFound", message: "Specified access key is not found: \(subject).",
            httpStatus: 404)
    }
    /// 404 `Forbidden.AliasNotFound` naming the alias, its account and region (SIM-061).
    static func aliasNotFound(_ alias: String, account: AccountID, region: String) -> CloudError {
        CloudError(
            code: CloudError.aliasNotFound.code,
            message: "The specified Alias is not found: \(alias) in account \(account), region \(region). "
                + "Check the alias (ListAliases), the region, and that the key owner makes the call.",
            httpStatus: CloudError.aliasNotFound.httpStatus)
    }
    /// 404 `EntityNotExist.Role` as STS words it, naming the role ARN (SIM-061).
    static func stsRoleNotFound(_ role: String, in account: AccountID, accountExists: Bool = true) -> CloudError {
        let why =
            accountExists
            ? "account \(account) has no role \(role)"
            : "account \(account) is not in the simulated world"
        return CloudError(
            code: "EntityNotExist.Role",
            message: "The specified Role not exists: acs:ram::\(account):role/\(role) (\(why)).", httpStatus: 404)
    }
    /// 400 with a wire code and message built from a policy parser error.
    static func policy(_ error: PolicyError) -> CloudError {
        CloudError(code: error.code, message: error.message, httpStatus: error.httpStatus)
    }
    /// 400 `InvalidParameter.<Name>` style codes.
    static func invalid(_ code: String, _ message: String, status: Int = 400) -> CloudError {
        CloudError(code: code, message: message, httpStatus: status)
    }
    /// 404 `EntityNotExists.ResourceDirectory`.
    static let resourceDirectoryNotFound = CloudError(
        code: "EntityNotExists.ResourceDirectory", message: "The resource directory does not exist.", httpStatus: 404)
    /// 404 `EntityNotExists.Folder`, naming the folder.
    static func folderNotFound(_ id: String) -> CloudError {
        CloudError(code: "EntityNotExists.Folder", message: "The specified folder \(id) does not exist.", httpStatus: 404)
    }
    /// 404 `EntityNotExists.Account`.
    static let accountNotFound = CloudError(
        code: "EntityNotExists.Account", message: "The specified account does not exist.", httpStatus: 404)
    /// 404 `EntityNotExist.Role` as STS words it.
    static let stsRoleNotFound = CloudError(
        code: "EntityNotExist.Role", message: "The specified Role not exists.", httpStatus: 404)
    /// 403 `IncorrectDiskStatus`.
    static let incorrectDiskStatus = CloudError(
        code: "IncorrectDiskStatus", message: "The current disk status does not support this operation.", httpStatus: 403)
    /// 403 `AssumeRoleError` for sharing an encrypted snapshot without a usable share role.
    static let shareEncryptSnapshotRoleMissing = CloudError(
        code: "AssumeRoleError",
        message: "Requires a RAM role of AliyunECSShareEncryptSnapshotDefaultRole before sharing encrypted snapshot.",
        httpStatus: 403)
}
