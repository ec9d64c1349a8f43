import CloudModel
import Foundation
import Testing

@testable import CloudSimulator

/// The state file's JSON rows outlive the Swift types: a region written before KMS ids were typed
/// and `boundVpcs` was renamed still loads, and is written back the same.
@Suite("State file format")
struct StateFormatTests {
    /// A region row as keyshare wrote it with `String` ids and `boundVpcs`: an instance sharing a key
    /// with one account, an aliased key, the ECS service key and a disk encrypted with the key.
    static let writtenBefore = """
        {"instances":{"kst-hzz1":{"id":"kst-hzz1","name":"kst-hzz1","vpcNum":5,"keyNum":1000,"boundVpcs":2,\
        "createTime":"2026-01-01T00:00:00Z","pendingReleases":{"3000000000000001":789000000},\
        "shareCounts":{"2000000000000001":1}}},\
        "keys":{"key-hzz1":{"id":"key-hzz1","instanceID":"kst-hzz1","spec":"Aliyun_AES_256","usage":"ENCRYPT/DECRYPT",\
        "origin":"Aliyun_KMS","protectionLevel":"SOFTWARE","state":"Enabled","description":"",\
        "creationDate":"2026-01-01T00:00:00Z","versionID":"0b8d3c1e-0000-4000-8000-000000000001",\
        "material":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","sharedAccounts":["2000000000000001"],\
        "tags":{"team":"sec"},"aliases":["alias/shared"]},\
        "0b8d3c1e-0000-4000-8000-000000000035":{"id":"0b8d3c1e-0000-4000-8000-000000000035","spec":"Aliyun_AES_256",\
        "usage":"ENCRYPT/DECRYPT","origin":"Aliyun_KMS","protectionLevel":"SOFTWARE","state":"PendingDeletion",\
        "description":"old","creationDate":"2026-01-01T00:00:00Z","deleteDate":"2026-02-01T00:00:00Z",\
        "versionID":"0b8d3c1e-0000-4000-8000-000000000036","material":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",\
        "sharedAccounts":[],"tags":{},"aliases":[]}},\
        "aliases":{"alias/shared":"key-hzz1"},"serviceKeyID":"0b8d3c1e-0000-4000-8000-000000000099",\
        "disks":{"d-1":{"id":"d-1","name":"data","description":"","zoneID":"cn-hangzhou-h","category":"cloud_essd",\
        "size":40,"performanceLevel":"PL1","key":{"owner":"1000000000000001","region":"cn-hangzhou",\
        "keyID":"key-hzz1","isServiceKey":false},"sourceSnapshotID":"","creationTime":"2026-01-01T00:00:00Z",\
        "availableAt":788000000,"resourceGroupID":"rg-1","tags":[]}},\
        "snapshots":{},"images":{}}
        """

    /// The JSON with object members sorted, so only content is compared.
    private func canonical(_ data: Data) throws -> String {
        try JSONValue.parse(String(decoding: data, as: UTF8.self)).canonicalText
    }

    @Test("a region written with String ids and boundVpcs loads with typed ids")
    func loadsTyped() throws {
        let region = try JSONDecoder().decode(RegionState.self, from: Data(Self.writtenBefore.utf8))
        let instanceID = try #require(KMSInstanceID("kst-hzz1"))
        let keyID = try #require(KMSKeyID("key-hzz1"))
        let instance = try #require(region.instances[instanceID])
        #expect(instance.id == instanceID && instance.boundVPCs == 2 && instance.shareCounts == ["2000000000000001": 1])
        #expect(region.keys[keyID]?.instanceID == instanceID)
        #expect(region.keys.count == 2 && region.keys.values.filter { $0.instanceID == nil }.count == 1)
        #expect(region.aliases["alias/shared"] == keyID)
        #expect(region.serviceKeyID == KMSKeyID("0b8d3c1e-0000-4000-8000-000000000099"))
        #expect(region.disks["d-1"]?.key?.keyID == keyID)
    }

    @Test("writing it back gives the same JSON: the same field names, ids as strings, id maps as objects")
    func writesTheSame() throws {
        let original = Data(Self.writtenBefore.utf8)
        let rewritten = try JSONEncoder().encode(try JSONDecoder().decode(RegionState.self, from: original))
        #expect(try canonical(rewritten) == canonical(original))
        let text = String(decoding: rewritten, as: UTF8.self)
        #expect(text.contains(#""boundVpcs":2"#) && !text.contains("boundVPCs"))
    }

    static let corrupted: [(name: String, old: String, new: String)] = [
        ("an instance keyed by a non-instance id", #"{"kst-hzz1":{"id""#, #"{"hzz1":{"id""#),
        ("an instance whose id is no instance id", #""id":"kst-hzz1""#, #""id":"hzz1""#),
        ("a key keyed by an empty id", #""keys":{"key-hzz1""#, #""keys":{"""#),
        ("an alias naming an empty id", #""alias/shared":"key-hzz1""#, #""alias/shared":"""#),
    ]

    @Test("a row whose ids are no ids is a decoding error naming the field, not a trap", arguments: corrupted)
    func corruptedIDs(_ input: (name: String, old: String, new: String)) {
        #expect(Self.writtenBefore.contains(input.old), "\(input.name): the variant does not apply")
        let data = Data(Self.writtenBefore.replacingOccurrences(of: input.old, with: input.new).utf8)
        #expect(throws: DecodingError.self, "\(input.name)") { _ = try JSONDecoder().decode(RegionState.self, from: data) }
    }
}
