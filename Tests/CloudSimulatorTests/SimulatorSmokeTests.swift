import CloudAPI
import CloudModel
import Foundation
import Testing

@testable import CloudSimulator

/// A few end-to-end checks of the simulator; the big truth tables live in the fidelity suites.
@Suite("Simulator smoke tests")
struct SimulatorSmokeTests {
    static let owner = AccountID("1000000000000001")!
    static let sharee = AccountID("2000000000000001")!
    static let other = AccountID("2000000000000002")!

    static let diskRolePolicy =
        #"{"Version":"1","Statement":[{"Action":["kms:List*","kms:DescribeKey","kms:TagResource","kms:UntagResource"],"Resource":["acs:kms:*:*:*","acs:kms:*:*:*/*"],"Effect":"Allow"},{"Action":["kms:Encrypt","kms:Decrypt","kms:GenerateDataKey"],"Resource":["acs:kms:*:*:*/*"],"Effect":"Allow"}]}"#
    static let ecsTrust =
        #"{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]}}],"Version":"1"}"#

    func makeCloud(accounts: Int = 2, stateFile: URL? = nil) throws -> SimulatedCloud {
        try SimulatedCloud(world: .starter(accounts: accounts), environment: .deterministic(), stateFile: stateFile)
    }

    /// The starter key's id, found through its alias.
    func sharedKeyID(_ cloud: SimulatedCloud) async throws -> String {
        try await cloud.describeKey(DescribeKeyRequest(keyID: "alias/shared-disk-key"), context: .root(Self.owner))
            .keyMetadata.keyID
    }

    /// The sharee's side of the seed procedure: the custom policy and the ECS disk-encryption role.
    func prepareSharee(_ cloud: SimulatedCloud, _ account: AccountID = sharee) async throws {
        let root = CallContext.root(account)
        _ = try await cloud.createPolicy(
            CreatePolicyRequest(policyName: "ECSDiskEncrypt", policyDocument: Self.diskRolePolicy),
            context: root)
        _ = try await cloud.createRole(
            CreateRoleRequest(
                roleName: "AliyunECSDiskEncryptDefaultRole",
                assumeRolePolicyDocument: Self.ecsTrust), context: root)
        _ = try await cloud.attachPolicyToRole(
            AttachPolicyToRoleRequest(
                policyName: "ECSDiskEncrypt",
                roleName: "AliyunECSDiskEncryptDefaultRole"),
            context: root)
    }

    /// A key policy: the default statement plus the sharees' disk-encryption roles.
    func sharingPolicy(_ sharees: [AccountID]) -> String {
        let roles = sharees.map { "\"acs:ram::\($0):role/aliyunecsdiskencryptdefaultrole\"" }.joined(separator: ",")
        return
            #"{"Version":"1","Statement":[{"Sid":"kms default key policy","Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Action":["kms:*"],"Resource":["*"]},{"Effect":"Allow","Principal":{"RAM":["#
            + roles
            + #"]},"Action":["kms:List*","kms:DescribeKey","kms:Encrypt","kms:Decrypt","kms:GenerateDataKey"],"Resource":["*"]}]}"#
    }

