/// A failure of a keyshare domain operation (a precheck, a malformed policy), shaped like a cloud
/// error so Lua code branches on `err.code` the same way for both.
package struct KeyPolicyEditError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `keyshare.*` for keyshare's own checks, or the cloud code a precheck anticipates.
    package var code: String
    /// What is wrong and the fix.
    package var message: String

    /// Creates the error.
    package init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "\(code): \(message)" }
}
