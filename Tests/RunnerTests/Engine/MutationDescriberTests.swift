import CloudAPI
import CloudModel
import KeyshareTesting
import LuaKit
import Testing

@testable import Runner

/// The journal's description of every mutating call: each names the resource undo needs, except a
/// documented few that never did; what earlier runs recorded stays byte for byte what undo reads.
@Suite("Mutation descriptions")
struct MutationDescriberTests {
    static let account = "1000000000000001"
    static let context = CallContext(principal: .account(AccountID(account)!), region: "cn-hangzhou")

    /// The mutating operations journaled with an empty resource, as they always were: undo lists
    /// them as having no automatic inverse. Naming one changes the rows undo reads.
    static let withoutResource: Set<CloudOperation> = [
        .createKey, .enableKey, .disableKey, .scheduleKeyDeletion, .cancelKeyDeletion, .createAlias, .tagResource,
        .untagResource, .associateResourceShare, .acceptResourceShareInvitation,
    ]

    static let mutating = CloudOperation.allCases.filter { $0.requestType.isMutating }

    @Test("every mutating operation names its resource, or is one of the documented few", arguments: mutating)
    func everyMutationIsClassified(_ operation: CloudOperation) throws {
        let (request, response) = try Self.sample(operation.requestType)
        let done = MutationDescriber.describe(request, response: response, context: Self.context, before: [:])
        #expect(done.account == Self.account)
        if Self.withoutResource.contains(operation) {
            #expect(done.resource == "", "\(operation)")
            #expect(done.details.filter { $0.key != "clientToken" } == ["region": "cn-hangzhou"], "\(operation)")
        } else {
            #expect(!done.resource.isEmpty, "\(operation) is journaled without its resource")
        }
    }

    @Test("the documented few without a resource are all mutating operations")
    func theFewAreMutations() {
        #expect(Self.withoutResource.isSubset(of: Set(Self.mutating)))
        #expect(Self.mutating.count > Self.withoutResource.count)
    }

    /// (operation, parameters as Lua passes them, the response's id or nil for the intent, the
    /// preimage, the resource and details expected: those of the journal before the exhaustive switch).
    static let recorded: [(CloudOperation, LuaTable, String?, [String: String], String, [String: String])] = [
        (.createRole, ["role_name": "R"], nil, [:], "R", [:]),
        (.updateRole, ["role_name": "R"], nil, ["previousDescription": "old"], "R", ["previousDescription": "old"]),
        (.deleteRole, ["role_name": "R"], nil, [:], "R", [:]),
        (.createPolicy, ["policy_name": "P"], nil, [:], "P", [:]),
        (.createPolicyVersion, ["policy_name": "P"], nil, [:], "P", [:]),
        (
            .createPolicyVersion, ["policy_name": "P"], "v3", ["previousDefaultVersion": "v1"], "P",
            ["previousDefaultVersion": "v1", "versionId": "v3"]
        ),
        (.setDefaultPolicyVersion, ["policy_name": "P", "version_id": "v2"], nil, [:], "P", ["versionId": "v2"]),
        (.deletePolicyVersion, ["policy_name": "P", "version_id": "v2"], nil, [:], "P", ["versionId": "v2"]),
        (.deletePolicy, ["policy_name": "P"], nil, [:], "P", [:]),
        (
            .attachPolicyToRole, ["role_name": "R", "policy_name": "P", "policy_type": "Custom"], nil, [:], "R",
            ["policyName": "P", "policyType": "Custom"]
        ),
        (
            .detachPolicyFromRole, ["role_name": "R", "policy_name": "P", "policy_type": "System"], nil, [:], "R",
            ["policyName": "P", "policyType": "System"]
        ),
        (.setKeyPolicy, ["key_id": "K"], nil, ["previousPolicy": "{}"], "K", ["previousPolicy": "{}", "region": "cn-hangzhou"]),
        (.createDisk, ["region_id": "cn-shanghai"], nil, [:], "", ["region": "cn-shanghai"]),
        (.createDisk, ["region_id": "cn-shanghai"], "d-1", [:], "d-1", ["region": "cn-shanghai"]),
        (.deleteDisk, ["disk_id": "d-1"], nil, [:], "d-1", ["region": "cn-hangzhou"]),
        (.createImage, ["region_id": "cn-shanghai"], "m-1", [:], "m-1", ["region": "cn-shanghai"]),
        (
            .copyImage, ["region_id": "cn-shanghai", "destination_region_id": "cn-beijing"], "m-2", [:], "m-2",
            ["region": "cn-beijing"]
        ),
        (.copyImage, ["region_id": "cn-shanghai"], "m-2", [:], "m-2", ["region": "cn-shanghai"]),
        (.createSnapshot, ["disk_id": "d-1"], "s-1", [:], "s-1", ["region": "cn-hangzhou", "diskId": "d-1"]),
        (.copySnapshot, ["destination_region_id": "cn-beijing"], "s-2", [:], "s-2", ["region": "cn-beijing"]),
        (
            .modifyImageSharePermission, ["region_id": "cn-shanghai", "image_id": "m-1", "add_account": ["1", "2"]], nil,
            [:], "m-1", ["region": "cn-shanghai", "addAccount": "1,2", "removeAccount": ""]
        ),
        (.createResourceShare, [:], "rs-1", [:], "rs-1", ["region": "cn-hangzhou"]),
        (.enableKey, [:], nil, [:], "", ["region": "cn-hangzhou"]),
        (.tagResource, [:], nil, [:], "", ["region": "cn-hangzhou"]),
        (.acceptResourceShareInvitation, [:], nil, [:], "", ["region": "cn-hangzhou"]),
    ]

