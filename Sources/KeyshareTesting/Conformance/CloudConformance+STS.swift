import CloudAPI
import CloudModel

extension CloudConformance {
    /// STS and Resource Directory access (§4): AssumeRole needs trust and permission.
    static let stsChecks: [ConformanceCheck] = [
        ConformanceCheck("the management account assumes a member's ResourceDirectoryAccountAccessRole") { run in
            let f = run.fixture
            let arn = SeedPolicies.roleARN(f.sharee, "ResourceDirectoryAccountAccessRole")
            let assumed = try await run.expectSuccess("AssumeRole") {
                try await run.cloud.assumeRole(
                    AssumeRoleRequest(roleARN: arn, roleSessionName: "keyshare-conformance"),
                    context: f.ownerRoot)
            }
            try run.expect(
                assumed.assumedRoleUser.arn.lowercased() == "\(arn)/keyshare-conformance".lowercased(),
                "the session ARN is the role ARN plus the session name", assumed.assumedRoleUser.arn)
            let expiration = assumed.credentials.expiration
            try run.expect(
                expiration.count == 20 && expiration.hasSuffix("Z") && expiration.dropFirst(10).first == "T",
                "Expiration is YYYY-MM-DDTHH:MM:SSZ", expiration)
        },
        ConformanceCheck("a member cannot assume another member's access role (NoPermission)") { run in
            let f = run.fixture
            let arn = SeedPolicies.roleARN(f.sharees[1], "ResourceDirectoryAccountAccessRole")
            try await run.expectFailure("AssumeRole", code: "NoPermission", httpStatus: 403) {
                try await run.cloud.assumeRole(
                    AssumeRoleRequest(roleARN: arn, roleSessionName: "intruder"),
                    context: f.root(f.sharees[0]))
            }
        },
        ConformanceCheck("AssumeRole of a missing role fails with EntityNotExist.Role") { run in
            let f = run.fixture
            try await run.expectFailure("AssumeRole", code: "EntityNotExist.Role", httpStatus: 404) {
                try await run.cloud.assumeRole(
                    AssumeRoleRequest(roleARN: SeedPolicies.roleARN(f.sharee, "NoSuchRole"), roleSessionName: "s1"),
                    context: f.ownerRoot)
            }
        },
        ConformanceCheck("an account cannot assume a role only ECS is trusted with (NoPermission)") { run in
            let f = run.fixture
            try await run.expectSuccess("sharee prepares the disk encrypt role") {
                try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: run.cloud)
            }
            try await run.expectFailure("AssumeRole", code: "NoPermission", httpStatus: 403) {
                try await run.cloud.assumeRole(
                    AssumeRoleRequest(
                        roleARN: SeedPolicies.roleARN(f.sharee, SeedPolicies.diskEncryptRole), roleSessionName: "s1"),
                    context: f.root(f.sharee))
            }
        },
        ConformanceCheck("AssumeRole validates DurationSeconds, RoleSessionName and RoleArn") { run in
            let f = run.fixture
            let arn = SeedPolicies.roleARN(f.sharee, "ResourceDirectoryAccountAccessRole")
            try await run.expectFailure("899 seconds", code: "InvalidParameter.DurationSeconds", httpStatus: 400) {
                try await run.cloud.assumeRole(
                    AssumeRoleRequest(roleARN: arn, roleSessionName: "s1", durationSeconds: 899),
                    context: f.ownerRoot)
            }
            try await run.expectFailure("one-character session name", code: "InvalidParameter.RoleSessionName", httpStatus: 400) {
                try await run.cloud.assumeRole(AssumeRoleRequest(roleARN: arn, roleSessionName: "s"), context: f.ownerRoot)
            }
            try await run.expectFailure("not an ARN", code: "InvalidParameter.RoleArn", httpStatus: 400) {
                try await run.cloud.assumeRole(
                    AssumeRoleRequest(roleARN: "ResourceDirectoryAccountAccessRole", roleSessionName: "s1"),
                    context: f.ownerRoot)
            }
        },
        ConformanceCheck("GetCallerIdentity names the calling account") { run in
            let f = run.fixture
            let identity = try await run.expectSuccess("GetCallerIdentity") {
                try await run.cloud.getCallerIdentity(GetCallerIdentityRequest(), context: f.root(f.sharee))
            }
            try run.expect(identity.accountID == f.sharee.rawValue, "AccountId is the caller's UID", identity.accountID)
        },
    ]

    /// Resource Directory reads (§5).
    static let resourceManagerChecks: [ConformanceCheck] = [
        ConformanceCheck("ListAccounts by the management account lists every member with its folder") { run in
            let f = run.fixture
            let listed = try await run.expectSuccess("ListAccounts") {
                try await run.cloud.listAccounts(ListAccountsRequest(pageSize: 100), context: f.ownerRoot)
            }
            let ids = Set(listed.accounts.account.map(\.accountID))
            try run.expect(f.sharees.allSatisfy { ids.contains($0.rawValue) }, "every member is listed", "\(ids.sorted())")
            let first = listed.accounts.account.first { $0.accountID == f.sharee.rawValue }
            try run.expect(first?.folderID == "fd-prod", "the first member sits in fd-prod", first?.folderID ?? "absent")
        },
        ConformanceCheck("GetAccount of an unknown account fails with EntityNotExists.Account") { run in
            try await run.expectFailure("GetAccount", code: "EntityNotExists.Account", httpStatus: 404) {
                try await run.cloud.getAccount(GetAccountRequest(accountID: "2999999999999999"), context: run.fixture.ownerRoot)
            }
        },
        ConformanceCheck("ListFoldersForParent lists the root's folders with their names; an unknown parent is 404") { run in
            let listed = try await run.expectSuccess("ListFoldersForParent") {
                try await run.cloud.listFoldersForParent(
                    ListFoldersForParentRequest(pageSize: 100), context: run.fixture.ownerRoot)
            }
            let prod = listed.folders.folder.first { $0.folderID == "fd-prod" }
            try run.expect(prod?.folderName == "prod", "fd-prod is listed under the root as 'prod'", prod?.folderName ?? "absent")
            try run.expect(
                listed.totalCount == listed.folders.folder.count, "TotalCount counts the folders",
                "\(listed.totalCount)")
            try await run.expectFailure("ListFoldersForParent", code: "EntityNotExists.Folder", httpStatus: 404) {
                try await run.cloud.listFoldersForParent(
                    ListFoldersForParentRequest(parentFolderID: "fd-nowhere"),
                    context: run.fixture.ownerRoot)
            }
        },
    ]
}
