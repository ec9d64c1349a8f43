import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import KeyshareTesting
import Testing

/// `WorldCapture` over the simulator: a captured world loads, captures again to the same world,
/// shows a caller what the original shows, holds no secret of the original, and was read with
/// read calls only.
@Suite("Capture: a rehearsal twin of a simulated world")
struct CaptureRoundTripTests {
    /// The original simulator of `example`, after its setup calls.
    static func original(_ example: CaptureCase) async throws -> SimulatedCloud {
        let cloud = try SimulatedCloud(world: try World.load(yaml: example.yaml), environment: DeterministicEnvironment.make())
        try await example.setup(cloud)
        return cloud
    }

    @Test(
        "capture → load → capture gives the same world, and the twin shows what the original shows",
        arguments: CaptureCase.all)
    func roundTrip(_ example: CaptureCase) async throws {
        let source = try World.load(yaml: example.yaml)
        let original = try await Self.original(example)
        let log = CaptureCallLog()
        let first = try await WorldCapture(
            cloud: log.recording(original), caller: CaptureCase.owner,
            regions: example.regions
        ).capture()
        #expect(!first.report.isPartial, "\(first.report.lines)")
        try first.verify()
        let text = first.yaml()
        for line in example.expectedLines {
            #expect(first.report.lines.contains { $0.hasPrefix(line) }, "\(line) missing from \(first.report.lines)")
        }
        for line in example.absentLines {
            #expect(!first.report.lines.contains { $0.hasPrefix(line) }, "\(line) in \(first.report.lines)")
        }

        let sent = await log.actions
        #expect(!sent.isEmpty)
        #expect(sent.filter(CloudOperations.isMutating(action:)).isEmpty, "mutating calls: \(sent)")

        // No secret of the original reaches the file; the twin's key is the capture's own.
        for secret in source.accounts.flatMap(\.accessKeys).map(\.secret) { #expect(!text.contains(secret)) }
        let twinKeys = first.world.accounts.flatMap(\.accessKeys)
        #expect(twinKeys.map(\.id) == ["KSAK\(CaptureCase.owner)"])
        #expect(first.world.accounts[0].id == CaptureCase.owner)

        let twin = try SimulatedCloud(world: try World.load(yaml: text), environment: DeterministicEnvironment.make())
        let second = try await WorldCapture(cloud: twin, caller: CaptureCase.owner, regions: example.regions).capture()
        #expect(second.world == first.world)
        // Quota units the policies did not explain are bound VPCs in the twin, and ECS resources are
        // not in it at all, so only then may the second capture's header differ, in those lines.
        if first.report.inferredBoundVPCs == 0 && first.report.uncaptured == UncapturedResources() {
            let again = second.yaml()
            #expect(again == text, "the twin's capture differs: \(Self.difference(text, again))")
        } else {
            let folded = ["bound VPCs:", "ECS and shares:"]
            #expect(
                second.report.lines.filter { line in !folded.contains { line.hasPrefix($0) } }
                    == first.report.lines.filter { line in !folded.contains { line.hasPrefix($0) } })
            #expect(second.report.uncaptured == UncapturedResources() && second.report.inferredBoundVPCs == 0)
        }

        let kept = first.world.accounts.filter { account in source.accounts.contains { $0.id == account.id } }
        let directory = source.resourceDirectory != nil
        let seen = try await Observation.lines(of: original, accounts: kept, regions: example.regions, directory: directory)
        let shown = try await Observation.lines(of: twin, accounts: kept, regions: example.regions, directory: directory)
        #expect(seen == shown)
    }

    @Test("the same organisation captures to the same bytes, and another seed only changes the twin's secret")
    func deterministic() async throws {
        let original = try await Self.original(CaptureCase.nestedFolders)
        let one = try await WorldCapture(cloud: original, caller: CaptureCase.owner, regions: [.hangzhou]).capture().yaml()
        let again = try await WorldCapture(cloud: original, caller: CaptureCase.owner, regions: [.hangzhou], concurrency: 1)
            .capture().yaml()
        let seeded = try await WorldCapture(cloud: original, caller: CaptureCase.owner, regions: [.hangzhou], seed: 7)
            .capture()
        #expect(one == again)
        #expect(seeded.yaml() != one)
        #expect(
            seeded.yaml().split(separator: "\n").filter { !$0.contains("secret:") }
                == one.split(separator: "\n").filter { !$0.contains("secret:") })
    }

    @Test("a starter world of 250 members and a pool of keys: every listing paged, the twin captures to the same bytes")
    func starterScale() async throws {
        let source = World.starter(accounts: 250, keys: 2)
        let original = try SimulatedCloud(world: source, environment: DeterministicEnvironment.make())
        let first = try await WorldCapture(cloud: original, caller: CaptureCase.owner, regions: [.hangzhou]).capture()
        #expect(!first.report.isPartial)
        #expect(first.world.accounts.count == 251)
        #expect(first.world.resourceDirectory?.folders.map(\.id) == ["fd-dev", "fd-prod", "fd-security"])
        #expect(
            first.world.accounts[0].keys.compactMap(\.alias).sorted() == ["alias/shared-disk-key", "alias/shared-disk-key-2"])
        let twin = try SimulatedCloud(world: try World.load(yaml: first.yaml()), environment: DeterministicEnvironment.make())
        let second = try await WorldCapture(cloud: twin, caller: CaptureCase.owner, regions: [.hangzhou]).capture()
        #expect(second.yaml() == first.yaml())
        // Members, names, folders and tags as the starter world has them.
        for account in source.accounts {
            let captured = first.world.accounts.first { $0.id == account.id }
            #expect(captured?.name == account.name && captured?.folder == account.folder && captured?.tags == account.tags)
        }
    }

    /// The lines only one of two texts has, for a readable failure.
    static func difference(_ one: String, _ other: String) -> String {
        let left = one.split(separator: "\n")
        let right = other.split(separator: "\n")
        return "only first: \(left.filter { !right.contains($0) }); only second: \(right.filter { !left.contains($0) })"
    }
}
