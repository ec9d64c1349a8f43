/// The credentials a client signs with: an access key pair, plus a token for STS keys.
///
/// The description shows only the access key id, so the value is safe to log.
package struct ACSCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The access key id (`AccessKeyId`, `Credential=`).
    package var accessKeyID: String
    /// The access key secret; never sent, only used to sign.
    package var accessKeySecret: String
    /// The STS security token, for temporary credentials.
    package var securityToken: String?

    /// Creates credentials.
    package init(accessKeyID: String, accessKeySecret: String, securityToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.accessKeySecret = accessKeySecret
        self.securityToken = securityToken
    }

    package var description: String {
        "ACSCredentials(accessKeyID: \(accessKeyID), sts: \(securityToken != nil))"
    }
}
