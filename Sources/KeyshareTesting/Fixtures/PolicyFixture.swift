/// A RAM identity policy, trust policy or KMS key policy written element by element, so a test
/// names exactly the statement it exercises; `json` is what goes into an API parameter.
package struct PolicyFixture: Hashable, Sendable, CustomStringConvertible {
    /// The statements, in order.
    package var statements: [Statement]
    /// The `Version` element (always "1" for valid documents).
    package var version: String

    /// Creates a document from statements.
    package init(_ statements: [Statement], version: String = "1") {
        self.statements = statements
        self.version = version
    }

    /// Creates a document from statements.
    package init(_ statements: Statement..., version: String = "1") {
        self.init(statements, version: version)
    }

    /// The document as a tree (`Version` first, then `Statement`).
    package var tree: JSONTree {
        .object([
            .init("Version", .string(version)),
            .init("Statement", .array(statements.map(\.tree))),
        ])
    }

    /// Compact JSON text, as sent to `CreatePolicy`, `CreateRole` or `SetKeyPolicy`.
    package var json: String { tree.json }

    /// The byte count the service's size limit applies to.
    package var byteCount: Int { json.utf8.count }

    package var description: String { json }

    /// This document grown to exactly `bytes` bytes of compact JSON by appending an Allow statement
    /// for `kms:DescribeKey` whose action ends in a run of `*` (which still matches only
    /// DescribeKey), so the padding changes the size and nothing else. Nil when already larger.
    package func padded(toBytes bytes: Int, principal: [String: [String]]? = nil) -> PolicyFixture? {
        var probe = self
        probe.statements.append(.allow(["kms:DescribeKey"], principal: principal))
        let missing = bytes - probe.byteCount
        guard missing >= 0 else { return nil }
        probe.statements[probe.statements.count - 1].action = ["kms:DescribeKey" + String(repeating: "*", count: missing)]
        return probe
    }
}

extension PolicyFixture {
    /// One statement. Elements that are nil are left out of the document.
    package struct Statement: Hashable, Sendable {
        /// `Allow` or `Deny`.
        package var effect: String
        /// `Action`.
        package var action: [String]?
        /// `NotAction`.
        package var notAction: [String]?
        /// `Resource`.
        package var resource: [String]?
        /// `NotResource`.
        package var notResource: [String]?
        /// `Principal`, e.g. `["RAM": ["acs:ram::123:role/R"]]` or `["Service": ["ecs.aliyuncs.com"]]`.
        package var principal: [String: [String]]?
        /// `Condition`: operator → key → values.
        package var condition: [String: [String: [String]]]?
        /// `Sid`.
        package var sid: String?

        /// Creates a statement from its elements.
        package init(
            effect: String, action: [String]? = nil, notAction: [String]? = nil,
            resource: [String]? = nil, notResource: [String]? = nil,
            principal: [String: [String]]? = nil, condition: [String: [String: [String]]]? = nil,
            sid: String? = nil
        ) {
            self.effect = effect
            self.action = action
            self.notAction = notAction
            self.resource = resource
            self.notResource = notResource
            self.principal = principal
            self.condition = condition
            self.sid = sid
        }

        /// `Allow` of `actions` on `resources` (default `*`).
        package static func allow(
            _ actions: [String], on resources: [String]? = ["*"],
            principal: [String: [String]]? = nil,
            condition: [String: [String: [String]]]? = nil
        ) -> Statement {
            Statement(effect: "Allow", action: actions, resource: resources, principal: principal, condition: condition)
        }

        /// `Deny` of `actions` on `resources` (default `*`).
        package static func deny(
            _ actions: [String], on resources: [String]? = ["*"],
            principal: [String: [String]]? = nil,
            condition: [String: [String: [String]]]? = nil
        ) -> Statement {
            Statement(effect: "Deny", action: actions, resource: resources, principal: principal, condition: condition)
        }

        /// The statement as a tree, members in the order Alibaba's examples use.
        package var tree: JSONTree {
            var members: [JSONTree.Member] = []
            if let sid { members.append(.init("Sid", .string(sid))) }
            members.append(.init("Effect", .string(effect)))
            if let principal {
                members.append(
                    .init(
                        "Principal",
                        .object(
                            principal.keys.sorted().map { name in
                                JSONTree.Member(name, .array(principal[name, default: []].map(JSONTree.string)))
                            })))
            }
            if let action { members.append(.init("Action", .array(action.map(JSONTree.string)))) }
            if let notAction { members.append(.init("NotAction", .array(notAction.map(JSONTree.string)))) }
            if let resource { members.append(.init("Resource", .array(resource.map(JSONTree.string)))) }
            if let notResource { members.append(.init("NotResource", .array(notResource.map(JSONTree.string)))) }
            if let condition {
                members.append(
                    .init(
                        "Condition",
                        .object(
                            condition.keys.sorted().map { op -> JSONTree.Member in
                                let keys = condition[op, default: [:]]
                                return JSONTree.Member(
                                    op,
                                    .object(
                                        keys.keys.sorted().map { key in
                                            JSONTree.Member(key, .array(keys[key, default: []].map(JSONTree.string)))
                                        }))
                            })))
            }
            return .object(members)
        }
    }
}
