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
            let world = try row.world().validated()
            #expect(try World.load(yaml: world.yaml()) == world, "\(row.name)")
        }
    }

    @Test("an unknown key in a world file is refused with its name")
    func unknownKey() {
        let yaml = ConformanceWorld().yaml().replacingOccurrences(
            of: "\n  name: security\n",
            with: "\n  name: security\n  colour: blue\n")
        #expect(yaml.contains("colour"))
        #expect {
            _ = try World.load(yaml: yaml)
        } throws: { error in
            String(describing: error).contains("colour")
        }
    }

    @Test("a starter world of any size round-trips, pool of keys included", arguments: [(2, nil), (450, nil), (3, 4)])
    func starterRoundTrip(accounts: Int, keys: Int?) throws {
        let world = World.starter(accounts: accounts, keys: keys)
        let loaded = try World.load(yaml: world.yaml())
        #expect(loaded == world)
        #expect(loaded.accounts[0].keys.count == keys ?? (accounts + 399) / 400)
    }

    @Test("scalars read as YAML reads them; a wrong type names its path and what was found")
    func scalarsAndMismatches() throws {
        let lenient = """
            version: 1
            accounts:
              - id: "1000000000000001"
                name: 42
                tags: { cost: 100, on: true }
            """
        let world = try World.load(yaml: lenient)
        #expect(world.accounts[0].name == "42")
        #expect(world.accounts[0].tags == ["cost": "100", "on": "true"])

        let wrong = lenient.replacingOccurrences(of: "name: 42", with: "name: [a, b]")
        #expect {
            _ = try World.load(yaml: wrong)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("accounts[0].name") && text.contains("found a sequence")
        }
    }
}
