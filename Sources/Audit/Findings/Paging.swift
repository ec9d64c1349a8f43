/// Reads every page of a numbered listing (`PageNumber`/`PageSize`, 1-based) until `TotalCount`
/// items arrived or a page comes back empty.
func allPages<Item>(pageSize: Int = 100, _ fetch: (_ page: Int, _ size: Int) async throws -> (items: [Item], total: Int))
    async throws -> [Item]
{
    var items: [Item] = []
    var page = 1
    // 10,000 pages of 100 is far beyond any account's keys; the bound only stops a backend whose
    // TotalCount never matches what it pages out.
    while page <= 10_000 {
        let answer = try await fetch(page, pageSize)
        items += answer.items
        if answer.items.isEmpty || items.count >= answer.total { break }
        page += 1
    }
    return items
}
