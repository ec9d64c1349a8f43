import Foundation
import Testing

private let sharePlaybook = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-disk-key.lua").path

/// Bad world files through the CLI: nothing runs (exit 2), stderr names the file and the path in
/// it, and never the secret the file holds. Hostile Lua values end a script quickly with the limit named.
@Suite(
    "World files and binding limits through the CLI",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct WorldFileTests {
    static let secret = "CLIs3cretNeverShown"

    static let world = """
        version: 1
        accounts:
        - id: '1000000000000001'
          name: owner
          access_keys:
          - {id: KSAK1, secret: \(secret)}
          kms_instances:
          - {id: kst-hzz1, region: cn-hangzhou, vpc_num: 12, key_num: 10, bound_vpcs: 1}
          keys:
          - {id: key-1, instance: kst-hzz1, region: cn-hangzhou, alias: alias/shared-disk-key}
        """

    static let bombs = (1..<9).map { level in
        "  a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]"
    }.joined(separator: "\n")

    static let cases: [(name: String, yaml: String, expected: String)] = [
        (
            "a negative quota", world.replacingOccurrences(of: "vpc_num: 12", with: "vpc_num: -5"),
            "accounts[0].kms_instances[0].vpc_num: -5 is negative"
        ),
        (
            "bound VPCs above the quota", world.replacingOccurrences(of: "bound_vpcs: 1", with: "bound_vpcs: 20"),
            "bound_vpcs: 20 is more than vpc_num"
        ),
        (
            "an unknown region", world.replacingOccurrences(of: "region: cn-hangzhou, vpc", with: "region: cn-hangzou, vpc"),
            "did you mean 'cn-hangzhou'"
        ),
        (
            "a syntax error on the secret's line",
            world.replacingOccurrences(of: "secret: \(secret)}", with: "secret: \(secret): oops}"), "line 6, column"
        ),
        (
            "an alias bomb",
            world.replacingOccurrences(
                of: "  name: owner", with: "  name: owner\n  tags:\n  a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + bombs),
            "aliases"
        ),
    ]

    @Test("a bad world file stops keyshare run with exit 2, its path, and no secret", arguments: 0..<cases.count)
    func badWorld(_ index: Int) async throws {
        let input = Self.cases[index]
        let (outcome, file, took) = try await run(writing: input.yaml, to: "world.yaml") { file, folder in
            ["run", sharePlaybook, "--world", file.path, "--state", folder.appendingPathComponent("s.sqlite").path]
        }
        #expect(outcome.status == 2, "\(input.name): exit \(outcome.status): \(outcome.errors)")
        #expect(outcome.errors.contains(input.expected), "\(input.name): \(outcome.errors)")
        #expect(outcome.errors.contains(file.path), "\(input.name): \(outcome.errors)")
        #expect(
            !outcome.errors.contains(Self.secret) && !outcome.output.contains(Self.secret), "\(input.name) printed the secret")
        #expect(took < .seconds(120)) // a hang guard only: the suite shares two cores
    }

    /// Writes `text` to the file `name` in a fresh folder (removed afterwards) and runs the binary with the
    /// words `arguments(file, folder)`; returns what it printed, the file, and how long the run took.
    private func run(writing text: String, to name: String, _ arguments: (URL, URL) -> [String]) async throws
        -> (outcome: KeyshareOutcome, file: URL, took: Duration)
    {
        let folder = try temporaryFolder("world-file")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        let started = ContinuousClock.now
        let outcome = try await keyshare(arguments(file, folder))
        return (outcome, file, ContinuousClock.now - started)
    }

    static let scripts: [(name: String, lua: String, expected: String)] = [
        (
            "a shared table doubling 40 times", "local t = {1}\nfor i = 1, 40 do t = {t, t} end\nprint(json.encode(t))",
            "too large to cross into Swift"
        ),
        (
            "billion laughs",
            """
            local s = "a0: &a0 [x,x,x,x,x,x,x,x,x]\\n"
            for i = 1, 8 do s = s .. "a" .. i .. ": &a" .. i .. " [" .. string.rep("*a" .. (i - 1) .. ",", 8) .. "*a" .. (i - 1) .. "]\\n" end
            print(#yaml.decode(s))
            """, "aliases"
        ),
        ("sleeping 1e16 seconds", "keyshare.sleep(1e16)", "keyshare.sleep"),
        ("encoding NaN", "print(json.encode({0/0}))", "NaN"),
    ]

    @Test("a hostile value in a script ends the run quickly with the limit named", arguments: 0..<scripts.count)
    func hostileScript(_ index: Int) async throws {
        let input = Self.scripts[index]
        let (outcome, _, took) = try await run(writing: input.lua, to: "script.lua") { file, _ in
            ["run", file.path, "--max-memory", "64"]
        }
        #expect(outcome.status != 0, "\(input.name) succeeded")
        #expect(outcome.errors.contains(input.expected), "\(input.name): \(outcome.errors)")
        #expect(took < .seconds(120), "\(input.name) took too long") // a hang guard only
    }
}
