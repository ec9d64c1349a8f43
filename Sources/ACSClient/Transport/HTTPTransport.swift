/// Sends one HTTP request and returns the answer: the only I/O seam of `RemoteCloud`.
///
/// To write a fake, conform a struct holding a closure (see `ACSClientTests`) and answer with
/// canned `HTTPResponseParts`; throw `HTTPTransportError` to simulate a broken connection.
package protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the complete answer, whatever its status.
    func send(_ request: HTTPRequestParts) async throws -> HTTPResponseParts
}

/// A fully built, signed HTTP request: everything a transport needs and nothing else.
package struct HTTPRequestParts: Sendable, Hashable {
    /// `GET` or `POST`.
    package var method: String
    /// Where to send it (scheme, host, port).
    package var endpoint: Endpoint
    /// The path; `/` for every RPC API.
    package var path: String
    /// The percent-encoded query string without the leading `?` (empty for none).
    package var rawQuery: String
    /// Header fields in the order they are sent.
    package var headers: [HeaderField]
    /// The body bytes (empty for most RPC calls).
    package var body: [UInt8]

    /// Creates a request.
    package init(method: String, endpoint: Endpoint, path: String = "/", rawQuery: String,
                 headers: [HeaderField], body: [UInt8] = []) {
        self.method = method
        self.endpoint = endpoint
        self.path = path
        self.rawQuery = rawQuery
        self.headers = headers
        self.body = body
    }

    /// The full URL, e.g. `https://kms.cn-hangzhou.aliyuncs.com/?KeyId=…`.
    package var url: String {
        endpoint.baseURL + path + (rawQuery.isEmpty ? "" : "?" + rawQuery)
    }

    /// The value of header `name` (case-insensitive), if present.
    package func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

/// One HTTP header field; a pair keeps order and duplicates that a dictionary would lose.
package struct HeaderField: Sendable, Hashable {
    /// The field name as sent.
    package var name: String
    /// The field value.
    package var value: String

    /// Creates a field.
    package init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The answer to an `HTTPRequestParts`: status, headers and the whole body.
package struct HTTPResponseParts: Sendable, Hashable {
    /// The HTTP status code.
    package var status: Int
    /// Header values keyed by lower-case name, repeated fields joined by `,`.
    package var headers: [String: String]
    /// The body bytes.
    package var body: [UInt8]

    /// Creates an answer; header names are lower-cased here.
    package init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $0 + "," + $1 })
        self.body = body
    }

    /// The request id the gateway stamped on the answer, when it sent one as a header.
    package var requestID: String? { headers["x-acs-request-id"] }
}
