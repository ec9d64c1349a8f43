import Crypto
import Foundation

/// Where a playbook came from and what it said: the journal keeps both, so a resume can tell
/// whether the playbook changed since the run started.
struct PlaybookOrigin: Sendable, Hashable {
    /// The playbook's absolute path.
    var path: String
    /// SHA-256 of its text, in hex.
    var digest: String

    /// SHA-256 of `text`, in hex.
    static func digest(of text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }
}
