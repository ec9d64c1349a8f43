/// How one target ended.
package enum TargetOutcome: Sendable, Hashable {
    /// Every step passed; `changes` lists what was written (empty: the target was already right).
    case succeeded(changes: [String])
    /// A step failed; the other targets are unaffected.
    case failed(TargetFailure)
    /// The target was not attempted (a hook or rule said no, or the rollout stopped first).
    case skipped(reason: String)
    /// The target was not started because the rollout stopped before it (the canary failed, the
    /// failure tolerance was exceeded, a pause was refused); `keyshare resume` runs it later.
    case cancelled(reason: String)

    /// The one-word status reporters print: `changed`, `unchanged`, `failed`, `skipped` or `cancelled`.
    package var status: String {
        switch self {
        case .succeeded(let changes): changes.isEmpty ? "unchanged" : "changed"
        case .failed: "failed"
        case .skipped: "skipped"
        case .cancelled: "cancelled"
        }
    }

    /// True for both `changed` and `unchanged`.
    package var isSuccess: Bool {
        if case .succeeded = self { return true }
        return false
    }
}

/// Why a target failed, in the shape of a cloud error so reports stay uniform.
package struct TargetFailure: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// A machine-readable code: the cloud's (`Rejected.ShareQuotaExceedLimit`) or keyshare's
    /// (`keyshare.LuaError`).
    package var code: String
    /// What went wrong and, where known, the fix.
    package var message: String
    /// The step that failed (`ecs-key-sharing.share`), when known.
    package var step: String?
    /// The request id of the failed cloud call, when there was one.
    package var requestID: String?
    /// What the target changed before it failed (roles created, a grant written): still changed.
    package var changes: [String]

    /// Creates a failure.
    package init(
        code: String, message: String, step: String? = nil, requestID: String? = nil,
        changes: [String] = []
    ) {
        self.code = code
        self.message = message
        self.step = step
        self.requestID = requestID
        self.changes = changes
    }

    package var description: String { "\(code): \(message)" }
}
