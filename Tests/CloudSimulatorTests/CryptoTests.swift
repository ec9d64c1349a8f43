import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import KeyshareTesting
import Testing

/// Encrypt, Decrypt and GenerateDataKey use real authenticated encryption: a ciphertext opens
/// only under its key and its encryption context, and any tampering is detected.
@Suite("Cryptography")
struct CryptoTests {
    let f = ConformanceWorld().fixture
    let secret = Data("the quick brown fox".utf8).base64EncodedString()
    let context = "{\"disk\":\"d-1\"}"

    func seal(_ cloud: SimulatedCloud, keyID: String? = nil, context: String? = nil) async throws -> String {
        try await cloud.encrypt(
            EncryptRequest(keyID: keyID ?? f.keyID, plaintext: secret, encryptionContext: context),
            context: f.ownerRoot
        ).ciphertextBlob
    }

    func unseal(_ cloud: SimulatedCloud, _ blob: String, context: String? = nil) async -> Outcome {
        await Outcome.of {
            let opened = try await cloud.decrypt(
                DecryptRequest(ciphertextBlob: blob, encryptionContext: context), context: f.ownerRoot)
            guard opened.plaintext == secret else { throw CloudError(code: "WrongPlaintext", message: "", httpStatus: 0) }
        }
    }

    /// A failure of the request (4xx), not a success and not a crash.
    func isClientError(_ outcome: Outcome) -> Bool {
        if case .failure(_, let status) = outcome { return (400..<500).contains(status) }
        return false
    }

    @Test("a ciphertext decrypts to its plaintext under the same context")
    func roundTrip() async throws {
        let cloud = try Fixtures.simulator()
        let blob = try await seal(cloud, context: context)
        #expect(await unseal(cloud, blob, context: context) == .success)
        #expect(!blob.contains(secret), "the ciphertext does not carry the plaintext")
    }

    @Test("a different or missing encryption context fails")
    func contextIsBound() async throws {
        let cloud = try Fixtures.simulator()
        let blob = try await seal(cloud, context: context)
        #expect(isClientError(await unseal(cloud, blob, context: "{\"disk\":\"d-2\"}")))
        #expect(isClientError(await unseal(cloud, blob, context: nil)))
        let plain = try await seal(cloud)
        #expect(isClientError(await unseal(cloud, plain, context: context)))
    }

    @Test("encrypting twice gives different ciphertexts, each naming its own key")
    func freshNonces() async throws {
        let cloud = try Fixtures.simulator()
        let other = try await cloud.createKey(CreateKeyRequest(dkmsInstanceID: f.instanceID), context: f.ownerRoot).keyMetadata
            .keyID
        let a = try await seal(cloud)
        let b = try await seal(cloud)
        let c = try await seal(cloud, keyID: other)
        #expect(Set([a, b, c]).count == 3)
        let opened = try await cloud.decrypt(DecryptRequest(ciphertextBlob: c), context: f.ownerRoot)
        #expect(opened.keyID == other)
    }

    @Test("flipping any single bit of the blob makes Decrypt fail")
    func everyByteIsAuthenticated() async throws {
        let cloud = try Fixtures.simulator()
        let bytes = try #require(Data(base64Encoded: try await seal(cloud)))
        var accepted: [Int] = []
        for index in bytes.indices {
            var flipped = bytes
            flipped[index] ^= 0x01
            if !isClientError(await unseal(cloud, flipped.base64EncodedString())) { accepted.append(index - bytes.startIndex) }
        }
        #expect(accepted.isEmpty, "tampered blobs accepted at byte offsets \(accepted) of \(bytes.count)")
    }

    @Test("a truncated, extended or garbled blob fails")
    func malformedBlobs() async throws {
        let cloud = try Fixtures.simulator()
        let bytes = try #require(Data(base64Encoded: try await seal(cloud)))
        #expect(isClientError(await unseal(cloud, bytes.dropLast(1).base64EncodedString())), "one byte short")
        #expect(isClientError(await unseal(cloud, Data(bytes.prefix(8)).base64EncodedString())), "header only")
        #expect(isClientError(await unseal(cloud, (bytes + Data([0])).base64EncodedString())), "one byte extra")
        #expect(isClientError(await unseal(cloud, "not base64 at all!")), "not Base64")
        #expect(isClientError(await unseal(cloud, "")), "empty")
    }

