/// Sends one HTTP request and returns the answer: the only I/O seam of `RemoteCloud`.
///
/// To write a fake, conform a struct holding a closure (see `ACSClientTests`) and answer with
/// canned `HTTPResponseParts`; throw `HTTPTransportError` to simulate a broken connection.
package protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the complete answer, whatever its status.
    func send(_ request: HTTPRequestParts) async throws -> HTTPResponseParts
}

/// A fully built, signed HTTP request: everything a transport needs and nothing else.
///
/// Its textual forms name method, endpoint and action only: headers carry the signature and
/// the security token, and a V1 query carries both too.
package struct HTTPRequestParts: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
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
    package init(
        method: String, endpoint: Endpoint, path: String = "/", rawQuery: String,
        headers: [HeaderField], body: [UInt8] = []
    ) {
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

    package var description: String {
        "\(method) \(endpoint.baseURL)\(path) (\(header("x-acs-action") ?? "unknown action"), \(headers.count) headers, "
            + "\(body.count)-byte body; query and headers redacted)"
    }

    package var debugDescription: String { description }

    package var customMirror: Mirror { Mirror(self, children: ["summary": description]) }
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
///
/// Printed without its body, which can hold issued credentials (`AssumeRole`).
package struct HTTPResponseParts: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
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

    package var description: String {
        "HTTP \(status) (\(headers.count) headers, \(body.count)-byte body redacted)"
    }

    package var debugDescription: String { description }

    package var customMirror: Mirror { Mirror(self, children: ["summary": description]) }
}
