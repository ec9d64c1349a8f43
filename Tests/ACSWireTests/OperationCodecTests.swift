import CloudAPI
import Foundation
import KeyshareTesting
import Testing

@testable import ACSWire

@Suite("The operation codec table")
struct OperationCodecTests {
    static let names = CloudOperations.all.map { "\($0.product.version)/\($0.action)" }

    private static func type(named name: String) throws -> any CloudRequest.Type {
        let parts = name.split(separator: "/").map(String.init)
        return try OperationCodec.operation(version: parts[0], action: parts[1])
    }

    @Test("The table knows every operation of CloudAPI, once")
    func table() {
        #expect(Self.names.count > 30)
        #expect(Set(Self.names).count == Self.names.count)
    }

    @Test("Every request, filled, encodes and decodes back to the same parameters", arguments: names)
    func requestRoundTrip(name: String) throws {
        try requestRoundTrip(Self.type(named: name))
    }

    private func requestRoundTrip<Request: CloudRequest>(_ type: Request.Type) throws {
        let sample = try SampleDecoder.make(Request.self)
        let pairs = try ParameterEncoder().encode(sample)
        let decoded = try ParameterDecoder().decode(
            Request.self, from: Dictionary(pairs, uniquingKeysWith: { first, _ in first }))
        let again = try ParameterEncoder().encode(decoded)
        #expect(pairs.map(\.0) == again.map(\.0))
        #expect(pairs.map(\.1) == again.map(\.1))
        #expect(Set(pairs.map(\.0)).count == pairs.count, "parameter names repeat")
        for (name, _) in pairs {
            #expect(!OperationCodec.commonParameters.contains(name), "\(Request.action) uses the common parameter \(name)")
        }
    }

    @Test("Every response, filled, survives the success envelope", arguments: names)
    func responseRoundTrip(name: String) throws {
        try responseRoundTrip(Self.type(named: name))
    }

    private func responseRoundTrip<Request: CloudRequest>(_ type: Request.Type) throws {
        let sample = try SampleDecoder.make(Request.Response.self)
        let answer = try SuccessEnvelope.response(sample, requestID: "REQ")
        let decoded = try ACSResponseParser.decode(Request.self, from: answer)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try encoder.encode(decoded) == encoder.encode(sample))
        #expect(RequestIDProbe.requestID(in: answer.body) == "REQ")
    }

    @Test("Unknown actions and versions are InvalidApi.NotFound (404)")
    func unknown() {
        for (version, action) in [("2016-01-20", "NoSuchAction"), ("1999-01-01", "CreateKey"), ("2015-05-01", "CreateKey")] {
            let error = #expect(throws: CloudError.self) { try OperationCodec.operation(version: version, action: action) }
            #expect(error?.code == "InvalidApi.NotFound")
            #expect(error?.httpStatus == 404)
        }
    }

    @Test("Known actions resolve to their request types")
    func known() throws {
        #expect(try OperationCodec.operation(version: "2016-01-20", action: "CreateKey") == CreateKeyRequest.self)
        #expect(try OperationCodec.operation(version: "2014-05-26", action: "CreateDisk") == CreateDiskRequest.self)
    }

    @Test("The R8 capture's parameters decode into CreateDisk with Python's True and Tag.1")
    func captureR8() throws {
        let request = try RawHTTP.request(Captures.all[7].raw)
        let disk = try ParameterDecoder().decode(CreateDiskRequest.self, from: request.parameters)
        #expect(disk.encrypted == true)
        #expect(disk.size == 20)
        #expect(disk.kmsKeyID == "key-hzz65f1b6a4fxxxxxxxxx")
        #expect(disk.tag == [KeyValueTag(key: "app", value: "keyshare")])
    }

    @Test("The R16 capture's AddAccount.N decode into a list")
    func captureR16() throws {
        let request = try RawHTTP.request(Captures.all[15].raw)
        let share = try ParameterDecoder().decode(ModifyImageSharePermissionRequest.self, from: request.parameters)
        #expect(share.addAccount == ["5555666677778888", "9999000011112222"])
    }
}
