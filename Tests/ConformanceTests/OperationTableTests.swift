import ACSClient
import ACSWire
import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import KeyshareTesting
import LuaKit
import Runner
import Synchronization
import Testing

/// The operation table against its implementations. The compiler already refuses a request type
/// without a `CloudOperation` case and a case without a request type; these check the rest: that
/// cases and types name each other one to one, that every operation has its wire route, its Lua
/// binding and its stub, its simulator behaviour, and crosses the wire to the served cloud as its
/// own type, and that the ones with a `ClientToken` are idempotent.
@Suite("The operation table")
struct OperationTableTests {
    @Test(
        "each case's request type names that case back, and the case is the action's name",
        arguments: CloudOperation.allCases)
    func caseAndType(operation: CloudOperation) {
        let type = operation.requestType
        #expect(type.operation == operation, "\(type) names .\(type.operation), listed as .\(operation)")
        #expect("\(operation)" == type.action.prefix(1).lowercased() + type.action.dropFirst())
    }

    @Test("the table holds each request type and each product:action once, and the product tables split it")
    func table() {
        let types = CloudOperations.all.map(ObjectIdentifier.init)
        #expect(types.count == CloudOperation.allCases.count)
        #expect(Set(types).count == types.count, "a request type is listed under two cases")
        let names = CloudOperations.all.map { "\($0.product.code):\($0.action)" }
        #expect(Set(names).count == names.count, "an action is listed twice")
        for product in CloudProduct.allCases {
            let listed = CloudOperations.all(of: product)
            #expect(!listed.isEmpty, "\(product) has no operation")
            let others = listed.filter { $0.product != product }.map { "\($0)" }
            #expect(others.isEmpty, "\(product) lists \(others)")
        }
        let perProduct =
            KMSOperations.all.count + RAMOperations.all.count + STSOperations.all.count
            + ECSOperations.all.count + ResourceManagerOperations.all.count + ResourceSharingOperations.all.count
        #expect(perProduct == types.count)
    }

    @Test(
        "every operation has a wire route: the server finds its request type by version and action",
        arguments: CloudOperation.allCases)
    func route(operation: CloudOperation) throws {
        let type = operation.requestType
        let routed = try OperationCodec.operation(version: type.product.version, action: type.action)
        #expect(ObjectIdentifier(routed) == ObjectIdentifier(type))
    }

