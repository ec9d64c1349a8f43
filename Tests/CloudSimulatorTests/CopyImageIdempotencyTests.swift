import CloudAPI
import CloudModel
import CloudSimulator
import KeyshareTesting
import Testing

/// `ClientToken` idempotency of CopyImage (what makes `reshare_image` safe to re-run while a copy is
/// still Creating), and the zones CreateDisk accepts (DescribeZones).
@Suite("CopyImage idempotency and zones")
struct CopyImageIdempotencyTests {
    let f = ConformanceWorld().fixture

    func copy(_ image: String, token: String?, name: String = "copy") -> CopyImageRequest {
        CopyImageRequest(
            regionID: "cn-hangzhou", imageID: image, destinationImageName: name, encrypted: true,
            kmsKeyID: f.keyID, clientToken: token)
    }

    func images(_ cloud: SimulatedCloud, _ account: AccountID) async throws -> [ImageInfo] {
        try await cloud.describeImages(
            DescribeImagesRequest(
                regionID: "cn-hangzhou", imageOwnerAlias: "self",
                status: "Creating,Available", pageSize: 100),
            context: f.root(account)
        ).images.image
    }

    @Test("CopyImage with the same token returns the same copy while it is Creating, and makes one")
    func sameToken() async throws {
        let cloud = try Fixtures.simulator()
        let image = try await ECSStaging.encryptedImage(cloud, f)
        let before = try await images(cloud, f.sharee).count
        var copies: Set<String> = []
        for _ in 0..<3 {
            copies.insert(try await cloud.copyImage(copy(image, token: "ks-copy"), context: f.root(f.sharee)).imageID)
        }
        #expect(copies.count == 1)
        let listed = try await images(cloud, f.sharee)
        #expect(listed.count == before + 1)
        #expect(listed.contains { copies.contains($0.imageID) && $0.status == "Creating" })
    }

    @Test("CopyImage with the same token and other parameters fails; other tokens or none copy again")
    func mismatchAndOtherTokens() async throws {
        let cloud = try Fixtures.simulator()
        let image = try await ECSStaging.encryptedImage(cloud, f)
        let first = try await cloud.copyImage(copy(image, token: "ks-a"), context: f.root(f.sharee)).imageID
        let outcome = await Outcome.of {
            _ = try await cloud.copyImage(copy(image, token: "ks-a", name: "other"), context: f.root(f.sharee))
        }
        #expect(outcome == .error("IdempotentParameterMismatch", 400))
        let second = try await cloud.copyImage(copy(image, token: "ks-b", name: "copy-b"), context: f.root(f.sharee)).imageID
        let third = try await cloud.copyImage(copy(image, token: nil, name: "copy-c"), context: f.root(f.sharee)).imageID
        #expect(Set([first, second, third]).count == 3)
    }

    @Test(
        "DescribeZones lists the world's zones, default or configured, and CreateDisk accepts only those",
        arguments: [nil, ["cn-hangzhou": ["cn-hangzhou-z", "cn-hangzhou-y"]]] as [[String: [String]]?])
    func zones(_ configured: [String: [String]]?) async throws {
        var world = try World.load(yaml: ConformanceWorld().yaml())
        world.zones = configured
        let cloud = try SimulatedCloud(world: world, environment: .deterministic())
        let listed = try await cloud.describeZones(DescribeZonesRequest(regionID: "cn-hangzhou"), context: f.root(f.sharee))
            .zones.zone.map(\.zoneID)
        let expected = configured?["cn-hangzhou"] ?? ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"]
        #expect(listed == expected)
        for zone in listed {
            _ = try await cloud.createDisk(
                CreateDiskRequest(
                    regionID: "cn-hangzhou", zoneID: zone, diskCategory: "cloud_essd",
                    size: 20), context: f.root(f.sharee))
        }
        for unknown in ["cn-hangzhou-q", "cn-beijing-h", configured == nil ? "cn-hangzhou-z" : "cn-hangzhou-h"] {
            let outcome = await Outcome.of {
                _ = try await cloud.createDisk(
                    CreateDiskRequest(
                        regionID: "cn-hangzhou", zoneID: unknown,
                        diskCategory: "cloud_essd", size: 20), context: f.root(f.sharee))
            }
            #expect(outcome == .error("InvalidZoneId.NotFound", 404), "\(unknown)")
        }
    }
}
