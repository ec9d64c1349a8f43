import Foundation

@testable import LuaKit

/// A thread-safe counter for deinit/defer bookkeeping in tests.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

/// A Swift object exposed to Lua, counting its deinits.
final class Probe: LuaObject {
    static let luaTypeName = "Probe"
    static var luaMethods: [String: LuaMethod<Probe>] {
        [
            "name": { probe, _ in .value(.string(probe.name)) },
            "add": { probe, arguments in .value(.integer(probe.base + (try arguments.integer(2)))) },
        ]
    }

    let name: String
    let base: Int64
    let deinits: Tally

    init(name: String, base: Int64 = 0, deinits: Tally) {
        self.name = name
        self.base = base
        self.deinits = deinits
    }

    var luaDescription: String { "Probe(\(name))" }

    deinit { deinits.increment() }
}

/// A structured cloud-like error, raised into Lua as a table.
struct DeniedError: LuaErrorObject {
    var code = "Forbidden.KeyPolicy"
    var detail = "the key policy does not allow account 222"

    var luaFields: LuaTable {
        var table = LuaTable(array: [], fields: [:])
        table["code"] = .string(code)
        table["message"] = .string(detail)
        return table
    }

    var luaMessage: String { "\(code): \(detail)" }
}

/// A plain Swift error with a readable description.
struct PlainError: Error, CustomStringConvertible {
    var description: String { "access denied for acct-7" }
}

/// A fresh temporary folder, removed by the caller.
func makeTemporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("luakit-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

extension LuaState {
    /// Runs `source` and returns its first result (or nil).
    func first(_ source: String) throws -> LuaValue {
        try execute(source, chunkName: "test.lua").first ?? .nil
    }
}

/// Releases every waiter once `count` of them have arrived: only operations that are all in flight
/// at the same time can get through it.
actor Latch {
    private let count: Int
    private var arrived = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { self.count = count }

    func arrive() async {
        arrived += 1
        if arrived >= count {
            for waiter in waiters { waiter.resume() }
            waiters.removeAll()
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }
}
