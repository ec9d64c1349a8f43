import CloudAPI
import Foundation

/// An access key pair, optionally with an STS security token and its expiry.
///
/// Every textual form (`description`, `debugDescription`, `dump`) redacts the secret and the
/// token: credentials may be interpolated into a log line without leaking anything.
package struct AccessCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The AccessKeyId (`LTAI…` for long-term keys, `STS.…` for temporary ones); not a secret.
    package var accessKeyID: String
    /// The AccessKeySecret: signs requests, never printed.
    package var accessKeySecret: String
    /// The STS security token that goes with temporary keys, never printed.
    package var securityToken: String?
    /// When temporary keys stop working; nil for long-term keys.
    package var expiration: Date?

    /// Creates credentials.
    package init(accessKeyID: String, accessKeySecret: String, securityToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.accessKeySecret = accessKeySecret
        self.securityToken = securityToken
        self.expiration = expiration
    }

    /// Takes the credentials STS issued; an `Expiration` that does not parse counts as
    /// `now + requestedSeconds` so the cache still refreshes them in time.
    package init(_ issued: AssumeRoleResponse.Credentials, requestedSeconds: Int, now: Date) {
        self.init(
            accessKeyID: issued.accessKeyID, accessKeySecret: issued.accessKeySecret,
            securityToken: issued.securityToken,
            expiration: Self.parseExpiration(issued.expiration)
                ?? now.addingTimeInterval(TimeInterval(requestedSeconds)))
    }

    /// Parses STS's `YYYY-MM-DDTHH:MM:SSZ` (fractional seconds tolerated).
    package static func parseExpiration(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    package var description: String {
        var text = "AccessCredentials(\(accessKeyID), secret: <redacted>"
        if securityToken != nil { text += ", token: <redacted>" }
        if let expiration { text += ", expires \(expiration.formatted(.iso8601))" }
        return text + ")"
    }

    package var debugDescription: String { description }

    package var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyID": accessKeyID, "accessKeySecret": "<redacted>",
                "securityToken": securityToken == nil ? "nil" : "<redacted>",
                "expiration": expiration as Any,
            ])
    }
}
