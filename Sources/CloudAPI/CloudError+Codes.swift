// The error codes of alibaba-api.md as constructors, so every layer spells them once.
// Messages follow the service's wording where the reference quotes it.

extension CloudError {
    // MARK: Gateway and common

    /// 400 `MissingParameter` for a required parameter that was not sent.
    package static func missingParameter(_ name: String) -> CloudError {
        CloudError(
            code: "MissingParameter",
            message: "The input parameter \"\(name)\" that is mandatory for processing this request is not supplied.",
            httpStatus: 400)
    }
    /// 400 `InvalidParameter` naming the parameter and what is wrong with it.
    package static func invalidParameter(_ name: String, _ detail: String) -> CloudError {
        CloudError(
            code: "InvalidParameter", message: "The parameter \"\(name)\" is invalid: \(detail)",
            httpStatus: 400)
    }
    /// 400 `IdempotentParameterMismatch`: a `ClientToken` reused with other parameters.
    package static let idempotentParameterMismatch = CloudError(
        code: "IdempotentParameterMismatch",
        message: "The request uses the same client token as a previous, but non-identical request.",
        httpStatus: 400)
    /// 400 `Throttling.User`: flow control (add a retry-after to make SDKs back off).
    package static func throttlingUser(retryAfterMilliseconds: Int? = nil) -> CloudError {
        CloudError(
            code: "Throttling.User", message: "Request was denied due to user flow control.",
            httpStatus: 400, retryAfterMilliseconds: retryAfterMilliseconds)
    }
    /// 503 `ServiceUnavailable`.
    package static let serviceUnavailable = CloudError(
        code: "ServiceUnavailable", message: "The request has failed due to a temporary failure of the server.",
        httpStatus: 503)
    /// 500 `InternalError`.
    package static let internalError = CloudError(
        code: "InternalError", message: "The request processing has failed due to some unknown error.",
        httpStatus: 500)

    // MARK: KMS

    /// 404 `Forbidden.KeyNotFound`.
    package static let keyNotFound = CloudError(
        code: "Forbidden.KeyNotFound", message: "The specified Key is not found.", httpStatus: 404)
    /// 404 `Forbidden.AliasNotFound`.
    package static let aliasNotFound = CloudError(
        code: "Forbidden.AliasNotFound", message: "The specified Alias is not found.", httpStatus: 404)
    /// 403 `Forbidden.NoPermission` (KMS wording of an authorization failure).
    package static func kmsNoPermission(action: String, resource: String) -> CloudError {
        CloudError(
            code: "Forbidden.NoPermission",
            message: "This operation for \(action) on \(resource) is forbidden by permission system.",
            httpStatus: 403)
    }
    /// 403 `Forbidden.DKMSInstanceNotFound`.
    package static let dkmsInstanceNotFound = CloudError(
        code: "Forbidden.DKMSInstanceNotFound", message: "The specified DKMS Instance is not found.", httpStatus: 403)
    /// 400 `Forbidden.KeyPolicyUnSupported`: default keys outside an instance have no key policy.
    package static let keyPolicyUnsupported = CloudError(
        code: "Forbidden.KeyPolicyUnSupported", message: "The specified key does not support key policy.",
        httpStatus: 400)
    /// 404 `Forbidden.ResourceNotFound` (an unknown policy name).
    package static let policyNotFound = CloudError(
        code: "Forbidden.ResourceNotFound", message: "Policy not found.", httpStatus: 404)
    /// 400 `Rejected.ShareQuotaExceedLimit`: the instance's access-management quota is used up.
    package static let shareQuotaExceedLimit = CloudError(
        code: "Rejected.ShareQuotaExceedLimit", message: "Instance Share Quota Exceed Limit.", httpStatus: 400)
    /// 400 `Rejected.LimitExceeded`.
    package static func limitExceeded(_ what: String) -> CloudError {
        CloudError(code: "Rejected.LimitExceeded", message: "The \(what) limit is exceeded.", httpStatus: 400)
    }
    /// 409 `Rejected.Disabled`.
    package static let keyDisabled = CloudError(
        code: "Rejected.Disabled", message: "The request is rejected because the key is disabled.", httpStatus: 409)
    /// 409 `Rejected.PendingDeletion`.
    package static let keyPendingDeletion = CloudError(
        code: "Rejected.PendingDeletion", message: "The request is rejected because the key is pending deletion.",
        httpStatus: 409)
    /// 409 `Rejected.PendingImport`.
    package static let keyPendingImport = CloudError(
        code: "Rejected.PendingImport", message: "The request is rejected because the key is pending import.",
        httpStatus: 409)
    /// 409 `Rejected.Unavailable`.
    package static let keyUnavailable = CloudError(
        code: "Rejected.Unavailable", message: "The request is rejected because the key is unavailable.",
        httpStatus: 409)
    /// 409 `Rejected.StateModifiedFailed`: the key's state forbids the change.
    package static let stateModifiedFailed = CloudError(
        code: "Rejected.StateModifiedFailed", message: "The key state cannot be modified in its current state.",
        httpStatus: 409)
    /// 400 `AliasAlreadyExists`.
    package static let aliasAlreadyExists = CloudError(
        code: "AliasAlreadyExists", message: "The specified alias already exists.", httpStatus: 400)
    /// 429 `Rejected.Throttling` (KMS flow control).
    package static func kmsThrottling(retryAfterMilliseconds: Int? = nil) -> CloudError {
        CloudError(
            code: "Rejected.Throttling", message: "QPS Limit Exceeded", httpStatus: 429,
            retryAfterMilliseconds: retryAfterMilliseconds)
    }

