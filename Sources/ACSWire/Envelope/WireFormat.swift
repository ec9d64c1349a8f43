/// The body format of an answer: JSON, or XML as the RPC gateway's documented default.
///
/// V1 (RPC) callers choose with the `Format` parameter (`JSON`/`XML`, any case); without it the
/// gateway answers XML. V3 callers get JSON unless their `Accept` header asks for XML only.
package enum WireFormat: String, Sendable, Hashable {
    /// `application/json;charset=utf-8`.
    case json
    /// `text/xml;charset=utf-8`, the type the SDKs recognise as XML.
    case xml

    /// The `content-type` of an answer in this format.
    package var contentType: String {
        switch self {
        case .json: ACSHTTPResponse.jsonContentType
        case .xml: ACSHTTPResponse.xmlContentType
        }
    }

    /// The format `request` asks for (form-body `Format` included).
    package init(requestedBy request: ACSHTTPRequest) {
        self.init(format: request.parameters["Format"], headers: request.headers)
    }

    /// The format asked for by a request known only by its `Format` value (nil when absent) and
    /// its headers (lower-case names); used before the request could be parsed whole.
    package init(format: String?, headers: [String: String]) {
        if headers["authorization"] != nil {
            self = Self.prefersXML(accept: headers["accept"]) ? .xml : .json
        } else if let format, format.trimmingWhitespace().lowercased() == "json" {
            self = .json
        } else {
            // Absent, `XML`, or a value the gateway does not know: its default.
            self = .xml
        }
    }

    /// The `Format` value of a raw query string, read leniently (a malformed escape elsewhere in
    /// the query does not hide it).
    package static func formatParameter(inRawQuery query: String) -> String? {
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, PercentEncoding.formDecode(parts[0].utf8) == "Format" else { continue }
            return PercentEncoding.formDecode(parts[1].utf8)
        }
        return nil
    }

    /// True when `Accept` names an XML type and no JSON type (`*/*` and absence mean JSON).
    private static func prefersXML(accept: String?) -> Bool {
        guard let accept = accept?.lowercased() else { return false }
        let types = accept.split(separator: ",").map {
            $0.split(separator: ";").first.map { String($0).trimmingWhitespace() } ?? ""
        }
        return types.contains { $0 == "application/xml" || $0 == "text/xml" } && !types.contains { $0.hasSuffix("/json") }
    }
}
