import Testing

@testable import CloudModel

// The evaluator truth table: every caller × identity policy × key policy × network context ×
// action (`kms:Decrypt`, a key-user action; `kms:DisableKey`, an administrative one) on the
// owner's key, against an oracle written from the reference's rules rather than from the
// evaluator's code. 7 × 10 × 8 × 2 × 2 = 2,240 rows.

private let owner = PolicyFixtures.owner
private let sharee = PolicyFixtures.sharee
private let stranger = PolicyFixtures.stranger
private let keyARN = PolicyFixtures.keyARN
private let defaultSid = "kms default key policy"

/// Who calls.
enum Caller: Int, CaseIterable, Sendable {
    case ownerRoot, ownerAlice, ownerBob, shareeDiskRole, shareeCarol, shareeRoot, strangerDiskRole

    var principal: Principal {
        switch self {
        case .ownerRoot: .account(owner)
        case .ownerAlice: .user(owner, name: "alice")
        case .ownerBob: .user(owner, name: "bob")
        case .shareeDiskRole: .assumedRole(sharee, roleName: "AliyunECSDiskEncryptDefaultRole", sessionName: "ecs")
        case .shareeCarol: .user(sharee, name: "carol")
        case .shareeRoot: .account(sharee)
        case .strangerDiskRole: .assumedRole(stranger, roleName: "AliyunECSDiskEncryptDefaultRole", sessionName: "ecs")
        }
    }

    var isRoot: Bool { self == .ownerRoot || self == .shareeRoot }
    var inOwnerAccount: Bool { principal.accountID == owner }
    var inShareeAccount: Bool { principal.accountID == sharee }
}

/// The RAM policy attached to the caller in its own account (ignored for roots).
enum IdentityVariant: Int, CaseIterable, Sendable {
    case none, exactKey, adminAll, wildcardKeys, wrongAction, otherKey, denyDecrypt, fromIntranet, negated, lowerCaseAction

