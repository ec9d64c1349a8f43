import BoundedYAML
import CloudSimulator
import Testing
import Yams

/// The world's tag check reads each tag as written (no regular-expression resolution) and the
/// composer shares one constructor between every tag: both must change nothing a world means.
@Suite("World tag check without resolving implicit tags")
struct WorldTagCheckTests {
    /// Implicit scalars of every type Yams resolves (null, bool, int, float, timestamp, merge,
    /// value, str), placed where a world takes free values (tags) and plain ones (names).
    static let implicitScalars: [(original: String, replacement: String)] = [
        ("name: security", "name: security\n  tags: {a: ~, b: yes, c: 0x1F, d: .inf, e: 2001-12-14, f: '<<', g: =, h: text}"),
        ("name: security", "name: security\n  tags: {a: null, b: On, c: -1_000, d: 1.5e3, e: 2001-12-14t21:59:43.10-05:00}"),
        ("name: security", "name: 2001-12-14"),
        ("name: security", "name: '0x1F'"),
        ("name: security", "name: !!str yes"),
        ("name: security", "name: ! yes"),
        ("folder: fd-prod", "folder: !!str fd-prod"),
        ("vpc_num: 12", "vpc_num: !!int 12"),
        ("accounts:\n", "accounts: !!seq\n"),
        ("resource_directory:\n", "resource_directory: !!map\n"),
    ]

    @Test("implicit scalars of every type and plain explicit tags load", arguments: 0..<implicitScalars.count)
    func plainLoads(index: Int) throws {
        let (original, replacement) = Self.implicitScalars[index]
        let yaml = WorldValidationTests.variant(original, replacement)
        _ = try World.load(yaml: yaml)
    }

    /// Explicit non-plain tags on a key, a mapping, a sequence, a scalar inside a free value and a
    /// flow collection: each refused, naming its path.
    static let refused: [(original: String, replacement: String, path: String)] = [
        ("name: security", "!!binary bmFtZQ==: security", "accounts[0]"),
        ("name: security", "name: security\n  tags: !!set {a: null}", "accounts[0].tags"),
        ("name: security", "name: security\n  tags: {a: !!binary YQ==}", "accounts[0].tags.a"),
        ("users:\n", "users: !!omap\n", "accounts[0].users"),
        ("- {name: alice}", "- !custom {name: alice}", "accounts[0].users[0]"),
        ("- {name: alice}", "- {name: !!python/str alice}", "accounts[0].users[0].name"),
    ]

    @Test("a non-plain explicit tag anywhere is refused with its path", arguments: 0..<refused.count)
    func refusedTags(index: Int) throws {
        let (original, replacement, path) = Self.refused[index]
        let yaml = WorldValidationTests.variant(original, replacement)
        do {
            _ = try World.load(yaml: yaml)
            Issue.record("\(replacement) was accepted")
        } catch let error as WorldError {
            #expect(
                error.message.contains("\(path) carries the YAML tag") || error.message.contains("\(path)."),
                "\(error.message)")
        }
    }

    @Test("composed scalars resolve independently although they share one constructor")
    func independentResolution() throws {
        let text = "[yes, hello, 12, ~, 1.5, '12', no, 0x10, world]"
        guard case .sequence(let items)? = try YAMLComposer.compose(text) else {
            Issue.record("not a sequence")
            return
        }
        let resolved = items.map { node -> YAMLScalar in
            guard case .scalar(let scalar) = node else { return .string("not a scalar") }
            return YAMLScalar(scalar)
        }
        #expect(
            resolved == [
                .bool(true), .string("hello"), .integer(12), .null, .float(1.5), .string("12"), .bool(false),
                .integer(16), .string("world"),
            ])
        // Resolving again (tags are resolved in place) gives the same answers.
        let again = items.compactMap { node -> YAMLScalar? in
            guard case .scalar(let scalar) = node else { return nil }
            return YAMLScalar(scalar)
        }
        #expect(again == resolved)
    }
}
