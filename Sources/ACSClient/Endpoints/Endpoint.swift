import Foundation

/// Where requests for one product go: scheme, host and optional port.
package struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// `https` for Alibaba Cloud, `http` for a loopback simulator.
    package var scheme: String
    /// The host name or IP address.
    package var host: String
    /// The port, when not the scheme's default.
    package var port: Int?

    /// Creates an endpoint; HTTPS is the default, as for every Alibaba OpenAPI.
    package init(scheme: String = "https", host: String, port: Int? = nil) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// The `host` header value: `host[:port]`, the form the signature covers.
    package var hostHeader: String { port.map { "\(host):\($0)" } ?? host }

    /// `scheme://host[:port]`, without a trailing slash.
    package var baseURL: String { "\(scheme)://\(hostHeader)" }

    package var description: String { baseURL }

    /// Parses an `--endpoint` value such as `http://127.0.0.1:8080` or `https://kms.example.com`.
    ///
    /// - Throws: `ClientConfigurationError` naming the value and the expected form.
    package init(parsing text: String) throws {
        let fix = "give a URL like http://127.0.0.1:8080 (scheme, host and optional port; no path or query)"
        func reject(_ problem: String) -> ClientConfigurationError {
            ClientConfigurationError(input: "--endpoint \(text)", problem: problem, fix: fix)
        }
        guard let separator = text.range(of: "://") else { throw reject("it has no scheme") }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { throw reject("the scheme must be http or https") }
        var authority = Substring(text[separator.upperBound...])
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        guard !authority.contains(where: { "/?#@ ".contains($0) }) else {
            throw reject("it has a path, query, user or space")
        }
        var host = authority
        var port: Int?
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65_535).contains(number) else {
                throw reject("the port must be a number from 1 to 65535")
            }
            host = authority[..<colon]
            port = number
        }
        guard !host.isEmpty else { throw reject("it has no host") }
        self.init(scheme: scheme, host: String(host), port: port)
    }
}
