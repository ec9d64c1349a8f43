import ArgumentParser
import Foundation
import Rollout
import Runner

/// The staging options `run` and `plan` share (a plan takes every option of a run): canary,
/// batches, pauses, failure tolerance, `--yes`. Each overrides the playbook's field of the same name.
struct StagingFlags: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Run these targets first and alone: a count, a percentage (5%) or account UIDs separated by commas (overrides the playbook's canary).",
            valueName: "n|n%|uid,uid"))
    var canary: String?

    @Option(
        help: ArgumentHelp(
            "Batch sizes after the canary, each a count or a percentage of all targets; the last repeats (e.g. 1,10%,100%).",
            valueName: "size,size,…"))
    var batches: String?

    @Option(
        help: ArgumentHelp(
            "Wait for a confirmation after the canary (canary), after the canary and every batch (batch), or never.",
            valueName: "never|canary|batch"))
    var pause: String?

    @Option(
        help: ArgumentHelp(
            "Failures tolerated before targets not started are cancelled: a count or a percentage (default: no limit).",
            valueName: "n|n%"))
    var tolerance: String?

    @Option(
        name: .customLong("tolerance-mode"),
        help: ArgumentHelp(
            "strict: never more than tolerance + 1 failures (fewer targets in flight as failures accrue); soft: full concurrency, stop starting targets once failures exceed the tolerance.",
            valueName: "strict|soft"))
    var toleranceMode: String?

    @Option(
        name: .customLong("rate"),
        help: ArgumentHelp(
            "Pace calls of API groups, in requests per second per account (and region): kms-create, kms-crypto, kms-read, kms-write, sts, ram, ecs, resourcemanager, resourcesharing (repeatable; overrides the playbook's rate; defaults in README \"Rate limits\").",
            valueName: "group=n[,group=n]"))
    var rate: [String] = []

    @Flag(
        name: [.customLong("yes"), .customShort("y")],
        help: "Go on at every pause without asking (needed to pause when standard input is not a terminal).")
    var yes = false

    /// The options that take a value, as `resume` strips them from a replayed command line.
    static let valued = ["--canary", "--batches", "--pause", "--tolerance", "--tolerance-mode", "--rate"]

    /// The paces `--rate` gives. Throws a `ValidationError` naming the group, the value and the fix.
    func rateLimits() throws -> RateLimits {
        do {
            return try RateLimits.parse(option: rate)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The overrides these options give, with `concurrency` (`--concurrency`) as a count or a
    /// percentage. Throws a `ValidationError` naming the option, the value and the fix.
    func overrides(concurrency: String?) throws -> StagingOptions {
        var options = StagingOptions()
        if let concurrency {
            guard let amount = RolloutAmount(parsing: concurrency), amount != .count(0) else {
                throw ValidationError(
                    "--concurrency must be at least 1 or a percentage from 1% to 100% of the targets, got '\(concurrency)'")
            }
            options.concurrency = amount
        }
        if let canary {
            let words = canary.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if words.count == 1, !Self.isAccount(words[0]) {
                guard let amount = RolloutAmount(parsing: words[0]), amount != .count(0) else {
                    throw ValidationError(
                        "--canary '\(canary)': give a count ≥ 1, a percentage from 1% to 100% (5%) or account UIDs "
                            + "separated by commas")
                }
                options.canary = .amount(amount)
            } else {
                if let bad = words.first(where: { !Self.isAccount($0) }) {
                    throw ValidationError(
                        "--canary '\(canary)': '\(bad)' is not an account UID (digits); list UIDs separated by commas")
                }
                options.canary = .accounts(words)
            }
        }
        if let batches {
            let words = batches.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            options.batches = try words.enumerated().map { index, word in
                guard let amount = RolloutAmount(parsing: word), amount != .count(0) else {
                    throw ValidationError(
                        "--batches '\(batches)': batch \(index + 1) '\(word)' is not a size ≥ 1 or a percentage "
                            + "from 1% to 100% (e.g. --batches 1,10%,100%)")
                }
                return amount
            }
        }
        if let pause {
            guard let value = RolloutPause(rawValue: pause) else {
                throw ValidationError(
                    "--pause '\(pause)': use never, canary (after the canary) or batch (after the canary and every batch)")
            }
            options.pause = value
        }
        if let tolerance {
            // "0%" is a tolerance (none), though it is no size.
            guard let amount = tolerance == "0%" ? .count(0) : RolloutAmount(parsing: tolerance) else {
                throw ValidationError("--tolerance '\(tolerance)': give a count of failures ≥ 0 or a percentage from 0% to 100%")
            }
            options.tolerance = amount
        }
        if let toleranceMode {
            guard let mode = ToleranceMode(rawValue: toleranceMode) else {
                throw ValidationError("--tolerance-mode '\(toleranceMode)': use strict or soft")
            }
            options.mode = mode
        }
        _ = try rateLimits()
        return options
    }

    /// An account UID: digits only, 1 to 32 of them (a count is never that long in practice, but
    /// `--canary 12` is a count, so a UID needs more than 6 digits).
    private static func isAccount(_ word: String) -> Bool {
        word.count > 6 && word.count <= 32 && word.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
