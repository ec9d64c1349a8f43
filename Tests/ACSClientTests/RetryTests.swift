import ACSClient
import CloudAPI
import CloudModel
import Foundation
import Testing

@Suite("Retries")
struct RetryTests {
    private let enable = EnableKeyRequest(keyID: "key-1")

    @Test("throttling with x-acs-retry-after is retried after at least the server's wait")
    func throttlingHonoursRetryAfter() async throws {
        let transport = TestClientTransport { _, index in
            index == 0 ? Answer.failure(.throttlingUser(retryAfterMilliseconds: 1500)) : Answer.success(EmptyResponse())
        }
        let sleeps = SleepRecorder()
        _ = try await Fixture.caller(transport, sleeps: sleeps).call(enable, region: "cn-hangzhou") { Fixture.keys }
        #expect(transport.requests.count == 2)
        #expect(sleeps.recorded.count == 1)
        #expect(try #require(sleeps.recorded.first) >= .milliseconds(1500))
    }

    @Test("KMS Rejected.Throttling (429) and 503 ServiceUnavailable are retried until success")
    func throttlingAndUnavailableRetried() async throws {
        let transport = TestClientTransport { _, index in
            switch index {
            case 0: Answer.failure(.kmsThrottling())
            case 1: Answer.failure(.serviceUnavailable)
            default: Answer.success(EmptyResponse())
            }
        }
        let sleeps = SleepRecorder()
        _ = try await Fixture.caller(transport, sleeps: sleeps).call(enable, region: "cn-hangzhou") { Fixture.keys }
        #expect(transport.requests.count == 3)
        // Full jitter at a 0.5 draw: half of 200 ms, then half of 400 ms.
        #expect(sleeps.recorded == [.milliseconds(100), .milliseconds(200)])
    }

    @Test("a connection failure is retried, then succeeds")
    func connectionErrorRetried() async throws {
        let transport = TestClientTransport { _, index in
            if index < 2 { throw HTTPTransportError(.connectFailed, detail: "connection refused") }
            return Answer.success(EmptyResponse())
        }
        _ = try await Fixture.caller(transport).call(enable, region: "cn-hangzhou") { Fixture.keys }
        #expect(transport.requests.count == 3)
    }

