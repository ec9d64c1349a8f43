import ArgumentParser
import Audit
import CloudModel
import Foundation

/// `keyshare audit [--region R …] [--journal FILE] [--json | --html FILE] [--fail-on SEVERITY]`:
/// org-wide and read-only, who beyond each key's owner may use it, and what needs attention.
/// (Named `AuditCommand` because `Audit` is the module's name.)
///
/// Exit codes: 0 no finding at or above `--fail-on` (default high); 3 at least one; 2 bad input;
/// 1 the backend could not be read at all.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit every KMS key's sharing across the organisation, read-only.",
        discussion: """
            Reads every account of the Resource Directory (ListAccounts; without one, the caller's account) \
            in each --region (repeated or comma-separated): KMS instances and their access-management quota (ListKmsInstances, \
            GetKmsInstanceQuotaInfos), keys, aliases and key policies (ListKeys, DescribeKey, ListAliases, \
            GetKeyPolicy), and the roles key policies name (GetCallerIdentity and GetRole in their account). Reports per key the \
            principals of other accounts; findings by severity: principals outside the Resource Directory, \
            wildcards, whole accounts or their root (high); roles that no longer exist, quotas and policies \
            80 % full, unreadable keys or accounts (medium); grants keyshare's journal never verified, facts \
            that could not be read (low); checks not possible (info). The journal is --journal, else the one \
            beside --state, else ./.keyshare/journal.sqlite when present. Output: a table, --json, or \
            --html FILE (a self-contained page). Exit codes: 0 no finding at or above --fail-on (default \
            high); 3 some; 2 bad input; 1 the backend could not be read.
            """
    )

    // `--region` comes from the backend options; audit reads each of its values (see `auditRegions`).

    @Option(
        name: .customLong("journal"),
        help: ArgumentHelp(
            "keyshare's journal, for which grants were verified "
                + "(default: beside --state, else ./.keyshare/journal.sqlite when present).",
            valueName: "file"))
    var journal: String?

    @Option(
        name: .customLong("fail-on"),
        help: ArgumentHelp(
            "Exit 3 when a finding is at least this severe: high, medium, low or info.",
            valueName: "severity"))
    var failOn = "high"

    @Flag(help: "Print the report as JSON (field names in README, Audit every key's sharing).")
    var json = false

    @Option(help: ArgumentHelp("Also write the report as one self-contained HTML page to this file.", valueName: "file"))
    var html: String?

    @OptionGroup var backend: BackendOptions

    func validate() throws {
        guard AuditSeverity(rawValue: failOn) != nil else {
            throw ValidationError("--fail-on '\(failOn)' is not a severity; use high, medium, low or info.")
        }
        if journal?.isEmpty == true {
            throw ValidationError("--journal is empty; pass keyshare's journal file, e.g. .keyshare/journal.sqlite.")
        }
        for region in Self.regionWords(in: CommandLine.arguments)
        where region.split(separator: ",", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            throw ValidationError(
                "--region '\(region)' names an empty region; pass region IDs such as cn-hangzhou, "
                    + "repeated (--region a --region b) or comma-separated (a,b).")
        }
    }

    func run() async throws {
        let threshold = AuditSeverity(rawValue: failOn) ?? .high
        let page = try html.map { try OutputFile.regularFile($0, option: "--html") }
        let verification = try await verificationRecord()
        let (cloud, caller, shutdown) = try await openBackend()
        let regions = auditRegions()
        let report: AuditReport
        do {
            report = try await OrganisationAuditor(
                cloud: cloud, caller: caller, regions: regions,
                verification: verification
            ).audit()
            try? await shutdown?()
        } catch {
            try? await shutdown?()
            StandardError.write("keyshare: audit could not read the backend: \(error)\n")
            throw ExitCode.failure
        }
        if let page {
            do {
                try Data(report.html(generated: Date()).utf8).write(to: page, options: .atomic)
            } catch {
                StandardError.write("keyshare: could not write --html \(page.path): \(OutputFile.reason(error))\n")
                throw ExitCode.failure
            }
        }
        if json {
            print(try report.json())
        } else {
            print(report.text, terminator: "")
            if let page { print("report     \(page.path)") }
        }
        StandardOutputCheck.exitIfLost()
        if report.hasFinding(atLeast: threshold) { throw ExitCode(3) }
    }

    /// `--region` as given (repeated, or comma-separated as `sim capture` takes it), each once in
    /// order; the backend's default region without it.
    func auditRegions() -> [RegionID] {
        var seen: [String] = []
        let regions = Self.regionWords(in: CommandLine.arguments).flatMap { $0.split(separator: ",").map(String.init) }
        for region in regions where !seen.contains(region) { seen.append(region) }
        return seen.isEmpty ? [backend.regionID()] : seen.map { RegionID($0) }
    }

    /// Every value of `--region` among the words after the program name (up to `--`): audit takes it
    /// repeatedly, while the backend options keep only one value.
    static func regionWords(in arguments: [String]) -> [String] {
        var result: [String] = []
        var words = arguments.dropFirst().prefix { $0 != "--" }[...]
        while let word = words.popFirst() {
            if word == "--region" {
                if let value = words.popFirst() { result.append(value) }
            } else if word.hasPrefix("--region=") {
                result.append(String(word.dropFirst("--region=".count)))
            }
        }
        return result
    }
}
