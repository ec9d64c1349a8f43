// The argument table a playbook passes to a cloud binding (`kms.create_key{…}`) is decoded by
// LuaValueDecoder into the request type. Input: operation byte, then a value tree read from the
// bytes (kind byte, then the kind's payload); table keys come mostly from the request's own field
// names (found by ShapeProbe) so the search reaches the fields, not only the type checks. A request
// that decodes must also survive the wire (encode, decode, encode again unchanged).
import CloudAPI
import FuzzSupport
import LuaKit
import Runner

/// Request types with every Lua field name their shapes use, nested records included.
private let operations: [(type: any CloudRequest.Type, names: [String])] = CloudOperations.all.map { type in
    var names: [String] = []
    func collect(_ shape: ValueShape) {
        switch shape {
        case .list(let element): collect(element)
        case .record(_, let fields):
            for field in fields {
                if !names.contains(field.luaName) { names.append(field.luaName) }
                collect(field.shape)
            }
        case .string, .integer, .number, .boolean: break
        }
    }
    collect(ShapeProbe.shape(of: type))
    return (type, names.isEmpty ? ["_"] : names)
}

/// Reads a Lua value tree from the input, bounded in depth and in nodes.
private struct TreeReader {
    var input: FuzzInput
    let names: [String]
    var nodes = 0

    mutating func value(depth: Int) -> LuaValue {
        nodes += 1
        guard nodes < 1024 else { return .nil }
        switch input.byte() % 8 {
        case 0: return .nil
        case 1: return .boolean(input.byte() & 1 == 1)
        case 2: return .integer(Int64(bitPattern: eightBytes()))
        case 3: return .number(Double(bitPattern: eightBytes()))
        case 4: return .integer(Int64(Int8(bitPattern: input.byte())))
        case 5, 6: return .string(input.field())
        default:
            // LuaKit reads tables at most 100 levels deep (LuaState.maximumDepth); go one further.
            guard depth <= 100 else { return .string(input.field()) }
            var table = LuaTable()
            for _ in 0..<(input.byte() % 6) { table.array.append(value(depth: depth + 1)) }
            for _ in 0..<(input.byte() % 8) {
                let choice = input.byte()
                let key: LuaKey =
                    switch choice % 8 {
                    case 0: .string(input.field())
                    case 1: .integer(Int64(Int8(bitPattern: input.byte())))
                    default: .string(names[Int(choice / 8) % names.count])
                    }
                table.fields[key] = value(depth: depth + 1)
            }
            return .table(table)
        }
    }

    mutating func eightBytes() -> UInt64 {
        (0..<8).reduce(UInt64(0)) { partial, _ in partial << 8 | UInt64(input.byte()) }
    }
}

/// Decodes the request as the binding does; what a playbook may send, the wire must carry.
private func decode<Request: CloudRequest>(_ type: Request.Type, _ value: LuaValue) {
    guard let request = try? LuaValueDecoder().decode(Request.self, from: value) else { return }
    checkRoundTrip(request)
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzLuaDecoder(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard var input = FuzzInput(start, count) else { return -1 }
    let operation = input.pick(operations)
    var reader = TreeReader(input: input, names: operation.names)
    decode(operation.type, reader.value(depth: 0))
    return 0
}

FuzzDriver.run(fuzzLuaDecoder)
