import CloudModel

/// The documents of the seed procedure (seed-ecs-cross-account-key-sharing.txt), as JSON text.
package enum SeedDocuments {
    /// The role ECS assumes in the sharee to use the shared key.
    package static let diskEncryptRole = "AliyunECSDiskEncryptDefaultRole"
    /// The sharee's custom policy attached to that role.
    package static let diskEncryptPolicy = "AliyunECSDiskEncryptCustomizedPolicy"

    /// Trust of the disk-encrypt role: the ECS service.
    package static let ecsTrust =
        #"{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]}}],"Version":"1"}"#

    /// The disk-encrypt role's policy from the seed.
    package static let diskEncryptPolicyDocument =
        #"{"Version":"1","Statement":[{"Action":["kms:List*","kms:DescribeKey","kms:TagResource","kms:UntagResource"],"Resource":["acs:kms:*:*:*","acs:kms:*:*:*/*"],"Effect":"Allow"},{"Action":["kms:Encrypt","kms:Decrypt","kms:GenerateDataKey"],"Resource":["acs:kms:*:*:*/*"],"Effect":"Allow"}]}"#

    /// A key policy: the owner's default statement plus key use for each sharee's disk-encrypt role.
    package static func keyPolicy(owner: AccountID, sharees: [AccountID]) -> String {
        let principals = sharees.map { "\"acs:ram::\($0):role/\(diskEncryptRole)\"" }.joined(separator: ",")
        var statements = [
            #"{"Sid":"kms default key policy","Effect":"Allow","Principal":{"RAM":["acs:ram::\#(owner):*"]},"Action":["kms:*"],"Resource":["*"]}"#
        ]
        if !sharees.isEmpty {
            statements.append(
                #"{"Effect":"Allow","Principal":{"RAM":[\#(principals)]},"Action":["kms:List*","kms:DescribeKey","kms:Encrypt","kms:Decrypt","kms:GenerateDataKey"],"Resource":["*"]}"#
            )
        }
        return #"{"Version":"1","Statement":[\#(statements.joined(separator: ","))]}"#
    }
}
