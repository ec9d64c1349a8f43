/// A key as `CreateKey` and `DescribeKey` describe it (`KeyMetadata`).
package struct KeyMetadata: Codable, Sendable, Hashable {
    package var keyID: String
    package var arn: String
    package var keyState: String
    package var keySpec: String
    package var keyUsage: String
    package var origin: String
    package var protectionLevel: String
    package var dkmsInstanceID: String?
    package var creator: String
    package var creationDate: String
    package var description: String
    package var primaryKeyVersion: String?
    package var automaticRotation: String
    package var rotationInterval: String?
    package var lastRotationDate: String?
    package var nextRotationDate: String?
    package var materialExpireTime: String?
    package var deleteDate: String?
    package var deletionProtection: String

    enum CodingKeys: String, CodingKey {
        case keyID = "KeyId"
        case arn = "Arn"
        case keyState = "KeyState"
        case keySpec = "KeySpec"
        case keyUsage = "KeyUsage"
        case origin = "Origin"
        case protectionLevel = "ProtectionLevel"
        case dkmsInstanceID = "DKMSInstanceId"
        case creator = "Creator"
        case creationDate = "CreationDate"
        case description = "Description"
        case primaryKeyVersion = "PrimaryKeyVersion"
        case automaticRotation = "AutomaticRotation"
        case rotationInterval = "RotationInterval"
        case lastRotationDate = "LastRotationDate"
        case nextRotationDate = "NextRotationDate"
        case materialExpireTime = "MaterialExpireTime"
        case deleteDate = "DeleteDate"
        case deletionProtection = "DeletionProtection"
    }

    /// Creates metadata; optional fields default to absent.
    package init(
        keyID: String, arn: String, keyState: String, keySpec: String, keyUsage: String,
        origin: String, protectionLevel: String, dkmsInstanceID: String?, creator: String,
        creationDate: String, description: String, primaryKeyVersion: String? = nil,
        automaticRotation: String = "Disabled", rotationInterval: String? = nil,
        lastRotationDate: String? = nil, nextRotationDate: String? = nil,
        materialExpireTime: String? = nil, deleteDate: String? = nil,
        deletionProtection: String = "Disabled"
    ) {
        self.keyID = keyID
        self.arn = arn
        self.keyState = keyState
        self.keySpec = keySpec
        self.keyUsage = keyUsage
        self.origin = origin
        self.protectionLevel = protectionLevel
        self.dkmsInstanceID = dkmsInstanceID
        self.creator = creator
        self.creationDate = creationDate
        self.description = description
        self.primaryKeyVersion = primaryKeyVersion
        self.automaticRotation = automaticRotation
        self.rotationInterval = rotationInterval
        self.lastRotationDate = lastRotationDate
        self.nextRotationDate = nextRotationDate
        self.materialExpireTime = materialExpireTime
        self.deleteDate = deleteDate
        self.deletionProtection = deletionProtection
    }
}
