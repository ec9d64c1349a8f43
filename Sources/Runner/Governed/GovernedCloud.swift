import CloudAPI
import CloudModel
import Foundation
import Rollout
import Synchronization

/// The one door every cloud call of a run goes through (bindings, key-policy writers, undo, the
/// journal's reads): paces each call in its API group's token bucket and AIMD window
/// (``CallGovernor``) and treats failures by class (``CallFailureClass``):
///
/// - throttling: back off (jittered, at least the server's retry-after) and send again, until
///   the call has waited ``CallGovernor/maximumThrottleWait`` on throttling;
/// - a 5xx or a dropped connection: sent again, with the same `ClientToken`, only when repeating it
///   is harmless (a read, a request carrying a token, a whole-value put such as SetKeyPolicy, a
///   delete or detach — whose repeat finding nothing is the success of the first);
///   any other write's ambiguous failure is returned to the step, which runs again and reads what
///   landed (see `LuaStepExecutor`);
/// - authentication: the run's brake is pulled (every later call fails at once, targets not
///   started are cancelled with the reason);
/// - a grant naming a role this run just created that the cloud says does not exist yet: retried
///   with back-off for ``CallGovernor/principalPropagation`` (RAM is eventually consistent);
/// - anything else (permission, quota, bad input) fails at once: it concerns one call.
///
/// The backend below must not retry itself (`RemoteCloud.withoutRetries()`): one loop, not two.
package final class GovernedCloud: Cloud {
    /// The backend.
    package let inner: any Cloud
    /// Pacing, budgets, meter and brake.
    package let governor: CallGovernor
    private let createdRoles = Mutex<Set<String>>([])

    /// Governs calls to `inner`.
    package init(_ inner: any Cloud, governor: CallGovernor) {
        self.inner = inner
        self.governor = governor
    }

    package func call<R: CloudRequest>(_ request: R, context: CallContext) async throws -> R.Response {
        let group = Self.group(of: R.self)
        let bucket = Self.bucket(group, context: context)
        let started = ContinuousClock.now
        var attempt = 0
        var throttleWait = Duration.zero
        var resentRemoval = false
        while true {
            attempt += 1
            if let reason = governor.brake.reason { throw Self.halted(reason) }
            await governor.admit(group, bucket: bucket, action: R.action)
            let failure: any Error
            do {
                let response = try await inner.call(request, context: context)
                governor.release(group, throttled: false)
                noteCreated(request, context: context)
                return response
            } catch {
                failure = error
            }
            let (kind, retryAfter) = Self.classify(failure)
            governor.release(group, throttled: kind == .throttling)
            // A removal sent again after an unknown outcome that finds nothing to remove: the first landed.
            if resentRemoval, Self.isAbsence(failure), let done = EmptyResponse() as? R.Response { return done }
            let delay = governor.backoff.delay(
                beforeRetry: attempt, retryAfterMilliseconds: retryAfter,
                fraction: governor.random())
            switch kind {
            case .throttling:
                guard throttleWait + delay <= governor.maximumThrottleWait else { throw Self.surfaced(failure, R.action) }
                throttleWait += delay
                governor.meter.add(delay)
            case .transient:
                guard attempt < governor.maximumTransientAttempts, Self.isSafeToRepeat(request, failure: failure) else {
                    throw Self.surfaced(failure, R.action)
                }
                resentRemoval = resentRemoval || Self.isRemoval(R.action)
                governor.noteTransientRetry()
            case .authentication:
                governor.brake.pull(
                    "the cloud refused the credentials (\(Self.summary(of: failure))): fix the "
                        + "credentials (access key, secret, STS token, clock), then resume")
                throw failure
            case .permission, .quota, .other:
                guard isPropagationDelay(failure, request: request),
                    ContinuousClock.now - started + delay <= governor.principalPropagation
                else { throw failure }
            }
            await governor.sleep(delay)
        }
    }

    /// The API group of a request type.
    static func group<R: CloudRequest>(of type: R.Type) -> RateGroup {
        switch R.product {
        case .kms: RateGroup.kms(action: R.action)
        case .ram: .ram
        case .sts: .sts
        case .ecs: .ecs
        case .resourceManager: .resourceManager
        case .resourceSharing: .resourceSharing
        }
    }

    /// The bucket a call counts in: its account, and its region for regional groups.
    static func bucket(_ group: RateGroup, context: CallContext) -> String {
        let account = context.account?.rawValue ?? "-"
        return group.isRegional ? account + "/" + context.region.rawValue : account
    }

    /// The class of a failure and the server's retry-after, if any.
    static func classify(_ error: any Error) -> (CallFailureClass, Int?) {
        if let error = error as? CloudError {
            return (CallFailureClass(code: error.code, httpStatus: error.httpStatus), error.retryAfterMilliseconds)
        }
        if let error = error as? any CallTransportFailure {
            return (error.isTransient ? .transient : .other, nil)
        }
        return (.other, nil)
    }

    /// Whether sending `request` again after `failure` cannot make a second change: a failure that
    /// never reached the server, a read, a request with a ClientToken, or a whole-value put.
    static func isSafeToRepeat<R: CloudRequest>(_ request: R, failure: any Error) -> Bool {
        if let transport = failure as? any CallTransportFailure, !transport.mayHaveReachedServer { return true }
        if !R.isMutating { return true }
        if let idempotent = request as? any IdempotentRequest, idempotent.clientToken != nil { return true }
        return wholeValuePuts.contains(R.action) || isRemoval(R.action)
    }

    /// Deleting or detaching twice cannot change anything twice; the repeat of one that landed finds
    /// nothing and says so (``isAbsence(_:)``), which then counts as the success it was.
    static func isRemoval(_ action: String) -> Bool {
        action.hasPrefix("Delete") || action.hasPrefix("Detach")
    }

    /// A refusal saying the thing is not there (`InvalidDiskId.NotFound`, `EntityNotExist.Role.Policy`).
    static func isAbsence(_ error: any Error) -> Bool {
        guard let error = error as? CloudError, (400..<500).contains(error.httpStatus) else { return false }
        return error.code.hasSuffix(".NotFound") || error.code.hasPrefix("EntityNotExist") || error.code.hasSuffix("NotFound")
    }

    /// Writes that set a whole value (sent twice, the second finds it set): no token needed.
    static let wholeValuePuts: Set<String> = [
        "SetKeyPolicy", "EnableKey", "DisableKey", "TagResource", "UntagResource", "UpdateRole",
    ]

    /// Remembers the roles this run created, whose principals may take a while to become usable.
    private func noteCreated<R: CloudRequest>(_ request: R, context: CallContext) {
        guard let request = request as? CreateRoleRequest, let account = context.account else { return }
        let arn = "acs:ram::\(account.rawValue):role/\(request.roleName)".lowercased()
        createdRoles.withLock { _ = $0.insert(arn) }
    }

    /// A key policy refused because a principal does not exist, where the policy names a role this
    /// run created: the role is probably not visible to KMS yet.
    private func isPropagationDelay<R: CloudRequest>(_ failure: any Error, request: R) -> Bool {
        guard let error = failure as? CloudError, error.code == "InvalidParameter",
            error.message.localizedCaseInsensitiveContains("not exist"),
            let policy = (request as? SetKeyPolicyRequest)?.policy.lowercased().replacingOccurrences(of: "\\/", with: "/")
        else { return false }
        return createdRoles.withLock { roles in roles.contains { policy.contains($0) } }
    }

    /// A transport failure as the cloud error steps see for every backend (`keyshare.ConnectionDropped`,
    /// as the simulator's dropped connections), so a step's error and its re-run do not depend on
    /// the backend; anything else as it came.
    static func surfaced(_ failure: any Error, _ action: String) -> any Error {
        guard failure is any CallTransportFailure else { return failure }
        return CloudError(
            code: "keyshare.ConnectionDropped",
            message: "The connection dropped before \(action) was answered; it may or may not have been "
                + "applied (\(failure)).", httpStatus: 0)
    }

    private static func halted(_ reason: String) -> CloudError {
        CloudError(code: "keyshare.RunHalted", message: "not sent: the run halted: \(reason)", httpStatus: 401)
    }

    private static func summary(of error: any Error) -> String {
        if let error = error as? CloudError { return "\(error.code): \(error.message)" }
        return String(describing: error)
    }
}
