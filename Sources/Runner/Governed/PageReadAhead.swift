import CloudAPI
import Synchronization

/// Asks for the next pages of a numbered listing while the caller still reads the current one: once
/// a page of `ListAccounts` (`ListAliases`, `ListKeys`, `ListFoldersForParent`) has answered with its
/// `TotalCount`, up to ``window`` pages after it are requested at once, and the caller's requests
/// for them are answered from those calls. A 2,000-account inventory then costs about two round
/// trips instead of twenty; paging stays the plugin's own loop.
///
/// A prefetched page is served once, to a request equal to the one that made it (same filters,
/// caller, account and region), and only for ``freshness``; a prefetch that failed is sent again by
/// the caller's own request, so errors are the call's own. Asking for page 1 again starts afresh.
/// Prefetches go through the cloud below (the run's governor paces them like any call); a loop that
/// stops early leaves at most ``window`` reads unused.
package final class PageReadAhead: Cloud {
    /// The pages asked for ahead of the caller at most.
    package static let window = 8
    /// How long a prefetched page may wait for its request once it has arrived.
    package static let freshness = Duration.seconds(10)
    /// After how long without a new prefetch another listing's pages are dropped.
    static let abandoned = Duration.seconds(60)

    /// One listing: its request with the page number cleared, and who asked.
    private struct Listing: Hashable, @unchecked Sendable {
        // Unchecked: `AnyHashable` is not Sendable, but it only ever wraps a request, which is.
        var request: AnyHashable
        var context: CallContext

        init<P: PageNumberedRequest>(_ request: P, context: CallContext) {
            self.request = AnyHashable(request)
            self.context = context
        }
    }

    /// A page on its way: the answer and when it arrived.
    private struct Prefetch {
        var task: Task<(answer: any Sendable, arrived: ContinuousClock.Instant), any Error>
        var started: ContinuousClock.Instant
    }

    private let inner: any Cloud
    private let prefetched = Mutex<[Listing: [Int: Prefetch]]>([:])

    /// Reads ahead of the listings sent to `inner`.
    package init(_ inner: any Cloud) {
        self.inner = inner
    }

    package func call<R: CloudRequest>(_ request: R, context: CallContext) async throws -> R.Response {
        guard let paged = request as? any PageNumberedRequest,
            let response = try await page(paged, context: context) as? R.Response
        else { return try await inner.call(request, context: context) }
        return response
    }

    private func page<P: PageNumberedRequest>(_ request: P, context: CallContext) async throws -> any Sendable {
        var unnumbered = request
        unnumbered.pageNumber = nil
        let listing = Listing(unnumbered, context: context)
        let number = max(1, request.pageNumber ?? 1)
        let ready = prefetched.withLock { listings -> Prefetch? in
            // Page 1 starts the listing afresh: pages read ahead for an earlier pass are dropped.
            if number == 1 {
                listings[listing]?.values.forEach { $0.task.cancel() }
                listings[listing] = nil
                return nil
            }
            return listings[listing]?.removeValue(forKey: number)
        }
        var response: P.Response?
        // However long a prefetch was under way, its answer is as fresh as any the caller could get
        // now; only an answer that then waited too long for its request is stale.
        if let ready, let done = try? await ready.task.value, ContinuousClock.now - done.arrived <= Self.freshness {
            response = done.answer as? P.Response
        }
        let answer: P.Response
        if let response {
            answer = response
        } else {
            answer = try await inner.call(request, context: context)
        }
        readAhead(after: answer, of: unnumbered, listing: listing, context: context)
        return answer
    }

    /// Starts the pages after `answer` within ``window`` that are not already on their way.
    private func readAhead<P: PageNumberedRequest>(
        after answer: P.Response, of unnumbered: P, listing: Listing,
        context: CallContext
    ) {
        let size = answer.pageSize
        guard size > 0, answer.totalCount > answer.pageNumber * size else { return }
        let lastPage = (answer.totalCount + size - 1) / size
        let pages = (answer.pageNumber + 1)...min(lastPage, answer.pageNumber + Self.window)
        let inner = inner
        prefetched.withLock { listings in
            let now = ContinuousClock.now
            // Listings a loop abandoned long ago are forgotten, so memory stays bounded.
            for (other, pending) in listings
            where other != listing
                && pending.values.allSatisfy({ now - $0.started > Self.abandoned })
            {
                pending.values.forEach { $0.task.cancel() }
                listings[other] = nil
            }
            var pending = listings[listing] ?? [:]
            for number in pages where pending[number] == nil {
                var next = unnumbered
                next.pageNumber = number
                let task = Task {
                    (
                        answer: try await inner.call(next, context: context) as any Sendable,
                        arrived: ContinuousClock.now
                    )
                }
                pending[number] = Prefetch(task: task, started: now)
            }
            listings[listing] = pending
        }
    }
}
