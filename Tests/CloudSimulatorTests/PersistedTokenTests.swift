import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import KeyshareTesting
import Testing

/// A ClientToken's request is remembered without being rendered until needed: a token used before
/// the simulator was reopened from its state file still returns its disk for the same request, and
/// refuses other parameters, whether the record was rendered (compared) before the save or not.
@Suite("Persisted ClientTokens")
struct PersistedTokenTests {
    let f = ConformanceWorld().fixture

    func disk(size: Int = 20, token: String) -> CreateDiskRequest {
        CreateDiskRequest(
            regionID: "cn-hangzhou", zoneID: "cn-hangzhou-h", diskCategory: "cloud_essd", size: size,
            clientToken: token)
    }

    /// Whether the token is replayed once (rendering its text) before the simulator is dropped.
    enum BeforeReopen: CaseIterable, Sendable { case untouched, replayed, mismatched }

    @Test("after a reopen, the same request gets the same disk and another is refused", arguments: BeforeReopen.allCases)
    func acrossReopen(_ before: BeforeReopen) async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("state.sqlite")
        var cloud: SimulatedCloud? = try Fixtures.simulator(ConformanceWorld(), stateFile: file)
        let first = try await #require(cloud).createDisk(disk(token: "ks-p"), context: f.root(f.sharee)).diskID
        switch before {
        case .untouched: break
        case .replayed:
            #expect(try await #require(cloud).createDisk(disk(token: "ks-p"), context: f.root(f.sharee)).diskID == first)
        case .mismatched:
            let outcome = await Outcome.of {
                _ = try await #require(cloud).createDisk(disk(size: 40, token: "ks-p"), context: f.root(f.sharee))
            }
            #expect(outcome == .error("IdempotentParameterMismatch", 400))
        }
        // A later call of the account saves it again, with the record in it.
        _ = try await #require(cloud).createDisk(disk(token: "ks-other"), context: f.root(f.sharee))
        cloud = nil
        let reopened = try Fixtures.simulator(ConformanceWorld(), stateFile: file)
        #expect(try await reopened.createDisk(disk(token: "ks-p"), context: f.root(f.sharee)).diskID == first)
        let outcome = await Outcome.of {
            _ = try await reopened.createDisk(disk(size: 40, token: "ks-p"), context: f.root(f.sharee))
        }
        #expect(outcome == .error("IdempotentParameterMismatch", 400))
    }
}