    var statements: [String]? {
        switch self {
        case .none: nil
        case .exactKey: [#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"\#(keyARN)"}"#]
        case .adminAll: [#"{"Effect":"Allow","Action":"kms:*","Resource":"*"}"#]
        case .wildcardKeys: [#"{"Effect":"Allow","Action":"kms:De*","Resource":"acs:kms:*:*:*/*"}"#]
        case .wrongAction: [#"{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}"#]
        case .otherKey: [#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"acs:kms:cn-hangzhou:\#(owner):key/key-other"}"#]
        case .denyDecrypt:
            [
                #"{"Effect":"Deny","Action":"kms:Decrypt","Resource":"*"}"#,
                #"{"Effect":"Allow","Action":"kms:*","Resource":"*"}"#,
            ]
        case .fromIntranet:
            [#"{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}"#]
        case .negated: [#"{"Effect":"Allow","NotAction":"kms:Encrypt","NotResource":"acs:kms:*:*:key/key-other"}"#]
        case .lowerCaseAction: [#"{"Effect":"Allow","Action":"kms:decrypt","Resource":"acs:kms:cn-hangzhou:\#(owner):key/*"}"#]
        }
    }

    /// The oracle: what this policy says about `action` on the key (`nil` = silent), with the
    /// deciding statement index.
    func says(_ action: TableAction, fromIntranet: Bool) -> (Statement.Effect, Int)? {
        switch (self, action) {
        case (.none, _), (.wrongAction, _), (.otherKey, _): nil
        case (.adminAll, _), (.negated, _): (.allow, 0)
        case (.exactKey, .decrypt), (.wildcardKeys, .decrypt), (.lowerCaseAction, .decrypt): (.allow, 0)
        case (.exactKey, .disableKey), (.wildcardKeys, .disableKey), (.lowerCaseAction, .disableKey): nil
        case (.denyDecrypt, .decrypt): (.deny, 0)
        case (.denyDecrypt, .disableKey): (.allow, 1)
        case (.fromIntranet, .decrypt): fromIntranet ? (.allow, 0) : nil
        case (.fromIntranet, .disableKey): nil
        }
    }
}

/// The owner's key policy.
enum KeyVariant: Int, CaseIterable, Sendable {
    case defaultOnly, shareDiskRole, shareAccount, shareRoot, shareThenDeny, shareFromInternet, denyAlice, shareAdmin

    var statements: [String] {
        let defaultStatement =
            #"{"Sid":"\#(defaultSid)","Effect":"Allow","Principal":{"RAM":["acs:ram::\#(owner):*"]},"Action":["kms:*"],"Resource":["*"]}"#
        let use = #""Action":["kms:List*","kms:DescribeKey","kms:Encrypt","kms:Decrypt","kms:GenerateDataKey"],"Resource":["*"]"#
        let diskRole = #""Principal":{"RAM":["acs:ram::\#(sharee):role/aliyunecsdiskencryptdefaultrole"]}"#
        switch self {
        case .defaultOnly: return [defaultStatement]
        case .shareDiskRole: return [defaultStatement, #"{"Effect":"Allow",\#(diskRole),\#(use)}"#]
        case .shareAccount: return [defaultStatement, #"{"Effect":"Allow","Principal":{"RAM":"acs:ram::\#(sharee):*"},\#(use)}"#]
        case .shareRoot: return [defaultStatement, #"{"Effect":"Allow","Principal":{"RAM":"acs:ram::\#(sharee):root"},\#(use)}"#]
        case .shareThenDeny:
            return [
                defaultStatement, #"{"Effect":"Allow",\#(diskRole),\#(use)}"#,
                #"{"Sid":"revoke","Effect":"Deny","Principal":{"RAM":["acs:ram::\#(sharee):*"]},"Action":"kms:Decrypt","Resource":"*"}"#,
            ]
        case .shareFromInternet:
            return [
                defaultStatement,
                #"{"Effect":"Allow",\#(diskRole),\#(use),"Condition":{"NotIpAddress":{"acs:SourceIp":["10.0.0.0/8"]}}}"#,
            ]
        case .denyAlice:
            return [
                defaultStatement,
                #"{"Effect":"Deny","Principal":{"RAM":"acs:ram::\#(owner):user/alice"},"Action":"kms:*","Resource":"*"}"#,
            ]
        case .shareAdmin:
            return [
                defaultStatement,
                #"{"Effect":"Allow","Principal":{"RAM":"acs:ram::\#(sharee):*"},"Action":"kms:*","Resource":"*"}"#,
            ]
        }
    }

    /// The oracle: statements of this key policy that allow and that deny `caller`'s `action`.
    /// The "use" statements grant Decrypt but not DisableKey; another account's identities are
    /// key users only, so even `kms:*` does not give them DisableKey.
    func says(_ caller: Caller, _ action: TableAction, fromIntranet: Bool)
        -> (allows: [StatementReference], denies: [StatementReference])
    {
        var allows: [StatementReference] = []
        var denies: [StatementReference] = []
        if caller.inOwnerAccount { allows.append(StatementReference(source: "key policy", index: 0, sid: defaultSid)) }
        let extra = StatementReference(source: "key policy", index: 1)
        let use = action == .decrypt
        switch self {
        case .defaultOnly: break
        case .shareDiskRole: if caller == .shareeDiskRole && use { allows.append(extra) }
        case .shareAccount: if caller.inShareeAccount && use { allows.append(extra) }
        case .shareRoot: if caller == .shareeRoot && use { allows.append(extra) }
        case .shareThenDeny:
            if caller == .shareeDiskRole && use { allows.append(extra) }
            if caller.inShareeAccount && use { denies.append(StatementReference(source: "key policy", index: 2, sid: "revoke")) }
        case .shareFromInternet: if caller == .shareeDiskRole && !fromIntranet && use { allows.append(extra) }
        case .denyAlice: if caller == .ownerAlice { denies.append(extra) }
        case .shareAdmin: if caller.inShareeAccount && use { allows.append(extra) }
        }
        return (allows, denies)
    }
}

/// The action requested on the key.
enum TableAction: String, CaseIterable, Sendable {
    case decrypt = "kms:Decrypt"
    case disableKey = "kms:DisableKey"
}

/// One row of the table.
struct TruthRow: Sendable, CustomTestStringConvertible {
    let caller: Caller
    let identity: IdentityVariant
    let key: KeyVariant
    let fromIntranet: Bool
    let action: TableAction
    var testDescription: String {
        "\(action.rawValue) · \(caller) · \(identity) · \(key) · \(fromIntranet ? "10.1.2.3" : "192.0.2.1")"
    }

    /// The expected decision from the reference's rules: explicit deny anywhere wins; same
    /// account needs either side; another account needs both; the root is not bound by RAM policies.
    var expected: Decision {
        let identityAllows: [StatementReference]
        var denies: [StatementReference] = []
        let name = "caller@v1"
        if caller.isRoot {
            identityAllows = []
        } else {
            switch identity.says(action, fromIntranet: fromIntranet) {
            case (.allow, let index)?: identityAllows = [StatementReference(source: name, index: index)]
            case (.deny, let index)?:
                identityAllows = []
                denies.append(StatementReference(source: name, index: index))
            case nil: identityAllows = []
            }
        }
        let identityAllowed = caller.isRoot || !identityAllows.isEmpty
        let keySide = key.says(caller, action, fromIntranet: fromIntranet)
        denies += keySide.denies
        if !denies.isEmpty { return .explicitDeny(by: denies) }
        let keyAllowed = !keySide.allows.isEmpty
        let allowed = caller.inOwnerAccount ? (identityAllowed || keyAllowed) : (identityAllowed && keyAllowed)
        guard allowed else { return .implicitDeny }
        return .allow(by: identityAllows + keySide.allows)
    }

    static let all: [TruthRow] = TableAction.allCases.flatMap { action in
        Caller.allCases.flatMap { caller in
            IdentityVariant.allCases.flatMap { identity in
                KeyVariant.allCases.flatMap { key in
                    [true, false].map {
                        TruthRow(caller: caller, identity: identity, key: key, fromIntranet: $0, action: action)
                    }
                }
            }
        }
    }
}

/// Runs one row through the evaluator the way the simulator will.
private func evaluate(_ row: TruthRow) throws -> Decision {
    let request = AccessRequest(
        principal: row.caller.principal, action: row.action.rawValue, resource: keyARN,
        context: ["acs:SourceIp": [row.fromIntranet ? "10.1.2.3" : "192.0.2.1"], "acs:SecureTransport": ["true"]]
    )
    let identitySide: Decision
    if row.caller.isRoot {
        identitySide = .accountRoot
    } else if let statements = row.identity.statements {
        let document = try PolicyDocument.parse(PolicyFixtures.documentList(statements), kind: .identity)
        identitySide = PolicyEvaluator.evaluate(request, against: [PolicySource(name: "caller@v1", document: document)])
    } else {
        identitySide = PolicyEvaluator.evaluate(request, against: [])
    }
    let keyDocument = try PolicyDocument.parse(PolicyFixtures.documentList(row.key.statements), kind: .keyPolicy)
    let keySide = PolicyEvaluator.evaluate(request, against: [PolicySource(name: "key policy", document: keyDocument)])
    return Decision.combine(identity: identitySide, resource: keySide, sameAccount: row.caller.principal.accountID == owner)
}

@Suite("Evaluator truth table")
struct EvaluatorTruthTableTests {
    @Test("each row decides exactly as the reference's rules say", arguments: TruthRow.all)
    func row(_ row: TruthRow) throws {
        #expect(try evaluate(row) == row.expected)
    }

    @Test("the table is large and mixed, and has zero false allows")
    func coverageAndNoFalseAllows() throws {
        let rows = TruthRow.all
        #expect(rows.count >= 200)
        var falseAllows: [String] = []
        var counts = (allow: 0, deny: 0, implicit: 0)
        for row in rows {
            let decision = try evaluate(row)
            if decision.isAllowed && !row.expected.isAllowed { falseAllows.append(row.testDescription) }
            switch row.expected {
            case .allow: counts.allow += 1
            case .explicitDeny: counts.deny += 1
            case .implicitDeny: counts.implicit += 1
            }
        }
        #expect(falseAllows.isEmpty, "false allows: \(falseAllows)")
        #expect(counts.allow >= 50 && counts.deny >= 50 && counts.implicit >= 50, "\(counts)")
    }
}
