import CloudAPI
import CloudModel

// Codes the simulator produces that CloudAPI does not list yet (reference alibaba-api.md).
extension CloudError {
    /// 404 `InvalidAccessKeyId.NotFound`: an in-process caller whose account is not simulated.
    static let unknownCaller = CloudError(
        code: "InvalidAccessKeyId.NotFound", message: "Specified access key is not found.", httpStatus: 404)
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

