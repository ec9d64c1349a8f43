import CloudAPI

/// One conformance check being run against one backend: it makes the calls, checks each against
/// the reference, and keeps a transcript so two backends can be compared step by step.
package final class ConformanceRun {
    /// The backend under test.
    package let cloud: any Cloud
    /// The ids of the organisation the backend was loaded with.
    package let fixture: ConformanceFixture
    /// What happened, step by step.
    package private(set) var transcript: [ConformanceStep] = []

    /// Starts a run against `cloud`, which must hold the world `fixture` describes.
    package init(cloud: any Cloud, fixture: ConformanceFixture) {
        self.cloud = cloud
        self.fixture = fixture
    }

    /// Runs a step that must succeed and returns its result.
    @discardableResult
    package func expectSuccess<T>(_ label: String, _ body: () async throws -> T) async throws -> T {
        do {
            let value = try await body()
            transcript.append(ConformanceStep(label: label, error: nil))
            return value
        } catch let error as CloudError {
            transcript.append(ConformanceStep(label: label, error: error))
            throw ConformanceFailure(
                step: label, expected: "success",
                actual: Outcome.error(error.code, error.httpStatus).description
                    + ": \(error.message)")
        }
    }

    /// Runs a step that must fail with exactly `code` and `httpStatus`; returns the error.
    @discardableResult
    package func expectFailure<T>(
        _ label: String, code: String, httpStatus: Int,
        _ body: () async throws -> T
    ) async throws -> CloudError {
        let expected = Outcome.error(code, httpStatus)
        do {
            _ = try await body()
            transcript.append(ConformanceStep(label: label, error: nil))
            throw ConformanceFailure(step: label, expected: expected.description, actual: "success")
        } catch let error as CloudError {
            transcript.append(ConformanceStep(label: label, error: error))
            guard error.code == code, error.httpStatus == httpStatus else {
                throw ConformanceFailure(
                    step: label, expected: expected.description,
                    actual: "\(Outcome.error(error.code, error.httpStatus)): \(error.message)")
            }
            return error
        }
    }

    /// Checks a condition on values the calls returned.
    package func expect(_ condition: Bool, _ label: String, _ detail: @autoclosure () -> String = "") throws {
        transcript.append(ConformanceStep(label: label, error: nil, holds: condition))
        guard condition else { throw ConformanceFailure(step: label, expected: "holds", actual: "does not: \(detail())") }
    }
}

/// One step of a transcript: the label, and for a failed call the error's wire-visible parts.
package struct ConformanceStep: Hashable, Sendable, CustomStringConvertible {
    /// The step's label.
    package var label: String
    /// `Code`, `Message` and status of the error, nil on success; what must survive the wire intact.
    package var code: String?
    /// The error message.
    package var message: String?
    /// The HTTP status.
    package var httpStatus: Int?
    /// For assertions on returned values: whether it held.
    package var holds: Bool?

    /// Records a call's end (`error` nil = success) or an assertion.
    package init(label: String, error: CloudError?, holds: Bool? = nil) {
        self.label = label
        code = error?.code
        message = error?.message
        httpStatus = error?.httpStatus
        self.holds = holds
    }

    package var description: String {
        if let code { return "\(label): \(code) (HTTP \(httpStatus ?? 0)) \(message ?? "")" }
        if let holds { return "\(label): \(holds ? "holds" : "does not hold")" }
        return "\(label): success"
    }
}

/// A conformance check found the backend disagreeing with the reference.
package struct ConformanceFailure: Error, CustomStringConvertible {
    /// The step that disagreed.
    package var step: String
    /// What the reference says.
    package var expected: String
    /// What the backend did.
    package var actual: String

    package var description: String { "step '\(step)': expected \(expected), got \(actual)" }
}
