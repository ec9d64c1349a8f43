import CloudSimulator
import Foundation
import Testing

/// Bad world files: each is refused with its path in the document and the fix, none echoes a
/// secret, and none makes the loader build past its limits.
@Suite("World file validation")
struct WorldValidationTests {
    /// Planted in the access key secret; no error message may contain it.
    static let secret = "PLANTEDs3cretZq9"

    /// A small valid world; each variant replaces one piece of it.
    static let base = """
        version: 1
        default_region: cn-hangzhou
        resource_directory:
          management_account: '1000000000000001'
          folders:
          - {id: fd-prod, name: prod}
          - {id: fd-dev, name: dev, parent: fd-prod}
        accounts:
        - id: '1000000000000001'
          name: security
          folder: fd-prod
          access_keys:
          - {id: KSAK1, secret: \(secret)}
          users:
          - {name: alice}
          - {name: bob}
          roles:
          - name: ops
            trust: '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::1000000000000001:root"]}}]}'
            max_session_duration: 3600
          kms_instances:
          - {id: kst-hzz1, region: cn-hangzhou, vpc_num: 12, key_num: 1000, bound_vpcs: 1}
          keys:
          - {id: key-1, instance: kst-hzz1, region: cn-hangzhou, alias: alias/k, spec: Aliyun_AES_256}
          - {id: key-2, region: cn-hangzhou, alias: alias/j}
        - id: '2000000000000001'
          name: member
          folder: fd-dev
          access_keys:
          - {id: KSAK2, secret: other-\(secret)}
        """

    /// The base with `old` replaced by `new` (the replacement must apply).
    static func variant(_ old: String, _ new: String) -> String {
        precondition(base.contains(old), "variant does not apply: \(old)")
        return base.replacingOccurrences(of: old, with: new)
    }

    static let instance = "{id: kst-hzz1, region: cn-hangzhou, vpc_num: 12, key_num: 1000, bound_vpcs: 1}"
    static let key1 = "{id: key-1, instance: kst-hzz1, region: cn-hangzhou, alias: alias/k, spec: Aliyun_AES_256}"

