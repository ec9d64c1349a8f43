import Foundation

/// Takes secrets out of command-line words before the journal stores them as a run's invocation
/// (`resume` rebuilds the run from those words, so the rest must stay as typed).
///
/// Today no option of `keyshare run` carries a secret (credentials come from the environment and
/// profiles, see `BackendOptions`), so the rule is by name, for options added later and for
/// playbook parameters: a word's value is replaced by ``placeholder`` when
/// - it follows, or is joined by `=` to, an option whose name looks secret (``isSecretName``):
///   `--access-key-secret X`, `--security-token=X`;
/// - it is the value of a `--param` whose name looks secret: `--param api_token=X`, `--param=password=X`;
/// - after `--` (a script's words), it is `name=value` with a secret-looking name;
/// - anywhere, it is the password of a URL's user information: `https://user:X@host`.
package enum InvocationRedaction {
    /// What a secret value becomes.
    package static let placeholder = "<redacted>"

    /// Name fragments that mark a secret (compared lowercased, `_` read as `-`).
    package static let secretFragments = [
        "secret", "token", "password", "passwd", "passphrase", "credential", "private-key", "privatekey",
        "access-key", "accesskey", "api-key", "apikey", "authorization", "signature",
    ]

    /// `words` with every secret value replaced by ``placeholder``.
    package static func redact(_ words: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(words.count)
        var index = 0
        var afterSeparator = false
        while index < words.count {
            let word = redactURLPassword(words[index])
            index += 1
            if afterSeparator {
                result.append(redactAssignment(word))
                continue
            }
            if word == "--" {
                afterSeparator = true
                result.append(word)
                continue
            }
            guard word.hasPrefix("-"), word.count > 1 else {
                result.append(word)
                continue
            }
            let name = String(word.prefix { $0 != "=" })
            let inline = word.count > name.count ? String(word.dropFirst(name.count + 1)) : nil
            if name == "--param" {
                if let inline {
                    result.append("\(name)=\(redactAssignment(inline))")
                } else {
                    result.append(word)
                    if index < words.count {
                        result.append(redactAssignment(redactURLPassword(words[index])))
                        index += 1
                    }
                }
                continue
            }
            guard isSecretName(name) else {
                result.append(word)
                continue
            }
            if inline != nil {
                result.append("\(name)=\(placeholder)")
            } else {
                result.append(word)
                // A following option is the next flag, not this one's value.
                if index < words.count, !(words[index].hasPrefix("--") && words[index].count > 2) {
                    result.append(placeholder)
                    index += 1
                }
            }
        }
        return result
    }

    /// Whether an option or parameter name (`--security-token`, `api_key`, `DB_PASSWORD`) names a secret.
    package static func isSecretName(_ name: String) -> Bool {
        let normalized = String(name.drop { $0 == "-" }).lowercased().replacingOccurrences(of: "_", with: "-")
        return secretFragments.contains { normalized.contains($0) }
    }

    /// `name=value` with the value redacted when the name looks secret; anything else unchanged.
    private static func redactAssignment(_ word: String) -> String {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex,
            isSecretName(String(word[..<equals]))
        else { return word }
        return "\(word[..<equals])=\(placeholder)"
    }

    /// `scheme://user:password@host…` with the password (or a lone user-info token) redacted.
    private static func redactURLPassword(_ word: String) -> String {
        guard let scheme = word.range(of: "://") else { return word }
        let authorityStart = scheme.upperBound
        let authorityEnd = word[authorityStart...].firstIndex { "/?#".contains($0) } ?? word.endIndex
        guard let at = word[authorityStart..<authorityEnd].lastIndex(of: "@") else { return word }
        let userInfo = word[authorityStart..<at]
        let redacted = userInfo.firstIndex(of: ":").map { "\(userInfo[..<$0]):\(placeholder)" } ?? placeholder
        return String(word[..<authorityStart]) + redacted + String(word[at...])
    }
}
