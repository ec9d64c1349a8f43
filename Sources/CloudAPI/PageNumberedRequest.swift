/// A list request paged by number (`PageNumber`, `PageSize` in; `TotalCount` out): once one page
/// has answered, the pages after it can be asked for at once instead of one round trip after
/// another (see the run's page read-ahead).
package protocol PageNumberedRequest: CloudRequest, Hashable where Response: PageNumberedResponse {
    /// The page asked for, from 1; nil asks for the first.
    var pageNumber: Int? { get set }
}

/// The answer to a ``PageNumberedRequest``: which page it is, of how many entries in all.
package protocol PageNumberedResponse: Sendable {
    /// Entries across every page.
    var totalCount: Int { get }
    /// The page this answer is.
    var pageNumber: Int { get }
    /// Entries per page, as the server applied it.
    var pageSize: Int { get }
}

extension ListAccountsRequest: PageNumberedRequest {}
extension ListAccountsResponse: PageNumberedResponse {}
extension ListAliasesRequest: PageNumberedRequest {}
extension ListAliasesResponse: PageNumberedResponse {}
extension ListKeysRequest: PageNumberedRequest {}
extension ListKeysResponse: PageNumberedResponse {}
extension ListFoldersForParentRequest: PageNumberedRequest {}
extension ListFoldersForParentResponse: PageNumberedResponse {}