    @Test(
        "every operation has one Lua binding, named mechanically, and its stub in plugins/_meta",
        arguments: CloudOperation.allCases)
    func binding(operation: CloudOperation) throws {
        let type = operation.requestType
        let bindings = BindingCatalog.cloud.filter { ObjectIdentifier($0.requestType) == ObjectIdentifier(type) }
        let name = "\(type.product.code).\(WireName.snakeCase(type.action))"
        #expect(bindings.map(\.fullName) == [name])
        #expect(
            try Self.stubs().contains("\nfunction \(name)("),
            "no stub for \(name): run `keyshare plugins stubs > plugins/_meta/keyshare.lua`")
    }

    @Test(
        "the simulator has a behaviour for every operation: its dispatch answers or refuses, never 'not simulated'",
        arguments: CloudOperation.allCases)
    func simulated(operation: CloudOperation) async throws {
        let type = operation.requestType
        #expect(type is any SimulatedOperation.Type, "\(type) has no SimulatedOperation conformance")
        let world = World.starter(accounts: 2)
        let cloud = try SimulatedCloud(world: world, environment: .deterministic())
        do {
            _ = try await cloud.call(try Self.sample(type), context: .root(world.accounts[0].id))
        } catch let error as CloudError {
            #expect(error.code != CloudError.notSimulatedCode, "\(type): \(error)")
        }
    }

    @Test("a request type without simulator behaviour is refused with a 501 naming its action, not a trap")
    func unsimulated() async throws {
        let world = World.starter(accounts: 2)
        let cloud = try SimulatedCloud(world: world, environment: .deterministic())
        let error = await #expect(throws: CloudError.self) {
            try await cloud.call(Unsimulated(), context: .root(world.accounts[0].id))
        }
        #expect(error?.code == CloudError.notSimulatedCode)
        #expect(error?.httpStatus == 501)
        #expect(error?.message.contains(Unsimulated.action) == true)
        #expect(error?.isRetryable == false)
    }

    @Test(
        "a 5xx may be sent again, but 501 Not Implemented, which no retry changes",
        arguments: [(500, true), (501, false), (502, true), (503, true), (504, true), (599, true)])
    func serverErrorsRetry(status: Int, retryable: Bool) {
        for code in ["InternalError", "NotImplemented", CloudError.notSimulatedCode] {
            #expect(CloudError(code: code, message: "", httpStatus: status).isRetryable == retryable, "\(code) \(status)")
        }
    }

    @Test(
        "an operation is an IdempotentRequest (a token, safe retries) exactly when it has a ClientToken parameter",
        arguments: CloudOperation.allCases)
    func idempotence(operation: CloudOperation) throws {
        let type = operation.requestType
        let hasToken = try Self.binding(of: type).parameters.contains { $0.wireName == "ClientToken" }
        #expect(
            (type is any IdempotentRequest.Type) == hasToken,
            "\(type): ClientToken parameter \(hasToken), IdempotentRequest \(type is any IdempotentRequest.Type)")
    }

    @Test("every operation, filled from its binding's parameters, crosses the wire to the served cloud as its own type")
    func crossesTheWire() async throws {
        let owner = try #require(AccountID("1111222233334444"))
        let key = AccessCredentials(accessKeyID: "KSAKoperationTable", accessKeySecret: "operation-table-secret")
        let store = InMemoryCredentialStore([
            key.accessKeyID: StoredCredential(
                secret: key.accessKeySecret,
                principal: .account(owner))
        ])
        let reached = Reached()
        // Answers the client's own identity question (its credential broker asks it); every other
        // operation is recorded and refused with a code only this handler uses.
        let cloud = HandlerCloud { request, context in
            reached.add(type(of: request).operation)
            if request is GetCallerIdentityRequest {
                return GetCallerIdentityResponse(
                    accountID: owner.rawValue, arn: context.principal.arn,
                    identityType: "Account", principalID: owner.rawValue)
            }
            throw CloudError(code: "Test.Reached", message: "reached the served cloud", httpStatus: 400)
        }
        let answers = try await ServedCloud.with(cloud, credentials: store, accessKey: key) { remote in
            var answers: [CloudOperation: String] = [:]
            for operation in CloudOperation.allCases {
                let request = try Self.sample(operation.requestType)
                do {
                    _ = try await remote.call(request, context: .root(owner))
                    answers[operation] = "answered"
                } catch let error as CloudError {
                    answers[operation] = error.code
                }
            }
            return answers
        }
        for operation in CloudOperation.allCases {
            let expected = operation == .getCallerIdentity ? "answered" : "Test.Reached"
            #expect(answers[operation] == expected, "\(operation)")
        }
        #expect(reached.operations == Set(CloudOperation.allCases))
    }

    /// A request of `type` with every parameter its binding knows set to a plain value, decoded the
    /// way a playbook's table is.
    private static func sample(_ type: any CloudRequest.Type) throws -> any CloudRequest {
        try sample(of: type)
    }

    private static func sample<Request: CloudRequest>(of type: Request.Type) throws -> Request {
        try LuaValueDecoder().decode(Request.self, from: .table(table(of: binding(of: type).parameters)))
    }

    private static func binding(of type: any CloudRequest.Type) throws -> CloudBinding {
        try #require(BindingCatalog.cloud.first { ObjectIdentifier($0.requestType) == ObjectIdentifier(type) })
    }

    private static func value(of shape: ValueShape) -> LuaValue {
        switch shape {
        case .string: .string("1")
        case .integer: .integer(1)
        case .number: .number(1)
        case .boolean: .boolean(false)
        case .list(let element): .table(LuaTable(array: [value(of: element)]))
        case .record(_, let fields): .table(table(of: fields))
        }
    }

    private static func table(of fields: [ShapeField]) -> LuaTable {
        LuaTable(fields: Dictionary(uniqueKeysWithValues: fields.map { (.string($0.luaName), value(of: $0.shape)) }))
    }

    /// The committed LuaLS stubs, found from this file.
    private static func stubs() throws -> String {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let files = FileManager.default
        while folder.path != "/", !files.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder.deleteLastPathComponent()
        }
        return try String(contentsOf: folder.appendingPathComponent("plugins/_meta/keyshare.lua"), encoding: .utf8)
    }
}

/// A request type outside the table, which the simulator has no behaviour for.
private struct Unsimulated: CloudRequest {
    typealias Response = EmptyResponse
    static let product = CloudProduct.kms
    static let action = "Unsimulated"
    static let operation = CloudOperation.enableKey
}

/// The operations the served cloud saw.
private final class Reached: Sendable {
    private let seen = Mutex<Set<CloudOperation>>([])

    var operations: Set<CloudOperation> { seen.withLock { $0 } }

    func add(_ operation: CloudOperation) { seen.withLock { _ = $0.insert(operation) } }
}
