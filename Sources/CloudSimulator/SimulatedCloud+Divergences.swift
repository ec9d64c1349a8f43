import CloudModel

extension SimulatedCloud {
    /// Every behaviour built on an inferred (`[I]`) reading of Alibaba, with an id and a sentence:
    /// the simulator's own (`SIM-…`) followed by the policy language's.
    package static let divergences: [Divergence] = simulatorDivergences + Divergence.policyDivergences

    /// The simulator's inferred behaviours.
    static let simulatorDivergences: [Divergence] = [
        Divergence(
            id: "SIM-001",
            summary:
                "Another account's key is found only by its ARN in KMS calls; its bare id or alias answers 404 Forbidden.KeyNotFound / Forbidden.AliasNotFound, and the ARN's region must be the endpoint's region."
        ),
        Divergence(
            id: "SIM-002",
            summary:
                "The KMS instance access-management quota counts one unit per bound VPC plus one per distinct external account named in an Allow statement of any of the instance's key policies, however many of its roles or users are named."
        ),
        Divergence(
            id: "SIM-003",
            summary:
                "A revoked account keeps its quota unit for 5 simulated minutes; re-adding it within that time does not consume another unit."
        ),
        Divergence(
            id: "SIM-004",
            summary:
                "SetKeyPolicy refuses a principal naming a role or user that does not exist with 400 InvalidParameter; account-wide principals (acs:ram::<uid>:* and :root) of unknown accounts are accepted."
        ),
        Divergence(id: "SIM-005", summary: "CancelKeyDeletion returns the key to Enabled."),
        Divergence(
            id: "SIM-006",
            summary:
                "A ciphertext that is malformed, belongs to another key or is opened with another EncryptionContext fails Decrypt with 400 InvalidParameter; ciphertexts use the simulator's own format."
        ),
        Divergence(
            id: "SIM-007",
            summary:
                "Decrypt finds the key from the ciphertext in any account of the endpoint's region, and then needs the same authorization as the other cryptographic calls (both sides across accounts)."
        ),
        Divergence(
            id: "SIM-008",
            summary:
                "KMS key-state checks come after authorization; a caller without permission gets Forbidden.NoPermission whatever the state."
        ),
        Divergence(
            id: "SIM-009",
            summary:
                "Permission is checked before existence for RAM, ECS and Resource Sharing calls (a caller without permission never learns whether a role or disk exists); KMS resolves the key first."
        ),
        Divergence(
            id: "SIM-010",
            summary:
                "System policy documents (AdministratorAccess, AliyunKMSFullAccess, AliyunECSFullAccess, AliyunRAMFullAccess, AliyunSTSAssumeRoleAccess, AliyunResourceDirectoryReadOnlyAccess, ReadOnlyAccess, AliyunECSDiskEncryptRolePolicy) are approximations of Alibaba's."
        ),
        Divergence(
            id: "SIM-011",
            summary:
                "EntityAlreadyExists.Role.Policy is 409 and EntityNotExist.Role.Policy is 404, by analogy with the user-policy codes."
        ),
        Divergence(
            id: "SIM-012",
            summary:
                "DeletePolicy refuses a policy attached to roles with 409 DeleteConflict.Policy.Role, and one with non-default versions with 409 DeleteConflict.Policy.Version."
        ),
        Divergence(
            id: "SIM-013",
            summary:
                "Custom-policy and role limits are 1,500 policies and 1,000 roles per account, 5 versions per policy, 20 system and 5 custom policies per role."
        ),
        Divergence(
            id: "SIM-014",
            summary:
                "STS AssumeRole checks the role's existence before the caller's permission, so a missing role is 404 EntityNotExist.Role for everyone."
        ),
        Divergence(
            id: "SIM-015",
            summary: "GetCallerIdentity of a role session reports Arn acs:ram::<uid>:assumed-role/<role>/<session>."),
        Divergence(
            id: "SIM-016",
            summary:
                "Session policies apply to every call made as that role session name; a later AssumeRole with the same session name replaces the earlier session policy."
        ),
        Divergence(
            id: "SIM-017",
            summary:
                "When a world has a resource directory, its members are the management account and the accounts with a folder; other accounts are outside it (external)."
        ),
        Divergence(
            id: "SIM-018",
            summary:
                "ListAccounts and GetAccount answer the management account (or its RAM identities with permission) only; others get 403 NoPermission. Accounts report Type CloudAccount and JoinMethod created."
        ),
        Divergence(
            id: "SIM-020",
            summary:
                "ECS: a KMSKeyId that names no key in the caller's region (in any account) answers 404 InvalidParameter.KMSKeyId.NotFound; another account's existing key is found by id and then refused by the role or key-policy checks."
        ),
        Divergence(
            id: "SIM-021",
            summary:
                "ECS: a missing AliyunECSDiskEncryptDefaultRole, a trust policy not allowing ecs.aliyuncs.com, or role policies not allowing kms:DescribeKey, kms:GenerateDataKey and kms:Decrypt on the key answer 403 InvalidParameter.KMSKeyId.KMSUnauthorized."
        ),
        Divergence(
            id: "SIM-022",
            summary:
                "ECS: a key policy that does not allow the sharee's AliyunECSDiskEncryptDefaultRole those actions (including the default policy and a policy naming only other accounts) answers 403 InvalidParameter.KMSKeyId.CMKUnauthorized, checked after the role (in the key's own account the role's policies or the key policy suffice)."
        ),
        Divergence(
            id: "SIM-023",
            summary:
                "ECS: a key that is Disabled, PendingDeletion, PendingImport or Unavailable answers 403 InvalidParameter.KMSKeyId.CMKNotEnabled, checked after the role and key policy."
        ),
        Divergence(
            id: "SIM-024",
            summary:
                "ECS resolves a shared key by its id alone in the caller's region; ARNs and the caller's own aliases are also accepted."
        ),
        Divergence(
            id: "SIM-025",
            summary:
                "Disks, snapshots and images are Creating/progressing for the environment's provisioning delay (1 simulated second by default), then Available/accomplished."
        ),
        Divergence(
            id: "SIM-026",
            summary:
                "Encrypted=true without KMSKeyId uses a per-account, per-region ECS service key that needs no role and whose resources cannot be shared."
        ),
        Divergence(
            id: "SIM-027",
            summary:
                "ClientToken idempotency compares every other request parameter; a reused token with different parameters is 400 IdempotentParameterMismatch."
        ),
        Divergence(
            id: "SIM-028",
            summary:
                "Sharing an encrypted image or snapshot needs the owner's share role trusted by <recipient>@ecs.aliyuncs.com for every new recipient, and the role's policies plus (across accounts) the key policy allowing kms:DescribeKey, kms:GenerateDataKey and kms:Decrypt; otherwise 403 AssumeRoleError."
        ),
        Divergence(
            id: "SIM-029",
            summary:
                "ModifyImageSharePermission takes the first 10 AddAccount/RemoveAccount entries; unknown accounts are 404 InvalidAccount.NotFound and more than 50 recipients 403 QuotaExceed.ShareImageUser."
        ),
        Divergence(
            id: "SIM-030",
            summary:
                "Resource Sharing: targets outside the owner's directory without AllowExternalTargets are 400 InvalidParameter.Targets; more than 64 accounts per snapshot is 409 QuotaExceeded.SharedTarget; a service-key snapshot is 400 InvalidParameter.Resources."
        ),
        Divergence(
            id: "SIM-031",
            summary:
                "DescribeImages lists only Available images unless Status says otherwise, own and shared (ImageOwnerAlias others) together by default."
        ),
        Divergence(
            id: "SIM-032",
            summary:
                "CopySnapshot and CopyImage without KMSKeyId keep the source key only for the caller's own key in the same region; otherwise the copy uses the caller's ECS service key."
        ),
        Divergence(
            id: "SIM-033",
            summary:
                "Faults apply only when a world's faults: section, --faults or setFaults enables them, per API group (KMS create/crypto/read/write quota groups, RAM, STS, ECS, ResourceManager, ResourceSharing) or per action. Injected: throttling (documented codes: KMS 429 Rejected.Throttling \"QPS Limit Exceeded\", others 400 Throttling.User; the x-acs-retry-after hint, 200 ms by default, is inferred); 5xx (ECS/RAM/STS/RD 503 ServiceUnavailable or 500 InternalError, KMS 503 ServiceUnavailableTemporary or 500 InternalFailure, codes documented, messages inferred); a dropped connection before the call is applied (nothing changes) or after (the change stays, the answer is lost), in process keyshare.ConnectionDropped with HTTP status 0 and over keyshare serve a TCP close without an answer; added latency (fixed, uniform or log-normal from mean and p99); per-account rate limits in fixed one-second windows of the simulator clock, throttled calls counted too (the real windowing is not documented); only STS AssumeRole's 100/s is a documented figure. Eventual consistency: a role made by CreateRole is not a valid key-policy principal (400 InvalidParameter) nor an AssumeRole target (404 EntityNotExist.Role) until role_propagation has passed on the simulator clock; RAM itself sees it at once and world-seeded roles are never delayed (the real delay is undocumented, typically seconds). Draws depend on the seed, account, action and the account's call count, so interleaving does not change them; a resumed state file draws anew."
        ),
        Divergence(
            id: "SIM-034",
            summary:
                "The KMS 3.0 instance reports Status Connected, Spec 1000 and generated VPC bindings; secrets are not simulated."),
        Divergence(
            id: "SIM-036",
            summary: "Keys scheduled for deletion stay PendingDeletion after their DeleteDate; the simulator never removes them."),
        Divergence(
            id: "SIM-035",
            summary:
                "In-process callers act as any identity through CallContext; a session of a role that no longer exists has no permissions."
        ),
        Divergence(
            id: "SIM-037",
            summary:
                "ListAliases is authorized as kms:ListAliases on acs:kms:<region>:<uid>:alias and lists aliases sorted by name; the real resource and order are not documented."
        ),
        Divergence(
            id: "SIM-046",
            summary:
                "ECS DescribeZones lists the world's zones of a region (default <region>-h, -i, -j, -k), every zone offering every disk category; CreateDisk in another zone answers 404 InvalidZoneId.NotFound."
        ),
        Divergence(
            id: "SIM-070",
            summary:
                "ListFoldersForParent is authorized like ListAccounts (management account or its identities allowed resourcemanager:ListFoldersForParent on account/*); an unknown ParentFolderId is 404 EntityNotExists.Folder; QueryKeyword matches names case-insensitively by substring; CreateTime is the management account's join time."
        ),
        Divergence(
            id: "SIM-061",
            summary:
                "Not-found errors name their subject after Alibaba's wording: Forbidden.AliasNotFound the alias, account and region; EntityNotExist.Role from STS the role ARN; InvalidAccessKeyId.NotFound for an in-process caller the account missing from the world."
        ),
        Divergence(
            id: "SIM-050",
            summary:
                "keyshare serve answers V1 (RPC) calls in XML unless Format=JSON (any case), for every product (some products document JSON as their default); V3 calls get JSON unless Accept names only an XML type; XML lists repeat their item element and leave out null fields."
        ),
        Divergence(
            id: "SIM-051",
            summary:
                "keyshare serve's error HostId is the Host the caller addressed (the listening address when absent or implausible), and Recommend is https://api.aliyun.com/troubleshoot?q=<Code>&product=<Product>."
        ),
        Divergence(
            id: "SIM-052",
            summary:
                "keyshare serve remembers each signature nonce per access key until the request's own timestamp leaves the 15-minute window (at most 100,000 per key in memory), kept across restarts in <state>.nonces when serving a --state file."
        ),
        Divergence(
            id: "SIM-094",
            summary:
                "SetDefaultPolicyVersion and DeletePolicyVersion act on custom policies only: a System policy's name answers 404 EntityNotExist.Policy."
        ),
        Divergence(
            id: "SIM-095",
            summary:
                "SetDefaultPolicyVersion to the version already in force succeeds and changes nothing (not even UpdateDate); DeletePolicyVersion of the default version is 409 DeleteConflict.Policy.Version.Default, checked after the version's existence (404 EntityNotExist.Policy.Version)."
        ),
        Divergence(
            id: "SIM-096",
            summary:
                "VersionId must be v followed by a number without leading zeros (v1, v12); anything else is 400 InvalidParameter.VersionId.Format, an empty one 400 MissingParameter."
        ),
        Divergence(
            id: "SIM-090",
            summary:
                "keyshare plan over HTTP models a member's calls as a session of the access role (--access-role) with the role's policies as read from the backend; session policies, MFA and source-IP conditions of the real credentials are not modelled."
        ),
        Divergence(
            id: "SIM-091",
            summary:
                "keyshare plan over HTTP reads custom policies at their default version only (the five-version limit is not predicted, and SetDefaultPolicyVersion or DeletePolicyVersion of another version answers 404 EntityNotExist.Policy.Version in the plan), and takes a role a key policy names to exist until a call is about that role, which it then reads."
        ),
        Divergence(
            id: "SIM-092",
            summary:
                "keyshare plan over HTTP counts the access-management units a KMS instance reports beyond those its keys' policies explain as bound VPCs."
        ),
        Divergence(
            id: "SIM-093",
            summary:
                "keyshare plan over HTTP does not read existing ECS disks, snapshots, images or resource shares: its shadow starts with none."
        ),
    ]
}
