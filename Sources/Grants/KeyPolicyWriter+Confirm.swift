import CloudAPI
import CloudModel

// Read-back after every write. KMS has no compare-and-set for key policies: a second process that
// read the policy before our write and writes after it silently drops our principals (measured:
// two runs of 100 grants each left 108 of 200). Each write is therefore confirmed by a read made
// after such a writer has had time to write, and what it undid is merged again.
extension KeyPolicyWriter {
    /// Reads the policy back once any writer that read it before our write has had time to write
    /// (`window`: our own read-to-write time, doubled, plus jitter), and merges again what such a
    /// writer undid — up to ``maximumAttempts`` writes in all. Returns the requests whose changes
    /// the policy shows, and the requests that failed (still undone, or the merge outgrew the limit).
    func confirm(_ accepted: [Accepted], window: Duration) async throws
        -> (confirmed: [Accepted], failed: [(request: Request, error: any Error)])
    {
        var open = accepted
        var failed: [(request: Request, error: any Error)] = []
        var attempt = 1
        while true {
            await Self.settle(window)
            let text = try await store.read()
            let document = try lastWritten.flatMap { $0.text == text ? $0.document : nil } ?? KeyPolicyDocument(text: text)
            let present = Set(document.sharedPrincipals)
            let undone = open.indices.filter { !Self.shows(open[$0].request, present: present) }
            if undone.isEmpty { return (open, failed) }
            if attempt >= maximumAttempts {
                for index in undone.reversed() {
                    failed.append((open[index].request, conflictError(open[index].request, attempts: attempt)))
                    open.remove(at: index)
                }
                return (open, failed)
            }
            attempt += 1
            var merged = document
            var outgrown: [Int: Int] = [:]
            for index in undone {
                let request = open[index].request
                open[index].notes.append(
                    "a concurrent writer changed the key policy of \(key.keyID); merged again "
                        + "(attempt \(attempt))")
                if request.revoke {
                    merged.revoke(request.principals)
                    continue
                }
                var trial = merged
                trial.grant(request.principals)
                let size = trial.byteCount
                if size > KeyPolicyDocument.maximumBytes { outgrown[index] = size } else { merged = trial }
            }
            for index in outgrown.keys.sorted(by: >) {
                failed.append(
                    (
                        open[index].request,
                        Self.sizeError(
                            key: key, size: outgrown[index] ?? 0,
                            principals: open[index].request.principals)
                    ))
                open.remove(at: index)
            }
            if outgrown.count < undone.count {
                try await write(
                    merged,
                    known: .init(
                        shared: Set(merged.ownPrincipals),
                        external: merged.externalAccounts(owner: key.owner.rawValue)))
            }
        }
    }

    /// True when the policy's principals show the request done: all granted, or all revoked.
    static func shows(_ request: Request, present: Set<String>) -> Bool {
        request.revoke ? !request.principals.contains(where: present.contains) : request.principals.allSatisfy(present.contains)
    }

    /// Waits twice `window` plus up to half of it again (at least a couple of milliseconds, at most
    /// 5 s): two writers that collided once do not collide again in lock step.
    static func settle(_ window: Duration) async {
        let base = min(max(window * 2, .milliseconds(2)), .seconds(5))
        let nanoseconds = base.components.seconds * 1_000_000_000 + base.components.attoseconds / 1_000_000_000
        let jitter = Int64.random(in: 0...max(1, nanoseconds / 2))
        try? await Task.sleep(for: base + .nanoseconds(jitter))
    }

    /// The error of a change a concurrent writer kept undoing.
    func conflictError(_ request: Request, attempts: Int) -> CloudError {
        let principals = request.principals.joined(separator: ", ")
        let state =
            request.revoke
            ? "still names \(principals) after \(attempts) writes removing it"
            : "still lacks \(principals) after \(attempts) writes adding it"
        return CloudError(
            code: "keyshare.KeyPolicyConflict",
            message: "the key policy of \(key.keyID) \(state): another writer keeps changing it, so this target is "
                + "not reported \(request.revoke ? "revoked" : "granted"); run again once the other rollout on this key "
                + "has finished",
            httpStatus: 409)
    }
}
