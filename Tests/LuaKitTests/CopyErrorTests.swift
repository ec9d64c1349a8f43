import Testing

@testable import LuaKit

/// A Lua value that cannot be copied into Swift fails where it is, with the keys that lead there,
/// so a binding can name the field at fault; a cycle is found at once, a shared table still copies.
@Suite("Copy errors")
struct CopyErrorTests {
    /// (Lua setup of `t`, the path and reason of the failure).
    static let failures: [(setup: String, path: [LuaKey], reason: LuaCopyError.Reason)] = [
        ("t = {}; t[1] = t", [1], .cycle(ancestor: 0)),
        ("t = {a = {}}; t.a.b = t.a", ["a", "b"], .cycle(ancestor: 1)),
        ("t = {a = {{}}}; t.a[1].c = t", ["a", 1, "c"], .cycle(ancestor: 0)),
        ("t = {x = {[false] = 1}}", ["x"], .keyType("boolean")),
        ("t = {}; for i = 1, 150 do t = {t} end", Array(repeating: 1, count: 100), .tooDeep(limit: 100)),
        ("t = {}; for i = 1, 400000 do t[i] = i end", [], .tooLarge(limit: 16 * 1_048_576)),
        ("t = setmetatable({}, {__pairs = function() return next, {} end}); t.self = t", ["self"], .cycle(ancestor: 0)),
    ]

    @Test("a table argument that cannot be copied reports where, to a binding that asks", arguments: failures)
    func reportsThePath(_ input: (setup: String, path: [LuaKey], reason: LuaCopyError.Reason)) throws {
        let state = try LuaState(options: .init(memoryLimit: 16 * 1_048_576))
        try state.register(
            LuaModule(
                name: "probe",
                functions: [
                    "copy": { arguments in
                        _ = try arguments.table(1) { error in
                            LuaArgumentError(
                                position: 1, message: "\(LuaCopyError.text(of: error.path))|\(error.reason)")
                        }
                        return .value(.nil)
                    }
                ]))
        let result = try state.execute(
            "\(input.setup)\nlocal ok, err = pcall(probe.copy, t)\nt = nil\ncollectgarbage()\nreturn ok, tostring(err)",
            chunkName: "copy")
        #expect(result.first == false, "\(input.setup)")
        let message = result.last?.stringValue ?? ""
        let path = LuaCopyError.text(of: input.path)
        if case .tooLarge = input.reason {
            #expect(message.contains("|\(input.reason))"), "\(message)")
        } else {
            #expect(message.contains("(\(path)|\(input.reason))"), "\(message)")
        }
    }

    @Test("the plain copy says where in its message")
    func plainMessage() throws {
        let state = try LuaState(options: .init(memoryLimit: 16 * 1_048_576))
        let cases: [(String, String)] = [
            ("local t = {a = {}}; t.a.b = t", "the entry at a.b is the outermost table, which encloses it (a cycle)"),
            ("local t = {a = {}}; t.a.b = t.a", "the entry at a.b is the table holding it (a cycle)"),
            ("local t = {x = {[false] = 1}}", "a table key of type boolean at x cannot cross into Swift"),
        ]
        for (setup, expected) in cases {
            do {
                let value = try state.execute("\(setup); return t", chunkName: "copy")
                Issue.record("\(setup) crossed as \(value)")
            } catch let error as LuaError {
                #expect(error.message.contains(expected), "\(setup): \(error.message)")
            }
        }
    }

    @Test("a table shared without a cycle still crosses, once per reference")
    func sharedTablesCross() throws {
        let state = try LuaState(options: .init(memoryLimit: 16 * 1_048_576))
        let value = try state.execute("local a = {1}; return {a, a, {a}}", chunkName: "shared").first
        let a: LuaValue = .table(LuaTable(array: [1]))
        #expect(value == .table(LuaTable(array: [a, a, .table(LuaTable(array: [a]))])))
    }
}
