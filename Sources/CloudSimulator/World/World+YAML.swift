import Foundation
import Yams

extension World {
    /// Parses a world file; unknown keys and bad values are errors naming their path.
    package static func load(yaml: String) throws -> World {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw WorldError("The world file is not valid YAML: \(error). Check indentation and quoting.")
        }
        guard let root else { throw WorldError("The world file is empty; run `keyshare sim init` for a starter.") }
        try WorldSchema.world.check(root, path: "")
        let world: World
        do {
            // From the node already composed, with mappings indexed once (see YAMLNodeDecoder).
            world = try YAMLNodeDecoder().decode(World.self, from: root)
        } catch let error as DecodingError {
            throw WorldError(Self.describe(error))
        }
        try world.validate()
        return world
    }

    /// Reads and parses a world file.
    package static func load(contentsOf url: URL) throws -> World {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw WorldError("Cannot read the world file \(url.path): \(error.localizedDescription)")
        }
        do {
            return try load(yaml: text)
        } catch let error as WorldError {
            throw WorldError("\(url.path): \(error.message)")
        }
    }

    /// The world as YAML (policy documents as JSON strings), loadable by `load(yaml:)`.
    package func yaml() -> String {
        // Encoding plain strings, ints and dictionaries cannot fail.
        (try? YAMLEncoder().encode(self)) ?? ""
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? "the top level" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath + [key])
            return "\(at) is required but missing; add it."
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) has the wrong type (expected \(type)): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) is empty (expected \(type)); give it a value."
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// The keys a world file may use, so a typo (`vpcnum`, `trst`) is an error rather than ignored.
indirect enum WorldSchema: Sendable {
    /// A mapping with exactly these optional keys.
    case map([String: WorldSchema])
    /// A sequence whose items follow the schema.
    case list(WorldSchema)
    /// A plain value.
    case scalar
    /// Anything (policy documents, tag maps).
    case free

    /// The top level.
    static let world = WorldSchema.map([
        "version": .scalar, "default_region": .scalar,
        "resource_directory": .map([
            "id": .scalar, "management_account": .scalar,
            "folders": .list(.map(["id": .scalar, "name": .scalar, "parent": .scalar])),
        ]),
        "accounts": .list(account),
    ])

    private static let account = WorldSchema.map([
        "id": .scalar, "name": .scalar, "folder": .scalar, "tags": .free,
        "access_keys": .list(.map(["id": .scalar, "secret": .scalar, "user": .scalar])),
        "users": .list(.map(["name": .scalar, "policies": .list(.scalar)])),
        "policies": .list(.map(["name": .scalar, "document": .free, "description": .scalar])),
        "roles": .list(.map([
            "name": .scalar, "trust": .free, "policies": .list(.scalar), "description": .scalar,
            "max_session_duration": .scalar,
        ])),
        "kms_instances": .list(.map([
            "id": .scalar, "region": .scalar, "vpc_num": .scalar, "key_num": .scalar, "bound_vpcs": .scalar,
        ])),
        "keys": .list(.map([
            "id": .scalar, "instance": .scalar, "region": .scalar, "alias": .scalar, "state": .scalar,
            "spec": .scalar, "policy": .free, "description": .scalar,
        ])),
    ])

    /// Throws on the first key the schema does not know, naming its path.
    func check(_ node: Node, path: String) throws {
        switch (self, node) {
        case (.free, _), (.scalar, _):
            return
        case (.map(let keys), .mapping(let mapping)):
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? "\(keyNode)"
                let at = path.isEmpty ? key : "\(path).\(key)"
                guard let schema = keys[key] else {
                    let known = keys.keys.sorted().joined(separator: ", ")
                    throw WorldError("Unknown key '\(key)' at \(at); known keys here: \(known).")
                }
                try schema.check(value, path: at)
            }
        case (.map, _):
            if case .scalar(let scalar) = node, scalar.string == "null" || scalar.string == "~" || scalar.string.isEmpty { return }
            throw WorldError("\(path.isEmpty ? "The top level" : path) must be a mapping of keys to values.")
        case (.list(let item), .sequence(let sequence)):
            for (index, element) in sequence.enumerated() { try item.check(element, path: "\(path)[\(index)]") }
        case (.list, _):
            if case .scalar(let scalar) = node, scalar.string == "null" || scalar.string == "~" || scalar.string.isEmpty { return }
            throw WorldError("\(path) must be a list (use `- item` lines or [a, b]).")
        }
    }
}
