import Testing

@testable import CloudModel

/// A long `Principal` element finds its candidates through an index: every matching case of the
/// matching table must still match, and every other must not, wherever the entry stands in the list.
@Suite("Principal index")
struct PrincipalIndexTests {
    /// Entries that match none of the table's callers: roles, users and roots of unrelated accounts,
    /// services acting for them, identity providers.
    static let filler: [PrincipalPattern] = (0..<45).map { number in
        let account = AccountID(String(3_000_000_000_000_000 + number))!
        switch number % 5 {
        case 0: return .role(account, name: "AliyunECSDiskEncryptDefaultRole")
        case 1: return .user(account, name: "u\(number)")
        case 2: return .accountRoot(account)
        case 3: return .service("ecs.aliyuncs.com", onBehalfOf: account)
        default: return .federated("acs:ram::\(account):saml-provider/idp\(number)")
        }
    }

    /// Where the case's own entry stands in the long list.
    enum Position: CaseIterable, Sendable { case first, middle, last }

    @Test(
        "a long list decides every case of the matching table as the entry alone does",
        arguments: PrincipalMatchingTests.cases, Position.allCases)
    func indexedMatching(_ item: PrincipalCase, at position: Position) {
        var entries = Self.filler
        switch position {
        case .first: entries.insert(item.pattern, at: 0)
        case .middle: entries.insert(item.pattern, at: entries.count / 2)
        case .last: entries.append(item.pattern)
        }
        let principal = PolicyPrincipal(entries)
        let found = principal.candidates(for: item.caller).contains {
            item.caller.matches($0, resourceAccount: item.resourceAccount, kind: item.kind)
        }
        #expect(found == item.expected)
        #expect(principal.candidates(for: item.caller).count < entries.count)
    }

    @Test("a short list is its own candidate list, and an edited list is indexed again")
    func shortAndEdited() {
        let sole = PrincipalMatchingTests.cases[0]
        var principal = PolicyPrincipal([sole.pattern])
        #expect(principal.candidates(for: sole.caller) == [sole.pattern])
        principal.entries = Self.filler
        #expect(!principal.candidates(for: sole.caller).contains(sole.pattern))
        principal.entries.append(sole.pattern)
        #expect(principal.candidates(for: sole.caller).contains(sole.pattern))
    }
}