    @Test("what the journal records is unchanged", arguments: recorded)
    func recordedAsBefore(
        _ input: (CloudOperation, LuaTable, String?, [String: String], String, [String: String])
    ) throws {
        let (operation, parameters, id, before, resource, details) = input
        let request = try Self.request(operation, parameters)
        let response = try id.map { try Self.response(operation.requestType, id: $0) }
        let description = MutationDescriber.describe(request, response: response, context: Self.context, before: before)
        #expect(description.account == Self.account)
        #expect(description.resource == resource, "\(operation)")
        #expect(description.details == details, "\(operation)")
    }

    @Test("a client token is recorded with the description")
    func clientToken() throws {
        let request = try Self.request(.createDisk, ["region_id": "cn-shanghai", "client_token": "tok"])
        let description = MutationDescriber.describe(request, response: nil, context: Self.context, before: [:])
        #expect(description.details == ["region": "cn-shanghai", "clientToken": "tok"])
    }

    /// A filled request of `type` and a filled response.
    private static func sample<Request: CloudRequest>(_ type: Request.Type) throws -> (any CloudRequest, any Sendable) {
        (try SampleDecoder.make(Request.self), try SampleDecoder.make(Request.Response.self))
    }

    /// The request of `operation` from Lua-style `parameters`, the other required ones (those the
    /// decoder asks for) placeholders, so an optional one the row leaves out stays nil.
    private static func request(_ operation: CloudOperation, _ parameters: LuaTable) throws -> any CloudRequest {
        let binding = try #require(BindingCatalog.cloud.first { $0.requestType.operation == operation })
        var table = parameters
        while true {
            do {
                return try decode(operation.requestType, table)
            } catch let error as LuaDecodingError where error.problem == "required, but missing" {
                let field = try #require(binding.parameters.first { $0.luaName == error.path }, "\(error)")
                table[field.luaName] = placeholder(field.shape)
            }
        }
    }

    private static func decode<Request: CloudRequest>(_ type: Request.Type, _ table: LuaTable) throws -> any CloudRequest {
        try LuaValueDecoder().decode(Request.self, from: .table(table))
    }

    /// The response of `type`'s operation that names the resource `id`.
    private static func response<Request: CloudRequest>(_ type: Request.Type, id: String) throws -> any Sendable {
        switch Request.operation {
        case .createDisk: return CreateDiskResponse(diskID: id)
        case .createImage: return CreateImageResponse(imageID: id)
        case .copyImage: return CopyImageResponse(imageID: id)
        case .createSnapshot: return CreateSnapshotResponse(snapshotID: id)
        case .copySnapshot: return CopySnapshotResponse(snapshotID: id)
        case .createPolicyVersion:
            var response = try SampleDecoder.make(CreatePolicyVersionResponse.self)
            response.policyVersion.versionID = id
            return response
        case .createResourceShare:
            var response = try SampleDecoder.make(CreateResourceShareResponse.self)
            response.resourceShare.resourceShareID = id
            return response
        default: return try SampleDecoder.make(Request.Response.self)
        }
    }

    private static func placeholder(_ shape: ValueShape) -> LuaValue {
        switch shape {
        case .string: "x"
        case .integer, .number: 1
        case .boolean: false
        case .list, .record: .table(LuaTable())
        }
    }
}
