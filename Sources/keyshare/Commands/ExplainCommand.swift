import ArgumentParser
import Audit
import CloudModel
import Foundation

/// `keyshare explain --key KEY --principal ARN [--action kms:Decrypt …] [--via ecs] [--json]`:
/// whether a principal may use a key and why, naming the key-policy statement and the RAM policy
/// that decide it (or the missing half), read-only over any backend.
///
/// Exit codes: 0 every action (or every required hop) is allowed; 3 at least one is denied
/// (explicitly, implicitly or by the key's state); 4 none is denied but at least one is unknown;
/// 2 bad input (unknown key, malformed ARN, unknown action, as any command that cannot start);
/// 1 the backend could not be read.
struct Explain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain whether a principal may use a KMS key, and which policies decide it.",
        discussion: """
            Reads the key (DescribeKey, GetKeyPolicy as its owner) and the principal's RAM policies \
            (GetRole, ListPoliciesForRole, GetPolicy in the principal's account) with read-only calls, \
            and decides each action with the simulator's own rules: an explicit deny anywhere wins; in \
            the key owner's account either the key policy or the RAM policies suffice; another account \
            needs both. Each answer names the key-policy statement (by Sid, else its index) and the RAM \
            policy (name, type, version, what it is attached to) that allow or deny, or says which half \
            is missing. Conditions whose values explain cannot know (acs:SourceIp, acs:SecureTransport, \
            acs:MFAPresent, keys keyshare does not model) make the answer "unknown because …". The \
            key's state is reported where it refuses cryptography. --via ecs follows the ECS service \
            path instead: the account's AliyunECSDiskEncryptDefaultRole, its trust policy and the KMS \
            actions ECS performs, plus the share roles for sharing encrypted snapshots and images onward. \
            RAM users' policies cannot be read (no ListPoliciesForUser), so their RAM half is unknown. \
            Exit codes: 0 allowed; 3 denied; 4 unknown; 2 bad input; 1 the backend could not be read.
            """
    )

    @Option(help: ArgumentHelp("The key: its ID, alias/<name> (both in the default account) or its ARN.", valueName: "key"))
    var key: String

    @Option(help: ArgumentHelp("The RAM identity: acs:ram::<uid>:role/<name>, :user/<name> or :root.", valueName: "arn"))
    var principal: String

    @Option(
        name: .customLong("action"), parsing: .singleValue,
        help: ArgumentHelp(
            "A KMS action to explain, repeatable (default: kms:DescribeKey, kms:Encrypt, kms:Decrypt, kms:GenerateDataKey).",
            valueName: "kms:Action"))
    var actions: [String] = []

    @Option(
        help: ArgumentHelp(
            "Follow a service path instead of a direct call: ecs (can the principal's account create a disk encrypted with the key?).",
            valueName: "service"))
    var via: String?

    @Flag(help: "Print the answer as JSON (field names in README, keyshare explain).")
    var json = false

    @OptionGroup var backend: BackendOptions

    func validate() throws {
        if let via, via != "ecs" {
            throw ValidationError("--via '\(via)' is not a service path keyshare knows; the only one is --via ecs.")
        }
        do {
            _ = try query()
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The validated question.
    func query() throws(ExplainInputError) -> ExplainQuery {
        try ExplainQuery(key: key, principal: principal, actions: actions, viaECS: via == "ecs")
    }

    func run() async throws {
        let query: ExplainQuery
        do {
            query = try self.query()
        } catch {
            throw StartFailure(error.description)
        }
        let (explainer, shutdown) = try await openExplainer()
        let explanation: KeyExplanation
        do {
            explanation = try await explainer.explain(query)
            try? await shutdown?()
        } catch let error as ExplainInputError {
            try? await shutdown?()
            throw StartFailure(error.description)
        } catch {
            try? await shutdown?()
            StandardError.write("keyshare: explain could not read the backend: \(error)\n")
            throw ExitCode.failure
        }
        if json {
            print(try Self.json(explanation))
        } else {
            print(explanation.text, terminator: "")
        }
        StandardOutputCheck.exitIfLost()
        let code = Self.exitCode(explanation.decision)
        if code != 0 { throw ExitCode(code) }
    }

    /// 0 allowed, 3 denied, 4 unknown.
    static func exitCode(_ decision: ExplainDecision) -> Int32 {
        switch decision {
        case .allow: 0
        case .deny, .implicitDeny: 3
        case .unknown: 4
        }
    }

    /// Sorted keys, so the output is stable.
    static func json(_ explanation: KeyExplanation) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(explanation), as: UTF8.self)
    }
}