    /// A blob in the simulator's layout (version 1, length-prefixed key and version ids, nonce, tag,
    /// ciphertext) with the given id bytes, so the ids' own checks are what a test reaches.
    static func craftedBlob(key: [UInt8], version: [UInt8]) -> String {
        var bytes: [UInt8] = [1, UInt8(key.count)] + key + [UInt8(version.count)] + version
        bytes += [UInt8](repeating: 7, count: 12 + 16 + 8)
        return Data(bytes).base64EncodedString()
    }

    static let invalidUTF8 = [UInt8](repeating: 0xFF, count: 255)

    static let craftedIDs: [(name: String, key: [UInt8]?, version: [UInt8])] = [
        // Repaired as text, these grew past the length byte and trapped the simulator in Decrypt.
        ("the key's id, a version of 255 invalid UTF-8 bytes", nil, invalidUTF8),
        ("the key's id, a version of 100 invalid UTF-8 bytes", nil, Array(invalidUTF8.prefix(100))),
        ("the key's id, a version with one invalid byte", nil, Array("0b8d3c1e".utf8) + [0xC3]),
        ("the key's id, an empty version", nil, []),
        ("the key's id, a 255-byte version", nil, Array(String(repeating: "v", count: 255).utf8)),
        ("a key id of 255 invalid UTF-8 bytes", invalidUTF8, Array("v1".utf8)),
        ("an empty key id", [], Array("v1".utf8)),
        ("an unknown key id", Array("key-hzz000000000000000999".utf8), Array("v1".utf8)),
    ]

    @Test("a blob whose ids are bad text or unknown fails as a client error, never a trap", arguments: craftedIDs)
    func craftedIDsFail(_ input: (name: String, key: [UInt8]?, version: [UInt8])) async throws {
        let cloud = try Fixtures.simulator()
        let blob = Self.craftedBlob(key: input.key ?? Array(f.keyID.utf8), version: input.version)
        #expect(isClientError(await unseal(cloud, blob)), "\(input.name)")
    }

    @Test("a ciphertext from another simulator's key of the same id does not open")
    func keyMaterialIsPerSimulator() async throws {
        let first = try Fixtures.simulator(seed: 1)
        let second = try Fixtures.simulator(seed: 2)
        let blob = try await seal(first)
        #expect(await unseal(first, blob) == .success)
        #expect(isClientError(await unseal(second, blob)))
    }

    @Test("GenerateDataKey returns the requested length and its blob decrypts to the same key")
    func dataKeys() async throws {
        let cloud = try Fixtures.simulator()
        for (spec, bytes, expected) in [(nil, nil, 32), ("AES_128", nil, 16), ("AES_256", 7, 7)] as [(String?, Int?, Int)] {
            let key = try await cloud.generateDataKey(
                GenerateDataKeyRequest(keyID: f.keyID, keySpec: spec, numberOfBytes: bytes),
                context: f.ownerRoot)
            #expect(Data(base64Encoded: key.plaintext)?.count == expected)
            let opened = try await cloud.decrypt(DecryptRequest(ciphertextBlob: key.ciphertextBlob), context: f.ownerRoot)
            #expect(opened.plaintext == key.plaintext)
        }
    }

    @Test("a sharee granted by the key policy decrypts the owner's ciphertext; an ungranted one cannot")
    func crossAccountDecrypt() async throws {
        let cloud = try Fixtures.simulator()
        let blob = try await seal(cloud)
        let denied = await Outcome.of {
            _ = try await cloud.decrypt(DecryptRequest(ciphertextBlob: blob), context: f.root(f.sharee))
        }
        #expect(denied == .error("Forbidden.NoPermission", 403))
        let policy = SeedPolicies.keyPolicy(owner: f.owner, granting: ["acs:ram::\(f.sharee):*"])
        _ = try await cloud.setKeyPolicy(SetKeyPolicyRequest(keyID: f.keyID, policy: policy.json), context: f.ownerRoot)
        let opened = try await cloud.decrypt(DecryptRequest(ciphertextBlob: blob), context: f.root(f.sharee))
        #expect(opened.plaintext == secret)
    }
}
