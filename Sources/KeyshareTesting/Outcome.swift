import CloudAPI

/// What one cloud call came to, reduced to what the reference specifies: success, or the wire
/// code and HTTP status of the failure. Tables of expected outcomes compare against it.
package enum Outcome: Hashable, Sendable, CustomStringConvertible {
    /// The call returned normally.
    case success
    /// The call threw a `CloudError` with this code and status.
    case failure(code: String, httpStatus: Int)
    /// The call threw something that is not a `CloudError` (always a bug in a backend).
    case unexpected(String)

    /// A failure, spelled as the tables read: `.error("Forbidden.NoPermission", 403)`.
    package static func error(_ code: String, _ httpStatus: Int) -> Outcome {
        .failure(code: code, httpStatus: httpStatus)
    }

    /// Runs `body` and reports how it ended.
    package static func of(_ body: () async throws -> Void) async -> Outcome {
        do {
            try await body()
            return .success
        } catch let error as CloudError {
            return .failure(code: error.code, httpStatus: error.httpStatus)
        } catch {
            return .unexpected(String(describing: error))
        }
    }

    /// True when the call was refused in any way; the truth tables' "no false allow" bar.
    package var isDenial: Bool {
        if case .failure = self { return true }
        return false
    }

    package var description: String {
        switch self {
        case .success: "success"
        case .failure(let code, let status): "\(code) (HTTP \(status))"
        case .unexpected(let text): "unexpected error: \(text)"
        }
    }
}
