import Foundation
import Testing

/// An inventory function's result and what `keyshare run` must make of it.
struct InventoryVariant: Sendable, CustomTestStringConvertible {
    var name: String
    /// The body of `inventory = function(ctx, params) … end`.
    var body: String
    var status: Int32
    /// A fragment of stdout + stderr.
    var message: String
    var testDescription: String { name }
}

/// Inventories beyond the shapes the plugins produce: numbers for ids, whitespace, extra fields,
/// huge lists, duplicates in two spellings, only the key owner.
@Suite(
    "Inventory variants",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct InventoryVariantTests {
    static let variants: [InventoryVariant] = [
        InventoryVariant(
            name: "an account id as an integer", body: "return { { id = 2000000000000001 } }",
            status: 0, message: "touched 2000000000000001"),
        InventoryVariant(
            name: "extra fields, nested tables, non-string tags",
            body: #"return { { id = "2000000000000001", extra = { deep = { 1, 2 } }, tags = { env = 5 }, folder = {} } }"#,
            status: 0, message: "touched 2000000000000001"),
        InventoryVariant(
            name: "10,000 targets",
            body: "local t = {} for i = 1, 10000 do t[i] = { id = tostring(3000000000000000 + i) } end return t",
            status: 0, message: "10000 targets: 10000 changed"),
        InventoryVariant(
            name: "a leading space in an id", body: #"return { { id = " 2000000000000001" } }"#,
            status: 2, message: #"has no account UID in `id` (got string " 2000000000000001")"#),
        InventoryVariant(
            name: "a trailing newline in an id", body: #"return { { id = "2000000000000001\n" } }"#,
            status: 2, message: "has no account UID in `id`"),
        InventoryVariant(
            name: "an id as a float", body: "return { { id = 2000000000000001.0 } }",
            status: 2, message: "has no account UID in `id` (got number"),
        InventoryVariant(
            name: "a negative id", body: "return { { id = -1 } }",
            status: 2, message: "has no account UID in `id` (got number -1)"),
        InventoryVariant(
            name: "one account as a string and as a number",
            body: #"return { { id = "2000000000000001" }, { id = 2000000000000001 } }"#,
            status: 2, message: "account 2000000000000001 is listed twice"),
        InventoryVariant(
            name: "only the key owner", body: #"return { { id = "1000000000000001" } }"#,
            status: 2, message: "yielded no targets other than the key owner"),
        InventoryVariant(
            name: "a string", body: #"return "2000000000000001""#,
            status: 2, message: "not a list of targets"),
    ]

    @Test("each inventory variant runs its targets or is refused with exit 2 naming what is wrong", arguments: variants)
    func variant(_ variant: InventoryVariant) async throws {
        let work = try temporaryFolder("keyshare-inventory-variant")
        defer { try? FileManager.default.removeItem(at: work) }
        let playbook = work.appendingPathComponent("inventory.lua")
        try """
        return { owner = "1000000000000001", key = "alias/shared-disk-key", region = "cn-hangzhou",
          inventory = function(ctx, params) \(variant.body) end,
          steps = { function(ctx) return { "touched " .. ctx.account.id } end }, concurrency = 50 }
        """.write(to: playbook, atomically: true, encoding: .utf8)
        let outcome = try await keyshare(["run", playbook.path])
        #expect(outcome.status == variant.status, "\(outcome.output.suffix(500))\(outcome.errors)")
        #expect((outcome.output + outcome.errors).contains(variant.message), "\(outcome.output.suffix(500))\(outcome.errors)")
    }

    @Test("a folder holding only the key owner is refused naming the owner and the known folders")
    func ownerOnlyFolder() async throws {
        let share = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-disk-key.lua").path
        for folder in ["security", "fd-security"] {
            let outcome = try await keyshare(["run", "--param", "folder=\(folder)", share])
            #expect(outcome.status == 2, "\(outcome.output)\(outcome.errors)")
            #expect(outcome.errors.contains("except the key owner 1000000000000001"), "\(outcome.errors)")
            #expect(outcome.errors.contains("fd-prod (prod)"), "\(outcome.errors)")
        }
    }
}
