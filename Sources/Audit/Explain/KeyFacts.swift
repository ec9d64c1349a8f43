import CloudAPI
import CloudModel

/// What explain knows of a key, read with DescribeKey and GetKeyPolicy as the key's owner.
struct KeyFacts: Sendable {
    /// The key as reported.
    var summary: KeySummary
    /// The owner.
    var owner: AccountID
    /// The key ARN as a resource of evaluation.
    var resource: ResourceName
    /// The parsed key policy; nil for a key that has none (a default key).
    var policy: PolicySource?
    /// Why the policy is missing, when it is.
    var policyNote: String?

    /// Reads the key `reference` names: an ARN says its owner and region, anything else is a key of
    /// `defaultAccount` in `region`.
    ///
    /// - Throws: ``ExplainInputError`` when there is no such key, ``ExplainReadError`` when the
    ///   backend refuses or fails a read.
    static func read(_ reference: String, from cloud: any Cloud, defaultAccount: AccountID, region: RegionID) async throws
        -> KeyFacts
    {
        var owner = defaultAccount
        var home = region
        if let arn = ResourceName(parsing: reference), let account = arn.accountID {
            owner = account
            home = RegionID(arn.region)
        }
        let context = CallContext.root(owner, region: home)
        let metadata: KeyMetadata
        do {
            metadata = try await cloud.describeKey(DescribeKeyRequest(keyID: reference), context: context).keyMetadata
        } catch let error as CloudError where Self.isNotFound(error) {
            throw ExplainInputError(
                "--key '\(reference)': account \(owner) has no such key in \(home) (\(error.code): \(error.message)); "
                    + "pass an existing key's ID, alias/<name> or ARN (another account's key by its ARN), or --region")
        } catch {
            throw ExplainReadError("DescribeKey \(reference) as account \(owner) in \(home) failed: \(error)")
        }
        let summary = KeySummary(
            id: metadata.keyID, arn: metadata.arn, owner: owner.rawValue, region: home.rawValue,
            state: metadata.keyState)
        var facts = KeyFacts(
            summary: summary, owner: owner,
            resource: ResourceName.key(metadata.keyID, region: home, account: owner), policy: nil)
        let text: String
        do {
            text = try await cloud.getKeyPolicy(GetKeyPolicyRequest(keyID: metadata.keyID), context: context).policy
        } catch let error as CloudError
            where [CloudError.keyPolicyUnsupported.code, CloudError.policyNotFound.code].contains(error.code)
        {
            facts.policyNote = "the key has no key policy (\(error.code)), so only the owner's RAM policies grant it"
            return facts
        } catch {
            throw ExplainReadError("GetKeyPolicy \(metadata.keyID) as account \(owner) failed: \(error)")
        }
        do {
            facts.policy = PolicySource(name: "key policy", document: try PolicyDocument.parse(text, kind: .keyPolicy))
        } catch {
            throw ExplainReadError("the key policy of \(metadata.keyID) could not be parsed: \(error.message)")
        }
        return facts
    }

    /// Codes KMS answers for a key that does not exist or cannot be named that way.
    private static func isNotFound(_ error: CloudError) -> Bool {
        error.code.contains("NotFound") || error.code.hasPrefix("InvalidParameter") || error.code == "Unsupported.Alias"
    }
}