    func expectError(_ code: String, status: Int, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected \(code) but the call succeeded")
        } catch let error as CloudError {
            #expect(error.code == code)
            #expect(error.httpStatus == status)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("the starter world survives a YAML round trip")
    func starterRoundTrip() throws {
        let world = World.starter(accounts: 5, seed: 7)
        #expect(try World.load(yaml: world.yaml()) == world)
        #expect(world.accounts.count == 6)
        #expect(world.accounts[0].kmsInstances[0].vpcNum == 15)
        #expect(world.accounts.allSatisfy { $0.accessKeys.allSatisfy { $0.id.hasPrefix("KS") } })
    }

    @Test("an unknown world key is an error naming its path")
    func unknownKey() {
        let yaml = """
            version: 1
            accounts:
              - id: "1000000000000001"
                name: a
                roles:
                  - { name: r, trst: {} }
            """
        #expect(throws: WorldError.self) { try World.load(yaml: yaml) }
        do {
            _ = try World.load(yaml: yaml)
        } catch {
            #expect("\(error)".contains("accounts[0].roles[0].trst"))
        }
    }

    @Test("the seed procedure lets a sharee create an encrypted disk with the shared key id")
    func seedProcedure() async throws {
        let cloud = try makeCloud()
        let keyID = try await sharedKeyID(cloud)
        try await prepareSharee(cloud)
        _ = try await cloud.setKeyPolicy(
            SetKeyPolicyRequest(keyID: keyID, policy: sharingPolicy([Self.sharee])),
            context: .root(Self.owner))
        let disk = try await cloud.createDisk(
            CreateDiskRequest(
                regionID: "cn-hangzhou", zoneID: "cn-hangzhou-h", diskCategory: "cloud_essd", size: 40,
                encrypted: true, kmsKeyID: keyID),
            context: .root(Self.sharee))
        let described = try await cloud.describeDisks(DescribeDisksRequest(regionID: "cn-hangzhou"), context: .root(Self.sharee))
        #expect(described.disks.disk.first?.diskID == disk.diskID)
        #expect(described.disks.disk.first?.status == "Creating")
        #expect(described.disks.disk.first?.kmsKeyID == keyID)
        await cloud.advanceClock(by: 2)
        let later = try await cloud.describeDisks(DescribeDisksRequest(regionID: "cn-hangzhou"), context: .root(Self.sharee))
        #expect(later.disks.disk.first?.status == "Available")
    }

    @Test("each missing ingredient of the seed procedure fails with its ECS code")
    func seedProcedureFailures() async throws {
        let cloud = try makeCloud()
        let keyID = try await sharedKeyID(cloud)
        let request = CreateDiskRequest(
            regionID: "cn-hangzhou", zoneID: "cn-hangzhou-h", size: 40, encrypted: true,
            kmsKeyID: keyID)
        var unknown = request
        unknown.kmsKeyID = "key-hzz000000000000000none"
        await expectError("InvalidParameter.KMSKeyId.NotFound", status: 404) {
            _ = try await cloud.createDisk(unknown, context: .root(Self.sharee))
        }
        await expectError("InvalidParameter.KMSKeyId.KMSUnauthorized", status: 403) {
            _ = try await cloud.createDisk(request, context: .root(Self.sharee))
        }
        try await prepareSharee(cloud)
        try await prepareSharee(cloud, Self.other)
        _ = try await cloud.setKeyPolicy(
            SetKeyPolicyRequest(keyID: keyID, policy: sharingPolicy([Self.other])),
            context: .root(Self.owner))
        await expectError("InvalidParameter.KMSKeyId.CMKUnauthorized", status: 403) {
            _ = try await cloud.createDisk(request, context: .root(Self.sharee))
        }
        // Named only through the account root: found, but the role is not allowed by the key policy.
        let rootOnly =
            #"{"Version":"1","Statement":[{"Effect":"Allow","Principal":{"RAM":["acs:ram::2000000000000001:root"]},"Action":["kms:*"],"Resource":["*"]}]}"#
        _ = try await cloud.setKeyPolicy(SetKeyPolicyRequest(keyID: keyID, policy: rootOnly), context: .root(Self.owner))
        await expectError("InvalidParameter.KMSKeyId.CMKUnauthorized", status: 403) {
            _ = try await cloud.createDisk(request, context: .root(Self.sharee))
        }
        _ = try await cloud.setKeyPolicy(
            SetKeyPolicyRequest(keyID: keyID, policy: sharingPolicy([Self.sharee])),
            context: .root(Self.owner))
        _ = try await cloud.detachPolicyFromRole(
            DetachPolicyFromRoleRequest(policyName: "ECSDiskEncrypt", roleName: "AliyunECSDiskEncryptDefaultRole"),
            context: .root(Self.sharee))
        await expectError("InvalidParameter.KMSKeyId.KMSUnauthorized", status: 403) {
            _ = try await cloud.createDisk(request, context: .root(Self.sharee))
        }
        _ = try await cloud.attachPolicyToRole(
            AttachPolicyToRoleRequest(policyName: "ECSDiskEncrypt", roleName: "AliyunECSDiskEncryptDefaultRole"),
            context: .root(Self.sharee))
        _ = try await cloud.disableKey(DisableKeyRequest(keyID: keyID), context: .root(Self.owner))
        await expectError("InvalidParameter.KMSKeyId.CMKNotEnabled", status: 403) {
            _ = try await cloud.createDisk(request, context: .root(Self.sharee))
        }
        var unencrypted = request
        unencrypted.encrypted = nil
        await expectError("InvalidEncrypted.NotMatchKmsKeyId", status: 400) {
            _ = try await cloud.createDisk(unencrypted, context: .root(Self.sharee))
        }
    }

    @Test("a key policy naming a missing role is InvalidParameter and the share quota is enforced")
    func keyPolicyChecks() async throws {
        var world = World.starter(accounts: 3)
        world.accounts[0].kmsInstances[0].vpcNum = 3
        let cloud = try SimulatedCloud(world: world, environment: .deterministic())
        let keyID = try await sharedKeyID(cloud)
        await expectError("InvalidParameter", status: 400) {
            _ = try await cloud.setKeyPolicy(
                SetKeyPolicyRequest(keyID: keyID, policy: sharingPolicy([Self.sharee])),
                context: .root(Self.owner))
        }
        let third = AccountID("2000000000000003")!
        for account in [Self.sharee, Self.other, third] { try await prepareSharee(cloud, account) }
        _ = try await cloud.setKeyPolicy(
            SetKeyPolicyRequest(keyID: keyID, policy: sharingPolicy([Self.sharee, Self.other])),
            context: .root(Self.owner))
        await expectError("Rejected.ShareQuotaExceedLimit", status: 400) {
            _ = try await cloud.setKeyPolicy(
                SetKeyPolicyRequest(keyID: keyID, policy: sharingPolicy([Self.sharee, Self.other, third])),
                context: .root(Self.owner))
        }
        _ = try await cloud.setKeyPolicy(
            SetKeyPolicyRequest(keyID: keyID, policy: sharingPolicy([Self.sharee])),
            context: .root(Self.owner))
        await expectError("Rejected.ShareQuotaExceedLimit", status: 400) {
            _ = try await cloud.setKeyPolicy(
                SetKeyPolicyRequest(keyID: keyID, policy: sharingPolicy([Self.sharee, third])),
                context: .root(Self.owner))
        }
        await cloud.advanceClock(by: 301)
        _ = try await cloud.setKeyPolicy(
            SetKeyPolicyRequest(keyID: keyID, policy: sharingPolicy([Self.sharee, third])),
            context: .root(Self.owner))
    }

    @Test("another account needs the key ARN and both policies")
    func crossAccountKMS() async throws {
        let cloud = try makeCloud()
        let keyID = try await sharedKeyID(cloud)
        let arn = "acs:kms:cn-hangzhou:\(Self.owner):key/\(keyID)"
        await expectError("Forbidden.KeyNotFound", status: 404) {
            _ = try await cloud.describeKey(DescribeKeyRequest(keyID: keyID), context: .root(Self.sharee))
        }
        await expectError("Forbidden.NoPermission", status: 403) {
            _ = try await cloud.describeKey(DescribeKeyRequest(keyID: arn), context: .root(Self.sharee))
        }
        let rootGrant =
            #"{"Version":"1","Statement":[{"Effect":"Allow","Principal":{"RAM":["acs:ram::2000000000000001:root"]},"Action":["kms:DescribeKey","kms:Encrypt","kms:Decrypt"],"Resource":["*"]}]}"#
        _ = try await cloud.setKeyPolicy(SetKeyPolicyRequest(keyID: keyID, policy: rootGrant), context: .root(Self.owner))
        let metadata = try await cloud.describeKey(DescribeKeyRequest(keyID: arn), context: .root(Self.sharee)).keyMetadata
        #expect(metadata.keyID == keyID)
        let sealed = try await cloud.encrypt(
            EncryptRequest(
                keyID: arn, plaintext: Data("hello".utf8).base64EncodedString(),
                encryptionContext: #"{"app":"a"}"#),
            context: .root(Self.sharee))
        let opened = try await cloud.decrypt(
            DecryptRequest(
                ciphertextBlob: sealed.ciphertextBlob,
                encryptionContext: #"{"app":"a"}"#),
            context: .root(Self.sharee))
        #expect(Data(base64Encoded: opened.plaintext) == Data("hello".utf8))
        await expectError("InvalidParameter", status: 400) {
            _ = try await cloud.decrypt(
                DecryptRequest(
                    ciphertextBlob: sealed.ciphertextBlob,
                    encryptionContext: #"{"app":"b"}"#),
                context: .root(Self.sharee))
        }
        await expectError("Forbidden.NoPermission", status: 403) {
            _ = try await cloud.decrypt(
                DecryptRequest(
                    ciphertextBlob: sealed.ciphertextBlob,
                    encryptionContext: #"{"app":"a"}"#),
                context: .root(Self.other))
        }
    }

    @Test("the management account assumes the member access role and the credentials expire")
    func assumeRole() async throws {
        let cloud = try makeCloud()
        let response = try await cloud.assumeRole(
            AssumeRoleRequest(
                roleARN: "acs:ram::\(Self.sharee):role/ResourceDirectoryAccountAccessRole",
                roleSessionName: "keyshare", durationSeconds: 900),
            context: .root(Self.owner))
        let credential = await cloud.credential(forAccessKeyID: response.credentials.accessKeyID)
        #expect(
            credential?.principal
                == .assumedRole(
                    Self.sharee, roleName: "ResourceDirectoryAccountAccessRole",
                    sessionName: "keyshare"))
        #expect(response.credentials.expiration == "2026-01-01T00:15:00Z")
        await expectError("NoPermission", status: 403) {
            _ = try await cloud.assumeRole(
                AssumeRoleRequest(
                    roleARN: "acs:ram::\(Self.sharee):role/ResourceDirectoryAccountAccessRole",
                    roleSessionName: "keyshare"),
                context: .root(Self.other))
        }
        await cloud.advanceClock(by: 901)
        #expect(credential?.expiration == nil)
        // Expired sessions stay known, so the server can answer InvalidSecurityToken.Expired.
        #expect(await cloud.credential(forAccessKeyID: response.credentials.accessKeyID)?.expiration == .distantPast)
    }

    @Test("ListAccounts answers the management account only")
    func listAccounts() async throws {
        let cloud = try makeCloud(accounts: 4)
        let page = try await cloud.listAccounts(
            ListAccountsRequest(pageSize: 3, tag: [KeyValueTag(key: "env", value: "prod")]),
            context: .root(Self.owner))
        #expect(page.totalCount == 3)
        await expectError("NoPermission", status: 403) {
            _ = try await cloud.listAccounts(ListAccountsRequest(), context: .root(Self.sharee))
        }
    }

    @Test("a state file keeps every acknowledged mutation across a restart")
    func persistence() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("keyshare-sim-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            let cloud = try makeCloud(stateFile: file)
            try await prepareSharee(cloud)
            await cloud.advanceClock(by: 60)
        }
        let reopened = try SimulatedCloud(world: World(accounts: []), environment: .deterministic(), stateFile: file)
        let role = try await reopened.getRole(
            GetRoleRequest(roleName: "aliyunecsdiskencryptdefaultrole"),
            context: .root(Self.sharee))
        #expect(role.role.roleName == "AliyunECSDiskEncryptDefaultRole")
        #expect(await reopened.currentDate() == SimulatorEnvironment.defaultStart.addingTimeInterval(60))
    }

    @Test("deterministic environments reproduce ids")
    func deterministicIDs() async throws {
        func newKey() async throws -> String {
            let cloud = try makeCloud()
            return try await cloud.createKey(CreateKeyRequest(), context: .root(Self.owner)).keyMetadata.keyID
        }
        let first = try await newKey()
        let second = try await newKey()
        #expect(first == second)
    }

    @Test("the divergence register has unique ids and includes the policy language's")
    func divergences() {
        let ids = SimulatedCloud.divergences.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.contains("SIM-021"))
        #expect(ids.contains { !$0.hasPrefix("SIM-") })
    }
}

/// Identity-policy checks for RAM users and fault injection.
@Suite("Simulator identity and faults")
struct SimulatorIdentityTests {
    static let owner = AccountID("1000000000000001")!

    /// A world with a user `alice` (KMS full access) and `bob` (nothing) in the management account.
    func makeCloud() throws -> SimulatedCloud {
        var world = World.starter(accounts: 1)
        world.accounts[0].users = [World.User(name: "alice", policies: ["System:AliyunKMSFullAccess"]), World.User(name: "bob")]
        return try SimulatedCloud(world: world, environment: .deterministic())
    }

    func code(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as CloudError {
            return error.code
        } catch {
            return "\(error)"
        }
    }

    @Test("a RAM user without policies is refused in each product's wording")
    func userDenials() async throws {
        let cloud = try makeCloud()
        let bob = CallContext(principal: .user(Self.owner, name: "bob"))
        #expect(
            await code { _ = try await cloud.describeKey(DescribeKeyRequest(keyID: "alias/shared-disk-key"), context: bob) }
                == nil, "the default key policy allows every identity of the owner account")
        #expect(await code { _ = try await cloud.listKeys(ListKeysRequest(), context: bob) } == "Forbidden.NoPermission")
        #expect(await code { _ = try await cloud.listRoles(ListRolesRequest(), context: bob) } == "NoPermission")
        #expect(
            await code { _ = try await cloud.describeDisks(DescribeDisksRequest(regionID: "cn-hangzhou"), context: bob) }
                == "Forbidden.RAM")
        #expect(await cloud.lastDenial?.action == "ecs:DescribeDisks")
        let alice = CallContext(principal: .user(Self.owner, name: "alice"))
        #expect(await code { _ = try await cloud.listKeys(ListKeysRequest(), context: alice) } == nil)
        #expect(await code { _ = try await cloud.listRoles(ListRolesRequest(), context: alice) } == "NoPermission")
    }

