import Foundation
import KeyshareTesting
import Testing

@testable import CloudSimulator

/// The `faults:` section of a world file and `--faults`, as a user writes them.
@Suite("Fault settings")
struct FaultPlanParsingTests {
    /// A world file of the fixture organisation with `section` appended as its `faults:`.
    static func world(faults section: String) -> String {
        ConformanceWorld().yaml() + "\nfaults:\n" + section
    }

    @Test("the world's section sets every field, groups and actions overlaying the shared fields")
    func worldSection() throws {
        let world = try World.load(
            yaml: Self.world(
                faults: """
                      seed: 7
                      retry_after: 1.5s
                      role_propagation: 5s
                      throttle: 10%
                      5xx: 0.05
                      drop: 2%
                      latency: {mean: 100ms, p99: 400ms}
                      kms-write:
                        rate_limit: 10/s
                        throttle: 20%
                      kms:SetKeyPolicy:
                        drop_after: 5%
                        latency: {min: 50ms, max: 200ms}
                    """))
        let plan = try #require(world.faults)
        #expect(plan.seed == 7)
        #expect(plan.retryAfterMilliseconds == 1500)
        #expect(plan.rolePropagationSeconds == 5)
        let shared = FaultPlan.Rule(
            throttleRate: 0.1, serverErrorRate: 0.05, dropBeforeRate: 0.01, dropAfterRate: 0.01,
            latency: .skewed(mean: 100, p99: 400))
        #expect(plan.rules[.ram] == shared)
        var write = shared
        write.throttleRate = 0.2
        write.requestsPerSecond = 10
        #expect(plan.rules[.kmsWrite] == write)
        // The action inherits its group's faults but not its rate limit.
        var action = write
        action.requestsPerSecond = nil
        action.dropAfterRate = 0.05
        action.latency = .uniform(min: 50, max: 200)
        #expect(plan.actions == ["kms:SetKeyPolicy": action])
        #expect(plan.rule(for: .kmsWrite, action: "kms:TagResource") == write)
    }

    @Test("a world without a section has no faults, and the section never changes the world's fingerprint")
    func fingerprint() throws {
        let plain = try World.load(yaml: ConformanceWorld().yaml())
        #expect(plain.faults == nil)
        let faulty = try World.load(yaml: Self.world(faults: "  throttle: 10%\n"))
        #expect(faulty.faults != nil)
        #expect(WorldStamp(world: plain, source: "a").fingerprint == WorldStamp(world: faulty, source: "a").fingerprint)
    }

    @Test("the inline form means what the same YAML means")
    func inline() throws {
        let inline = try FaultPlan.parse(
            option: "throttle=10%, 5xx=5%,drop=1%,latency=100ms,seed=7,"
                + "kms-write.rate_limit=10,kms:SetKeyPolicy.latency.mean=100ms,kms:SetKeyPolicy.latency.p99=400ms,role_propagation=2s"
        )
        let yaml = try #require(
            try World.load(
                yaml: Self.world(
                    faults: """
                          throttle: 10%
                          5xx: 5%
                          drop: 1%
                          latency: 100ms
                          seed: 7
                          role_propagation: 2s
                          kms-write: {rate_limit: 10}
                          kms:SetKeyPolicy: {latency: {mean: 100ms, p99: 400ms}}
                        """)
            ).faults)
        #expect(inline == yaml)
    }

    @Test("--faults reads a YAML file, or a world file's section")
    func files() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("faults.yaml")
        try "throttle: 10%\nkms-read: {5xx: 50%}\n".write(to: plain, atomically: true, encoding: .utf8)
        let world = folder.appendingPathComponent("world.yaml")
        try Self.world(faults: "  throttle: 10%\n  kms-read: {5xx: 50%}\n").write(to: world, atomically: true, encoding: .utf8)
        let expected = try FaultPlan.parse(option: "throttle=10%,kms-read.5xx=50%")
        #expect(try FaultPlan.parse(option: plain.path) == expected)
        #expect(try FaultPlan.parse(option: world.path) == expected)
    }

    /// Bad settings, each with the field the message must name and a word of its fix.
    static let badInline: [(String, String, String)] = [
        ("throttle=150%", "throttle", "percentage"),
        ("throttle=-1%", "throttle", "percentage"),
        ("throttle=often", "throttle", "percentage"),
        ("5xx=2", "5xx", "fraction"),
        ("throttle=60%,5xx=50%", "--faults", "100%"),
        ("kms-write.throttle=60%,kms-write.drop_after=50%", "kms-write", "100%"),
        ("drop=1%,drop_before=1%", "drop_before", "not both"),
        ("latency=5", "latency", "unit"),
        ("latency=2d", "latency", "unit"),
        ("latency.min=50ms", "latency", "min and max"),
        ("latency.min=90ms,latency.max=50ms", "latency", "swap"),
        ("latency.mean=100ms,latency.p99=50ms", "latency", "at least the mean"),
        ("latency.mean=10ms,latency.p99=1s", "latency", "raise mean"),
        ("latency.median=10ms", "latency.median", "not a latency field"),
        ("latency=2m", "latency", "at most 60s"),
        ("rate_limit=0", "rate_limit", "whole number"),
        ("rate_limit=1.5", "rate_limit", "whole number"),
        ("seed=-1", "seed", "whole number"),
        ("retry_after=soon", "retry_after", "duration"),
        ("role_propagation=5", "role_propagation", "unit"),
        ("bogus=1", "bogus", "kms:SetKeyPolicy"),
        ("kms:NoSuchAction.throttle=1%", "kms:NoSuchAction", "not a fault setting"),
        ("kms-write=3", "kms-write", "mapping"),
        ("kms-write.seed=3", "kms-write.seed", "not a fault setting here"),
        ("throttle", "throttle", "name=value"),
        ("throttle=1%,throttle=2%", "throttle", "twice"),
        (".throttle=1%", ".throttle", "setting name"),
        ("", "--faults", "empty"),
        ("no-such-file.yaml", "no-such-file.yaml", "no such file"),
        ("/tmp", "/tmp", "directory"),
        ("/dev/null", "/dev/null", "not a regular file"),
    ]

    @Test("bad --faults settings are refused naming the field and the fix", arguments: badInline)
    func badOption(value: String, field: String, fix: String) {
        do {
            let plan = try FaultPlan.parse(option: value)
            Issue.record("accepted: \(plan)")
        } catch let error as FaultPlanError {
            #expect(error.message.contains(field), "\(error.message)")
            #expect(error.message.contains(fix), "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// Bad world sections: the error names `faults.<field>`.
    static let badSections: [(String, String)] = [
        ("  throttle: 150%\n", "faults.throttle"),
        ("  kms-write:\n    throttle: [1, 2]\n", "faults.kms-write.throttle"),
        ("  ecs: {latency: {min: 1ms}}\n", "faults.ecs.latency"),
        ("  sts:\n    rate_limit: lots\n", "faults.sts.rate_limit"),
        ("  kms:Nope: {throttle: 1%}\n", "faults.kms:Nope"),
        ("  - throttle: 1%\n", "faults"),
        ("  seed: {a: 1}\n", "faults.seed"),
    ]

    @Test("a bad faults: section is a world error naming faults.<field>", arguments: badSections)
    func badSection(section: String, field: String) {
        do {
            _ = try World.load(yaml: Self.world(faults: section))
            Issue.record("accepted")
        } catch let error as WorldError {
            #expect(error.message.contains(field), "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
