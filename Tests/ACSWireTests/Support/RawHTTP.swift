@testable import ACSWire

/// Parses a raw HTTP/1.1 request as printed in the capture reference into the server's view.
enum RawHTTP {
    static func request(_ raw: String) throws -> ACSHTTPRequest {
        let parts = raw.split(separator: "\n", omittingEmptySubsequences: false)
        let requestLine = parts[0].split(separator: " ")
        let target = String(requestLine[1])
        let (path, query) =
            target.firstIndex(of: "?").map {
                (String(target[..<$0]), String(target[target.index(after: $0)...]))
            } ?? (target, "")
        var headers = [(String, String)]()
        var index = 1
        while index < parts.count, !parts[index].isEmpty {
            let line = parts[index]
            let colon = line.firstIndex(of: ":")!
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingWhitespace()))
            index += 1
        }
        let body = index + 1 < parts.count ? parts[(index + 1)...].joined(separator: "\n") : ""
        return try ACSHTTPRequest(
            method: String(requestLine[0]), path: path, rawQuery: query, headers: headers,
            body: Array(body.utf8))
    }
}
