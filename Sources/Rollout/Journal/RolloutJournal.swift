import Foundation

/// Where a rollout records what it did, step by step, so a killed run resumes exactly where it
/// stopped and an undo knows what the run created. Every method commits before it returns: a
/// step's start and result are durable before the target's next step begins.
package protocol RolloutJournal: Sendable {
    /// Records a new run (its header, targets in plan order and step names), status `running`.
    func beginRun(_ run: RunRecord) async throws
    /// Marks `run` as running again (a resume in another process), with the resume's time.
    func reopenRun(_ run: RunID, at date: Date) async throws
    /// Records that `step` of `target` starts (status `running`).
    func stepStarted(_ run: RunID, target: String, step: StepDescriptor, at date: Date) async throws
    /// Records how `step` of `target` ended (replacing its `running` row).
    func stepFinished(_ run: RunID, record: StepRecord) async throws
    /// Records how `step` of `target` ended and, when `end` is given, that the target ended so, in
    /// one commit (a step that ends its target costs one write, not two).
    func stepFinished(_ run: RunID, record: StepRecord, end: TargetEnd?) async throws
    /// Records the target's final status and reason.
    func targetFinished(_ run: RunID, target: String, status: TargetStatus, reason: String?, at date: Date) async throws
    /// Records a change the cloud confirmed (a created role, an added principal), for undo and audit.
    func recordMutation(_ mutation: MutationRecord) async throws
    /// Records `mutation` without waiting for it to be durable: it is, in order, once any later write
    /// returns. For a call's outcome, whose intent is already durable: a kill that loses it leaves the
    /// intent, which stands for the change. A failure surfaces at the next write.
    func recordMutationDeferred(_ mutation: MutationRecord) async throws
    /// Returns once every record written or queued before it is durable, and readable by another
    /// process.
    func flush() async throws
    /// Returns once every record written or queued before it survives the process (another
    /// process may read it later): what must hold before a change the records announce is sent.
    func makeDurable() async throws
    /// Records the run's end.
    func finishRun(_ run: RunID, status: RunStatus, summary: String, at date: Date) async throws
    /// The run, or nil when the journal has none of that id.
    func run(_ run: RunID) async throws -> RunRecord?
    /// Every step record of `run` (finished or still `running`), in target plan order then step order.
    func steps(of run: RunID) async throws -> [StepRecord]
    /// Every mutation of `run`, in the order they were recorded; a call's intent may be left out when
    /// its outcome, which repeats it, was recorded (see ``MutationRecord/settled(_:)``).
    func mutations(of run: RunID) async throws -> [MutationRecord]
}

/// How a target ended, for the journal.
package struct TargetEnd: Sendable, Hashable {
    /// Its status.
    package var status: TargetStatus
    /// Why (a failure's code and message, a skip's reason).
    package var reason: String?
    /// When.
    package var at: Date

    /// Creates the end.
    package init(status: TargetStatus, reason: String?, at: Date) {
        self.status = status
        self.reason = reason
        self.at = at
    }
}

extension RolloutJournal {
    /// Waits for the write: journals that can queue it, do.
    package func recordMutationDeferred(_ mutation: MutationRecord) async throws {
        try await recordMutation(mutation)
    }

    /// Nothing is queued in a journal that waits for every write.
    package func flush() async throws {}

    /// A flush, for journals that know no cheaper way.
    package func makeDurable() async throws {
        try await flush()
    }

    /// Two writes; journals that can, record both in one commit.
    package func stepFinished(_ run: RunID, record: StepRecord, end: TargetEnd?) async throws {
        try await stepFinished(run, record: record)
        if let end { try await targetFinished(run, target: record.target, status: end.status, reason: end.reason, at: end.at) }
    }
}

