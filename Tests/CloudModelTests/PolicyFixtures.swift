@testable import CloudModel

/// Accounts, principals and documents shared by the CloudModel tests.
enum PolicyFixtures {
    static let owner = AccountID("1111111111111111")!
    static let sharee = AccountID("2222222222222222")!
    static let stranger = AccountID("3333333333333333")!

    static let region: RegionID = "cn-hangzhou"
    static let keyID = "key-hzz630494463ejqjx0001"
    static let keyARN = ResourceName.key(keyID, region: region, account: owner)

    /// Wraps statement objects (JSON text) into a version-1 document.
    static func document(_ statements: String...) -> String {
        #"{"Version":"1","Statement":["# + statements.joined(separator: ",") + "]}"
    }

    /// Parses or fails the test with the error text.
    static func parsed(_ json: String, _ kind: PolicyKind) throws -> PolicyDocument {
        try PolicyDocument.parse(json, kind: kind)
    }

    /// The parse error of `json`, or nil when it parses.
    static func parseError(_ json: String, _ kind: PolicyKind) -> PolicyError? {
        do {
            _ = try PolicyDocument.parse(json, kind: kind)
            return nil
        } catch {
            return error
        }
    }
}

extension PolicyFixtures {
    /// Wraps an array of statement objects (JSON text) into a version-1 document.
    static func documentList(_ statements: [String]) -> String {
        #"{"Version":"1","Statement":["# + statements.joined(separator: ",") + "]}"
    }
}
