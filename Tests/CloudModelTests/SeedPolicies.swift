@testable import CloudModel

/// The policies of the seed procedure (seed-ecs-cross-account-key-sharing.txt) and the reference
/// (§2.3, §6.7), with the seed's placeholders filled from ``PolicyFixtures``.
enum SeedPolicies {
    /// The sharee's custom policy for AliyunECSDiskEncryptDefaultRole, verbatim from the seed.
    static let diskEncryptRolePolicy = """
        {
            "Version": "1",
            "Statement": [
                {
                    "Action": [
                        "kms:List*",
                        "kms:DescribeKey",
                        "kms:TagResource",
                        "kms:UntagResource"
                    ],
                    "Resource": [
                        "acs:kms:*:*:*",
                        "acs:kms:*:*:*/*"
                    ],
                    "Effect": "Allow"
                },
                {
                    "Action": [
                        "kms:Encrypt",
                        "kms:Decrypt",
                        "kms:GenerateDataKey"
                    ],
                    "Resource": [
                        "acs:kms:*:*:*/*"
                    ],
                    "Effect": "Allow"
                }
            ]
        }
        """

    /// The policy of AliyunECSShareEncryptImage/SnapshotDefaultRole, scoped to one key.
    static let shareRoleKeyPolicy = """
        {
            "Version": "1",
            "Statement": [
                {
                    "Action": "kms:List*",
                    "Resource": "acs:kms:\(PolicyFixtures.region):\(PolicyFixtures.owner):key",
                    "Effect": "Allow"
                },
                {
                    "Action": [
                        "kms:DescribeKey",
                        "kms:TagResource",
                        "kms:UntagResource",
                        "kms:Encrypt",
                        "kms:Decrypt",
                        "kms:GenerateDataKey"
                    ],
                    "Resource": "acs:kms:\(PolicyFixtures.region):\(PolicyFixtures.owner):key/\(PolicyFixtures.keyID)",
                    "Effect": "Allow"
                }
            ]
        }
        """

    /// The share roles' trust policy naming the recipient account (the sharee).
    static let recipientTrust = """
        {
          "Statement": [
            {
              "Action": "sts:AssumeRole",
              "Effect": "Allow",
              "Principal": {
                "Service": [
                  "\(PolicyFixtures.sharee)@ecs.aliyuncs.com"
                ]
              }
            }
          ],
          "Version": "1"
        }
        """

    /// AliyunECSDiskEncryptDefaultRole's trust: ECS acting in the role's own account.
    static let ecsServiceTrust = """
        {"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]}}],"Version":"1"}
        """

    /// The default key policy KMS creates for the owner.
    static let defaultKeyPolicy = """
        {"Version":"1","Statement":[{"Sid":"kms default key policy","Effect":"Allow",\
        "Principal":{"RAM":["acs:ram::\(PolicyFixtures.owner):*"]},"Action":["kms:*"],"Resource":["*"]}]}
        """

    /// The reference §2.3 key policy: the default statement plus the sharee's ECS disk role.
    static let sharedKeyPolicy = """
        {"Version":"1",
         "Statement":[
          {"Sid":"kms default key policy","Effect":"Allow",
           "Principal":{"RAM":["acs:ram::\(PolicyFixtures.owner):*"]},
           "Action":["kms:*"],"Resource":["*"]},
          {"Effect":"Allow",
           "Principal":{"RAM":["acs:ram::\(PolicyFixtures.sharee):role/aliyunecsdiskencryptdefaultrole"]},
           "Action":["kms:List*","kms:DescribeKey","kms:Encrypt","kms:Decrypt","kms:GenerateDataKey"],
           "Resource":["*"]}]}
        """
}
