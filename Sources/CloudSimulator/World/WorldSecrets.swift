import Foundation
import Yams

/// Which world-file fields hold secrets, so no error message quotes them.
enum WorldSecrets {
    /// Field names whose values are secret (access key secrets; tokens and passwords if ever added).
    static let names: Set<String> = ["secret", "token", "password", "security_token"]

    /// Whether a decoding path ends at, or passes through, a secret field.
    static func isSecret(_ path: [any CodingKey]) -> Bool {
        path.contains { names.contains($0.stringValue) }
    }

    /// The secret values a composed world holds (`accounts[].access_keys[].secret`), so a message
    /// can be scrubbed of them whatever path produced it.
    static func values(in root: Node) -> [String] {
        guard case .mapping(let world) = root, case .sequence(let accounts)? = world["accounts"] else { return [] }
        var secrets: [String] = []
        for account in accounts {
            guard case .mapping(let fields) = account, case .sequence(let keys)? = fields["access_keys"] else { continue }
            for key in keys {
                guard case .mapping(let pair) = key else { continue }
                for name in names {
                    if case .scalar(let secret)? = pair[name], secret.string.count >= 4 { secrets.append(secret.string) }
                }
            }
        }
        return secrets
    }

    /// `message` with every occurrence of `secrets` replaced: the last line of defence, for a
    /// secret that reached a message as something else (a key typed from the value, an id).
    static func scrub(_ message: String, of secrets: [String]) -> String {
        secrets.reduce(message) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
    }
}
