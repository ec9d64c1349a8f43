import CloudModel

/// A KMS key policy that keyshare edits: principals are added to and removed from one statement
/// keyshare owns (``sid``); every other statement is kept as it is.
///
/// The Sid uses `/` rather than `:` because KMS accepts only `A-Za-z0-9 _/+=.@-` in a Sid.
package struct KeyPolicyDocument: Sendable, Hashable {
    /// The Sid of the statement keyshare owns.
    package static let sid = "keyshare/shared-use"
    /// The usage actions granted to sharee roles (cross-account principals may only be key users).
    package static let usageActions = [
        "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:List*",
        "kms:TagResource", "kms:UntagResource",
    ]
    /// The largest policy `SetKeyPolicy` accepts, in bytes.
    package static let maximumBytes = 32_768

    /// The statements, in document order.
    package private(set) var statements: [JSONValue]
    /// Every top-level member but `Statement` (normally `Version`), as an object.
    private var otherMembers: JSONValue

    /// Parses a policy as `GetKeyPolicy` returns it. A duplicated member name keeps its last value,
    /// so the text written back names each member once.
    package init(text: String) throws {
        let value: JSONValue
        do throws(JSONValue.SyntaxError) {
            value = try JSONValue.parse(text).lastMembersOnly
        } catch {
            throw KeyPolicyEditError(
                code: "keyshare.InvalidJSON",
                message: "the key policy is not valid JSON: \(error.reason) at byte \(error.offset)")
        }
        guard case .object(var members) = value else {
            throw KeyPolicyEditError(code: "keyshare.InvalidKeyPolicy", message: "the key policy is not a JSON object")
        }
        let statement = members.firstIndex { $0.key == "Statement" }.map { members.remove(at: $0).value }
        switch statement {
        case .array(let statements): self.statements = statements
        case .object(let single): self.statements = [.object(single)]
        case nil: self.statements = []
        default:
            throw KeyPolicyEditError(code: "keyshare.InvalidKeyPolicy", message: "the key policy's Statement is not a list")
        }
        if !members.contains(where: { $0.key == "Version" }) { members.append(("Version", .string("1"))) }
        otherMembers = .object(members)
    }

    /// The principals of keyshare's statement, sorted.
    package var sharedPrincipals: [String] { ownPrincipals.sorted() }

    /// The principals of keyshare's statement as written (sorted when keyshare wrote it): the set
    /// operations below need no order, and sorting ~500 ARNs per batch showed in profiles.
    package var ownPrincipals: [String] {
        guard let index = ownIndex else { return [] }
        return statements[index]["Principal"]?["RAM"]?.stringList ?? []
    }

    /// Accounts named by any principal of any statement, other than `owner`.
    package func externalAccounts(owner: String) -> Set<String> {
        var accounts = Set<String>()
        for statement in statements {
            for principal in statement["Principal"]?["RAM"]?.stringList ?? [] {
                if let account = Self.account(of: principal), account != owner { accounts.insert(account) }
            }
        }
        return accounts
    }

    /// Adds principals to keyshare's statement (creating it); returns the ones that were new.
    @discardableResult
    package mutating func grant(_ principals: [String]) -> [String] {
        var current = Set(ownPrincipals)
        let added = principals.filter { current.insert($0).inserted }
        if !added.isEmpty { setShared(current) }
        return added
    }

    /// Removes principals from keyshare's statement (dropping it when empty); returns those removed.
    @discardableResult
    package mutating func revoke(_ principals: [String]) -> [String] {
        var current = Set(ownPrincipals)
        let removed = principals.filter { current.remove($0) != nil }
        if !removed.isEmpty { setShared(current) }
        return removed
    }

    /// The canonical text written back with `SetKeyPolicy`.
    package var text: String {
        var members: [(key: String, value: JSONValue)] = [("Statement", .array(statements))]
        if case .object(let others) = otherMembers { members += others }
        return JSONValue.object(members).canonicalText
    }

    /// The size of ``text`` in bytes.
    package var byteCount: Int { text.utf8.count }

    /// The account UID a principal ARN names (`acs:ram::<uid>:role/…`), nil when it names none.
    package static func account(of principal: String) -> String? {
        // Called for every principal of a policy on every batch: scan the bytes for the fourth
        // field instead of splitting the whole ARN.
        let utf8 = principal.utf8
        var colons = 0
        var start = utf8.startIndex
        var index = utf8.startIndex
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: ":") {
                colons += 1
                if colons == 3 {
                    start = utf8.index(after: index)
                } else if colons == 4 {
                    return start == index ? nil : String(principal[start..<index])
                }
            }
            index = utf8.index(after: index)
        }
        return nil
    }

    private var ownIndex: Int? { statements.firstIndex { $0["Sid"]?.stringValue == Self.sid } }

    private mutating func setShared(_ principals: Set<String>) {
        let index = ownIndex
        guard !principals.isEmpty else {
            if let index { statements.remove(at: index) }
            return
        }
        let statement = JSONValue.object([
            ("Sid", .string(Self.sid)),
            ("Effect", .string("Allow")),
            ("Principal", .object([("RAM", .array(principals.sorted().map(JSONValue.string)))])),
            ("Action", .array(Self.usageActions.map(JSONValue.string))),
            ("Resource", .array([.string("*")])),
        ])
        if let index { statements[index] = statement } else { statements.append(statement) }
    }
}
