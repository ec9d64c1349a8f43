import CloudSimulator
import Foundation
import Grants
import LuaKit
import Runner
import Testing

/// `json`, `yaml` and `keyshare.sleep` against hostile input: every case must end quickly with an
/// error naming the problem, never build gigabytes past the memory cap, recurse without bound, or trap.
@Suite("Helper module limits")
struct HelperModuleLimitTests {
    /// A state with the helper modules and a cap small enough that an unbounded result would pass it.
    static func state(memory: Int = 32 * 1_048_576) throws -> LuaState {
        let state = try LuaState(options: .init(memoryLimit: memory, instructionLimit: 200_000_000))
        try state.register(HelperModules.json)
        try state.register(HelperModules.yaml)
        let cloud = try SimulatedCloud(world: .starter(accounts: 2), environment: .deterministic())
        try state.register(
            HelperModules.keyshare(
                writers: KeyPolicyWriters(cloud: cloud),
                sleep: { _ in }))
        return state
    }

    /// Runs `setup` then `call` under pcall; returns the error text, or nil when the call succeeded.
    /// Fails the test when it takes longer than `seconds` (a sign of unbounded work).
    static func failure(
        _ call: String, setup: String = "", arguments: [LuaValue] = [], seconds: Double = 60,
        memory: Int = 32 * 1_048_576, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String? {
        let state = try state(memory: memory)
        let started = ContinuousClock.now
        let results = try state.execute(
            """
            \(setup)
            local ok, err = pcall(function() return \(call) end)
            if ok then return nil end
            return tostring(err)
            """, chunkName: "limits", arguments: arguments)
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(seconds), "took \(elapsed)", sourceLocation: sourceLocation)
        return results.first?.stringValue
    }

    // MARK: yaml.decode

    /// Nested anchors: each level repeats the one before `width` times.
    static func laughs(levels: Int, width: Int, mapping: Bool) -> String {
        var lines = [
            "l0: &l0 "
                + (mapping
                    ? "{" + (0..<width).map { "k\($0): lol" }.joined(separator: ", ") + "}"
                    : "[" + Array(repeating: "lol", count: width).joined(separator: ", ") + "]")
        ]
        for level in 1..<levels {
            let items = (0..<width).map { mapping ? "k\($0): *l\(level - 1)" : "*l\(level - 1)" }
            lines.append(
                "l\(level): &l\(level) " + (mapping ? "{\(items.joined(separator: ", "))}" : "[\(items.joined(separator: ", "))]")
            )
        }
        return lines.joined(separator: "\n")
    }

