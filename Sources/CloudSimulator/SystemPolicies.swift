import CloudModel

/// The system policies the simulator knows, with documents modelled on Alibaba's (approximations:
/// divergence SIM-010). Parsed once.
enum SystemPolicies {
    /// A system policy's description and document.
    struct Entry: Sendable {
        /// What Alibaba's console says it grants.
        var description: String
        /// The parsed document.
        var document: StoredPolicy
    }

    /// The date every system policy reports as created and updated.
    static let createDate = "2015-04-28T16:00:00Z"

    /// System policies by name.
    static let all: [String: Entry] = {
        let definitions: [(String, String, String)] = [
            (
                "AdministratorAccess", "Full access to all Alibaba Cloud services and resources.",
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
            ),
            (
                "AliyunKMSFullAccess", "Full access to Key Management Service (KMS).",
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}"#
            ),
            (
                "AliyunECSFullAccess", "Full access to Elastic Compute Service (ECS).",
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}"#
            ),
            (
                "AliyunRAMFullAccess", "Full access to Resource Access Management (RAM).",
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:*","Resource":"*"}]}"#
            ),
            (
                "AliyunSTSAssumeRoleAccess", "Permission to call the AssumeRole operation of STS.",
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}"#
            ),
            (
                "AliyunResourceDirectoryReadOnlyAccess", "Read-only access to Resource Directory.",
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":["resourcemanager:Get*","resourcemanager:List*"],"Resource":"*"}]}"#
            ),
            (
                "ReadOnlyAccess", "Read-only access to all Alibaba Cloud services and resources.",
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":["*:Describe*","*:List*","*:Get*","*:Query*","*:BatchGet*"],"Resource":"*"}]}"#
            ),
            (
                "AliyunECSDiskEncryptRolePolicy",
                "The policy of AliyunECSDiskEncryptDefaultRole: lets ECS use KMS keys for disk encryption.",
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":["kms:List*","kms:DescribeKey","kms:TagResource","kms:UntagResource","kms:Encrypt","kms:Decrypt","kms:GenerateDataKey"],"Resource":"*"}]}"#
            ),
        ]
        var entries: [String: Entry] = [:]
        for (name, description, json) in definitions {
            // The documents are constants checked by the smoke tests; a failure is a programming error.
            guard let document = try? StoredPolicy(json, kind: .identity) else {
                preconditionFailure("system policy \(name) does not parse")
            }
            entries[name] = Entry(description: description, document: document)
        }
        return entries
    }()
}
