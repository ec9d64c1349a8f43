import Foundation
import Testing

/// An inventory and what the run must say about it.
struct InventoryCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// The playbook's `inventory = …` (and params) source.
    var inventory: String
    var arguments: [String] = []
    var status: Int32
    var message: String
    var testDescription: String { name }
}

/// Inventories that yield no targets, or something that is not a list of targets, are refused
/// (exit 2, naming what was wrong) before anything runs; the key owner is skipped with a reason.
@Suite(
    "Inventory results",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct InventoryTests {
    static let cases: [InventoryCase] = [
        InventoryCase(
            name: "nil", inventory: "inventory = function() return nil end", status: 2,
            message: "the playbook's inventory function returned nil, not a list of targets"),
        InventoryCase(
            name: "a string", inventory: #"inventory = function() return "2000000000000001" end"#, status: 2,
            message: #"returned string "2000000000000001", not a list of targets"#),
        InventoryCase(
            name: "a number", inventory: "inventory = function() return 7 end", status: 2,
            message: "returned number 7, not a list of targets"),
        InventoryCase(
            name: "a list of strings", inventory: #"inventory = function() return { "2000000000000001" } end"#,
            status: 2, message: "target #1 is string"),
        InventoryCase(
            name: "a single target not in a list",
            inventory: #"inventory = function() return { id = "2000000000000001" } end"#, status: 2,
            message: "is not a list"),
        InventoryCase(
            name: "an entry without an account id",
            inventory: #"inventory = function() return { { id = "2000000000000001" }, { name = "x" } } end"#,
            status: 2, message: "target #2 has no account UID in `id` (got nil)"),
        InventoryCase(
            name: "an account listed twice",
            inventory: #"targets = { { id = "2000000000000001" }, { id = "2000000000000003" }, { id = "2000000000000001" } }"#,
            status: 2, message: "account 2000000000000001 is listed twice (targets #1 and #3)"),
        InventoryCase(
            name: "an empty list", inventory: "inventory = function() return {} end", status: 2,
            message: "yielded no targets; check the inventory params (or pass --allow-empty"),
        InventoryCase(
            name: "an empty list with --allow-empty", inventory: "inventory = function() return {} end",
            arguments: ["--allow-empty"], status: 0, message: "0 targets"),
        InventoryCase(
            name: "only the key owner", inventory: #"targets = { { id = "1000000000000001" } }"#, status: 2,
            message: "yielded no targets other than the key owner"),
        InventoryCase(
            name: "the key owner among members",
            inventory: #"targets = { { id = "1000000000000001" }, { id = "2000000000000001" } }"#,
            status: 0, message: #""reason":"the key owner cannot share with itself""#),
        InventoryCase(
            name: "an unknown folder", inventory: #"inventory = "resource-directory""#,
            arguments: ["--param", "folder=fd-nope"], status: 2,
            message: "--param folder=fd-nope is not a folder of the Resource Directory; known folders: "
                + "fd-dev (dev), fd-prod (prod), fd-security (security)"),
        InventoryCase(
            name: "a folder's name where its id is expected", inventory: #"inventory = "resource-directory""#,
            arguments: ["--param", "folder=prod"], status: 0, message: "3 targets: 3 changed"),
        InventoryCase(
            name: "an unknown folder name", inventory: #"inventory = "resource-directory""#,
            arguments: ["--param", "folder=production"], status: 2,
            message: "--param folder=production is not a folder of the Resource Directory; known folders: "
                + "fd-dev (dev), fd-prod (prod)"),
        InventoryCase(
            name: "a folder with no match for the tags", inventory: #"inventory = "resource-directory""#,
            arguments: ["--param", "folder=fd-prod", "--param", "tags=env=dev"], status: 2,
            message:
                "no member account of the Resource Directory matches folder=fd-prod tags=env=dev; known folders: fd-dev (dev)"),
        InventoryCase(
            name: "a folder by id", inventory: #"inventory = "resource-directory""#,
            arguments: ["--param", "folder=fd-prod"], status: 0, message: "3 targets: 3 changed"),
    ]

    @Test("each inventory shape ends with the expected exit code and message", arguments: cases)
    func shapes(_ inventory: InventoryCase) async throws {
        let work = try temporaryFolder("keyshare-inventory")
        defer { try? FileManager.default.removeItem(at: work) }
        let world = work.appendingPathComponent("world.yaml").path
        let made = try await keyshare(["sim", "init", "--accounts", "6", "--output", world])
        #expect(made.status == 0, "\(made.errors)")
        let playbook = work.appendingPathComponent("inventory.lua")
        try """
        return { owner = "1000000000000001", key = "alias/shared-disk-key", region = "cn-hangzhou",
          \(inventory.inventory), params = { verify = false }, steps = { "ecs-key-sharing.share" } }
        """.write(to: playbook, atomically: true, encoding: .utf8)
        let outcome = try await keyshare(
            ["run", "--world", world, "--reporter", "json", "--reporter", "console"] + inventory.arguments + [playbook.path],
            environment: ["KEYSHARE_PLUGINS": packageRoot.appendingPathComponent("plugins").path])
        #expect(outcome.status == inventory.status, "\(outcome.output)\(outcome.errors)")
        #expect((outcome.output + outcome.errors).contains(inventory.message), "\(outcome.output)\(outcome.errors)")
        if inventory.status == 2 {
            #expect(!outcome.output.contains("target_started"), "nothing may run: \(outcome.output)")
        }
    }
}
