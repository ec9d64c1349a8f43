import Foundation
import Rollout

/// The `--json` output of `keyshare runs list` and `runs show`: a stable shape (documented in each
/// command's help) with snake_case keys in sorted order, every key always present (null when
/// absent), times as ISO 8601 UTC with milliseconds.
enum RunsJSON {
    /// `runs list --json`.
    struct Listing: Encodable {
        /// The journal's path.
        var journal: String
        /// The runs, newest first.
        var runs: [ListedRun]
    }

    /// One run in the listing: the run header plus its target counts.
    struct ListedRun: Encodable {
        /// The run.
        var run: RunRecord
        /// How many of its targets stand in each status.
        var counts: [TargetStatus: Int]

        func encode(to encoder: any Encoder) throws {
            try Header(run).encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(counts.values.reduce(0, +), forKey: Key("targets"))
            try container.encode(
                Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }),
                forKey: Key("target_statuses"))
        }
    }

    /// `runs show --json`.
    struct Shown: Encodable {
        /// The journal's path.
        var journal: String
        /// The run and its targets.
        var details: RunDetails

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(journal, forKey: Key("journal"))
            try container.encode(Header(details.record), forKey: Key("run"))
            try container.encode(details.targets.map(Target.init), forKey: Key("targets"))
            try container.encode(details.setupMutations, forKey: Key("setup_mutations"))
        }
    }

    /// A run's header.
    struct Header: Encodable {
        /// The run.
        var run: RunRecord
        /// The header of `run`.
        init(_ run: RunRecord) { self.run = run }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(run.id.rawValue, forKey: Key("id"))
            try container.encode(run.kind, forKey: Key("kind"))
            try container.encode(run.undoes?.rawValue, forKey: Key("undoes"))
            try container.encode(run.status.rawValue, forKey: Key("status"))
            try container.encode(run.playbook, forKey: Key("playbook"))
            try container.encode(run.playbookDigest, forKey: Key("playbook_digest"))
            try container.encode(run.backend, forKey: Key("backend"))
            try container.encode(run.invocation, forKey: Key("invocation"))
            try container.encode(run.workingDirectory, forKey: Key("working_directory"))
            try container.encode(run.steps, forKey: Key("steps"))
            try container.encode(time(run.startedAt), forKey: Key("started_at"))
            try container.encode(run.finishedAt.map(time), forKey: Key("finished_at"))
            try container.encode(run.resumedAt.map(time), forKey: Key("resumed_at"))
            let seconds = run.finishedAt.map { max(0, $0.timeIntervalSince(run.startedAt)) }
            try container.encode(seconds.map { ($0 * 1_000).rounded() / 1_000 }, forKey: Key("duration_seconds"))
            try container.encode(run.summary, forKey: Key("summary"))
        }
    }

    /// One target of `runs show`.
    struct Target: Encodable {
        /// The target's part of the run.
        var target: RunDetails.Target

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(target.target.id, forKey: Key("id"))
            try container.encode(target.target.name, forKey: Key("name"))
            try container.encode(target.target.folder, forKey: Key("folder"))
            try container.encode(target.target.tags, forKey: Key("tags"))
            try container.encode(target.status.rawValue, forKey: Key("status"))
            try container.encode(target.reason, forKey: Key("reason"))
            try container.encode(target.mutations, forKey: Key("mutations"))
            try container.encode(target.steps.map(Step.init), forKey: Key("steps"))
        }
    }

    /// One step of a target.
    struct Step: Encodable {
        /// The step.
        var step: StepRecord

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(step.step.index, forKey: Key("index"))
            try container.encode(step.step.name, forKey: Key("name"))
            try container.encode(step.status.rawValue, forKey: Key("status"))
            try container.encode(step.changes, forKey: Key("changes"))
            try container.encode(step.messages, forKey: Key("messages"))
            try container.encode(step.failure.map(Failure.init), forKey: Key("error"))
            try container.encode(time(step.startedAt), forKey: Key("started_at"))
            try container.encode(step.finishedAt.map(time), forKey: Key("finished_at"))
        }
    }

    /// A step's error.
    struct Failure: Encodable {
        /// The failure.
        var failure: TargetFailure

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(failure.code, forKey: Key("code"))
            try container.encode(failure.message, forKey: Key("message"))
            try container.encode(failure.step, forKey: Key("step"))
            try container.encode(failure.requestID, forKey: Key("request_id"))
            try container.encode(failure.changes, forKey: Key("changes"))
        }
    }

    /// A key named at the call site (the shape is spelled out once, in the encoders above).
    struct Key: CodingKey {
        /// The key's name.
        var stringValue: String
        /// Never an index.
        var intValue: Int? { nil }
        /// The key `name`.
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// `value` as pretty, key-sorted JSON.
    static func text(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `2026-12-06T23:45:00.125Z`.
    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
