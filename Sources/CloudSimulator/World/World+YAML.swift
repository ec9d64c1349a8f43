import BoundedYAML
import Foundation
import Yams

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension World {
    /// Largest world file read (a 10,000-account world is a few MB).
    package static let maximumFileSize = 64 * 1_048_576

    /// What a world file may ask of the YAML reader: worlds nest a few levels (policy documents
    /// the most), and aliases may repeat a block but not multiply the file ("billion laughs").
    static let yamlLimits = YAMLLimits(
        maximumDepth: 64, maximumValues: 5_000_000, aliasExpansionRatio: 10,
        aliasExpansionFloor: 100_000)

    /// Parses a world file; unknown keys and bad values are errors naming their path. Errors never
    /// quote the file's text (it holds access key secrets): syntax errors give line and column.
    package static func load(yaml: String) throws -> World {
        guard yaml.utf8.count <= maximumFileSize else {
            throw WorldError("The world file is larger than \(maximumFileSize / 1_048_576) MB; split the world or trim it.")
        }
        let root: Node?
        do {
            root = try YAMLComposer.compose(yaml, limits: yamlLimits)
        } catch {
            // The composer's message ends with the fix; it never quotes the file (secrets).
            throw WorldError("The world file is not usable YAML: \(error.message).")
        }
        guard let root else { throw WorldError("The world file is empty; run `keyshare sim init` for a starter.") }
        do {
            try WorldSchema.checkTags(root, path: "")
            try WorldSchema.world.check(root, path: "")
            var world: World
            do {
                // From the node already composed, with mappings indexed once (see YAMLNodeDecoder).
                world = try YAMLNodeDecoder().decode(World.self, from: root)
            } catch let error as DecodingError {
                throw WorldError(Self.describe(error))
            }
            if case .mapping(let mapping) = root, let section = mapping["faults"] {
                do {
                    world.faults = try FaultPlan.parse(node: section)
                } catch let error as FaultPlanError {
                    throw WorldError(error.message)
                }
            }
            try world.validate()
            return world
        } catch let error as WorldError {
            throw WorldError(WorldSecrets.scrub(error.message, of: WorldSecrets.values(in: root)))
        }
    }

    /// Reads and parses a world file: a regular file of at most ``maximumFileSize`` bytes.
    package static func load(contentsOf url: URL) throws -> World {
        // stat, not lstat: a symlink to a world file is that file; one that leads nowhere, a FIFO
        // (whose read would block) or a device is refused by its errno or type.
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            let reason = errno == ELOOP ? "it is a symbolic link loop" : String(cString: strerror(errno))
            throw WorldError(
                "Cannot read the world file \(url.path): \(reason); pass the path of a YAML file "
                    + "(see `keyshare sim init`).")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw WorldError("The world file \(url.path) is not a regular file; pass a YAML file (see `keyshare sim init`).")
        }
        guard info.st_size <= maximumFileSize else {
            throw WorldError(
                "The world file \(url.path) is \(Int(info.st_size) / 1_048_576) MB, more than the "
                    + "\(maximumFileSize / 1_048_576) MB a world may be; split the world or trim it.")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let reason =
                underlying?.domain == NSPOSIXErrorDomain
                ? String(cString: strerror(Int32(truncatingIfNeeded: underlying?.code ?? 0))) : error.localizedDescription
            let trimmed = reason.hasSuffix(".") ? String(reason.dropLast()) : reason
            throw WorldError("Cannot read the world file \(url.path): \(trimmed); check its permissions.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw WorldError("The world file \(url.path) is not UTF-8 text; save it as UTF-8 (see `keyshare sim init`).")
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
            // The description quotes the scalar; a secret in the wrong shape must not be echoed.
            let detail = WorldSecrets.isSecret(context.codingPath) ? "the value is redacted" : context.debugDescription
            return "\(path(context.codingPath)) has the wrong type (expected \(type)): \(detail)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) is empty (expected \(type)); give it a value."
        case .dataCorrupted(let context):
            let detail = WorldSecrets.isSecret(context.codingPath) ? "not a valid value (redacted)" : context.debugDescription
            return "\(path(context.codingPath)): \(detail)"
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
        "version": .scalar, "default_region": .scalar, "zones": .free, "faults": .free,
        "resource_directory": .map([
            "id": .scalar, "management_account": .scalar, "root_folder": .scalar,
            "folders": .list(.map(["id": .scalar, "name": .scalar, "parent": .scalar])),
        ]),
        "accounts": .list(account),
    ])

    private static let account = WorldSchema.map([
        "id": .scalar, "name": .scalar, "folder": .scalar, "tags": .free,
        "access_keys": .list(.map(["id": .scalar, "secret": .scalar, "user": .scalar])),
        "users": .list(.map(["name": .scalar, "policies": .list(.scalar)])),
        "policies": .list(.map(["name": .scalar, "document": .free, "description": .scalar, "default_version": .scalar])),
        "roles": .list(
            .map([
                "name": .scalar, "trust": .free, "policies": .list(.scalar), "description": .scalar,
                "max_session_duration": .scalar,
            ])),
        "kms_instances": .list(
            .map([
                "id": .scalar, "region": .scalar, "vpc_num": .scalar, "key_num": .scalar, "bound_vpcs": .scalar,
            ])),
        "keys": .list(
            .map([
                "id": .scalar, "instance": .scalar, "region": .scalar, "alias": .scalar, "aliases": .list(.scalar),
                "state": .scalar,
                "spec": .scalar, "policy": .free, "description": .scalar,
            ])),
    ])

    /// The tags plain YAML values resolve to; any other (`!!binary`, `!!python/object:…`, `!custom`)
    /// asks for a type a world does not have.
    private static let plainTags: Set<String> = Set(
        ["", "!"]
            + [
                "str", "int", "bool", "null", "float", "map", "seq", "merge", "timestamp", "value",
            ].map { "tag:yaml.org,2002:\($0)" })

    /// Throws on the first node, key or value, whose explicit tag is not a plain YAML type, naming
    /// its path: a tag was silently dropped before, so `!!binary` secrets were read as their text.
    /// The path is rendered only for the message (building it for every node was a tenth of loading).
    static func checkTags(_ node: Node, path: @autoclosure () -> String) throws {
        let tag = writtenTag(node)
        guard tag.isEmpty || plainTags.contains(tag) else {
            let shown = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count) : tag
            let path = path()
            throw WorldError(
                "\(path.isEmpty ? "The top level" : path) carries the YAML tag \(shown.prefix(60)), "
                    + "which a world file does not use; remove the tag and write the value plainly.")
        }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                try checkTags(key, path: joined(path(), key.string ?? ""))
                try checkTags(value, path: joined(path(), key.string ?? ""))
            }
        case .sequence(let sequence):
            for (index, element) in sequence.enumerated() { try checkTags(element, path: "\(path())[\(index)]") }
        default:
            return
        }
    }

    /// The tag as written, "" when none was (implicit). `Node.tag` would resolve an implicit tag
    /// by matching the text against Yams' regular expressions (a tenth of loading a 1,000-account
    /// world); every tag it resolves to is plain, so an implicit tag needs no resolving here.
    private static func writtenTag(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): scalar.tag.description
        case .mapping(let mapping): mapping.tag.description
        case .sequence(let sequence): sequence.tag.description
        default: node.tag.description
        }
    }

    /// `path.key`, or `key` at the top level.
    private static func joined(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Throws on the first key the schema does not know, naming its path (rendered only for the message).
    func check(_ node: Node, path: @autoclosure () -> String) throws {
        switch (self, node) {
        case (.free, _), (.scalar, _):
            return
        case (.map(let keys), .mapping(let mapping)):
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? ""
                guard let schema = keys[key] else {
                    let path = path()
                    let at = Self.joined(path, key)
                    let known = keys.keys.sorted().joined(separator: ", ")
                    // A key is quoted only when it looks like a field name and not like a secret
                    // field run together with its value (`secret abc…` in a flow mapping is a key).
                    let looksSecret = WorldSecrets.names.contains { key.lowercased().hasPrefix($0) }
                    guard !looksSecret, YAMLComposer.quotedKey(key).hasPrefix("the key") else {
                        throw WorldError(
                            "Unknown key at \(path.isEmpty ? "the top level" : path) (not shown: it looks like "
                                + "a value, perhaps a missing ': '); known keys here: \(known).")
                    }
                    throw WorldError("Unknown key '\(key)' at \(at); known keys here: \(known).")
                }
                try schema.check(value, path: Self.joined(path(), key))
            }
        case (.map, _):
            if case .scalar(let scalar) = node, scalar.string == "null" || scalar.string == "~" || scalar.string.isEmpty {
                return
            }
            let path = path()
            throw WorldError("\(path.isEmpty ? "The top level" : path) must be a mapping of keys to values.")
        case (.list(let item), .sequence(let sequence)):
            for (index, element) in sequence.enumerated() { try item.check(element, path: "\(path())[\(index)]") }
        case (.list, _):
            if case .scalar(let scalar) = node, scalar.string == "null" || scalar.string == "~" || scalar.string.isEmpty {
                return
            }
            throw WorldError("\(path()) must be a list (use `- item` lines or [a, b]).")
        }
    }
}
