import CloudSimulator
import Foundation
import KeyshareTesting
import Testing

/// The fixture worlds load, survive the simulator's own YAML writer, and a typo is refused by name.
@Suite("Fixture worlds")
struct FixtureWorldTests {
    @Test("conformance worlds load and round-trip through World.yaml()", arguments: [1, 3, 25])
    func roundTrip(sharees: Int) throws {
        let world = try Fixtures.world(accounts: sharees)
        #expect(try World.load(yaml: world.yaml()) == world)
    }

    @Test("every truth-table world loads and round-trips")
    func truthTableWorlds() throws {
        for row in AuthorizationTruthTableTests.all {
            let world = try Fixtures.world(row.world())
            #expect(try World.load(yaml: world.yaml()) == world, "\(row.name)")
        }
    }

    @Test("an unknown key in a world file is refused with its name")
    func unknownKey() {
        let yaml = ConformanceWorld().yaml().replacingOccurrences(of: "    name: \"security\"",
                                                                   with: "    name: \"security\"\n    colour: \"blue\"")
        #expect(yaml.contains("colour"))
        #expect {
            _ = try World.load(yaml: yaml)
        } throws: { error in
            String(describing: error).contains("colour")
        }
    }
}