    static let badWorlds: [(name: String, yaml: String, expected: String)] = [
        ("negative vpc_num", variant("vpc_num: 12", "vpc_num: -5"), "accounts[0].kms_instances[0].vpc_num: -5 is negative"),
        ("negative key_num", variant("key_num: 1000", "key_num: -1"), "accounts[0].kms_instances[0].key_num: -1 is negative"),
        (
            "negative bound_vpcs", variant("bound_vpcs: 1", "bound_vpcs: -2"),
            "accounts[0].kms_instances[0].bound_vpcs: -2 is negative"
        ),
        (
            "bound_vpcs above vpc_num", variant("bound_vpcs: 1", "bound_vpcs: 13"),
            "accounts[0].kms_instances[0].bound_vpcs: 13 is more than vpc_num"
        ),
        (
            "absurd vpc_num", variant("vpc_num: 12", "vpc_num: 999999999999"),
            "accounts[0].kms_instances[0].vpc_num: 999999999999 is more than"
        ),
        ("vpc_num past 64 bits", variant("vpc_num: 12", "vpc_num: 99999999999999999999"), "accounts[0].kms_instances[0].vpc_num"),
        (
            "sexagesimal vpc_num that overflows", variant("vpc_num: 12", "vpc_num: 1:2:3:4:5:6:7:8:9:10:11:12:13"),
            "accounts[0].kms_instances[0].vpc_num"
        ),
        ("fractional vpc_num", variant("vpc_num: 12", "vpc_num: 1.5"), "accounts[0].kms_instances[0].vpc_num"),
        ("vpc_num as a mapping", variant("vpc_num: 12", "vpc_num: {a: 1}"), "accounts[0].kms_instances[0].vpc_num"),
        (
            "no keys allowed in the instance", variant("key_num: 1000", "key_num: 0"),
            "instance 'kst-hzz1' holds more keys than its key_num"
        ),
        (
            "unknown key spec", variant("spec: Aliyun_AES_256", "spec: AES_999"),
            "accounts[0].keys[0].spec 'AES_999' is not a KMS key spec"
        ),
        (
            "unknown instance region", variant("region: cn-hangzhou, vpc_num", "region: cn-hangzou, vpc_num"),
            "accounts[0].kms_instances[0].region 'cn-hangzou' is not an Alibaba Cloud region; did you mean 'cn-hangzhou'"
        ),
        (
            "unknown key region", variant("{id: key-2, region: cn-hangzhou", "{id: key-2, region: moon-1"),
            "accounts[0].keys[1].region 'moon-1'"
        ),
        ("unknown default region", variant("default_region: cn-hangzhou", "default_region: mars-1"), "default_region 'mars-1'"),
        (
            "key in another region than its instance", variant(key1, "{id: key-1, instance: kst-hzz1, region: cn-shanghai}"),
            "accounts[0].keys[0].region 'cn-shanghai' differs from its instance's region"
        ),
        (
            "key of an unknown instance", variant("instance: kst-hzz1", "instance: kst-nope"),
            "accounts[0].keys[0].instance 'kst-nope'"
        ),
        (
            "instance id without kst-", variant("{id: kst-hzz1, region", "{id: hzz1, region"),
            "accounts[0].kms_instances[0].id 'hzz1' must start with kst-"
        ),
        (
            "instance listed twice", variant(instance, instance + "\n  - " + instance),
            "accounts[0].kms_instances[1].id 'kst-hzz1' is also"
        ),
        (
            "unknown field", variant("bound_vpcs: 1}", "bound_vpcs: 1, vpcnum: 3}"),
            "Unknown key 'vpcnum' at accounts[0].kms_instances[0].vpcnum"
        ),
        ("unknown top-level field", variant("version: 1", "version: 1\nregions: []"), "Unknown key 'regions' at regions"),
        (
            "duplicate account id", variant("id: '2000000000000001'", "id: '1000000000000001'"),
            "accounts[1].id '1000000000000001' is listed twice"
        ),
        (
            "duplicate account name", variant("name: member", "name: Security"),
            "accounts[1].name 'Security' is also the name of accounts[0]"
        ),
        ("account id too short", variant("id: '2000000000000001'", "id: '2001'"), "accounts[1].id"),
        (
            "account folder that does not exist", variant("folder: fd-dev", "folder: fd-nowhere"),
            "accounts[1].folder 'fd-nowhere'"
        ),
        (
            "folder parent that does not exist", variant("parent: fd-prod", "parent: fd-nowhere"),
            "resource_directory.folders[1].parent 'fd-nowhere'"
        ),
        ("folders in a loop", variant("{id: fd-prod, name: prod}", "{id: fd-prod, name: prod, parent: fd-dev}"), "loop"),
        (
            "folder listed twice", variant("{id: fd-dev, name: dev, parent: fd-prod}", "{id: fd-prod, name: dev}"),
            "resource_directory.folders[1].id 'fd-prod' is listed twice"
        ),
        (
            "management account not in the world",
            variant("management_account: '1000000000000001'", "management_account: '3000000000000001'"),
            "resource_directory.management_account '3000000000000001'"
        ),
        (
            "session duration below RAM's range", variant("max_session_duration: 3600", "max_session_duration: -5"),
            "accounts[0].roles[0].max_session_duration: -5 is outside 3600–43200"
        ),
        (
            "duplicate user", variant("{name: bob}", "{name: Alice}"),
            "accounts[0].users[1].name 'Alice' is also accounts[0].users[0].name"
        ),
        (
            "duplicate alias", variant("alias: alias/j", "alias: alias/k"),
            "accounts[0].keys[1].alias 'alias/k' is also the alias of accounts[0].keys[0]"
        ),
        (
            "default key id longer than 255 bytes", variant("{id: key-2,", "{id: \(String(repeating: "k", count: 256)),"),
            "accounts[0].keys[1].id 'kkkk"
        ),
        (
            "instance key id longer than 255 bytes", variant("{id: key-1,", "{id: key-\(String(repeating: "é", count: 126)),"),
            "is longer than 255 bytes"
        ),
        ("duplicate key id", variant("{id: key-2,", "{id: key-1,"), "accounts[0].keys[1].id 'key-1' is used twice"),
        ("unsupported version", variant("version: 1", "version: 2"), "version: 2 is not supported"),
        ("duplicate YAML key", variant("name: security", "name: security\n  name: other"), "the key 'name' appears twice"),
        ("undefined alias", variant("name: member", "name: *member"), "names no anchor"),
        ("two documents", base + "\n---\nversion: 1", "second document"),
        ("billion laughs", variant("name: member", "name: member\n  tags: " + laughs), "aliases"),
        (
            "deep nesting",
            variant(
                "name: member",
                "name: member\n  tags: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)),
            "nesting deeper than"
        ),
    ]

    /// Nine levels of nine aliases each: 9⁹ values from a few hundred bytes.
    static let laughs: String = {
        var parts = ["{a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for level in 1..<9 {
            parts.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        return parts.joined(separator: ", ") + "}"
    }()

    @Test("the base world loads")
    func baseLoads() throws {
        let world = try World.load(yaml: Self.base)
        #expect(world.accounts.count == 2)
        #expect(world.accounts[0].kmsInstances[0].vpcNum == 12)
    }

    @Test("a bad world is refused with its path in the document, quickly", arguments: badWorlds)
    func badWorld(_ input: (name: String, yaml: String, expected: String)) throws {
        let started = ContinuousClock.now
        do {
            _ = try World.load(yaml: input.yaml)
            Issue.record("\(input.name): loaded")
        } catch let error as WorldError {
            #expect(error.message.contains(input.expected), "\(input.name): \(error.message)")
            #expect(!error.message.contains(Self.secret), "\(input.name) echoes the secret: \(error.message)")
        }
        #expect(ContinuousClock.now - started < .seconds(60), "\(input.name) took too long")
    }

    /// Mistakes around the secret itself: syntax errors, wrong shapes, a value typed where a key was meant.
    static let secretMistakes: [String] = [
        variant("secret: \(secret)}", "secret: \(secret): oops}"),
        variant("- {id: KSAK1, secret: \(secret)}", "- id: KSAK1\n    secret: \(secret): oops"),
        variant("- {id: KSAK1, secret: \(secret)}", "- id: KSAK1\n    secret: \(secret)\n   user: x"),
        variant("secret: \(secret)}", "secret: \"\(secret)}"),
        variant("secret: \(secret)}", "secret: '\(secret)}"),
        variant("secret: \(secret)}", "secret \(secret)}"),
        variant("secret: \(secret)}", "secret:\(secret)}"),
        variant("secret: \(secret)}", "secret: [\(secret)]}"),
        variant("secret: \(secret)}", "secret: {\(secret): 1}}"),
        variant("secret: \(secret)}", "secret: *\(secret)}"),
        variant("secret: \(secret)}", "secret: \(secret), secret: \(secret)}"),
        variant("secret: \(secret)}", "secret: \(secret), \(secret): 1}"),
        variant("- {id: KSAK1, secret: \(secret)}", "- {id: KSAK1, secret: \(secret)}\n  - {id: KSAK1, secret: \(secret)}"),
        variant("- {id: KSAK1, secret: \(secret)}", "- {id: LTAI1, secret: \(secret)}"),
        variant("- {id: KSAK1, secret: \(secret)}", "- {id: KSAK1, secret: \(secret), user: nobody}"),
        variant("- {id: KSAK1, secret: \(secret)}", "- {id: KSAK1, secret: \(secret)}\n\t- x"),
        variant("- {id: KSAK1, secret: \(secret)}", "- {id: KSAK1, secret: \(secret)\n"),
    ]

    @Test("no error about a world file quotes a secret", arguments: secretMistakes)
    func noSecretInErrors(_ yaml: String) throws {
        do {
            _ = try World.load(yaml: yaml)
            Issue.record("loaded: \(yaml)")
        } catch let error as WorldError {
            #expect(!error.message.contains(Self.secret), "\(error.message)")
            #expect(!error.message.contains("PLANTED"), "\(error.message)")
        }
    }

    @Test("a syntax error gives line and column")
    func syntaxErrorPosition() throws {
        do {
            _ = try World.load(yaml: Self.variant("secret: \(Self.secret)}", "secret: \(Self.secret): oops}"))
            Issue.record("loaded")
        } catch let error as WorldError {
            #expect(error.message.contains("line 13, column"), "\(error.message)")
        }
    }

    @Test("a world file that is too large, not a file, or a FIFO is refused naming the path")
    func fileChecks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("world-checks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let large = folder.appendingPathComponent("large.yaml")
        #expect(FileManager.default.createFile(atPath: large.path, contents: nil))
        let handle = try FileHandle(forWritingTo: large)
        try handle.truncate(atOffset: UInt64(World.maximumFileSize + 1))
        try handle.close()
        let fifo = folder.appendingPathComponent("fifo.yaml")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let cases: [(URL, String)] = [
            (large, "more than the 64 MB"), (folder, "not a regular file"), (fifo, "not a regular file"),
            (folder.appendingPathComponent("missing.yaml"), "Cannot read the world file"),
        ]
        for (url, expected) in cases {
            do {
                _ = try World.load(contentsOf: url)
                Issue.record("\(url.lastPathComponent) loaded")
            } catch let error as WorldError {
                #expect(error.message.contains(url.path), "\(error.message)")
                #expect(error.message.contains(expected), "\(error.message)")
            }
        }
    }

    @Test("a 10,000-account starter world still loads within a few seconds")
    func largeWorldLoads() throws {
        let yaml = World.starter(accounts: 9999).yaml()
        let started = ContinuousClock.now
        let world = try World.load(yaml: yaml)
        #expect(world.accounts.count == 10_000)
        #expect(ContinuousClock.now - started < .seconds(60))
    }
}
