import CloudAPI

/// One HTTP request as the Alibaba wire sees it: what a client signs and a server verifies.
///
/// Parameters are held decoded (`+` already a space) because both signature versions canonicalise
/// the decoded pairs; header names are lower-case with repeated values joined by `,`.
package struct ACSHTTPRequest: Sendable {
    /// `GET` or `POST` (RPC APIs accept both).
    package var method: String
    /// The request path; `/` for every RPC API.
    package var path: String
    /// The decoded query parameters in wire order.
    package var query: [(String, String)]
    /// The decoded `application/x-www-form-urlencoded` body parameters, if the body is a form.
    package var form: [(String, String)]
    /// Header values keyed by lower-case name.
    package var headers: [String: String]
    /// The raw body bytes (hashed into `x-acs-content-sha256`).
    package var body: [UInt8]

    /// Creates a request from already-decoded parts (the client side).
    package init(
        method: String, path: String = "/", query: [(String, String)], form: [(String, String)] = [],
        headers: [String: String], body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.form = form
        self.headers = headers
        self.body = body
    }

    /// Parses a request as it arrived (the server side): decodes the raw query and, for form
    /// bodies, the body; header names are lower-cased here.
    ///
    /// - Throws: `CloudError` 400 `InvalidParameter` when the query or form is not valid UTF-8 or
    ///   holds a malformed `%` escape.
    package init(method: String, path: String, rawQuery: String, headers: [(String, String)], body: [UInt8]) throws {
        guard let query = PercentEncoding.formPairs(Array(rawQuery.utf8)) else {
            throw CloudError.invalidEncoding(part: "query string")
        }
        var merged = [String: String]()
        for (name, value) in headers {
            let key = name.lowercased()
            if let existing = merged[key] { merged[key] = existing + "," + value } else { merged[key] = value }
        }
        var form = [(String, String)]()
        if let type = merged["content-type"], type.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            guard let pairs = PercentEncoding.formPairs(body) else {
                throw CloudError.invalidEncoding(part: "form body")
            }
            form = pairs
        }
        self.init(method: method, path: path, query: query, form: form, headers: merged, body: body)
    }

    /// Query and form parameters merged into one lookup table; a form value wins over a query
    /// value of the same name, and the first occurrence wins within each.
    package var parameters: [String: String] {
        var table = [String: String](minimumCapacity: query.count + form.count)
        for (name, value) in query where table[name] == nil { table[name] = value }
        var formTable = [String: String]()
        for (name, value) in form where formTable[name] == nil { formTable[name] = value }
        table.merge(formTable) { _, form in form }
        return table
    }

    /// The query re-encoded for the request line (RFC 3986 escapes, wire order).
    package var queryString: String { PercentEncoding.queryString(query) }
}
