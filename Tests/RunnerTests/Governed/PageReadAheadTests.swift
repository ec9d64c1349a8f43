import CloudAPI
import CloudModel
import CloudSimulator
import Runner
import Synchronization
import Testing

/// The requests that reached the simulator, and a way to fail chosen pages once.
private final class PageLog: Cloud {
    let inner: SimulatedCloud
    private let state = Mutex<(pages: [String], failures: [Int: Int])>(([], [:]))

    /// Logs the calls to `inner`; ListAccounts page `p` fails `failures[p]` times first.
    init(_ inner: SimulatedCloud, failures: [Int: Int] = [:]) {
        self.inner = inner
        state.withLock { $0.failures = failures }
    }

    /// `Action:page` of every call, in order.
    var pages: [String] { state.withLock { $0.pages } }

    func call<R: CloudRequest>(_ request: R, context: CallContext) async throws -> R.Response {
        let page = (request as? any PageNumberedRequest)?.pageNumber ?? 1
        let fail = state.withLock { log -> Bool in
            log.pages.append("\(R.action):\(page)")
            guard request is ListAccountsRequest, let left = log.failures[page], left > 0 else { return false }
            log.failures[page] = left - 1
            return true
        }
        if fail { throw CloudError(code: "ServiceUnavailable", message: "injected", httpStatus: 503) }
        return try await inner.call(request, context: context)
    }
}

@Suite("Page read-ahead of numbered listings")
struct PageReadAheadTests {
    static let owner = AccountID("1000000000000001")!
    static var context: CallContext { .root(owner) }

    /// Reads every page of ListAccounts (page size `size`) through `cloud` the way plugins do.
    static func listAll(_ cloud: any Cloud, size: Int, stopAfter: Int = .max, tags: Bool = false) async throws -> [String] {
        var ids: [String] = []
        var page = 1
        while page <= stopAfter {
            let answer = try await cloud.call(
                ListAccountsRequest(pageNumber: page, pageSize: size, includeTags: tags), context: context)
            ids += answer.accounts.account.map(\.accountID)
            if page * size >= answer.totalCount || answer.accounts.account.isEmpty { break }
            page += 1
        }
        return ids
    }

    @Test(
        "Every page is served once, equal to a listing without read-ahead, and each reaches the cloud once",
        arguments: [
            (accounts: 5, size: 10), (accounts: 34, size: 10), (accounts: 99, size: 10), (accounts: 250, size: 7),
            (accounts: 30, size: 100),
        ])
    func wholeListing(accounts: Int, size: Int) async throws {
        let simulator = try SimulatedCloud(world: .starter(accounts: accounts), environment: .deterministic())
        let direct = try await Self.listAll(simulator, size: size)
        let log = PageLog(simulator)
        let read = try await Self.listAll(PageReadAhead(log), size: size)
        #expect(read == direct)
        let pages = log.pages.filter { $0.hasPrefix("ListAccounts:") }
        #expect(pages.count == Set(pages).count, "a page was asked for twice: \(pages)")
        #expect(pages.count == (direct.count + size - 1) / size)
    }

    @Test("A loop that stops early leaves at most a window of pages unread", arguments: [1, 2, 5])
    func stopsEarly(after: Int) async throws {
        let simulator = try SimulatedCloud(world: .starter(accounts: 300), environment: .deterministic())
        let log = PageLog(simulator)
        _ = try await Self.listAll(PageReadAhead(log), size: 10, stopAfter: after)
        try await Task.sleep(for: .milliseconds(50))
        let pages = log.pages.filter { $0.hasPrefix("ListAccounts:") }
        #expect(pages.count <= after + PageReadAhead.window)
    }

    @Test(
        "A failed prefetch is sent again by the caller's own request",
        arguments: [[3: 1], [2: 1, 3: 1], [2: 1, 5: 1]])
    func failedPrefetch(failures: [Int: Int]) async throws {
        let simulator = try SimulatedCloud(world: .starter(accounts: 60), environment: .deterministic())
        let direct = try await Self.listAll(simulator, size: 10)
        let log = PageLog(simulator, failures: failures)
        #expect(try await Self.listAll(PageReadAhead(log), size: 10) == direct)
        for page in failures.keys {
            #expect(log.pages.filter { $0 == "ListAccounts:\(page)" }.count == 2, "page \(page) is asked for again")
        }
    }

    @Test("When the caller's own request fails too, the error is its own")
    func failedTwice() async throws {
        let simulator = try SimulatedCloud(world: .starter(accounts: 60), environment: .deterministic())
        let log = PageLog(simulator, failures: [3: 2])
        await #expect(throws: CloudError.self) { try await Self.listAll(PageReadAhead(log), size: 10) }
    }

    @Test("Listings of other filters, callers or passes do not share pages; page 1 starts a pass afresh")
    func separateListings() async throws {
        let simulator = try SimulatedCloud(world: .starter(accounts: 40), environment: .deterministic())
        let log = PageLog(simulator)
        let cloud = PageReadAhead(log)
        let plain = try await Self.listAll(cloud, size: 10)
        let tagged = try await Self.listAll(cloud, size: 10, tags: true)
        let again = try await Self.listAll(cloud, size: 10)
        #expect(plain == again && plain == tagged)
        // Three passes of 4 or 5 pages, each page reaching the cloud once per pass.
        let pages = log.pages.filter { $0.hasPrefix("ListAccounts:") }
        #expect(pages.filter { $0 == "ListAccounts:1" }.count == 3)
        #expect(pages.filter { $0 == "ListAccounts:2" }.count == 3)
    }

    @Test("Requests that are not numbered listings go straight through")
    func passThrough() async throws {
        let simulator = try SimulatedCloud(world: .starter(accounts: 3), environment: .deterministic())
        let log = PageLog(simulator)
        _ = try await PageReadAhead(log).call(GetCallerIdentityRequest(), context: Self.context)
        #expect(log.pages == ["GetCallerIdentity:1"])
    }
}
