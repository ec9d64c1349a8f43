import CloudSimulator
import Foundation
import Testing

/// The `zones:` section of world files (what ECS DescribeZones lists): valid lists load; bad ones
/// are refused naming their path and the fix.
@Suite("World zones")
struct WorldZonesTests {
    static func world(zones: String) -> String {
        """
        version: 1
        default_region: cn-hangzhou
        \(zones)
        accounts:
        - id: '1000000000000001'
          name: security
        """
    }

    @Test(
        "a zones section with known regions and their zones loads",
        arguments: [
            "zones:\n  cn-hangzhou: [cn-hangzhou-z]",
            "zones:\n  cn-hangzhou: [cn-hangzhou-h, cn-hangzhou-k]\n  cn-shanghai: [cn-shanghai-b]",
            "zones: {}",
        ])
    func valid(_ zones: String) throws {
        let world = try World.load(yaml: Self.world(zones: zones))
        #expect(world.zones?["cn-hangzhou"]?.isEmpty != true)
    }

    @Test(
        "bad zones are refused naming the path",
        arguments: [
            ("zones:\n  cn-hangzou: [cn-hangzou-h]", "zones 'cn-hangzou'"),
            ("zones:\n  cn-hangzhou: []", "zones.cn-hangzhou is empty"),
            ("zones:\n  cn-hangzhou: [cn-shanghai-b]", "zones.cn-hangzhou[0] 'cn-shanghai-b' is not a zone of cn-hangzhou"),
            ("zones:\n  cn-hangzhou: [cn-hangzhou-]", "zones.cn-hangzhou[0]"),
            ("zones:\n  cn-hangzhou: [cn-hangzhou-h, cn-hangzhou-h]", "zones.cn-hangzhou[1] 'cn-hangzhou-h' is listed twice"),
        ])
    func invalid(_ zones: String, _ message: String) throws {
        do {
            _ = try World.load(yaml: Self.world(zones: zones))
            Issue.record("\(zones) was accepted")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }
}