    // MARK: RAM and STS

    /// 403 `NoPermission` (RAM, STS and ResourceManager wording).
    package static let noPermission = CloudError(
        code: "NoPermission", message: "You are not authorized to do this action. You should be authorized by RAM.",
        httpStatus: 403)
    /// 404 `EntityNotExist.Role`.
    package static func roleNotFound(_ name: String) -> CloudError {
        CloudError(code: "EntityNotExist.Role", message: "The role not exists: \(name).", httpStatus: 404)
    }
    /// 409 `EntityAlreadyExists.Role`.
    package static func roleAlreadyExists(_ name: String) -> CloudError {
        CloudError(code: "EntityAlreadyExists.Role", message: "The role does already EXIST: \(name).", httpStatus: 409)
    }
    /// 404 `EntityNotExist.Policy`.
    package static func policyNotExist(_ name: String) -> CloudError {
        CloudError(code: "EntityNotExist.Policy", message: "The policy not exists: \(name).", httpStatus: 404)
    }
    /// 409 `EntityAlreadyExists.Policy`.
    package static func policyAlreadyExists(_ name: String) -> CloudError {
        CloudError(
            code: "EntityAlreadyExists.Policy", message: "The policy does already EXIST: \(name).",
            httpStatus: 409)
    }
    /// 409 `EntityAlreadyExists.Role.Policy`: the policy is attached already.
    package static func policyAlreadyAttached(policy: String, role: String) -> CloudError {
        CloudError(
            code: "EntityAlreadyExists.Role.Policy",
            message: "The policy \(policy) is already attached to the role \(role).", httpStatus: 409)
    }
    /// 404 `EntityNotExist.Role.Policy`: the policy is not attached.
    package static func policyNotAttached(policy: String, role: String) -> CloudError {
        CloudError(
            code: "EntityNotExist.Role.Policy",
            message: "The policy \(policy) is not attached to the role \(role).", httpStatus: 404)
    }
    /// 409 `DeleteConflict.Role.Policy`: detach policies first.
    package static func deleteConflictRolePolicy(_ role: String) -> CloudError {
        CloudError(
            code: "DeleteConflict.Role.Policy",
            message: "The role \(role) still has attached policies; detach them first.", httpStatus: 409)
    }
    /// 400 `MalformedPolicyDocument` with the parser's detail.
    package static func malformedPolicyDocument(_ detail: String) -> CloudError {
        CloudError(code: "MalformedPolicyDocument", message: detail, httpStatus: 400)
    }

    // MARK: ECS

    /// 404 `InvalidParameter.KMSKeyId.NotFound`.
    package static let kmsKeyIDNotFound = CloudError(
        code: "InvalidParameter.KMSKeyId.NotFound", message: "The specified KMSKeyId does not exist.",
        httpStatus: 404)
    /// 403 `InvalidParameter.KMSKeyId.KMSUnauthorized`: ECS may not use KMS for this account.
    package static let kmsUnauthorized = CloudError(
        code: "InvalidParameter.KMSKeyId.KMSUnauthorized", message: "ECS service have no right to access your KMS.",
        httpStatus: 403)
    /// 403 `InvalidParameter.KMSKeyId.CMKUnauthorized`: the key's policy does not let ECS use it.
    package static let cmkUnauthorized = CloudError(
        code: "InvalidParameter.KMSKeyId.CMKUnauthorized",
        message: "The CMK is forbidden by KMS for the ECS service of this account.", httpStatus: 403)
    /// 403 `InvalidParameter.KMSKeyId.CMKNotEnabled`.
    package static let cmkNotEnabled = CloudError(
        code: "InvalidParameter.KMSKeyId.CMKNotEnabled", message: "The CMK needs to be enabled.", httpStatus: 403)
    /// 400 `InvalidEncrypted.NotMatchKmsKeyId`.
    package static let encryptedNotMatchKMSKeyID = CloudError(
        code: "InvalidEncrypted.NotMatchKmsKeyId", message: "Encrypted must be true when KmsKeyId is not empty.",
        httpStatus: 400)
    /// 404 `InvalidDiskId.NotFound`.
    package static let diskNotFound = CloudError(
        code: "InvalidDiskId.NotFound", message: "The specified disk does not exist.", httpStatus: 404)
    /// 404 `InvalidSnapshotId.NotFound`.
    package static let snapshotNotFound = CloudError(
        code: "InvalidSnapshotId.NotFound", message: "The specified snapshot does not exist.", httpStatus: 404)
    /// 404 `InvalidImageId.NotFound`.
    package static let imageNotFound = CloudError(
        code: "InvalidImageId.NotFound", message: "The specified image does not exist.", httpStatus: 404)
    /// 403 `AssumeRoleError`: the encrypted-image share role is missing or unusable.
    package static let shareEncryptImageRoleMissing = CloudError(
        code: "AssumeRoleError",
        message: "Requires a RAM role of AliyunECSShareEncryptImageDefaultRole before sharing encrypted image.",
        httpStatus: 403)
    /// 403 `Forbidden.RAM` (ECS wording of an authorization failure).
    package static let ecsForbiddenRAM = CloudError(
        code: "Forbidden.RAM",
        message: "User not authorized to operate on the specified resource, or this API doesn't support RAM.",
        httpStatus: 403)
}