    @Test("a non-retryable 4xx surfaces at once, identical to what the server sent")
    func clientErrorNotRetried() async throws {
        let sent = CloudError.shareQuotaExceedLimit.with(requestID: "r-quota")
        let transport = TestClientTransport { _, _ in Answer.failure(sent) }
        let sleeps = SleepRecorder()
        let error = await #expect(throws: CloudError.self) {
            try await Fixture.caller(transport, sleeps: sleeps).call(enable, region: "cn-hangzhou") { Fixture.keys }
        }
        #expect(error == sent)
        #expect(transport.requests.count == 1)
        #expect(sleeps.recorded.isEmpty)
    }

    @Test("after the last attempt the server's last error surfaces unchanged")
    func attemptsBounded() async throws {
        let sent = CloudError.serviceUnavailable.with(requestID: "r-503")
        let transport = TestClientTransport { _, _ in Answer.failure(sent) }
        let policy = RetryPolicy(maxAttempts: 3)
        let error = await #expect(throws: CloudError.self) {
            try await Fixture.caller(transport, policy: policy).call(enable, region: "cn-hangzhou") { Fixture.keys }
        }
        #expect(error == sent)
        #expect(transport.requests.count == 3)
    }

    @Test("a retry-after beyond the total time budget ends the call instead of waiting")
    func totalTimeBounded() async throws {
        let transport = TestClientTransport { _, _ in Answer.failure(.throttlingUser(retryAfterMilliseconds: 120_000)) }
        let sleeps = SleepRecorder()
        let policy = RetryPolicy(maxAttempts: 4, maxTotalDuration: .seconds(60))
        let error = await #expect(throws: CloudError.self) {
            try await Fixture.caller(transport, sleeps: sleeps, policy: policy)
                .call(enable, region: "cn-hangzhou") { Fixture.keys }
        }
        #expect(error?.code == "Throttling.User")
        #expect(error?.retryAfterMilliseconds == 120_000)
        #expect(transport.requests.count == 1)
        #expect(sleeps.recorded.isEmpty)
    }

    @Test("a retried CreateDisk carries one generated ClientToken on every attempt")
    func clientTokenReused() async throws {
        let transport = TestClientTransport { _, index in
            index < 2
                ? Answer.failure(.serviceUnavailable, product: .ecs)
                : Answer.success(CreateDiskResponse(diskID: "d-1"))
        }
        let request = CreateDiskRequest(regionID: "cn-hangzhou", size: 20, encrypted: true, kmsKeyID: "key-1")
        #expect(request.clientToken == nil)
        _ = try await Fixture.caller(transport).call(request, region: "cn-hangzhou") { Fixture.keys }
        let tokens = transport.requests.map { Fixture.query(of: $0)["ClientToken"] }
        #expect(tokens.count == 3)
        let token = try #require(tokens.first ?? nil)
        #expect(UUID(uuidString: token) != nil)
        #expect(tokens.allSatisfy { $0 == token })
    }

    @Test("a caller's own ClientToken is kept, and each logical call without one gets a new token")
    func clientTokenPerLogicalCall() async throws {
        let transport = TestClientTransport { _, _ in Answer.success(CreateDiskResponse(diskID: "d-1")) }
        let caller = Fixture.caller(transport)
        let bare = CreateDiskRequest(regionID: "cn-hangzhou", size: 20)
        _ = try await caller.call(bare, region: "cn-hangzhou") { Fixture.keys }
        _ = try await caller.call(bare, region: "cn-hangzhou") { Fixture.keys }
        _ = try await caller.call(CreateDiskRequest(regionID: "cn-hangzhou", clientToken: "mine"), region: "cn-hangzhou") {
            Fixture.keys
        }
        let tokens = transport.requests.map { Fixture.query(of: $0)["ClientToken"] }
        #expect(tokens[0] != nil && tokens[1] != nil && tokens[0] != tokens[1])
        #expect(tokens[2] == "mine")
    }

    @Test("a timeout on a call that is unsafe to repeat is not retried; on a read it is")
    func timeoutRetriedOnlyWhenSafe() async throws {
        let transport = TestClientTransport { _, _ in throw HTTPTransportError(.timedOut, detail: "read timeout") }
        let error = await #expect(throws: ClientError.self) {
            try await Fixture.caller(transport).call(CreateKeyRequest(), region: "cn-hangzhou") { Fixture.keys }
        }
        #expect(error?.action == "CreateKey")
        #expect(error?.attempts == 1)
        #expect(transport.requests.count == 1)

        let reads = TestClientTransport { _, _ in throw HTTPTransportError(.timedOut, detail: "read timeout") }
        let readError = await #expect(throws: ClientError.self) {
            try await Fixture.caller(reads).call(DescribeKeyRequest(keyID: "key-1"), region: "cn-hangzhou") {
                Fixture.keys
            }
        }
        #expect(readError?.attempts == 4)
        #expect(reads.requests.count == 4)
    }

    @Test("a transport failure surfaces as ClientError naming action and endpoint")
    func transportFailureWrapped() async throws {
        let transport = TestClientTransport { _, _ in throw HTTPTransportError(.other, detail: "unsupported scheme") }
        let error = await #expect(throws: ClientError.self) {
            try await Fixture.caller(transport).call(enable, region: "cn-shanghai") { Fixture.keys }
        }
        #expect(error?.action == "EnableKey")
        #expect(error?.endpoint.host == "kms.cn-shanghai.aliyuncs.com")
        #expect(error?.description.contains("EnableKey to https://kms.cn-shanghai.aliyuncs.com") == true)
        #expect(transport.requests.count == 1)
    }
}

@Suite("RetryPolicy")
struct RetryPolicyTests {
    @Test("back-off ceilings double from the base and stop at the maximum")
    func ceilingsDouble() {
        let policy = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .milliseconds(500))
        let ceilings = (1...5).map { policy.delay(beforeRetry: $0, retryAfterMilliseconds: nil, fraction: 1) }
        #expect(
            ceilings == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(500),
                .milliseconds(500),
            ])
    }

    @Test("full jitter spans zero to the ceiling")
    func fullJitter() {
        let policy = RetryPolicy(baseDelay: .milliseconds(100))
        #expect(policy.delay(beforeRetry: 2, retryAfterMilliseconds: nil, fraction: 0) == .zero)
        #expect(policy.delay(beforeRetry: 2, retryAfterMilliseconds: nil, fraction: 0.25) == .milliseconds(50))
    }

    @Test("the server's retry-after is a floor, even above the maximum delay")
    func retryAfterFloor() {
        let policy = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        #expect(policy.delay(beforeRetry: 1, retryAfterMilliseconds: 3000, fraction: 1) == .seconds(3))
        #expect(policy.delay(beforeRetry: 3, retryAfterMilliseconds: 10, fraction: 1) == .milliseconds(400))
        #expect(policy.delay(beforeRetry: 1, retryAfterMilliseconds: 0, fraction: 0) == .zero)
    }
}
