import Foundation

/// A number of targets given as a count or as a percentage of a run's targets (`"10%"`).
///
/// Percentages round down, as StackSets' do: 10% of 15 targets is 1, and 10% of 5 is 0 (where a
/// field needs at least one target, ``resolve(of:minimum:)`` raises it to the minimum).
package enum RolloutAmount: Sendable, Hashable, CustomStringConvertible {
    /// Exactly this many targets (≥ 0).
    case count(Int)
    /// This percentage of the run's targets (1 to 100).
    case percent(Int)

    /// The amount for `total` targets, at least `minimum` and at most `total` (when `total` ≥ `minimum`).
    package func resolve(of total: Int, minimum: Int = 0) -> Int {
        let raw: Int
        switch self {
        case .count(let count): raw = count
        case .percent(let percent): raw = total.multipliedReportingOverflow(by: percent).partialValue / 100
        }
        return max(minimum, min(raw, total))
    }

    /// `3` or `10%`, as a playbook writes it.
    package var description: String {
        switch self {
        case .count(let count): "\(count)"
        case .percent(let percent): "\(percent)%"
        }
    }

    /// Parses `3` or `10%` (1% to 100%); nil for anything else.
    package init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            guard let value = Int(trimmed.dropLast()), (1...100).contains(value) else { return nil }
            self = .percent(value)
        } else {
            guard let value = Int(trimmed), value >= 0 else { return nil }
            self = .count(value)
        }
    }
}

/// Who runs first and alone: a number of targets from the start of the plan, or named accounts.
package enum RolloutCanary: Sendable, Hashable, CustomStringConvertible {
    /// The first targets of the plan (a count or a percentage, at least 1).
    case amount(RolloutAmount)
    /// These accounts, which must be targets of the run.
    case accounts([String])

    /// `2`, `10%` or `1000000000000002, 1000000000000003`.
    package var description: String {
        switch self {
        case .amount(let amount): amount.description
        case .accounts(let ids): ids.joined(separator: ", ")
        }
    }
}

/// When a rollout stops for a confirmation (a person at a terminal, `--yes`, or a hook).
package enum RolloutPause: String, Sendable, Hashable, CaseIterable {
    /// Never: every stage follows the one before it.
    case never
    /// Once, after the canary (nothing happens without a canary).
    case canary
    /// After the canary and after every batch but the last.
    case batch
}

/// How failures stop a rollout, after CloudFormation StackSets' two concurrency modes.
package enum ToleranceMode: String, Sendable, Hashable, CaseIterable {
    /// Never more than tolerance + 1 failures: targets in flight are bounded by the failures still
    /// allowed, so the effective concurrency shrinks as failures accrue.
    case strict
    /// Full concurrency; once failures exceed the tolerance no further target starts (targets in
    /// flight then may fail too).
    case soft
}

/// A playbook's staging, before it meets the targets: what ``RolloutPlan/init(targets:concurrency:staging:)``
/// resolves into stages.
///
/// Defaults keep the behaviour of a plan without staging: one batch of every target, no pause, no
/// failure limit (every target runs whatever the others do).
package struct RolloutStaging: Sendable, Hashable {
    /// The canary cohort, or nil for none.
    package var canary: RolloutCanary?
    /// Per-batch sizes of the targets after the canary, each a count or a percentage of ALL the run's
    /// targets; the last size repeats until every target is in a batch. Empty: one batch.
    package var batches: [RolloutAmount] = []
    /// When to wait for a confirmation.
    package var pause: RolloutPause = .never
    /// Failures the run tolerates before it cancels what has not started; nil: no limit.
    package var tolerance: RolloutAmount?
    /// How the tolerance bounds targets in flight.
    package var mode: ToleranceMode = .strict

    /// Creates a staging; the defaults stage nothing.
    package init(
        canary: RolloutCanary? = nil, batches: [RolloutAmount] = [], pause: RolloutPause = .never,
        tolerance: RolloutAmount? = nil, mode: ToleranceMode = .strict
    ) {
        self.canary = canary
        self.batches = batches
        self.pause = pause
        self.tolerance = tolerance
        self.mode = mode
    }
}

/// One stage of a plan: the canary or a batch, and the positions of its targets in the plan.
package struct RolloutStage: Sendable, Hashable {
    /// What the stage is.
    package enum Kind: Sendable, Hashable {
        /// The canary cohort, which tolerates no failure.
        case canary
        /// Batch `number` (from 1) of `count`.
        case batch(number: Int, of: Int)
    }

    /// What the stage is.
    package var kind: Kind
    /// Positions in ``RolloutPlan/targets``, in the order they start.
    package var positions: [Int]

    /// Creates a stage.
    package init(kind: Kind, positions: [Int]) {
        self.kind = kind
        self.positions = positions
    }

    /// The batch number reporters carry: 0 for the canary, else the batch's number from 1.
    package var batch: Int {
        switch kind {
        case .canary: 0
        case .batch(let number, _): number
        }
    }

    /// `canary` or `batch 2 of 5`.
    package var name: String {
        switch kind {
        case .canary: "canary"
        case .batch(let number, let count): "batch \(number) of \(count)"
        }
    }
}
