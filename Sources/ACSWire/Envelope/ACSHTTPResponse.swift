/// One HTTP answer as the Alibaba wire sees it: status, headers (lower-case names) and body.
package struct ACSHTTPResponse: Sendable, Hashable {
    /// The content type of every JSON answer.
    package static let jsonContentType = "application/json;charset=utf-8"
    /// The content type of every XML answer (the one the SDKs test for).
    package static let xmlContentType = "text/xml;charset=utf-8"

    /// The HTTP status.
    package var status: Int
    /// Header values keyed by lower-case name.
    package var headers: [String: String]
    /// The body bytes.
    package var body: [UInt8]

    /// Creates an answer.
    package init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