    @Test("ListAliases pages the caller's aliases in name order, with ARNs and key ids, and needs kms:ListAliases")
    func listAliases() async throws {
        let cloud = try SimulatedCloud(world: .starter(accounts: 2, keys: 3), environment: .deterministic())
        let root = CallContext.root(Self.owner)
        let first = try await cloud.listAliases(ListAliasesRequest(pageSize: 2), context: root)
        #expect(first.totalCount == 3 && first.pageNumber == 1 && first.pageSize == 2)
        #expect(first.aliases.alias.map(\.aliasName) == ["alias/shared-disk-key", "alias/shared-disk-key-2"])
        #expect(first.aliases.alias[0].aliasARN == "acs:kms:cn-hangzhou:1000000000000001:alias/shared-disk-key")
        let key = try await cloud.describeKey(DescribeKeyRequest(keyID: "alias/shared-disk-key"), context: root)
        #expect(first.aliases.alias[0].keyID == key.keyMetadata.keyID)
        let second = try await cloud.listAliases(ListAliasesRequest(pageNumber: 2, pageSize: 2), context: root)
        #expect(second.aliases.alias.map(\.aliasName) == ["alias/shared-disk-key-3"])
        #expect(await code { _ = try await cloud.listAliases(ListAliasesRequest(pageSize: 101), context: root) } != nil)
        let sharee = try await cloud.listAliases(ListAliasesRequest(), context: .root(AccountID("2000000000000001")!))
        #expect(sharee.totalCount == 0, "aliases are per account")
        let bob = CallContext(principal: .user(Self.owner, name: "bob"))
        #expect(await code { _ = try await cloud.listAliases(ListAliasesRequest(), context: bob) } == "Forbidden.NoPermission")
    }

