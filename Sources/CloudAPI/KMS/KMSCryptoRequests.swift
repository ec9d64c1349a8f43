// Cryptographic requests of KMS. Fields mirror the wire parameters of the same name.

/// `Encrypt`: `Plaintext` is Base64 text.
package struct EncryptRequest: CloudRequest, Hashable {
    package typealias Response = EncryptResponse
    package static let product = CloudProduct.kms
    package static let action = "Encrypt"
    package static let operation = CloudOperation.encrypt
    package var keyID: String
    /// Base64 of the data to encrypt.
    package var plaintext: String
    /// JSON object text, bound into the ciphertext.
    package var encryptionContext: String?
    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId"
        case plaintext = "Plaintext"
        case encryptionContext = "EncryptionContext"
    }
    /// Creates the request.
    package init(keyID: String, plaintext: String, encryptionContext: String? = nil) {
        self.keyID = keyID
        self.plaintext = plaintext
        self.encryptionContext = encryptionContext
    }
}

/// The answer to `Encrypt`.
package struct EncryptResponse: Codable, Sendable, Hashable {
    package var keyID: String
    package var keyVersionID: String
    package var ciphertextBlob: String
    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId"
        case keyVersionID = "KeyVersionId"
        case ciphertextBlob = "CiphertextBlob"
    }
    /// Creates the answer.
    package init(keyID: String, keyVersionID: String, ciphertextBlob: String) {
        self.keyID = keyID
        self.keyVersionID = keyVersionID
        self.ciphertextBlob = ciphertextBlob
    }
}

/// `Decrypt`: the key is found from the ciphertext blob.
package struct DecryptRequest: CloudRequest, Hashable {
    package typealias Response = DecryptResponse
    package static let product = CloudProduct.kms
    package static let action = "Decrypt"
    package static let operation = CloudOperation.decrypt
    package var ciphertextBlob: String
    package var encryptionContext: String?
    enum CodingKeys: String, CodingKey {
        case ciphertextBlob = "CiphertextBlob"
        case encryptionContext = "EncryptionContext"
    }
    /// Creates the request.
    package init(ciphertextBlob: String, encryptionContext: String? = nil) {
        self.ciphertextBlob = ciphertextBlob
        self.encryptionContext = encryptionContext
    }
}

/// The answer to `Decrypt`: `Plaintext` is Base64.
package struct DecryptResponse: Codable, Sendable, Hashable {
    package var keyID: String
    package var keyVersionID: String
    package var plaintext: String
    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId"
        case keyVersionID = "KeyVersionId"
        case plaintext = "Plaintext"
    }
    /// Creates the answer.
    package init(keyID: String, keyVersionID: String, plaintext: String) {
        self.keyID = keyID
        self.keyVersionID = keyVersionID
        self.plaintext = plaintext
    }
}

/// `GenerateDataKey`.
package struct GenerateDataKeyRequest: CloudRequest, Hashable {
    package typealias Response = GenerateDataKeyResponse
    package static let product = CloudProduct.kms
    package static let action = "GenerateDataKey"
    package static let operation = CloudOperation.generateDataKey
    package var keyID: String
    /// `AES_256` or `AES_128`.
    package var keySpec: String?
    /// 1 to 1024; wins over `KeySpec`.
    package var numberOfBytes: Int?
    package var encryptionContext: String?
    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId"
        case keySpec = "KeySpec"
        case numberOfBytes = "NumberOfBytes"
        case encryptionContext = "EncryptionContext"
    }
    /// Creates the request.
    package init(keyID: String, keySpec: String? = nil, numberOfBytes: Int? = nil, encryptionContext: String? = nil) {
        self.keyID = keyID
        self.keySpec = keySpec
        self.numberOfBytes = numberOfBytes
        self.encryptionContext = encryptionContext
    }
}

/// The answer to `GenerateDataKey`.
package struct GenerateDataKeyResponse: Codable, Sendable, Hashable {
    package var keyID: String
    package var keyVersionID: String
    package var ciphertextBlob: String
    package var plaintext: String
    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId"
        case keyVersionID = "KeyVersionId"
        case ciphertextBlob = "CiphertextBlob"
        case plaintext = "Plaintext"
    }
    /// Creates the answer.
    package init(keyID: String, keyVersionID: String, ciphertextBlob: String, plaintext: String) {
        self.keyID = keyID
        self.keyVersionID = keyVersionID
        self.ciphertextBlob = ciphertextBlob
        self.plaintext = plaintext
    }
}

// The `Cloud` method of each operation above: a name for `call` with its request type.
extension Cloud {
    /// Encrypts up to 6 KiB of data under a key.
    package func encrypt(_ request: EncryptRequest, context: CallContext) async throws -> EncryptResponse {
        try await call(request, context: context)
    }
    /// Decrypts a ciphertext blob made by `encrypt` or `generateDataKey`.
    package func decrypt(_ request: DecryptRequest, context: CallContext) async throws -> DecryptResponse {
        try await call(request, context: context)
    }
    /// Makes a data key, returned in plaintext and encrypted under the key.
    package func generateDataKey(_ request: GenerateDataKeyRequest, context: CallContext) async throws -> GenerateDataKeyResponse
    {
        try await call(request, context: context)
    }
}
