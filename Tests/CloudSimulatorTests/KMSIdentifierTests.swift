import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import KeyshareTesting
import Testing

/// Typed KMS ids: which text is an id, that they persist as the plain strings they replaced, and
/// that the longest key id the type allows works end to end.
@Suite("KMS identifiers")
struct KMSIdentifierTests {
    static let longestKeyID = String(repeating: "k", count: KMSKeyID.maxLength)

    static let keyIDs: [(text: String, valid: Bool)] = [
        ("key-hzz65f0a1b2c3d4e5f6a7b8", true),
        ("0b8d3c1e-0000-4000-8000-000000000035", true),
        ("key-1", true),
        ("k", true),
        (longestKeyID, true),
        ("", false),
        (longestKeyID + "k", false),
        (String(repeating: "é", count: 128), false),
    ]

    @Test("a key id is 1 to 255 UTF-8 bytes, of any shape", arguments: keyIDs)
    func keyIDRule(_ input: (text: String, valid: Bool)) {
        #expect((KMSKeyID(input.text) != nil) == input.valid, "\(input.text.prefix(40)) (\(input.text.utf8.count) bytes)")
        #expect(KMSKeyID(input.text)?.rawValue == (input.valid ? input.text : nil))
    }

    static let instanceIDs: [(text: String, valid: Bool)] = [
        ("kst-hzz65f0a1b2c3d4e5f6", true),
        ("kst-1", true),
        ("kst-", false),
        ("", false),
        ("hzz65f0a1b2c3d4e5f6", false),
        ("KST-hzz1", false),
        ("key-hzz1", false),
    ]

    @Test("an instance id is kst- and more, as world files already required", arguments: instanceIDs)
    func instanceIDRule(_ input: (text: String, valid: Bool)) {
        #expect((KMSInstanceID(input.text) != nil) == input.valid, "\(input.text)")
    }

    @Test("ids encode as single strings and key dictionaries as JSON objects, as the String fields did")
    func persistedForm() throws {
        let key = try #require(KMSKeyID("key-hzz1"))
        let instance = try #require(KMSInstanceID("kst-hzz1"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode([key]) == encoder.encode(["key-hzz1"]))
        #expect(try encoder.encode([key: 1]) == encoder.encode(["key-hzz1": 1]))
        #expect(try encoder.encode([instance: [key]]) == encoder.encode(["kst-hzz1": ["key-hzz1"]]))
        let decoder = JSONDecoder()
        #expect(try decoder.decode([KMSKeyID: Int].self, from: Data(#"{"key-hzz1":1}"#.utf8)) == [key: 1])
        #expect(try decoder.decode([KMSInstanceID].self, from: Data(#"["kst-hzz1"]"#.utf8)) == [instance])
    }

    static let badPersisted: [(name: String, json: String)] = [
        ("empty key id", #"[""]"#),
        ("instance id without kst-", #"{"hzz1":1}"#),
        ("key id too long", "[\"\(longestKeyID)k\"]"),
    ]

    @Test("a persisted id that is none is a decoding error, not a trap", arguments: badPersisted)
    func badPersistedID(_ input: (name: String, json: String)) {
        let data = Data(input.json.utf8)
        #expect(throws: DecodingError.self, "\(input.name)") {
            if input.json.hasPrefix("{") {
                _ = try JSONDecoder().decode([KMSInstanceID: Int].self, from: data)
            } else {
                _ = try JSONDecoder().decode([KMSKeyID].self, from: data)
            }
        }
    }

    @Test("bound_vpcs keeps its world-file name: read into boundVPCs, written back as bound_vpcs")
    func boundVPCsInWorldFiles() throws {
        let world = try World.load(
            yaml: WorldValidationTests.base.replacingOccurrences(of: "bound_vpcs: 1", with: "bound_vpcs: 3"))
        #expect(world.accounts[0].kmsInstances[0].boundVPCs == 3)
        let written = world.yaml()
        #expect(written.contains("bound_vpcs: 3") && !written.contains("boundVPCs") && !written.contains("boundVpcs"))
        #expect(try World.load(yaml: written) == world)
    }

    static let longIDWorlds: [(name: String, key: String)] = [
        ("a default key", "{id: \(longestKeyID), region: cn-hangzhou}"),
        ("an instance key", "{id: \(longestKeyID), instance: kst-hzz1, region: cn-hangzhou}"),
    ]

    @Test(
        "the longest key id encrypts and decrypts (its ciphertext holds the id after a one-byte length)", arguments: longIDWorlds)
    func longestKeyIDWorks(_ input: (name: String, key: String)) async throws {
        let yaml = WorldValidationTests.variant("{id: key-2, region: cn-hangzhou, alias: alias/j}", input.key)
        let cloud = try Fixtures.simulator(world: World.load(yaml: yaml))
        let root = CallContext.root(try #require(AccountID("1000000000000001")))
        let plaintext = Data("secret".utf8).base64EncodedString()
        let sealed = try await cloud.encrypt(EncryptRequest(keyID: Self.longestKeyID, plaintext: plaintext), context: root)
        #expect(sealed.keyID == Self.longestKeyID, "\(input.name)")
        let opened = try await cloud.decrypt(DecryptRequest(ciphertextBlob: sealed.ciphertextBlob), context: root)
        #expect(opened.plaintext == plaintext && opened.keyID == Self.longestKeyID, "\(input.name)")
    }
}
