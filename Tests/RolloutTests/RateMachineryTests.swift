import Testing

@testable import Rollout

@Suite("Rate machinery: token buckets, AIMD windows, back-off, failure classes, --rate")
struct RateMachineryTests {
    @Test(
        "A bucket spaces calls 1/rate apart after its burst, and refills while idle",
        arguments: [
            // (rate, burst, call instants, expected waits)
            (10.0, 1.0, [0.0, 0.0, 0.0], [0.0, 0.1, 0.2]),
            (10.0, 1.0, [0.0, 0.05, 0.5], [0.0, 0.05, 0.0]),
            (2.0, 2.0, [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.5, 1.0]),
            (100.0, 1.0, [1.0, 1.0, 1.0, 1.0], [0.0, 0.01, 0.02, 0.03]),
            (5.0, 1.0, [0.0, 10.0, 10.0], [0.0, 0.0, 0.2]),
        ])
    func bucketPaces(rate: Double, burst: Double, instants: [Double], expected: [Double]) {
        var bucket = TokenBucket(rate: rate, burst: burst)
        let waits = instants.map { bucket.reserve(at: $0) }
        for (wait, want) in zip(waits, expected) { #expect(abs(wait - want) < 1e-9, "\(waits) vs \(expected)") }
    }

    @Test(
        "However calls arrive, a burst-1 bucket never lets two sends closer than 1/rate",
        arguments: [[0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.01, 0.02, 0.5, 0.51, 0.52], [3.0, 2.9, 3.1, 3.1]])
    func neverCloser(instants: [Double]) {
        var bucket = TokenBucket(rate: 10)
        var sends: [Double] = []
        for instant in instants { sends.append(instant + bucket.reserve(at: instant)) }
        for (earlier, later) in zip(sends, sends.dropFirst()) { #expect(later - earlier >= 0.1 - 1e-9, "\(sends)") }
    }

    @Test("AIMD: a throttle halves the window, throttles within the cooldown do not halve again, successes add 1/limit")
    func aimd() {
        var window = ConcurrencyWindow(minimum: 1, maximum: 64, decrease: 0.5, cooldown: 1)
        #expect(window.allowed == 64)
        window.throttled(at: 0)
        #expect(window.allowed == 32)
        window.throttled(at: 0.5)
        #expect(window.allowed == 32)
        window.throttled(at: 1.5)
        #expect(window.allowed == 16)
        for _ in 0..<17 { window.succeeded() }
        #expect(window.allowed == 17)
        for second in 2..<20 { window.throttled(at: Double(second) * 2) }
        #expect(window.allowed == 1)
        window.succeeded()
        #expect(window.allowed == 2)
        for _ in 0..<100_000 { window.succeeded() }
        #expect(window.allowed == 64)
    }

    @Test(
        "Back-off: full jitter under a doubling ceiling, capped, never shorter than the server's retry-after",
        arguments: [
            // (retry, retry-after ms, fraction, expected ms)
            (1, nil, 1.0, 100), (2, nil, 1.0, 200), (3, nil, 0.5, 200), (10, nil, 1.0, 5_000), (1000, nil, 1.0, 5_000),
            (1, 800, 0.1, 800), (3, 100, 1.0, 400), (1, nil, 0.0, 0), (1, 0, 0.0, 0), (1, -5, 0.0, 0),
            (2, nil, 2.0, 200), (2, nil, -1.0, 0), (1, nil, .nan, 0),
        ] as [(Int, Int?, Double, Int)])
    func backoff(retry: Int, retryAfter: Int?, fraction: Double, expected: Int) {
        let delay = Backoff(base: .milliseconds(100), cap: .seconds(5))
            .delay(beforeRetry: retry, retryAfterMilliseconds: retryAfter, fraction: fraction)
        #expect(delay == .milliseconds(expected))
    }

    @Test(
        "Failures are classed by code and status alone",
        arguments: [
            ("Throttling.User", 400, CallFailureClass.throttling), ("Throttling.Api", 400, .throttling),
            ("Throttling", 400, .throttling), ("Rejected.Throttling", 429, .throttling), ("Anything", 429, .throttling),
            ("ServiceUnavailable", 503, .transient), ("InternalError", 500, .transient), ("InternalFailure", 500, .transient),
            ("ServiceUnavailableTemporary", 503, .transient), ("SerivceUnvailableTemporary", 503, .transient),
            ("keyshare.ConnectionDropped", 0, .transient), ("BadGateway", 502, .transient), ("GatewayTimeout", 504, .transient),
            ("NotImplemented", 501, .other), ("keyshare.NotSimulated", 501, .other),
            ("InvalidAccessKeyId.NotFound", 404, .authentication), ("InvalidAccessKeyId.Inactive", 400, .authentication),
            ("SignatureDoesNotMatch", 400, .authentication), ("IncompleteSignature", 400, .authentication),
            ("InvalidSecurityToken.Expired", 400, .authentication), ("InvalidSecurityToken.Malformed", 403, .authentication),
            ("MissingSecurityToken", 400, .authentication), ("Forbidden.AccessKeyDisabled", 403, .authentication),
            ("NoPermission", 403, .permission), ("Forbidden.NoPermission", 403, .permission), ("Forbidden.RAM", 403, .permission),
            ("Rejected.ShareQuotaExceedLimit", 400, .quota), ("Rejected.LimitExceeded", 400, .quota),
            ("EntityNotExist.Role", 404, .other), ("InvalidParameter", 400, .other), ("keyshare.KeyPolicyTooLarge", 400, .other),
        ])
    func classes(code: String, status: Int, expected: CallFailureClass) {
        #expect(CallFailureClass(code: code, httpStatus: status) == expected)
    }

    @Test("--rate takes group=N pairs, comma-separated or repeated, the later winning")
    func rateOption() throws {
        let limits = try RateLimits.parse(option: ["kms-write=5,sts=50", "kms-write=2.5", " ram = 3 "])
        #expect(limits.rate(of: .kmsWrite) == 2.5)
        #expect(limits.rate(of: .sts) == 50)
        #expect(limits.rate(of: .ram) == 3)
        #expect(limits.rate(of: .kmsRead) == RateGroup.kmsRead.defaultRate)
        #expect(try RateLimits.parse(option: []) == RateLimits())
    }

    @Test(
        "--rate refuses bad words, naming the word and the fix",
        arguments: [
            ("kms=5", "unknown API group 'kms'"), ("kms-write", "write group=N"), ("kms-write=", "must be a number"),
            ("kms-write=fast", "must be a number"), ("kms-write=0", "above 0"), ("kms-write=-1", "above 0"),
            ("kms-write=inf", "above 0"), ("kms-write=nan", "above 0"), ("kms-write=1e9", "at most"), ("=5", "write group=N"),
            ("kms-write=5,", "write group=N"),
        ])
    func rateOptionErrors(word: String, fragment: String) {
        #expect {
            _ = try RateLimits.parse(option: [word])
        } throws: { error in
            "\(error)".contains(fragment) && "\(error)".contains("--rate")
        }
    }

    @Test("Defaults pace below every documented limit; undocumented groups have a default too")
    func defaults() {
        for group in RateGroup.allCases {
            #expect(group.defaultRate > 0)
            if let limit = group.documentedLimit { #expect(group.defaultRate < limit) }
        }
        #expect(RateGroup.kmsWrite.documentedLimit == 10)
        #expect(RateGroup.sts.documentedLimit == 100)
        #expect(RateGroup.kms(action: "CreateKey") == .kmsCreate)
        #expect(RateGroup.kms(action: "Decrypt") == .kmsCrypto)
        #expect(RateGroup.kms(action: "GetKeyPolicy") == .kmsRead)
        #expect(RateGroup.kms(action: "SetKeyPolicy") == .kmsWrite)
    }
}
