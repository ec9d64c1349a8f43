import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import Testing

private let owner = AccountID("1000000000000001")!
private let member = AccountID("2000000000000001")!
private let keyID = "key-hzz6aa1b2c3d4e5f6a7b8"

/// An owner with a KMS instance (quota 4, one bound VPC) and a key naming a partner; a member with
/// a role holding a custom policy.
private let world = """
    version: 1
    default_region: cn-hangzhou
    resource_directory:
      management_account: "1000000000000001"
      folders: [ { id: fd-prod, name: prod } ]
    accounts:
      - id: "1000000000000001"
        name: security
        kms_instances:
          - { id: kst-hzz6aa1b2c3d4e5f6, region: cn-hangzhou, vpc_num: 4, key_num: 1000, bound_vpcs: 1 }
        keys:
          - id: key-hzz6aa1b2c3d4e5f6a7b8
            instance: kst-hzz6aa1b2c3d4e5f6
            region: cn-hangzhou
            alias: alias/shared-disk-key
            policy:
              Version: "1"
              Statement:
                - { Effect: Allow, Principal: { RAM: [ "acs:ram::1000000000000001:*" ] }, Action: [ "kms:*" ], Resource: [ "*" ] }
                - { Effect: Allow, Principal: { RAM: [ "acs:ram::3000000000000001:root" ] }, Action: [ "kms:DescribeKey" ], Resource: [ "*" ] }
      - id: "2000000000000001"
        name: prod-1
        folder: fd-prod
        policies:
          - name: DiskKeyUse
            document: { Version: "1", Statement: [ { Effect: Allow, Action: [ "kms:Decrypt" ], Resource: [ "*" ] } ] }
        roles:
          - name: AliyunECSDiskEncryptDefaultRole
            trust: { Version: "1", Statement: [ { Effect: Allow, Action: "sts:AssumeRole", Principal: { Service: [ "ecs.aliyuncs.com" ] } } ] }
            policies: [ "Custom:DiskKeyUse" ]
      - { id: "3000000000000001", name: partner }
    """

private let trust =
    #"{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]}}],"Version":"1"}"#

/// `ShadowCloud`: writes land in the overlay only; the remote shadow learns what calls are about
/// through reads of the backend.
@Suite("Shadow cloud")
struct ShadowCloudTests {
    private func backend() throws -> SimulatedCloud {
        try SimulatedCloud(world: World.load(yaml: world), environment: .deterministic())
    }

    @Test(
        "reads, crypto and AssumeRole are not mutating; every other action is",
        arguments: [
            ("GetRole", false), ("ListKeys", false), ("DescribeDisks", false), ("AssumeRole", false),
            ("Decrypt", false), ("GetCallerIdentity", false), ("CreateRole", true), ("SetKeyPolicy", true),
            ("CreateDisk", true), ("DeleteDisk", true), ("UpdateRole", true), ("AttachPolicyToRole", true),
            ("ModifyImageSharePermission", true), ("AcceptResourceShareInvitation", true),
        ])
    func mutatingActions(_ action: String, _ mutating: Bool) {
        #expect(ShadowCloud.isMutating(action: action) == mutating)
    }

    @Test("a shadow over a detached copy keeps its writes from the original and counts them")
    func detachedCopy() async throws {
        let original = try backend()
        let shadow = ShadowCloud(copy: try await original.detachedCopy())
        _ = try await shadow.createRole(
            CreateRoleRequest(roleName: "PlanProbe", assumeRolePolicyDocument: trust),
            context: .root(member))
        #expect(
            try await shadow.getRole(GetRoleRequest(roleName: "PlanProbe"), context: .root(member)).role.roleName == "PlanProbe")
        await #expect(throws: CloudError.self) {
            _ = try await original.getRole(GetRoleRequest(roleName: "PlanProbe"), context: .root(member))
        }
        #expect(shadow.mutatingCalls == ["CreateRole": 1])
    }

    @Test("over a remote backend: reads are seeded, writes never reach it, key capacity is the overlay's")
    func remoteShadow() async throws {
        let original = try backend()
        // A shadow of the backend itself counts what reaches the backend (it forwards every call to it).
        let remote = ShadowCloud(copy: original)
        let shadow = try await ShadowCloud.over(
            remote: remote, owner: owner, accessRole: "ResourceDirectoryAccountAccessRole",
            region: .hangzhou, environment: .deterministic())
        let role = try await shadow.getRole(GetRoleRequest(roleName: "AliyunECSDiskEncryptDefaultRole"), context: .root(member))
        #expect(role.role.roleName == "AliyunECSDiskEncryptDefaultRole")
        let attached = try await shadow.listPoliciesForRole(
            ListPoliciesForRoleRequest(roleName: "AliyunECSDiskEncryptDefaultRole"), context: .root(member))
        #expect(attached.policies.policy.map(\.policyName) == ["DiskKeyUse"])

        let before = try await shadow.getKeyPolicy(
            GetKeyPolicyRequest(keyID: keyID, policyName: "default"), context: .root(owner))
        let granted = before.policy.replacingOccurrences(
            of: #""acs:ram::3000000000000001:root""#,
            with: #""acs:ram::3000000000000001:root","acs:ram::2000000000000001:role/AliyunECSDiskEncryptDefaultRole""#)
        _ = try await shadow.setKeyPolicy(
            SetKeyPolicyRequest(keyID: keyID, policy: granted),
            context: .root(owner))
        _ = try await shadow.createRole(
            CreateRoleRequest(roleName: "PlanProbe", assumeRolePolicyDocument: trust),
            context: .root(member))

        #expect(remote.mutatingCalls.isEmpty, "\(remote.mutatingCalls)")
        #expect(shadow.mutatingCalls == ["SetKeyPolicy": 1, "CreateRole": 1])
        let untouched = try await original.getKeyPolicy(
            GetKeyPolicyRequest(keyID: keyID, policyName: "default"),
            context: .root(owner))
        #expect(untouched.policy == before.policy)
        let capacity = await shadow.keyCapacities()
        #expect(capacity.count == 1)
        // One bound VPC, the partner, and now the member.
        #expect(capacity.first?.quotaUsed == 3 && capacity.first?.quotaTotal == 4, "\(capacity)")
        #expect(capacity.first?.policyBytes == granted.utf8.count)
    }

    @Test("a role the backend does not have stays missing in the shadow, and writing it needs no backend write")
    func missingRole() async throws {
        let remote = ShadowCloud(copy: try backend())
        let shadow = try await ShadowCloud.over(
            remote: remote, owner: owner, accessRole: "ResourceDirectoryAccountAccessRole",
            region: .hangzhou, environment: .deterministic())
        await #expect(throws: CloudError.self) {
            _ = try await shadow.getRole(GetRoleRequest(roleName: "Nobody"), context: .root(member))
        }
        _ = try await shadow.createRole(
            CreateRoleRequest(roleName: "Nobody", assumeRolePolicyDocument: trust),
            context: .root(member))
        #expect(try await shadow.getRole(GetRoleRequest(roleName: "Nobody"), context: .root(member)).role.roleName == "Nobody")
        #expect(remote.mutatingCalls.isEmpty)
    }
}
