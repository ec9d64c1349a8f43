import CloudAPI
import Grants
import LuaKit
import Runner
import Testing

@Suite("Lua ⇄ Codable conversion")
struct LuaConversionTests {
    @Test("a request decodes from snake_case fields, JSON-text parameters accept tables")
    func decodesRequest() throws {
        var tag = LuaTable()
        tag["key"] = "keyshare:verify"
        tag["value"] = "run-1"
        var params = LuaTable()
        params["region_id"] = "cn-hangzhou"
        params["encrypted"] = true
        params["kms_key_id"] = "key-1"
        params["size"] = 20
        params["tag"] = .table(LuaTable(array: [.table(tag)]))
        let request = try LuaValueDecoder().decode(CreateDiskRequest.self, from: .table(params))
        #expect(request.regionID == "cn-hangzhou")
        #expect(request.kmsKeyID == "key-1")
        #expect(request.size == 20)
        #expect(request.tag == [KeyValueTag(key: "keyshare:verify", value: "run-1")])

        var policy = LuaTable()
        policy["key_id"] = "key-1"
        policy["policy"] = ["Version": "1", "Statement": []]
        let set = try LuaValueDecoder().decode(SetKeyPolicyRequest.self, from: .table(policy))
        #expect(set.policy == #"{"Statement":[],"Version":"1"}"#)
    }

    @Test("a wrong type or a missing required parameter names the parameter")
    func decodingErrors() {
        var params = LuaTable()
        params["region_id"] = "cn-hangzhou"
        params["size"] = "big"
        #expect(throws: LuaDecodingError.self) { try LuaValueDecoder().decode(CreateDiskRequest.self, from: .table(params)) }
        do {
            _ = try LuaValueDecoder().decode(DescribeKeyRequest.self, from: .table(LuaTable()))
            Issue.record("a missing key_id must fail")
        } catch {
            #expect(String(describing: error) == "parameter 'key_id': required, but missing")
        }
    }

    @Test("unknown parameters are rejected with the nearest valid one and the valid list")
    func unknownParameters() throws {
        let binding = try #require(BindingCatalog.cloud.first { $0.fullName == "kms.describe_key" })
        var params = LuaTable()
        params["key_idd"] = "key-1"
        do {
            try binding.checkParameters(params)
            Issue.record("key_idd must be rejected")
        } catch let error as LuaArgumentError {
            #expect(error.position == 1)
            #expect(error.message == "unknown parameter 'key_idd' (did you mean 'key_id'? valid: key_id)")
        }
    }

    @Test("a response encodes to snake_case with list wrappers collapsed to arrays")
    func encodesResponse() throws {
        let disk = DiskInfo(
            diskID: "d-1", diskName: "n", description: "", regionID: "cn-hangzhou", zoneID: "z",
            category: "cloud_essd", size: 20, status: "Available", encrypted: true, kmsKeyID: "key-1",
            performanceLevel: "PL1", sourceSnapshotID: "", creationTime: "t",
            tags: [ResourceTag(tagKey: "k", tagValue: "v")])
        let value = try LuaValueEncoder().encode(DescribeDisksResponse(disks: [disk], totalCount: 1, pageNumber: 1, pageSize: 10))
        let table = try #require(value.tableValue)
        let disks = try #require(table["disks"].tableValue)
        #expect(disks.array.count == 1)
        let first = try #require(disks.array.first?.tableValue)
        #expect(first["kms_key_id"] == "key-1")
        #expect(first["tags"].tableValue?.array.first?.tableValue?["tag_key"] == "k")
        #expect(table["total_count"] == 1)
        #expect(try LuaValueEncoder().encode(EmptyResponse()) == .table(LuaTable()))
    }
}
