import CloudAPI
import CloudModel
import Crypto
import Foundation

// Encrypt, Decrypt and GenerateDataKey with real AES-256-GCM, so a ciphertext opens only under
// its key and with the same EncryptionContext.
extension SimulatedCloud {
    /// Key states that refuse cryptography (409 `Rejected.*`, alibaba-api.md §2.4).
    static func requireUsable(_ key: KMSKeyState) throws {
        switch key.state {
        case .enabled: return
        case .disabled: throw CloudError.keyDisabled
        case .pendingDeletion: throw CloudError.keyPendingDeletion
        case .pendingImport: throw CloudError.keyPendingImport
        case .unavailable: throw CloudError.keyUnavailable
        }
    }

    package func encrypt(_ request: EncryptRequest, context: CallContext) async throws -> EncryptResponse {
        try await perform(.kmsCrypto, context) {
            guard !request.plaintext.isEmpty else { throw CloudError.missingParameter("Plaintext") }
            guard let plaintext = Data(base64Encoded: request.plaintext) else {
                throw CloudError.invalidParameter("Plaintext", "must be Base64-encoded data.")
            }
            guard plaintext.count <= 6144 else { throw CloudError.invalidParameter("Plaintext", "at most 6 KiB of data.") }
            let aad = try CiphertextBlob.additionalData(request.encryptionContext)
            let (key, location) = try resolveKey(request.keyID, context)
            try authorizeKey(context, action: "kms:Encrypt", key: key, location: location)
            try Self.requireUsable(key)
            let blob = try seal(plaintext, key: key, aad: aad)
            return EncryptResponse(keyID: key.id.rawValue, keyVersionID: key.versionID, ciphertextBlob: blob)
        }
    }

    package func generateDataKey(_ request: GenerateDataKeyRequest, context: CallContext) async throws
        -> GenerateDataKeyResponse
    {
        try await perform(.kmsCrypto, context) {
            let length: Int
            if let bytes = request.numberOfBytes {
                guard (1...1024).contains(bytes) else {
                    throw CloudError.invalidParameter("NumberOfBytes", "must be between 1 and 1024, got \(bytes).")
                }
                length = bytes
            } else {
                switch request.keySpec ?? "AES_256" {
                case "AES_256": length = 32
                case "AES_128": length = 16
                default: throw CloudError.invalidParameter("KeySpec", "must be AES_256 or AES_128.")
                }
            }
            let aad = try CiphertextBlob.additionalData(request.encryptionContext)
            let (key, location) = try resolveKey(request.keyID, context)
            try authorizeKey(context, action: "kms:GenerateDataKey", key: key, location: location)
            try Self.requireUsable(key)
            let plaintext = Data(withIDs { $0.bytes(length) })
            let blob = try seal(plaintext, key: key, aad: aad)
            return GenerateDataKeyResponse(
                keyID: key.id.rawValue, keyVersionID: key.versionID, ciphertextBlob: blob,
                plaintext: plaintext.base64EncodedString())
        }
    }

    package func decrypt(_ request: DecryptRequest, context: CallContext) async throws -> DecryptResponse {
        try await perform(.kmsCrypto, context) {
            guard !request.ciphertextBlob.isEmpty else { throw CloudError.missingParameter("CiphertextBlob") }
            guard let blob = CiphertextBlob(base64: request.ciphertextBlob) else { throw CloudError.invalidCiphertext }
            let encryptionContext = try CiphertextBlob.additionalData(request.encryptionContext)
            _ = try callerAccount(context)
            guard let location = index.keys[blob.keyID], location.region == context.region.rawValue,
                let key = accounts[location.owner]?.regions[location.region]?.keys[blob.keyID]
            else { throw CloudError.keyNotFound }
            try authorizeKey(context, action: "kms:Decrypt", key: key, location: location)
            try Self.requireUsable(key)
            let plaintext: Data
            do {
                let box = try AES.GCM.SealedBox(
                    nonce: AES.GCM.Nonce(data: blob.nonce), ciphertext: blob.ciphertext,
                    tag: blob.tag)
                plaintext = try AES.GCM.open(
                    box, using: SymmetricKey(data: key.material),
                    authenticating: blob.header + encryptionContext)
            } catch {
                throw CloudError.invalidCiphertext
            }
            return DecryptResponse(
                keyID: key.id.rawValue, keyVersionID: blob.versionID, plaintext: plaintext.base64EncodedString())
        }
    }

