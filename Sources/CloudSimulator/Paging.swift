import CloudAPI

/// PageNumber/PageSize and Marker paging with the services' bounds.
enum Paging {
    /// Validates `PageNumber` (≥ 1) and `PageSize` (1…max), applying defaults.
    static func numbered(_ number: Int?, _ size: Int?, defaultSize: Int, maxSize: Int) throws -> (page: Int, size: Int) {
        let page = number ?? 1
        let pageSize = size ?? defaultSize
        guard page >= 1 else { throw CloudError.invalidParameter("PageNumber", "must be at least 1, got \(page).") }
        guard (1...maxSize).contains(pageSize) else {
            throw CloudError.invalidParameter("PageSize", "must be between 1 and \(maxSize), got \(pageSize).")
        }
        return (page, pageSize)
    }

    /// The items of one page.
    static func slice<T>(_ items: [T], page: Int, size: Int) -> [T] {
        // PageNumber arrives from the wire and from Lua: 2^63-1 must be an empty page, not a trap.
        let (start, overflow) = (page - 1).multipliedReportingOverflow(by: size)
        guard !overflow, start >= 0, start < items.count else { return [] }
        return Array(items[start..<min(items.count, start + size)])
    }
}
