import CloudSimulator
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// One explicit YAML tag placed somewhere in a valid world, and the path the error must name.
struct WorldTagVariant: CustomTestStringConvertible, Sendable {
    /// What is replaced in ``WorldValidationTests/base``.
    var original: String
    /// Its tagged replacement.
    var replacement: String
    /// The path the error names.
    var path: String
    var testDescription: String { replacement }
}

/// World-file variants the first tables missed: explicit YAML tags (silently dropped before, so
/// `!!binary` secrets and `!!python/object` quotas were read as their text) and world paths that
/// are symlinks, loops, FIFOs or not UTF-8.
@Suite("World file variants: tags and file kinds")
struct WorldFileVariantsTests {
    static let secret = WorldValidationTests.secret

    static let tags: [WorldTagVariant] = [
        WorldTagVariant(
            original: "secret: \(secret)", replacement: "secret: !!binary UExBTlRFRA==",
            path: "accounts[0].access_keys[0].secret"),
        WorldTagVariant(
            original: "vpc_num: 12", replacement: "vpc_num: !!python/object:os.system 12",
            path: "accounts[0].kms_instances[0].vpc_num"),
        WorldTagVariant(
            original: "key_num: 1000", replacement: "key_num: !custom 1000",
            path: "accounts[0].kms_instances[0].key_num"),
        WorldTagVariant(original: "name: security", replacement: "name: !!set {a: null}", path: "accounts[0].name"),
        WorldTagVariant(original: "name: security", replacement: "name: !!omap [a: 1]", path: "accounts[0].name"),
        WorldTagVariant(
            original: "default_region: cn-hangzhou", replacement: "default_region: !!python/str cn-hangzhou",
            path: "default_region"),
        WorldTagVariant(original: "accounts:\n", replacement: "accounts: !!python/list\n", path: "accounts"),
    ]

    @Test("a value with an explicit non-plain tag is refused naming its path, never its secret", arguments: tags)
    func taggedValue(_ variant: WorldTagVariant) throws {
        let yaml = WorldValidationTests.base.replacingOccurrences(of: variant.original, with: variant.replacement)
        #expect(yaml != WorldValidationTests.base, "the variant changed nothing")
        do {
            _ = try World.load(yaml: yaml)
            Issue.record("\(variant.replacement) was accepted")
        } catch let error as WorldError {
            #expect(error.message.contains("\(variant.path) carries the YAML tag"), "\(error.message)")
            #expect(!error.message.contains(Self.secret))
        }
    }

    @Test("plain tags (!!str, !!int, quoted values, !) are still read")
    func plainTags() throws {
        let yaml = WorldValidationTests.base
            .replacingOccurrences(of: "vpc_num: 12", with: "vpc_num: !!int 12")
            .replacingOccurrences(of: "name: security", with: "name: !!str security")
        let world = try World.load(yaml: yaml)
        #expect(world.accounts.first?.name == "security")
    }

    /// A folder holding the base world as `world.yaml`.
    private func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("world-variants-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try WorldValidationTests.base.write(to: folder.appendingPathComponent("world.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test("a symlink to a world file is that world file")
    func symlinkIsRead() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.appendingPathComponent("link.yaml")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: folder.appendingPathComponent("world.yaml"))
        #expect(try World.load(contentsOf: link).accounts.count == 2)
    }

    /// (file name, how to make it, fragment of the error).
    static let unusableFiles: [(String, String)] = [
        ("loop.yaml", "symbolic link loop"),
        ("dangling.yaml", "No such file or directory"),
        ("fifo.yaml", "is not a regular file"),
        ("latin1.yaml", "is not UTF-8 text"),
        ("folder.yaml", "is not a regular file"),
    ]

    @Test("an unusable world path is refused at once with its path and reason", arguments: 0..<unusableFiles.count)
    func unusable(index: Int) throws {
        let (name, fragment) = Self.unusableFiles[index]
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(name)
        let files = FileManager.default
        switch name {
        case "loop.yaml":
            try files.createSymbolicLink(atPath: url.path, withDestinationPath: "loop2.yaml")
            try files.createSymbolicLink(atPath: folder.appendingPathComponent("loop2.yaml").path, withDestinationPath: name)
        case "dangling.yaml":
            try files.createSymbolicLink(atPath: url.path, withDestinationPath: "/nonexistent/world.yaml")
        case "fifo.yaml":
            #if canImport(Glibc)
            #expect(mkfifo(url.path, 0o644) == 0)
            #endif
        case "latin1.yaml":
            try Data("version: 1\nname: caf\u{E9}\n".utf8.map { $0 == 0xC3 ? 0xE9 : $0 }.filter { $0 != 0xA9 }).write(to: url)
        default:
            try files.createDirectory(at: url, withIntermediateDirectories: true)
        }
        do {
            _ = try World.load(contentsOf: url)
            Issue.record("\(name) was accepted")
        } catch let error as WorldError {
            #expect(error.message.contains(url.path), "\(error.message)")
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }
}