    @Test("an explicit deny in the key policy beats the owner's root")
    func explicitDeny() async throws {
        let cloud = try makeCloud()
        let root = CallContext.root(Self.owner)
        let deny =
            #"{"Version":"1","Statement":[{"Sid":"kms default key policy","Effect":"Allow","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Action":["kms:*"],"Resource":["*"]},{"Effect":"Deny","Principal":{"RAM":["acs:ram::1000000000000001:*"]},"Action":["kms:Encrypt"],"Resource":["*"]}]}"#
        _ = try await cloud.setKeyPolicy(SetKeyPolicyRequest(keyID: "alias/shared-disk-key", policy: deny), context: root)
        #expect(
            await code {
                _ = try await cloud.encrypt(EncryptRequest(keyID: "alias/shared-disk-key", plaintext: "aGk="), context: root)
            } == "Forbidden.NoPermission")
        #expect(
            await code {
                _ = try await cloud.generateDataKey(GenerateDataKeyRequest(keyID: "alias/shared-disk-key"), context: root)
            } == nil)
    }

    @Test("injected faults are reproducible and the STS limit throttles")
    func faults() async throws {
        func outcomes() async throws -> [String?] {
            let cloud = try makeCloud()
            await cloud.setFaults(FaultPlan(seed: 3, rules: [.kmsRead: .init(errorRate: 0.5)]))
            var result: [String?] = []
            for _ in 0..<20 {
                result.append(
                    await code {
                        _ = try await cloud.describeKey(
                            DescribeKeyRequest(keyID: "alias/shared-disk-key"), context: .root(Self.owner))
                    })
            }
            return result
        }
        let first = try await outcomes()
        #expect(first == (try await outcomes()))
        #expect(first.contains("Rejected.Throttling"))
        #expect(first.contains(nil))
        let cloud = try makeCloud()
        await cloud.setFaults(.documentedLimits)
        let member = AccountID("2000000000000001")!
        var throttled = 0
        for _ in 0..<101 {
            let result = await code {
                _ = try await cloud.assumeRole(
                    AssumeRoleRequest(
                        roleARN: "acs:ram::\(member):role/ResourceDirectoryAccountAccessRole",
                        roleSessionName: "load"),
                    context: .root(Self.owner))
            }
            if result == "Throttling.User" { throttled += 1 }
        }
        #expect(throttled == 1)
    }
}
