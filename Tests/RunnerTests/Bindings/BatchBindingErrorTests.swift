import LuaKit
import Runner
import Testing

/// `<module>.each` failures: the first failing entry's error by position, once every request has
/// finished; entry checks worded as the single call words them; limits and hostile tables.
@Suite("Batch binding errors")
struct BatchBindingErrorTests {
    typealias Flight = BatchBindingTests.Flight

    @Test("after every request finished, the first failure by position is raised as its single call raises it")
    func firstFailureByPosition() async throws {
        let flight = Flight()
        // Entry 3 fails last, entry 5 first, entry 4 succeeds after both.
        let delays = ["missing-a": 60, "missing-b": 1, "k4": 150]
        let state = try BatchBindingTests.state(
            BatchBindingTests.cloud(flight) { ref in .milliseconds(delays[ref] ?? 5) })
        let result = try await BatchBindingTests.run(
            state,
            """
            local ok, err = pcall(kms.each, "describe_key", {
              { key_id = "k1" }, { key_id = "k2" }, { key_id = "missing-a" }, { key_id = "k4" }, { key_id = "missing-b" },
            })
            local _, single = pcall(kms.describe_key, { key_id = "missing-a" })
            return ok, err.index, err.code == single.code, err.message == single.message,
              err.http_status == single.http_status, err.request_id == single.request_id,
              tostring(err) == "kms.each entry #3: " .. tostring(single), tostring(err)
            """)
        #expect(flight.finished == 6, "a request was still running when the error was raised")
        #expect(result[0] == .boolean(false))
        #expect(result[1] == .integer(3))
        #expect(Array(result[2...6]) == Array(repeating: .boolean(true), count: 5), "\(result)")
    }

    static let entryChecks: [(name: String, setup: String, entry: String)] = [
        ("an unknown parameter", "", "{ key_idd = 'k' }"),
        ("a positional parameter", "", "{ 'k' }"),
        ("a table for a string parameter", "", "{ key_id = { 'k' } }"),
        ("a function for a string parameter", "", "{ key_id = function() end }"),
        ("a missing required parameter", "", "{}"),
        ("a metatable's __index offering the parameter", "", "setmetatable({}, { __index = { key_id = 'k' } })"),
        ("a string instead of a table", "", "'k'"),
        ("a number instead of a table", "", "42"),
        ("a boolean instead of a table", "", "true"),
        ("a function instead of a table", "", "function() end"),
        ("a cycle through the parameter table", "local t = { key_id = 'k' }; t.t = t", "t"),
        ("a cycle inside a parameter", "local t = {}; t.t = t", "{ key_id = 'k', tags = t }"),
        ("a boolean key", "", "{ [true] = 'k' }"),
        ("nesting 200 deep", "local t = {}; for i = 1, 200 do t = { t } end", "{ key_id = 'k', tags = t }"),
    ]

    @Test("an entry that fails its checks fails as its single call does, with its position", arguments: entryChecks)
    func entryCheck(_ input: (name: String, setup: String, entry: String)) async throws {
        let flight = Flight()
        let state = try BatchBindingTests.state(BatchBindingTests.cloud(flight))
        let result = try await BatchBindingTests.run(
            state,
            """
            \(input.setup)
            local _, single = pcall(kms.describe_key, \(input.entry))
            local ok, batch = pcall(kms.each, "describe_key", { { key_id = "k1" }, \(input.entry), { key_id = "k3" } })
            return ok, tostring(single), tostring(batch)
            """)
        #expect(result[0] == .boolean(false), "\(input.name) passed")
        let single = try #require(result[1].stringValue?.firstRange(of: "bad argument #1 to 'kms.describe_key' ("))
        let batch = try #require(result[2].stringValue?.firstRange(of: "bad argument #2 to 'kms.each' (entry #2: "))
        let singleText = result[1].stringValue.map { String($0[single.upperBound...]) }
        let batchText = result[2].stringValue.map { String($0[batch.upperBound...]) }
        #expect(singleText == batchText, "\(input.name)")
    }

