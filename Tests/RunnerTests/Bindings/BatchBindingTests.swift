import CloudAPI
import CloudModel
import KeyshareTesting
import LuaKit
import Runner
import Synchronization
import Testing

/// `<module>.each`: several read-only requests of one operation at once, through each request's
/// single-call path, answered in order, at most eight in flight.
@Suite("Batch binding")
struct BatchBindingTests {
    /// Calls in flight now and at most, and calls finished, across a test's cloud.
    final class Flight: Sendable {
        private let counts = Mutex((current: 0, peak: 0, finished: 0))
        /// Most calls that were in flight at once.
        var peak: Int { counts.withLock { $0.peak } }
        /// Calls that have answered.
        var finished: Int { counts.withLock { $0.finished } }

        /// Runs `body` as one call in flight.
        func during<T>(_ body: () async throws -> T) async rethrows -> T {
            counts.withLock { counts in
                counts.current += 1
                counts.peak = max(counts.peak, counts.current)
            }
            defer {
                counts.withLock { counts in
                    counts.current -= 1
                    counts.finished += 1
                }
            }
            return try await body()
        }
    }

    /// A DescribeKey answer for `ref` (the key id is the ref, so answers show their request).
    static func metadata(_ ref: String, description: String = "") -> KeyMetadata {
        KeyMetadata(
            keyID: ref, arn: "acs:kms:cn-hangzhou:1000000000000001:key/\(ref)", keyState: "Enabled",
            keySpec: "Aliyun_AES_256", keyUsage: "ENCRYPT/DECRYPT", origin: "Aliyun_KMS", protectionLevel: "SOFTWARE",
            dkmsInstanceID: nil, creator: "1000000000000001", creationDate: "", description: description)
    }

    /// A cloud answering DescribeKey after `delay(ref)`, failing refs that start with `missing`
    /// (404) and every other operation (400), counting calls in `flight`.
    static func cloud(
        _ flight: Flight, description: String = "", delay: @escaping @Sendable (String) -> Duration = { _ in .milliseconds(5) }
    ) -> HandlerCloud {
        HandlerCloud { request, context in
            try await flight.during {
                guard let request = request as? DescribeKeyRequest else {
                    throw CloudError(code: "Test.Unexpected", message: "\(type(of: request)) sent", httpStatus: 400)
                }
                try await Task.sleep(for: delay(request.keyID))
                if request.keyID.hasPrefix("missing") {
                    throw CloudError(
                        code: "Forbidden.KeyNotFound", message: "key \(request.keyID) not found", httpStatus: 404,
                        requestID: "req-\(request.keyID)")
                }
                let account = context.account?.rawValue ?? "none"
                return DescribeKeyResponse(keyMetadata: metadata(request.keyID, description: description + account))
            }
        }
    }

    /// A state with every cloud module over `cloud`, as the runner registers them.
    static func state(_ cloud: any Cloud, memory: Int = 32 * 1_048_576) throws -> LuaState {
        let state = try LuaState(options: .init(memoryLimit: memory, instructionLimit: 100_000_000))
        let callers = CallerResolver(defaultCaller: .root(AccountID("1000000000000001")!))
        for module in BindingCatalog.cloudModules {
            try state.register(BindingCatalog.module(module, cloud: cloud, callers: callers))
        }
        return state
    }

    /// Runs `script` in a coroutine, so binding calls may suspend.
    static func run(_ state: LuaState, _ script: String) async throws -> [LuaValue] {
        try await state.run(try state.load(script, chunkName: "batch"))
    }

    @Test("answers come back in list order whatever order the calls finish in")
    func answersInOrder() async throws {
        let flight = Flight()
        let refs = (1...20).map { "k\($0)" }
        // Earlier entries answer later.
        let state = try Self.state(
            Self.cloud(flight) { ref in .milliseconds(2 * (21 - (Int(ref.dropFirst()) ?? 0))) })
        let list = refs.map { "{ key_id = '\($0)' }" }.joined(separator: ", ")
        let result = try await Self.run(
            state,
            """
            local answers = kms.each("describe_key", { \(list) })
            local ids = {}
            for i, answer in ipairs(answers) do ids[i] = answer.key_metadata.key_id end
            return table.concat(ids, ","), #answers
            """)
        #expect(result.first?.stringValue == refs.joined(separator: ","))
        #expect(result.last == .integer(20))
        #expect(flight.finished == 20)
    }