    /// Encrypts under the key's material with a fresh nonce and wraps the result as a blob.
    private func seal(_ plaintext: Data, key: KMSKeyState, aad: Data) throws -> String {
        let nonce = withIDs { $0.bytes(12) }
        // A version id read from a backend may be too long for the format; never seen, but no trap.
        guard
            var blob = CiphertextBlob(
                keyID: key.id, versionID: key.versionID, nonce: Data(nonce), ciphertext: Data(), tag: Data())
        else { throw CloudError.internalError }
        do {
            let box = try AES.GCM.seal(
                plaintext, using: SymmetricKey(data: key.material),
                nonce: AES.GCM.Nonce(data: nonce), authenticating: blob.header + aad)
            blob.ciphertext = box.ciphertext
            blob.tag = box.tag
            return blob.base64
        } catch {
            throw CloudError.internalError
        }
    }
}

extension CloudError {
    /// 400 `InvalidParameter` for a ciphertext that is malformed, from another key, or opened with
    /// another EncryptionContext (divergence SIM-006).
    static let invalidCiphertext = CloudError.invalidParameter(
        "CiphertextBlob", "the ciphertext is not valid for its key and EncryptionContext.")
}

/// The simulator's ciphertext format: version 1, key id, key version, nonce, ciphertext, tag.
struct CiphertextBlob {
    /// The key id.
    let keyID: KMSKeyID
    /// The key version id (at most 255 UTF-8 bytes, like the key id).
    let versionID: String
    /// The 12-byte AES-GCM nonce.
    var nonce: Data
    /// The encrypted bytes.
    var ciphertext: Data
    /// The 16-byte authentication tag.
    var tag: Data

    /// The format version, key id and key version: authenticated with the ciphertext, so no bit of
    /// the blob can change without Decrypt failing. Both lengths fit a byte (checked by the initializers).
    var header: Data {
        var bytes = Data([1, UInt8(truncatingIfNeeded: keyID.rawValue.utf8.count)])
        bytes.append(contentsOf: keyID.rawValue.utf8)
        bytes.append(UInt8(truncatingIfNeeded: versionID.utf8.count))
        bytes.append(contentsOf: versionID.utf8)
        return bytes
    }

    /// The Base64 wire form.
    var base64: String {
        var bytes = header
        bytes.append(nonce)
        bytes.append(tag)
        bytes.append(ciphertext)
        return bytes.base64EncodedString()
    }

    /// Builds a blob; nil when the version id is longer than the format's 255 bytes.
    init?(keyID: KMSKeyID, versionID: String, nonce: Data, ciphertext: Data, tag: Data) {
        guard versionID.utf8.count <= 255 else { return nil }
        self.keyID = keyID
        self.versionID = versionID
        self.nonce = nonce
        self.ciphertext = ciphertext
        self.tag = tag
    }

    /// Parses the wire form; nil when it is not one of ours.
    init?(base64: String) {
        guard let data = Data(base64Encoded: base64) else { return nil }
        let bytes = [UInt8](data)
        guard bytes.count > 2, bytes[0] == 1 else { return nil }
        var offset = 1
        func take(_ count: Int) -> [UInt8]? {
            guard offset + count <= bytes.count else { return nil }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }
        // Ids must be valid UTF-8: repaired text would be longer than its length byte says.
        guard let keyLength = take(1)?.first, let key = take(Int(keyLength)), let versionLength = take(1)?.first,
            let version = take(Int(versionLength)), let nonce = take(12), let tag = take(16),
            let keyText = String(validating: key, as: UTF8.self), let keyID = KMSKeyID(keyText),
            let versionID = String(validating: version, as: UTF8.self)
        else { return nil }
        self.keyID = keyID
        self.versionID = versionID
        self.nonce = Data(nonce)
        self.tag = Data(tag)
        self.ciphertext = Data(bytes[offset...])
    }

    /// The EncryptionContext as authenticated data: its entries sorted by key (order-insensitive).
    static func additionalData(_ context: String?) throws -> Data {
        guard let context, !context.isEmpty else { return Data() }
        guard let data = context.data(using: .utf8), let map = try? JSONDecoder().decode([String: String].self, from: data)
        else {
            throw CloudError.invalidParameter("EncryptionContext", "must be a JSON object of strings, e.g. {\"k\":\"v\"}.")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(map)
    }
}

// The requests this file answers: `SimulatedCloud.call` finds each behaviour through these.
extension EncryptRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.encrypt(self, context: context)
    }
}
extension DecryptRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.decrypt(self, context: context)
    }
}
extension GenerateDataKeyRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.generateDataKey(self, context: context)
    }
}
