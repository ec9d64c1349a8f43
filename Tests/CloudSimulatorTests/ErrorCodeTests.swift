import KeyshareTesting
import Testing

/// Every error code the reference lists for keyshare's operations that the simulator can
/// produce, one scenario each, asserted exactly: code and HTTP status.
@Suite("Error codes")
struct ErrorCodeTests {
    @Test("KMS codes and statuses are exact", arguments: KMSErrorCodeCases.all)
    func kms(_ row: ErrorCodeCase) async throws {
        let outcome = try await row.outcome()
        #expect(outcome == .error(row.code, row.httpStatus))
    }

    @Test("RAM codes and statuses are exact", arguments: IdentityErrorCodeCases.ram)
    func ram(_ row: ErrorCodeCase) async throws {
        let outcome = try await row.outcome()
        #expect(outcome == .error(row.code, row.httpStatus))
    }

    @Test("STS codes and statuses are exact", arguments: IdentityErrorCodeCases.sts)
    func sts(_ row: ErrorCodeCase) async throws {
        let outcome = try await row.outcome()
        #expect(outcome == .error(row.code, row.httpStatus))
    }

    @Test(
        "ResourceManager codes and statuses are exact",
        arguments: IdentityErrorCodeCases.resourceManager)
    func resourceManager(_ row: ErrorCodeCase) async throws {
        let outcome = try await row.outcome()
        #expect(outcome == .error(row.code, row.httpStatus))
    }

    @Test("ECS and Resource Sharing codes and statuses are exact", arguments: ECSErrorCodeCases.all)
    func ecs(_ row: ErrorCodeCase) async throws {
        let outcome = try await row.outcome()
        #expect(outcome == .error(row.code, row.httpStatus))
    }

}
