import CloudAPI
import CloudModel
import CloudSimulator
import Grants
import LuaKit
import Runner
import Testing

/// Numbers from Lua that do not fit the parameter they fill are errors naming the parameter,
/// never traps; extreme values that do fit reach the simulator and are refused or answered there.
@Suite("Numeric parameters")
struct NumericParameterTests {
    /// Values a playbook may pass where an integer is expected, and whether they fit an `Int`.
    static let integers: [(lua: LuaValue, fits: Bool)] = [
        (.number(9.223372036854775808e18), false), // 2^63: one past Int64.max
        (.number(-9.223372036854775808e18), true), // -2^63 = Int64.min exactly
        (.number(1e300), false), (.number(-1e300), false),
        (.number(.nan), false), (.number(.infinity), false), (.number(-.infinity), false),
        (.number(0.5), false), (.number(-1.25), false),
        (.integer(.max), true), (.integer(.min), true), (.number(20), true),
        (.string("20"), false), (.boolean(true), false),
    ]

    @Test("an integer parameter takes exact integers in range and refuses the rest by name", arguments: integers)
    func integerParameter(_ input: (lua: LuaValue, fits: Bool)) throws {
        var params = LuaTable()
        params["region_id"] = "cn-hangzhou"
        params["size"] = input.lua
        do {
            let request = try LuaValueDecoder().decode(CreateDiskRequest.self, from: .table(params))
            #expect(input.fits, "\(input.lua) decoded as \(String(describing: request.size))")
        } catch let error as LuaDecodingError {
            #expect(!input.fits, "\(input.lua): \(error)")
            #expect(error.path == "size")
        }
    }

    @Test("narrow integer types refuse values outside their range instead of wrapping or recursing")
    func narrowIntegers() throws {
        struct Narrow: Decodable {
            var small: Int8?
            var unsigned: UInt32?
            var wide: UInt64?
            var float: Float?
        }
        let cases: [(String, LuaValue, Bool)] = [
            ("small", .integer(127), true), ("small", .integer(128), false), ("small", .integer(-129), false),
            ("unsigned", .integer(-1), false), ("unsigned", .integer(4_294_967_295), true),
            ("unsigned", .integer(4_294_967_296), false),
            ("wide", .integer(-1), false), ("wide", .integer(.max), true), ("wide", .number(1.8446744073709552e19), false),
            ("float", .number(1e300), false), ("float", .number(1.5), true), ("float", .number(.nan), false),
        ]
        for (name, value, fits) in cases {
            var params = LuaTable()
            params[name] = value
            do {
                _ = try LuaValueDecoder().decode(Narrow.self, from: .table(params))
                #expect(fits, "\(name) = \(value) decoded")
            } catch let error as LuaDecodingError {
                #expect(!fits, "\(name) = \(value): \(error)")
                #expect(error.path == name)
            }
        }
    }

    @Test("a table parameter holding NaN is refused by name, not sent as invalid JSON")
    func nanInJSONParameter() throws {
        var params = LuaTable()
        params["key_id"] = "key-1"
        params["policy"] = ["Version": "1", "Statement": [.number(.nan)]]
        #expect(throws: LuaDecodingError.self) { try LuaValueDecoder().decode(SetKeyPolicyRequest.self, from: .table(params)) }
    }

    @Test("extreme page numbers and sizes reach the simulator without trapping")
    func extremePages() async throws {
        let cloud = try SimulatedCloud(world: .starter(accounts: 2), environment: .deterministic())
        let owner = try #require(AccountID("1000000000000001"))
        for (number, size) in [(Int.max, 100), (Int.max, 1), (Int.min, 10), (2, Int.max), (1, Int.min), (Int.max / 50, 100)] {
            do {
                let page = try await cloud.listKeys(ListKeysRequest(pageNumber: number, pageSize: size), context: .root(owner))
                #expect(page.keys.key.isEmpty, "page \(number) of \(size)")
            } catch let error as CloudError {
                #expect(error.code.hasPrefix("InvalidParameter") || error.code.hasPrefix("Invalid"), "\(error)")
            }
            do {
                _ = try await cloud.describeDisks(
                    DescribeDisksRequest(regionID: "cn-hangzhou", pageNumber: number, pageSize: size),
                    context: .root(owner))
            } catch is CloudError {}
        }
    }
}
