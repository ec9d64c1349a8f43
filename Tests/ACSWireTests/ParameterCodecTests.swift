import CloudAPI
import Testing

@testable import ACSWire

/// A request shape with every kind of field the wire flattens.
private struct Probe: Codable, Hashable {
    struct Tag: Codable, Hashable {
        var key: String
        var value: String?
        enum CodingKeys: String, CodingKey {
            case key = "Key"
            case value = "Value"
        }
    }

    var regionID: String
    var size: Int?
    var encrypted: Bool?
    var tag: [Tag]?
    var addAccount: [String]?
    var policy: String?
    enum CodingKeys: String, CodingKey {
        case regionID = "RegionId"
        case size = "Size"
        case encrypted = "Encrypted"
        case tag = "Tag"
        case addAccount = "AddAccount"
        case policy = "Policy"
    }
}

@Suite("RPC parameter codec")
struct ParameterCodecTests {
    private let full = Probe(
        regionID: "cn-hangzhou", size: 20, encrypted: true,
        tag: [.init(key: "app", value: "keyshare"), .init(key: "env", value: nil)],
        addAccount: ["5555666677778888", "9999000011112222"],
        policy: #"{"Version":"1","Statement":[]}"#)

    @Test("Lists flatten to Tag.N.Key and AddAccount.N, counted from 1")
    func flattening() throws {
        let pairs = try ParameterEncoder().encode(full)
        #expect(
            pairs.map(\.0) == [
                "RegionId", "Size", "Encrypted", "Tag.1.Key", "Tag.1.Value", "Tag.2.Key",
                "AddAccount.1", "AddAccount.2", "Policy",
            ])
        #expect(
            pairs.map(\.1) == [
                "cn-hangzhou", "20", "true", "app", "keyshare", "env",
                "5555666677778888", "9999000011112222", #"{"Version":"1","Statement":[]}"#,
            ])
    }

    @Test("Encoding then decoding gives the same value")
    func roundTrip() throws {
        let pairs = try ParameterEncoder().encode(full)
        let decoded = try ParameterDecoder().decode(Probe.self, from: Dictionary(uniqueKeysWithValues: pairs))
        #expect(decoded == full)
    }

    @Test(
        "Booleans parse in any case, as Python sends True",
        arguments: [("True", true), ("true", true), ("TRUE", true), ("False", false), ("false", false), ("fAlSe", false)])
    func booleans(text: String, expected: Bool) throws {
        let probe = try ParameterDecoder().decode(Probe.self, from: ["RegionId": "r", "Encrypted": text])
        #expect(probe.encrypted == expected)
    }

    @Test("A boolean that is not true or false is InvalidParameter naming it")
    func badBoolean() {
        let error = #expect(throws: CloudError.self) {
            try ParameterDecoder().decode(Probe.self, from: ["RegionId": "r", "Encrypted": "yes"])
        }
        #expect(error?.code == "InvalidParameter")
        #expect(error?.httpStatus == 400)
        #expect(error?.message.contains("\"Encrypted\"") == true)
    }

    @Test("Integers are strict", arguments: ["20.5", "twenty", "", " 20", "99999999999999999999"])
    func badInteger(text: String) {
        let error = #expect(throws: CloudError.self) {
            try ParameterDecoder().decode(Probe.self, from: ["RegionId": "r", "Size": text])
        }
        #expect(error?.code == "InvalidParameter")
        #expect(error?.message.contains("\"Size\"") == true)
    }

    @Test("A missing mandatory parameter is MissingParameter with Alibaba's wording")
    func missing() {
        let error = #expect(throws: CloudError.self) { try ParameterDecoder().decode(Probe.self, from: ["Size": "1"]) }
        #expect(
            error
                == CloudError(
                    code: "MissingParameter",
                    message: "The input parameter \"RegionId\" that is mandatory for processing this request is not supplied.",
                    httpStatus: 400))
    }

    @Test("A list element missing its mandatory field names the flattened parameter")
    func missingNested() {
        let error = #expect(throws: CloudError.self) {
            try ParameterDecoder().decode(Probe.self, from: ["RegionId": "r", "Tag.1.Value": "v"])
        }
        #expect(error?.message.contains("\"Tag.1.Key\"") == true)
    }

    @Test("Unknown and common parameters are ignored; absent lists stay absent")
    func ignoresExtras() throws {
        let probe = try ParameterDecoder().decode(
            Probe.self,
            from: [
                "RegionId": "r", "Action": "CreateDisk", "Version": "2014-05-26", "Signature": "x", "Unknown": "1",
            ])
        #expect(probe == Probe(regionID: "r"))
    }

    @Test("List positions with gaps decode in order")
    func gaps() throws {
        let probe = try ParameterDecoder().decode(
            Probe.self,
            from: [
                "RegionId": "r", "AddAccount.3": "c", "AddAccount.1": "a", "AddAccount.10": "d",
            ])
        #expect(probe.addAccount == ["a", "c", "d"])
    }

    @Test("A typed value's own validation becomes InvalidParameter")
    func typedValue() {
        struct Typed: Decodable {
            var account: AccountIDBox
            enum CodingKeys: String, CodingKey { case account = "AccountId" }
        }
        let error = #expect(throws: CloudError.self) {
            try ParameterDecoder().decode(Typed.self, from: ["AccountId": "not-digits"])
        }
        #expect(error?.code == "InvalidParameter")
        #expect(error?.message.contains("\"AccountId\"") == true)
    }
}

/// Stands in for a typed identifier whose `init(from:)` validates (like `AccountID`).
private struct AccountIDBox: Decodable {
    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard text.allSatisfy(\.isNumber) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected digits"))
        }
    }
}
