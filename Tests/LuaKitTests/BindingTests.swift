import Testing

@testable import LuaKit

@Suite("Bindings")
struct BindingTests {
    @Test("a registered Swift function is callable from Lua and sees its arguments")
    func callsSwift() throws {
        let state = try LuaState()
        try state.register(
            LuaModule(
                name: "calc",
                functions: [
                    "add": { arguments in .value(.integer(try arguments.integer(1) + arguments.integer(2))) },
                    "describe": { arguments in
                        let options = try arguments.table(1)
                        return .values([.string(options["name"].stringValue ?? "?"), .integer(Int64(options.array.count))])
                    },
                ]))
        #expect(try state.first("return calc.add(40, 2)") == .integer(42))
        #expect(try state.execute("return calc.describe{ name = 'k', 1, 2, 3 }", chunkName: "t") == ["k", 3])
        #expect(try state.first("return require('calc') == calc") == true)
    }

    @Test("a throwing binding runs its defer and its local's deinit exactly once, and pcall catches the message")
    func throwingBindingCleansUp() throws {
        let defers = Tally()
        let deinits = Tally()
        let state = try LuaState()
        try state.register(
            LuaModule(
                name: "acct",
                functions: [
                    "open": { _ in
                        let probe = Probe(name: "local", deinits: deinits)
                        defer { defers.increment() }
                        _ = probe.name
                        throw PlainError()
                    }
                ]))
        let results = try state.execute(
            """
            local ok, message = pcall(function() acct.open() end)
            return ok, message
            """, chunkName: "checks.lua")
        #expect(results == [false, "checks.lua:1: access denied for acct-7"])
        #expect(defers.value == 1)
        #expect(deinits.value == 1)
    }

    @Test("argument errors use Lua's wording and name the module function")
    func argumentErrorWording() throws {
        let state = try LuaState()
        try state.register(
            LuaModule(
                name: "kms",
                functions: [
                    "create_key": { arguments in
                        _ = try arguments.string(1)
                        _ = try arguments.table(2)
                        return .none
                    },
                    "schedule": { arguments in .value(.integer(try arguments.integer(1))) },
                ]))
        let results = try state.execute(
            """
            local _, a = pcall(kms.create_key, "acct", nil)
            local _, b = pcall(kms.create_key, "acct")
            local _, c = pcall(kms.create_key, {}, {})
            local _, d = pcall(kms.schedule, 1.5)
            return a, b, c, d
            """, chunkName: "args.lua")
        #expect(
            results == [
                "bad argument #2 to 'kms.create_key' (table expected, got nil)",
                "bad argument #2 to 'kms.create_key' (table expected, got no value)",
                "bad argument #1 to 'kms.create_key' (string expected, got table)",
                "bad argument #1 to 'kms.schedule' (number has no integer representation)",
            ])
        let direct = try state.execute("local ok, e = pcall(function() kms.create_key('a') end) return e", chunkName: "args.lua")
        #expect(
            direct == ["args.lua:1: bad argument #2 to 'create_key' (table expected, got no value)"]
                || direct == ["args.lua:1: bad argument #2 to 'kms.create_key' (table expected, got no value)"])
    }

    @Test("values round-trip between Swift and Lua with tables keeping array part and fields")
    func valuesRoundTrip() throws {
        let state = try LuaState()
        var nested = LuaTable(array: ["a", 2, 3.5, true])
        nested["name"] = "key-1"
        nested[.integer(10)] = "ten"
        nested["inner"] = ["x": 1]
        try state.setGlobal("value", .table(nested))
        #expect(try state.global("value") == .table(nested))
        #expect(
            try state.execute("return value[1], value[4], value.inner.x, value[10], #value", chunkName: "t")
                == ["a", true, 1, "ten", 4])
        #expect(try state.first("return 'a\\0b'") == .string("a\u{0}b"))
        #expect(try state.first("return 2^53") == .number(9_007_199_254_740_992))
        #expect(try state.first("return math.maxinteger") == .integer(.max))
    }

    @Test("displayString runs __tostring under pcall and callerPosition names the Lua caller")
    func displayStringAndPosition() throws {
        let state = try LuaState()
        try state.register(
            LuaModule(
                name: "show",
                functions: [
                    "it": { arguments in
                        .values([.string(try arguments.displayString(1)), .string(arguments.callerPosition ?? "-")])
                    }
                ]))
        let results = try state.execute(
            """
            local shown, at = show.it(setmetatable({}, { __tostring = function() return "custom" end }))
            local ok, err = pcall(show.it, setmetatable({}, { __tostring = function() error("no text") end }))
            return shown, at, show.it(12.5), ok, err
            """, chunkName: "show.lua")
        #expect(results == ["custom", "show.lua:1", "12.5", false, "show.lua:2: no text"])
    }

    @Test("a reference outliving its state is harmless, and a reference from another state is refused")
    func referencesAcrossStates() throws {
        var reference: LuaReference?
        do {
            let state = try LuaState()
            if case .function(let function) = try state.first("return function() return 1 end") { reference = function }
        }
        #expect(reference != nil)
        let other = try LuaState()
        #expect(throws: LuaError.self) { try other.call(reference!) }
        #expect(other.stackTop == 0)
        reference = nil
    }

    @Test("tables can be written as literals")
    func tableLiterals() {
        let table: LuaTable = ["name": "k1", "count": 2]
        let list: LuaTable = ["a", "b"]
        #expect(table["name"] == "k1" && table["count"] == 2 && table.array.isEmpty)
        #expect(list.array == ["a", "b"] && list.fields.isEmpty)
    }

    @Test("a Lua function comes back as a reference Swift can call, and a binding can call back into Lua")
    func functionReferences() throws {
        let state = try LuaState()
        try state.register(
            LuaModule(
                name: "each",
                functions: [
                    "call": { arguments in
                        let callback = try arguments.function(1)
                        return .values(try arguments.call(callback, [.integer(20)]))
                    }
                ]))
        let double = try state.first("return function(x) return x * 2 end")
        guard case .function(let reference) = double else {
            Issue.record("expected a function, got \(double)")
            return
        }
        #expect(try state.call(reference, arguments: [21]) == [42])
        #expect(try state.first("return each.call(function(x) return x + 1 end)") == 21)
        #expect(
            try state.first("return select(2, pcall(each.call, function() error('boom') end))")
                == "test.lua:1: boom")
    }

    @Test("Swift objects are userdata with methods, tostring, their type in argument errors, and __gc once")
    func userdataObjects() throws {
        let deinits = Tally()
        do {
            let state = try LuaState()
            try state.register(
                LuaModule(
                    name: "probes",
                    functions: [
                        "make": { arguments in .value(.object(Probe(name: try arguments.string(1), base: 40, deinits: deinits)))
                        },
                        "name_of": { arguments in .value(.string(try arguments.object(1, as: Probe.self).name)) },
                    ]))
            let results = try state.execute(
                """
                local p = probes.make("alpha")
                local ok, err = pcall(probes.name_of, {})
                return p:name(), p:add(2), tostring(p), probes.name_of(p), err, getmetatable(p)
                """, chunkName: "ud.lua")
            #expect(
                results == [
                    "alpha", 42, "Probe(alpha)", "alpha",
                    "bad argument #1 to 'probes.name_of' (Probe expected, got table)", "Probe",
                ])
            _ = try state.execute("collectgarbage(); collectgarbage()", chunkName: "gc")
            #expect(deinits.value == 1)
            let kept = try state.execute("kept = probes.make('beta') return kept", chunkName: "keep")
            #expect(kept.first?.typeName == "Probe")
        }
        #expect(deinits.value == 2)
    }
}
