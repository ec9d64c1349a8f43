import Grants
import Testing

/// The ledger's incremental account set and the writer's cached principal set must agree with a
/// full recount for every change a write can make: grows, shrinks, swaps, accounts named twice,
/// principals naming no account, and escaping in the canonical text.
@Suite("Capacity ledger: incremental accounts agree with a full recount")
struct LedgerIncrementalTests {
    static func role(_ account: String, _ name: String = "R") -> String { "acs:ram::\(account):role/\(name)" }

    /// (old principals, new principals).
    static let changes: [(String, [String], [String])] = [
        ("grow from empty", [], [role("2000000000000001")]),
        ("grow", [role("2000000000000001")], [role("2000000000000001"), role("2000000000000002")]),
        (
            "grow by a second role of a known account", [role("2000000000000001")],
            [role("2000000000000001"), role("2000000000000001", "S")]
        ),
        (
            "unchanged", [role("2000000000000001"), role("2000000000000002")],
            [role("2000000000000001"), role("2000000000000002")]
        ),
        ("shrink drops the account", [role("2000000000000001"), role("2000000000000002")], [role("2000000000000001")]),
        (
            "shrink keeps an account named twice", [role("2000000000000001"), role("2000000000000001", "S")],
            [role("2000000000000001")]
        ),
        (
            "swap at the same size", [role("2000000000000001"), role("2000000000000002")],
            [role("2000000000000001"), role("2000000000000003")]
        ),
        (
            "swap and grow", [role("2000000000000001"), role("2000000000000002")],
            [role("2000000000000001"), role("2000000000000003"), role("2000000000000004")]
        ),
        (
            "principals naming no account", ["acs:ram:role/x", role("2000000000000001")],
            ["acs:ram:role/x", "*", role("2000000000000001"), role("2000000000000005")]
        ),
        ("only principals naming no account", ["*"], ["*", "acs:ram::"]),
        ("to empty", [role("2000000000000001")], []),
    ]

    static func recount(_ principals: Set<String>) -> Set<String> {
        Set(principals.compactMap(KeyPolicyDocument.account(of:)))
    }

    @Test("the incremental account set equals a recount", arguments: 0..<changes.count)
    func agrees(index: Int) {
        let (name, old, new) = Self.changes[index]
        let before = Set(old)
        let after = Set(new)
        let incremental = CapacityLedger.presentAccounts(of: after, was: before, accounts: Self.recount(before))
        #expect(incremental == Self.recount(after), "\(name)")
    }

    @Test(
        "a grant's shared principals and canonical text match a fresh parse of the written text",
        arguments: ["plain", "quo\"te", "back\\slash", "tab\there", "ctl\u{01}", "ünï/cödé"])
    func canonicalText(suffix: String) throws {
        var document = try KeyPolicyDocument(text: #"{"Version":"1","Statement":[]}"#)
        let principals = [Self.role("2000000000000002"), Self.role("2000000000000001", suffix)]
        document.grant(principals)
        let reread = try KeyPolicyDocument(text: document.text)
        #expect(reread.sharedPrincipals == principals.sorted())
        #expect(Set(reread.ownPrincipals) == Set(principals))
        #expect(reread.text == document.text)
    }
}
