/// One authorization question: may `principal` perform `action` on `resource` in `context`?
package struct AccessRequest: Hashable, Sendable {
    /// Who calls (for ECS acting for an account, `.service("ecs.aliyuncs.com", onBehalfOf:)`).
    package var principal: Principal
    /// The RAM action, e.g. `kms:Decrypt`, `sts:AssumeRole`; compared case-insensitively.
    package var action: String
    /// The resource acted on: a key ARN, the key container (`…:key`) for `ListKeys`, a role ARN for
    /// `AssumeRole`.
    package var resource: ResourceName
    /// Condition keys and their values (`acs:SourceIp`, `acs:SecureTransport`, `acs:CurrentTime`,
    /// `acs:MFAPresent`, `kms:tag/<k>` …); keys compare case-insensitively.
    package var context: [String: [String]]

    /// Builds a request; the context defaults to empty, which fails every positive condition.
    package init(principal: Principal, action: String, resource: ResourceName, context: [String: [String]] = [:]) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.context = context
    }
}

/// A policy document together with the name it is reported under.
package struct PolicySource: Hashable, Sendable {
    /// What the document is; decides whether statements match by resource or by principal.
    package var kind: PolicyKind
    /// How decisions cite it: `MyPolicy@v2`, `key policy`, `trust policy`.
    package var name: String
    /// The validated document.
    package var document: PolicyDocument

    /// Pairs a document with its reported name; `kind` is the document's own kind.
    package init(name: String, document: PolicyDocument) {
        self.kind = document.kind
        self.name = name
        self.document = document
    }
}
