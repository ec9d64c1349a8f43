import CloudModel
import CloudSimulator

/// Fixtures are `World` values built in Swift (no mirror of the world file's model): these
/// shorthands let them use ``PolicyFixture`` documents and edit one account by UID.
extension World {
    /// Edits the account with UID `id` in place; does nothing when there is none.
    package mutating func editAccount(_ id: String, _ edit: (inout Account) -> Void) {
        guard let index = accounts.firstIndex(where: { $0.id.rawValue == id }) else { return }
        edit(&accounts[index])
    }

    /// The world as `World.load(yaml:)` reads it back: validated as a world file is.
    ///
    /// - Throws: `WorldError` naming what the world file loader refuses.
    package func validated() throws -> World { try World.load(yaml: yaml()) }
}

extension World.Policy {
    /// A custom policy whose document is `document`.
    package init(name: String, document: PolicyFixture) {
        self.init(name: name, document: PolicyText(json: document.json))
    }
}

extension World.Role {
    /// A role trusted by `trust`, with `policies` attached (`System:`/`Custom:` names).
    package init(name: String, trust: PolicyFixture, policies: [String] = []) {
        self.init(name: name, trust: PolicyText(json: trust.json), policies: policies)
    }
}

extension World.Key {
    /// A key in `instance` (nil: a default key) in Hangzhou; `policy` nil = the default policy.
    package init(
        id: String, instance: String?, alias: String? = nil, state: KeyState = .enabled,
        policy: PolicyFixture? = nil
    ) {
        self.init(
            id: id, instance: instance, region: "cn-hangzhou", alias: alias, state: state,
            policy: policy.map { PolicyText(json: $0.json) })
    }
}
