import Crypto
import Foundation

/// The hashing primitives both signature versions use, with hex and Base64 spellings.
package enum Digest {
    /// Lower-case hex SHA-256 of `bytes` (`x-acs-content-sha256`, hashed canonical request).
    package static func sha256Hex(_ bytes: some DataProtocol) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// Lower-case hex SHA-256 of the UTF-8 bytes of `text`.
    package static func sha256Hex(_ text: String) -> String { sha256Hex(Array(text.utf8)) }

    /// Lower-case hex HMAC-SHA256 of `text` keyed by `secret` (the V3 signature).
    package static func hmacSHA256Hex(_ text: String, secret: String) -> String {
        let key = SymmetricKey(data: Array(secret.utf8))
        return hex(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key))
    }

    /// Base64 HMAC-SHA1 of `text` keyed by `key` (the V1 signature; the caller appends `&`).
    package static func hmacSHA1Base64(_ text: String, key: String) -> String {
        let symmetric = SymmetricKey(data: Array(key.utf8))
        let code = HMAC<Insecure.SHA1>.authenticationCode(for: Array(text.utf8), using: symmetric)
        return Data(code).base64EncodedString()
    }

    /// The empty body's SHA-256, which most RPC requests carry.
    package static let emptyBodySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Compares two signatures in time independent of where they differ.
    package static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var output = [UInt8]()
        for byte in bytes {
            output.append(hexDigits[Int(byte >> 4)])
            output.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