    static let hostileYAML: [(name: String, text: String, expected: String)] = [
        ("billion laughs in sequences", laughs(levels: 9, width: 9, mapping: false), "aliases"),
        ("billion laughs in mappings", laughs(levels: 9, width: 9, mapping: true), "aliases"),
        ("wide aliases", laughs(levels: 3, width: 400, mapping: false), "aliases"),
        (
            "alias bomb in a flow sequence of one line",
            "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]",
            "aliases"
        ),
        (
            "merge keys that multiply",
            "a: &a {x: 1, y: 2}\n"
                + (1..<12).map {
                    "m\($0): &m\($0) {<<: [*\($0 == 1 ? "a" : "m\($0 - 1)"), *\($0 == 1 ? "a" : "m\($0 - 1)"), *\($0 == 1 ? "a" : "m\($0 - 1)"), *\($0 == 1 ? "a" : "m\($0 - 1)")], z\($0): 1}"
                }.joined(separator: "\n"),
            "aliases"
        ),
        (
            "10,000 nested flow sequences", String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
            "nesting deeper than"
        ),
        (
            "10,000 nested flow mappings", String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000),
            "nesting deeper than"
        ),
        (
            "150 nested block mappings",
            (0..<150).map { String(repeating: " ", count: $0) + "a:" }.joined(separator: "\n") + " 1", "nesting deeper than"
        ),
        (
            "150 nested block sequences",
            (0..<150).map { String(repeating: "  ", count: $0) + "-" }.joined(separator: "\n") + " 1", "nesting deeper than"
        ),
        ("an alias to an undefined anchor", "a: *nowhere", "names no anchor"),
        ("a recursive alias", "a: &a [1, *a]", "names no anchor"),
        ("a duplicate key", "a: 1\na: 2", "appears twice"),
        ("two documents", "a: 1\n---\nb: 2", "second document"),
        ("a sequence as a mapping key", "? [1, 2]\n: x", "mapping key"),
        ("a merge of a scalar", "a: {<<: 5}", "merge key"),
        ("a million small values past the cap", "[" + String(repeating: "0,", count: 1_000_000) + "0]", "memory cap"),
    ]

    @Test("hostile YAML fails fast with an error naming the problem", arguments: hostileYAML)
    func hostileYAMLFails(_ input: (name: String, text: String, expected: String)) throws {
        // 8 MB: a cap small enough that the value limit it implies stops a flood of values early.
        let error = try Self.failure(
            "yaml.decode(text)", setup: "local text = ...", arguments: [.string(input.text)],
            memory: 8 * 1_048_576)
        let message = try #require(error, "\(input.name) must fail")
        #expect(message.contains(input.expected), "\(input.name): \(message)")
        #expect(message.contains("yaml.decode"), "\(input.name): \(message)")
    }

    @Test("a scalar larger than the memory left under the cap is refused")
    func hugeScalar() throws {
        // The text (one plain scalar of 9 MB, pushed from Swift) leaves about 7 MB under the cap.
        let text = "x: " + String(repeating: "y", count: 9 * 1_048_576)
        let error = try Self.failure(
            "yaml.decode(text)", setup: "local text = ...", arguments: [.string(text)],
            memory: 16 * 1_048_576)
        #expect(error?.contains("memory cap") == true, "\(error ?? "no error")")
    }

    @Test("ordinary YAML still decodes: aliases, merge keys, numbers, booleans, nulls and timestamps as text")
    func ordinaryYAML() throws {
        let state = try Self.state()
        let text = """
            base: &base {region: cn-hangzhou, size: 20}
            disk:
              <<: *base
              size: 40
              name: data
            list: [*base, *base]
            numbers: [0x10, 0o17, 1_000, 1:30, -9223372036854775808, 99999999999999999999, 1.5, .inf]
            flags: [yes, false, ~]
            time: 2001-12-14t21:59:43.10-05:00
            long: 1:2:3:4:5:6:7:8:9:10:11:12:13
            """
        let result = try state.execute(
            """
            local t = yaml.decode(...)
            return t.disk.region, t.disk.size, t.disk.name, #t.list, t.list[2].size,
                   t.numbers[1], t.numbers[2], t.numbers[3], t.numbers[4], t.numbers[5], t.numbers[6], t.numbers[7],
                   t.flags[1], t.flags[2], t.time, type(t.long)
            """, chunkName: "ok", arguments: [.string(text)])
        #expect(result[0] == "cn-hangzhou")
        #expect(result[1] == .integer(40))
        #expect(result[2] == "data")
        #expect(result[3] == .integer(2))
        #expect(result[4] == .integer(20))
        #expect(result[5] == .integer(16))
        #expect(result[6] == .integer(15))
        #expect(result[7] == .integer(1000))
        #expect(result[8] == .integer(90))
        #expect(result[9] == .integer(Int64.min))
        #expect(result[10] == .number(1e20))
        #expect(result[11] == .number(1.5))
        #expect(result[12] == .boolean(true))
        #expect(result[13] == .boolean(false))
        #expect(result[14] == "2001-12-14t21:59:43.10-05:00")
        #expect(result[15] == "number")
    }

    @Test("a YAML syntax error gives line and column and never the document's text")
    func yamlSyntaxErrorIsRedacted() throws {
        let secret = "S3cretValueNeverEchoed"
        for text in [
            "secret: \(secret): oops", "a:\n  b: 1\n c: \(secret)", "[\(secret)", "key: '\(secret)", "- \(secret)\nx: 1",
        ] {
            let error = try #require(try Self.failure("yaml.decode(text)", setup: "local text = [==[\(text)]==]"))
            #expect(!error.contains(secret), "\(error)")
            #expect(error.contains("line "), "\(error)")
        }
    }

    // MARK: json

    static let hostileJSON: [(name: String, call: String, setup: String, expected: String)] = [
        ("10,000 nested arrays", "json.decode(string.rep('[', 10000) .. string.rep(']', 10000))", "", "nesting deeper"),
        (
            "10,000 nested objects", #"json.decode(string.rep('{"a":', 10000) .. '1' .. string.rep('}', 10000))"#, "",
            "nesting deeper"
        ),
        ("two million numbers past the cap", "json.decode('[' .. string.rep('0,', 2000000) .. '0]')", "", "memory cap"),
        ("a long string past the cap", "json.decode('\"' .. string.rep('x', 12 * 1024 * 1024) .. '\"')", "", "memory cap"),
        ("a table that contains itself", "json.encode(t)", "local t = {}; t.self = t", "cycle"),
        ("a list that contains itself", "json.encode(t)", "local t = {1}; t[2] = t", "cycle"),
        (
            "a shared table doubling 40 times", "json.encode(t)",
            "local t = {1}; for i = 1, 40 do t = {t, t} end", "too large"
        ),
        (
            "a shared wide table three levels", "json.encode(c)",
            "local a = {}; for i = 1, 1000 do a[i] = i end; local b = {}; for i = 1, 1000 do b[i] = a end; local c = {}; for i = 1, 1000 do c[i] = b end",
            "too large"
        ),
        (
            "shared fields doubling 40 times", "json.encode(t)",
            "local t = {x = 1}; for i = 1, 40 do t = {left = t, right = t} end", "too large"
        ),
        ("200 nested tables", "json.encode(t)", "local t = {}; for i = 1, 200 do t = {t} end", "nesting deeper"),
        ("NaN", "json.encode(0/0)", "", "NaN"),
        ("infinity", "json.encode(1/0)", "", "inf"),
        ("minus infinity", "json.encode(-1/0)", "", "-inf"),
        ("NaN in a list", "json.encode({0/0, 1/0})", "", "the value at [1] is NaN"),
        ("infinity deep in an object", "json.encode({a = {b = {1, math.huge}}})", "", "the value at a.b[2] is inf"),
    ]

    @Test("hostile JSON input and output fail fast with a clear error", arguments: hostileJSON)
    func hostileJSONFails(_ input: (name: String, call: String, setup: String, expected: String)) throws {
        let error = try Self.failure(input.call, setup: input.setup)
        let message = try #require(error, "\(input.name) must fail")
        #expect(message.contains(input.expected), "\(input.name): \(message)")
        #expect(message.contains("json."), "\(input.name): \(message)")
    }

    @Test("ordinary JSON round-trips, and encodes large finite numbers")
    func ordinaryJSON() throws {
        let state = try Self.state()
        let result = try state.execute(
            """
            local shared = {1, 2}
            return json.encode({a = shared, b = shared, n = 1e300, m = math.mininteger}), json.decode('{"x":[1,2.5,"y"]}').x[3]
            """, chunkName: "ok")
        #expect(result[0] == #"{"a":[1,2],"b":[1,2],"m":-9223372036854775808,"n":1e+300}"#)
        #expect(result[1] == "y")
    }

    // MARK: keyshare.sleep

    static let badSleeps = [
        "0/0", "-1", "-0.001", "1/0", "-1/0", "1e16", "86401", "math.maxinteger", "math.mininteger",
        "2^63", "'soon'", "{}", "nil", "true",
    ]

    @Test("keyshare.sleep refuses what is not 0 to 86400 seconds, naming itself and the range", arguments: badSleeps)
    func badSleep(_ argument: String) throws {
        let error = try #require(try Self.failure("keyshare.sleep(\(argument))"), "sleep(\(argument)) must fail")
        #expect(error.contains("keyshare.sleep"), "\(error)")
        #expect(error.contains("from 0 to 86400 seconds"), "\(error)")
    }

    @Test("keyshare.sleep accepts the ends of its range (it then needs a run's coroutine)")
    func goodSleep() throws {
        for argument in ["0", "86400", "0.25", "'2'"] {
            let error = try #require(try Self.failure("keyshare.sleep(\(argument))"))
            #expect(error.contains("cannot suspend here"), "sleep(\(argument)): \(error)")
        }
    }
}
