/// Runs `body` over `items` with at most `limit` at once, returning results in the items' order:
/// an organisation of a thousand accounts is read in parallel without opening a thousand
/// sessions at once.
func concurrentMap<Item: Sendable, Output: Sendable>(
    _ items: [Item], limit: Int, _ body: @escaping @Sendable (Item) async -> Output
) async -> [Output] {
    await withTaskGroup(of: (Int, Output).self) { group in
        var results: [Output?] = Array(repeating: nil, count: items.count)
        var next = 0
        func start() {
            guard next < items.count else { return }
            let index = next
            let item = items[index]
            group.addTask { (index, await body(item)) }
            next += 1
        }
        for _ in 0..<max(1, limit) { start() }
        while let (index, result) = await group.next() {
            results[index] = result
            start()
        }
        return results.compactMap { $0 }
    }
}
