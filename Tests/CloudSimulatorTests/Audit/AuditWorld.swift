/// The audit tests' organisation, written as a world file so each variant changes one thing: the
/// owner (management account) with a KMS instance and the shared key, two members of the Resource
/// Directory with a `KeyUser` role each, and a partner account outside it with a `Partner` role.
struct AuditWorld: Sendable {
    /// The owner.
    static let owner = "1000000000000001"
    /// Members of the Resource Directory.
    static let member1 = "2000000000000001", member2 = "2000000000000002"
    /// An account of the world outside the Resource Directory.
    static let partner = "3000000000000001"
    /// The shared key.
    static let keyID = "key-hzz6aa1b2c3d4e5f6a7b8"
    /// The owner's instance.
    static let instanceID = "kst-hzz6aa1b2c3d4e5f6"

    /// Principals the key's `share` statement allows.
    var principals: [String]
    /// Extra statements of the key policy, as YAML flow mappings.
    var extraStatements: [String] = []
    /// Whether the key policy keeps the owner's default statement.
    var defaultStatement = true
    /// The instance's access-management quota and the VPCs already bound to it.
    var vpcNum = 10, boundVPCs = 0
    /// Whether the world has a Resource Directory.
    var directory = true
    /// How many extra `kms:DescribeKey` actions pad the share statement (to grow the policy).
    var padding = 0

    /// The world file.
    var yaml: String {
        var statements: [String] = []
        if defaultStatement {
            statements.append(
                #"{ Sid: "kms default key policy", Effect: Allow, Principal: { RAM: [ "acs:ram::\#(Self.owner):*" ] }, Action: [ "kms:*" ], Resource: [ "*" ] }"#
            )
        }
        if !principals.isEmpty {
            let actions = ["kms:DescribeKey", "kms:Decrypt"] + Array(repeating: "kms:DescribeKey", count: padding)
            statements.append(
                "{ Sid: share, Effect: Allow, Principal: { RAM: [ \(principals.map { "\"\($0)\"" }.joined(separator: ", ")) ] }, "
                    + "Action: [ \(actions.map { "\"\($0)\"" }.joined(separator: ", ")) ], Resource: [ \"*\" ] }")
        }
        statements += extraStatements
        let trust = { (account: String) in
            #"{ Version: "1", Statement: [ { Effect: Allow, Action: "sts:AssumeRole", Principal: { RAM: [ "acs:ram::\#(account):root" ] } } ] }"#
        }
        return """
            version: 1
            default_region: cn-hangzhou
            \(directory ? "resource_directory:\n  management_account: \"\(Self.owner)\"\n  folders:\n    - { id: fd-prod, name: prod }" : "")
            accounts:
              - id: "\(Self.owner)"
                name: security
                roles:
                  - { name: KeyAdmin, trust: \(trust(Self.owner)) }
                kms_instances:
                  - { id: \(Self.instanceID), region: cn-hangzhou, vpc_num: \(vpcNum), bound_vpcs: \(boundVPCs), key_num: 100 }
                keys:
                  - id: \(Self.keyID)
                    instance: \(Self.instanceID)
                    region: cn-hangzhou
                    alias: alias/shared-disk-key
                    policy:
                      Version: "1"
                      Statement:
            \(statements.map { "            - " + $0 }.joined(separator: "\n"))
              - id: "\(Self.member1)"
                name: prod-1
            \(directory ? "    folder: fd-prod" : "")
                roles:
                  - { name: KeyUser, trust: \(trust(Self.member1)) }
              - id: "\(Self.member2)"
                name: prod-2
            \(directory ? "    folder: fd-prod" : "")
                roles:
                  - { name: KeyUser, trust: \(trust(Self.member2)) }
              - id: "\(Self.partner)"
                name: partner
                roles:
                  - { name: Partner, trust: \(trust(Self.partner)) }
            """
    }
}
