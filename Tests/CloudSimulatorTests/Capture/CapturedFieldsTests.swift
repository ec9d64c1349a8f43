import CloudAPI
import CloudModel
import CloudSimulator
import KeyshareTesting
import Testing

/// The world fields a capture writes that hand-written worlds rarely need: a key's further
/// `aliases` and a custom policy's `default_version`.
@Suite("World files: further aliases and a policy's default version")
struct CapturedFieldsTests {
    /// The one account.
    static let owner = AccountID("1000000000000001")!

    /// A world whose key has `aliases` besides alias/a and whose policy is at `version`.
    static func world(aliases: String = "[ alias/b, alias/c ]", version: String = "v3") -> String {
        """
        version: 1
        accounts:
          - id: "1000000000000001"
            name: solo
            policies:
              - { name: Evolving, default_version: \(version), document: { Version: "1", Statement: [ { Effect: Allow, Action: [ "kms:Decrypt" ], Resource: [ "*" ] } ] } }
            roles:
              - { name: ops, trust: '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::1000000000000001:root"]}}]}', policies: [ "Custom:Evolving" ] }
            kms_instances: [ { id: kst-hzz0000000000000009, region: cn-hangzhou, vpc_num: 2 } ]
            keys:
              - { id: key-hzz000000000000000091, instance: kst-hzz0000000000000009, region: cn-hangzhou, alias: alias/a, aliases: \(aliases) }
        """
    }

    @Test("every alias names the key, and the policy is at its version; the next version follows it")
    func loaded() async throws {
        let cloud = try SimulatedCloud(world: try World.load(yaml: Self.world()), environment: DeterministicEnvironment.make())
        let aliases = try await cloud.listAliases(ListAliasesRequest(pageSize: 100), context: .root(Self.owner)).aliases.alias
        #expect(aliases.map(\.aliasName).sorted() == ["alias/a", "alias/b", "alias/c"])
        #expect(Set(aliases.map(\.keyID)) == ["key-hzz000000000000000091"])
        let policy = try await cloud.getPolicy(GetPolicyRequest(policyName: "Evolving"), context: .root(Self.owner))
        #expect(policy.policy.defaultVersion == "v3")
        let next = try await cloud.createPolicyVersion(
            CreatePolicyVersionRequest(policyName: "Evolving", policyDocument: policy.defaultPolicyVersion.policyDocument),
            context: .root(Self.owner))
        #expect(next.policyVersion.versionID == "v4")
    }

    @Test(
        "a bad further alias or version is refused by name",
        arguments: [
            ("[ alias/a ]", "v3", "alias 'alias/a' is also the alias of accounts[0].keys[0]"),
            ("[ acs/b ]", "v3", "must start with alias/"),
            ("[ alias/b ]", "v03", "default_version 'v03' is not a version id"),
            ("[ alias/b ]", "3", "default_version '3' is not a version id"),
        ])
    func refused(_ aliases: String, _ version: String, _ message: String) {
        #expect {
            _ = try SimulatedCloud(world: try World.load(yaml: Self.world(aliases: aliases, version: version)))
        } throws: { error in
            "\(error)".contains(message)
        }
    }
}