    @Test("at most eight requests are in flight at once, and more than one is")
    func inFlightBound() async throws {
        let flight = Flight()
        let state = try Self.state(Self.cloud(flight) { _ in .milliseconds(20) })
        _ = try await Self.run(
            state,
            """
            local requests = {}
            for i = 1, 60 do requests[i] = { key_id = "k" .. i } end
            return #kms.each("describe_key", requests)
            """)
        #expect(flight.finished == 60)
        #expect(flight.peak <= 8)
        #expect(flight.peak > 1)
    }

    @Test("the caller table applies to every request; a bad one is argument 3")
    func caller() async throws {
        let flight = Flight()
        let state = try Self.state(Self.cloud(flight))
        let result = try await Self.run(
            state,
            """
            local answers = kms.each("describe_key", { { key_id = "a" }, { key_id = "b" } }, { account = "2000000000000002" })
            local ok, err = pcall(kms.each, "describe_key", { { key_id = "a" } }, { account = "nope" })
            return answers[1].key_metadata.description, answers[2].key_metadata.description, tostring(err)
            """)
        #expect(result[0].stringValue == "2000000000000002")
        #expect(result[1].stringValue == "2000000000000002")
        #expect(result[2].stringValue?.contains("bad argument #3 to 'kms.each'") == true, "\(result[2])")
        #expect(flight.finished == 2)
    }

    @Test("an empty list answers an empty list and sends nothing")
    func empty() async throws {
        let flight = Flight()
        let state = try Self.state(Self.cloud(flight))
        let result = try await Self.run(
            state, "local answers = kms.each('describe_key', {}); return type(answers), #answers, next(answers)")
        #expect(result == [.string("table"), .integer(0), .nil])
        #expect(flight.finished == 0)
    }

    static let refused: [(operation: String, expected: String)] = [
        ("kms.each('create_key', { {} })", "create_key changes the cloud (kms:CreateKey)"),
        ("kms.each('set_key_policy', { { key_id = 'k', policy = '{}' } })", "set_key_policy changes the cloud"),
        ("ram.each('create_role', { { role_name = 'r' } })", "create_role changes the cloud (ram:CreateRole)"),
        ("ecs.each('create_disk', { {} })", "create_disk changes the cloud (ecs:CreateDisk)"),
        ("resourcesharing.each('accept_resource_share_invitation', {})", "accept_resource_share_invitation changes"),
        ("kms.each('descibe_key', { { key_id = 'k' } })", "unknown operation 'descibe_key' of kms (did you mean 'describe_key'?"),
        ("kms.each('each', {})", "unknown operation 'each' of kms"),
        ("kms.each('describe_disks', {})", "unknown operation 'describe_disks' of kms"),
        (
            "kms.each(string.rep('x', 10000000), {})",
            "unknown operation 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' of kms (read-only"
        ),
        ("kms.each(nil, {})", "an operation name such as"),
        ("kms.each({}, {})", "an operation name such as"),
    ]

    @Test("mutating and unknown operations are refused before anything is sent", arguments: refused)
    func refusedOperations(_ input: (operation: String, expected: String)) async throws {
        let flight = Flight()
        let state = try Self.state(Self.cloud(flight))
        let result = try await Self.run(
            state, "local ok, err = pcall(function() return \(input.operation) end); return ok, tostring(err)")
        let message = result.last?.stringValue ?? ""
        #expect(result.first == .boolean(false))
        #expect(message.contains("bad argument #1 to '"), "\(message)")
        #expect(message.contains(input.expected), "\(message)")
        if message.contains("changes the cloud") {
            #expect(message.contains("ClientTokens and journal intents follow the order of a step's calls"))
        }
        #expect(flight.finished == 0)
    }

    @Test("every read-only operation is offered, no mutating one, and each module has its each")
    func operations() {
        for module in BindingCatalog.cloudModules {
            let batch = BatchBinding(module: module, bindings: BindingCatalog.cloud)
            let bindings = BindingCatalog.cloud.filter { $0.module == module }
            #expect(Set(batch.operations) == Set(bindings.filter { !$0.requestType.isMutating }.map(\.name)))
            #expect(!bindings.contains { $0.name == BatchBinding.name })
        }
        let kms = BatchBinding(module: "kms", bindings: BindingCatalog.cloud).operations
        #expect(kms.contains("describe_key") && kms.contains("list_aliases") && kms.contains("get_key_policy"))
        #expect(!kms.contains("create_key") && !kms.contains("set_key_policy"))
    }
}
