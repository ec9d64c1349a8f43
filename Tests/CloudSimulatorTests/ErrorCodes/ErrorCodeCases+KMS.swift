import CloudAPI
import CloudModel
import CloudSimulator
import KeyshareTesting

/// KMS codes of reference §2 (and §1.6 for `Forbidden.NoPermission`).
enum KMSErrorCodeCases {
    /// A key id nobody owns.
    static let unknownKey = "key-hzz0000000000000000none"

    /// The conformance world with the shared key's state and the instance's KeyNum set.
    static func world(keyState: KeyState = .enabled, keyNum: Int = 1000) -> World {
        var spec = ConformanceWorld().world
        spec.editAccount(ConformanceWorld.ownerID) { owner in
            owner.keys[0].state = keyState
            owner.kmsInstances[0].keyNum = keyNum
        }
        return spec
    }

    /// Every KMS scenario.
    static let all: [ErrorCodeCase] = [
        ErrorCodeCase("Forbidden.KeyNotFound", 404, "DescribeKey of an unknown key ID") { cloud, f in
            _ = try await cloud.describeKey(DescribeKeyRequest(keyID: unknownKey), context: f.ownerRoot)
        },
        ErrorCodeCase("Forbidden.AliasNotFound", 404, "Encrypt with an unknown alias") { cloud, f in
            _ = try await cloud.encrypt(EncryptRequest(keyID: "alias/none", plaintext: "eA=="), context: f.ownerRoot)
        },
        ErrorCodeCase("Forbidden.NoPermission", 403, "another account encrypts without a key-policy grant") { cloud, f in
            _ = try await cloud.encrypt(EncryptRequest(keyID: f.keyARN, plaintext: "eA=="), context: f.root(f.sharee))
        },
        ErrorCodeCase("Forbidden.DKMSInstanceNotFound", 403, "CreateKey in an unknown instance") { cloud, f in
            _ = try await cloud.createKey(CreateKeyRequest(dkmsInstanceID: "kst-hzz0000000000none"), context: f.ownerRoot)
        },
        ErrorCodeCase("Forbidden.KeyPolicyUnSupported", 400, "SetKeyPolicy on a default key outside an instance") { cloud, f in
            let key = try await setup("CreateKey") { try await cloud.createKey(CreateKeyRequest(), context: f.ownerRoot) }
            let policy = SeedPolicies.keyPolicy(owner: f.owner, granting: [])
            _ = try await cloud.setKeyPolicy(
                SetKeyPolicyRequest(keyID: key.keyMetadata.keyID, policy: policy.json),
                context: f.ownerRoot)
        },
        ErrorCodeCase("Forbidden.ResourceNotFound", 404, "GetKeyPolicy with a policy name other than default") { cloud, f in
            _ = try await cloud.getKeyPolicy(GetKeyPolicyRequest(keyID: f.keyID, policyName: "other"), context: f.ownerRoot)
        },
        ErrorCodeCase(
            "Rejected.ShareQuotaExceedLimit", 400, "a grant that takes the instance past VpcNum",
            conformance: ConformanceWorld(sharees: 2, vpcNum: 1)
        ) { cloud, f in
            for sharee in f.sharees {
                try await setup("prepare \(sharee)") { try await SeedProcedure.prepareDiskEncryptRole(in: sharee, cloud: cloud) }
            }
            try await SeedProcedure.grantKey(f, to: f.sharees, cloud: cloud)
        },
        ErrorCodeCase("InvalidParameter", 400, "SetKeyPolicy naming a role that does not exist") { cloud, f in
            try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: cloud)
        },
        ErrorCodeCase("MissingParameter", 400, "SetKeyPolicy without a policy") { cloud, f in
            _ = try await cloud.setKeyPolicy(SetKeyPolicyRequest(keyID: f.keyID, policy: ""), context: f.ownerRoot)
        },
        ErrorCodeCase("Rejected.Disabled", 409, "Encrypt with a disabled key", world: world(keyState: .disabled)) { cloud, f in
            _ = try await cloud.encrypt(EncryptRequest(keyID: f.keyID, plaintext: "eA=="), context: f.ownerRoot)
        },
        ErrorCodeCase(
            "Rejected.PendingDeletion", 409, "GenerateDataKey with a key pending deletion",
            world: world(keyState: .pendingDeletion)
        ) { cloud, f in
            _ = try await cloud.generateDataKey(GenerateDataKeyRequest(keyID: f.keyID), context: f.ownerRoot)
        },
        ErrorCodeCase(
            "Rejected.PendingImport", 409, "Encrypt with a key awaiting key material",
            world: world(keyState: .pendingImport)
        ) { cloud, f in
            _ = try await cloud.encrypt(EncryptRequest(keyID: f.keyID, plaintext: "eA=="), context: f.ownerRoot)
        },
        ErrorCodeCase(
            "Rejected.StateModifiedFailed", 409, "DisableKey of a key pending deletion",
            world: world(keyState: .pendingDeletion)
        ) { cloud, f in
            _ = try await cloud.disableKey(DisableKeyRequest(keyID: f.keyID), context: f.ownerRoot)
        },
        ErrorCodeCase("AliasAlreadyExists", 400, "CreateAlias with a taken alias") { cloud, f in
            _ = try await cloud.createAlias(CreateAliasRequest(aliasName: f.keyAlias, keyID: f.keyID), context: f.ownerRoot)
        },
        ErrorCodeCase("Rejected.Throttling", 429, "Encrypt while KMS cryptographic calls are throttled") { cloud, f in
            await cloud.setFaults(FaultPlan(rules: [.kmsCrypto: FaultPlan.Rule(errorRate: 1)]))
            do {
                _ = try await cloud.encrypt(EncryptRequest(keyID: f.keyID, plaintext: "eA=="), context: f.ownerRoot)
            } catch let error as CloudError {
                guard error.retryAfterMilliseconds != nil else { throw SetupFailed(step: "retry hint", error: error) }
                throw error
            }
        },
        ErrorCodeCase("Rejected.LimitExceeded", 400, "CreateKey beyond the instance's KeyNum", world: world(keyNum: 1)) {
            cloud, f in
            _ = try await cloud.createKey(CreateKeyRequest(dkmsInstanceID: f.instanceID), context: f.ownerRoot)
        },
    ]
}
