import CloudAPI
import CloudModel

extension CloudConformance {
    /// The seed procedure end to end, then each ingredient removed in turn (reference §6.1, §6.7).
    static let seedChecks: [ConformanceCheck] = [
        ConformanceCheck("the seed procedure lets a sharee create a disk encrypted with the shared key ID") { run in
            let f = run.fixture
            let diskID = try await run.expectSuccess("seed procedure") {
                try await SeedProcedure.run(f, sharee: f.sharee, cloud: run.cloud)
            }
            let disks = try await run.expectSuccess("sharee describes the disk") {
                try await run.cloud.describeDisks(
                    DescribeDisksRequest(regionID: f.region.rawValue, diskIDs: "[\"\(diskID)\"]"), context: f.root(f.sharee))
            }
            try run.expect(
                disks.disks.disk.count == 1, "DescribeDisks lists exactly the new disk", "\(disks.disks.disk.count) disks")
            let disk = disks.disks.disk.first
            try run.expect(disk?.encrypted == true, "the disk is encrypted")
            try run.expect(disk?.kmsKeyID == f.keyID, "the sharee sees the key ID only", disk?.kmsKeyID ?? "none")
        },
        ConformanceCheck("without AliyunECSDiskEncryptDefaultRole CreateDisk fails with KMSUnauthorized") { run in
            let f = run.fixture
            try await run.expectFailure(
                "encrypted CreateDisk", code: "InvalidParameter.KMSKeyId.KMSUnauthorized", httpStatus: 403
            ) {
                try await SeedProcedure.createEncryptedDisk(as: f.sharee, keyID: f.keyID, cloud: run.cloud)
            }
        },
        ConformanceCheck("a disk encrypt role that does not trust ECS fails CreateDisk with KMSUnauthorized") { run in
            let f = run.fixture
            let wrongTrust = PolicyFixture(
                .init(
                    effect: "Allow", action: ["sts:AssumeRole"],
                    principal: ["RAM": ["acs:ram::\(f.sharee):root"]]))
            try await run.expectSuccess("role trusting the account instead of ECS") {
                try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: run.cloud, trust: wrongTrust)
            }
            try await run.expectSuccess("key policy grants the role") {
                try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: run.cloud)
            }
            try await run.expectFailure(
                "encrypted CreateDisk", code: "InvalidParameter.KMSKeyId.KMSUnauthorized", httpStatus: 403
            ) {
                try await SeedProcedure.createEncryptedDisk(as: f.sharee, keyID: f.keyID, cloud: run.cloud)
            }
        },
        ConformanceCheck("a disk encrypt role policy without kms:GenerateDataKey fails CreateDisk with KMSUnauthorized") { run in
            let f = run.fixture
            try await run.expectSuccess("role with a policy lacking GenerateDataKey") {
                try await SeedProcedure.prepareDiskEncryptRole(
                    in: f.sharee, cloud: run.cloud, policy: SeedPolicies.diskEncryptPolicyDocument(withoutGenerateDataKey: true))
            }
            try await run.expectSuccess("key policy grants the role") {
                try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: run.cloud)
            }
            try await run.expectFailure(
                "encrypted CreateDisk", code: "InvalidParameter.KMSKeyId.KMSUnauthorized", httpStatus: 403
            ) {
                try await SeedProcedure.createEncryptedDisk(as: f.sharee, keyID: f.keyID, cloud: run.cloud)
            }
        },
        ConformanceCheck("a key policy that does not name the sharee role fails CreateDisk with CMKUnauthorized") { run in
            let f = run.fixture
            try await run.expectSuccess("sharee prepares the role") {
                try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: run.cloud)
            }
            try await run.expectFailure(
                "encrypted CreateDisk", code: "InvalidParameter.KMSKeyId.CMKUnauthorized", httpStatus: 403
            ) {
                try await SeedProcedure.createEncryptedDisk(as: f.sharee, keyID: f.keyID, cloud: run.cloud)
            }
        },
        ConformanceCheck("a disabled shared key fails CreateDisk with CMKNotEnabled") { run in
            let f = run.fixture
            try await run.expectSuccess("sharee prepares the role") {
                try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: run.cloud)
            }
            try await run.expectSuccess("key policy grants the role") {
                try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: run.cloud)
            }
            try await run.expectSuccess("owner disables the key") {
                try await run.cloud.disableKey(DisableKeyRequest(keyID: f.keyID), context: f.ownerRoot)
            }
            try await run.expectFailure("encrypted CreateDisk", code: "InvalidParameter.KMSKeyId.CMKNotEnabled", httpStatus: 403)
            {
                try await SeedProcedure.createEncryptedDisk(as: f.sharee, keyID: f.keyID, cloud: run.cloud)
            }
        },
        ConformanceCheck("an unknown KMSKeyId fails CreateDisk with KMSKeyId.NotFound") { run in
            let f = run.fixture
            try await run.expectSuccess("sharee prepares the role") {
                try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: run.cloud)
            }
            try await run.expectFailure("encrypted CreateDisk", code: "InvalidParameter.KMSKeyId.NotFound", httpStatus: 404) {
                try await SeedProcedure.createEncryptedDisk(as: f.sharee, keyID: "key-hzz0000000000000000none", cloud: run.cloud)
            }
        },
        ConformanceCheck("KMSKeyId with Encrypted=false fails CreateDisk with InvalidEncrypted.NotMatchKmsKeyId") { run in
            let f = run.fixture
            try await run.expectSuccess("seed prerequisites") {
                try await SeedProcedure.prepareDiskEncryptRole(in: f.sharee, cloud: run.cloud)
                try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: run.cloud)
            }
            try await run.expectFailure(
                "CreateDisk with Encrypted=false", code: "InvalidEncrypted.NotMatchKmsKeyId", httpStatus: 400
            ) {
                try await SeedProcedure.createEncryptedDisk(as: f.sharee, keyID: f.keyID, cloud: run.cloud, encrypted: false)
            }
        },
        ConformanceCheck("SetKeyPolicy naming a role that does not exist fails with InvalidParameter") { run in
            let f = run.fixture
            try await run.expectFailure("SetKeyPolicy", code: "InvalidParameter", httpStatus: 400) {
                try await SeedProcedure.grantKey(f, to: [f.sharee], cloud: run.cloud)
            }
        },
        ConformanceCheck(
            "a grant beyond the instance's access-management quota fails with Rejected.ShareQuotaExceedLimit",
            world: ConformanceWorld(sharees: 2, vpcNum: 2, boundVPCs: 1)
        ) { run in
            let f = run.fixture
            try await run.expectSuccess("both sharees prepare the role") {
                for sharee in f.sharees { try await SeedProcedure.prepareDiskEncryptRole(in: sharee, cloud: run.cloud) }
            }
            try await run.expectSuccess("one VPC + one sharee fits a quota of 2") {
                try await SeedProcedure.grantKey(f, to: [f.sharees[0]], cloud: run.cloud)
            }
            try await run.expectFailure("one VPC + two sharees", code: "Rejected.ShareQuotaExceedLimit", httpStatus: 400) {
                try await SeedProcedure.grantKey(f, to: f.sharees, cloud: run.cloud)
            }
        },
    ]
}