    static let listChecks: [(name: String, setup: String, list: String, expected: String)] = [
        (
            "101 requests", "local l = {}; for i = 1, 101 do l[i] = { key_id = 'k' } end", "l",
            "101 requests: at most 100 per call"
        ),
        (
            "300,000 shared entries", "local e = { key_id = 'k' }; local l = {}; for i = 1, 300000 do l[i] = e end", "l",
            "too large to copy under the memory cap"
        ),
        ("300,000 strings", "local l = {}; for i = 1, 300000 do l[i] = 'x' end", "l", "300000 requests: at most 100"),
        ("150 non-tables", "local l = {}; for i = 1, 150 do l[i] = i end", "l", "150 requests: at most 100"),
        ("a hole", "", "{ { key_id = 'a' }, nil, { key_id = 'c' } }", "without holes or named fields"),
        ("a named field", "", "{ { key_id = 'a' }, extra = { key_id = 'b' } }", "without holes or named fields"),
        ("a list holding itself", "local l = {}; l[1] = l", "l", "the request list: "),
        ("an entry holding the list", "local l = {}; l[1] = { key_id = 'k', tags = l }", "l", "(a cycle)"),
        ("a boolean key in the list", "", "{ [false] = { key_id = 'k' } }", "a table key of type boolean"),
        ("no list", "", "nil", "table expected, got nil"),
        ("a string for the list", "", "'k1,k2'", "table expected, got string"),
    ]

    @Test("a list that is too long, not a list, or not copyable is refused before anything is sent", arguments: listChecks)
    func listCheck(_ input: (name: String, setup: String, list: String, expected: String)) async throws {
        let flight = Flight()
        let state = try BatchBindingTests.state(BatchBindingTests.cloud(flight))
        let started = ContinuousClock.now
        let result = try await BatchBindingTests.run(
            state,
            """
            \(input.setup)
            local ok, err = pcall(kms.each, "describe_key", \(input.list))
            return ok, tostring(err)
            """)
        #expect(ContinuousClock.now - started < .seconds(30), "\(input.name) took too long")
        #expect(result[0] == .boolean(false), "\(input.name) passed")
        let message = result[1].stringValue ?? ""
        #expect(message.contains("bad argument #2 to 'kms.each'"), "\(input.name): \(message)")
        #expect(message.contains(input.expected), "\(input.name): \(message)")
        #expect(flight.finished == 0, "\(input.name) sent requests")
    }

    @Test("a list's metatable is not consulted: __index, __len and __pairs tricks see the raw list")
    func metatables() async throws {
        let flight = Flight()
        let state = try BatchBindingTests.state(BatchBindingTests.cloud(flight))
        let result = try await BatchBindingTests.run(
            state,
            """
            local tricks = setmetatable({}, {
              __index = function(_, i) return { key_id = "k" .. i } end,
              __len = function() return 1000000000 end,
              __pairs = function() error("__pairs ran") end,
            })
            local empty = kms.each("describe_key", tricks)
            local raw = setmetatable({ { key_id = "a" } }, { __index = function() error("__index ran") end })
            local one = kms.each("describe_key", raw)
            return #empty, #one, one[1].key_metadata.key_id
            """)
        #expect(result == [.integer(0), .integer(1), .string("a")])
        #expect(flight.finished == 1)
    }

    @Test("exactly 100 requests are taken")
    func hundred() async throws {
        let flight = Flight()
        let state = try BatchBindingTests.state(BatchBindingTests.cloud(flight) { _ in .zero })
        let result = try await BatchBindingTests.run(
            state,
            """
            local l = {}; for i = 1, 100 do l[i] = { key_id = "k" .. i } end
            local answers = kms.each("describe_key", l)
            return #answers, answers[100].key_metadata.key_id
            """)
        #expect(result == [.integer(100), .string("k100")])
        #expect(flight.finished == 100)
    }

    @Test("answers larger than the memory left under the cap are refused, naming the cap and the fix")
    func outputBudget() async throws {
        let flight = Flight()
        let large = String(repeating: "d", count: 300_000)
        let state = try BatchBindingTests.state(BatchBindingTests.cloud(flight, description: large), memory: 8 * 1_048_576)
        let result = try await BatchBindingTests.run(
            state,
            """
            local few = kms.each("describe_key", { { key_id = "a" }, { key_id = "b" } })
            local l = {}; for i = 1, 40 do l[i] = { key_id = "k" .. i } end
            local ok, err = pcall(kms.each, "describe_key", l)
            return #few, ok, tostring(err)
            """)
        #expect(result[0] == .integer(2))
        #expect(result[1] == .boolean(false))
        let message = result[2].stringValue ?? ""
        #expect(message.contains("bad argument #2 to 'kms.each'"), "\(message)")
        #expect(message.contains("left under the memory cap (--max-memory): send fewer requests per call"), "\(message)")
    }
}