/// A run as the journal knows it.
package struct RunRecord: Sendable, Hashable, Codable {
    /// The run's id.
    package var id: RunID
    /// `run`, `undo` (an undo is a run too, resumable the same way).
    package var kind: String
    /// The run this one undoes, for `undo`.
    package var undoes: RunID?
    /// The playbook's absolute path.
    package var playbook: String
    /// SHA-256 (hex) of the playbook's text when the run started; a resume warns when it changed.
    package var playbookDigest: String
    /// The command line words after `keyshare run`, secrets removed, so `resume` can rebuild the run.
    package var invocation: [String]
    /// The working directory the run started in.
    package var workingDirectory: String
    /// The backend, described without secrets (`simulator state=/x/state.sqlite`, `http https://…`).
    package var backend: String
    /// The targets in plan order.
    package var targets: [RolloutTarget]
    /// The step names, in order.
    package var steps: [String]
    /// The run's status.
    package var status: RunStatus
    /// The summary line once finished (`40 targets: 38 changed, …`).
    package var summary: String?
    /// When it started, and when it last ended.
    package var startedAt: Date
    package var finishedAt: Date?
    /// When it was last resumed (`reopenRun`), nil for a run that never was.
    package var resumedAt: Date?

    /// Creates a record.
    package init(
        id: RunID, kind: String = "run", undoes: RunID? = nil, playbook: String, playbookDigest: String,
        invocation: [String], workingDirectory: String, backend: String, targets: [RolloutTarget],
        steps: [String], status: RunStatus = .running, summary: String? = nil, startedAt: Date,
        finishedAt: Date? = nil, resumedAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.undoes = undoes
        self.playbook = playbook
        self.playbookDigest = playbookDigest
        self.invocation = invocation
        self.workingDirectory = workingDirectory
        self.backend = backend
        self.targets = targets
        self.steps = steps
        self.status = status
        self.summary = summary
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.resumedAt = resumedAt
    }
}

/// How a run stands.
package enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Started and not finished: still running, or killed (then `resume` continues it).
    case running
    /// Every target succeeded (changed or unchanged) or was skipped.
    case succeeded
    /// At least one target failed.
    case failed
}

/// How a target stands in the journal.
package enum TargetStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, running, changed, unchanged, failed, skipped
    /// Not started because the rollout stopped first (canary, tolerance, a refused pause); resumable.
    case cancelled
}

/// One step of a target's work: its position in the playbook and its name (`ecs-key-sharing.share`).
package struct StepDescriptor: Sendable, Hashable, Codable {
    /// Position in the playbook's steps, from 0.
    package var index: Int
    /// The step's name.
    package var name: String

    /// Creates a descriptor.
    package init(index: Int, name: String) {
        self.index = index
        self.name = name
    }
}

/// How a step stands.
package enum StepStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case running, succeeded, failed, skipped
}

/// One step of one target as the journal records it.
package struct StepRecord: Sendable, Hashable, Codable {
    /// The target's account id.
    package var target: String
    /// The step.
    package var step: StepDescriptor
    /// How it stands.
    package var status: StepStatus
    /// What it changed, as the plugins word it.
    package var changes: [String]
    /// Its log lines.
    package var messages: [String]
    /// Why it failed (or, for `skipped`, the reason in `failure.message`).
    package var failure: TargetFailure?
    /// When it started and ended.
    package var startedAt: Date
    package var finishedAt: Date?

    /// Creates a record.
    package init(
        target: String, step: StepDescriptor, status: StepStatus, changes: [String] = [],
        messages: [String] = [], failure: TargetFailure? = nil, startedAt: Date, finishedAt: Date? = nil
    ) {
        self.target = target
        self.step = step
        self.status = status
        self.changes = changes
        self.messages = messages
        self.failure = failure
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}

/// A change the cloud confirmed, in a form undo can invert: `ram:CreateRole` of `resource` in
/// `account`, with what the inverse needs in `details` (never a secret).
package struct MutationRecord: Sendable, Hashable, Codable {
    /// The run that made it.
    package var run: RunID
    /// The target (account id) whose step made it; nil for owner-side setup.
    package var target: String?
    /// The step that made it.
    package var step: Int?
    /// The account the resource lives in.
    package var account: String
    /// `product:Action` of the confirmed call (`ram:CreateRole`, `kms:SetKeyPolicy`, `ecs:CreateDisk`).
    package var action: String
    /// The resource (role name, policy name, key id, disk id).
    package var resource: String
    /// What the inverse needs: `policyType`, `added` principals, the previous document, the region…
    package var details: [String: String]
    /// When the cloud confirmed it.
    package var at: Date

    /// Creates a record.
    package init(
        run: RunID, target: String?, step: Int?, account: String, action: String, resource: String,
        details: [String: String] = [:], at: Date
    ) {
        self.run = run
        self.target = target
        self.step = step
        self.account = account
        self.action = action
        self.resource = resource
        self.details = details
        self.at = at
    }
}
