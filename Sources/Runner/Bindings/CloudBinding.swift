import CloudAPI
import CloudModel
import LuaKit
import Rollout
import Synchronization

/// One Lua binding generated from a wire operation: `CreateKey` of KMS is `kms.create_key`.
///
/// The binding takes a parameter table (snake_case wire names; unknown names are rejected with
/// the nearest valid one) and an optional caller table, suspends its coroutine while the cloud
/// call runs, and returns the response as a table (see ``LuaValueEncoder`` for the shape rule).
package struct CloudBinding: Sendable {
    /// The request type the binding sends.
    package let requestType: any CloudRequest.Type
    /// The Lua module: the product code (`kms`, `resourcemanager`).
    package let module: String
    /// The function name: the snake_case action (`create_key`).
    package let name: String
    private let shapes: OperationShapes

    /// The parameters, in the request's coding-key order.
    package var parameters: [ShapeField] { shapes.value.parameters }
    /// The shape of the result table.
    package var result: ValueShape { shapes.value.result }

    /// Builds the binding of `requestType`; its `Codable` shapes are probed on first use, since
    /// probing every operation is most of a short run's start-up.
    package init(_ requestType: any CloudRequest.Type) {
        self.requestType = requestType
        module = requestType.product.code
        name = WireName.snakeCase(requestType.action)
        shapes = OperationShapes(requestType)
    }

    /// `kms.create_key`.
    package var fullName: String { "\(module).\(name)" }

    /// Rejects parameter names the request does not have, naming the nearest valid one.
    package func checkParameters(_ table: LuaTable) throws {
        let shapes = shapes.value
        let (parameters, valid) = (shapes.parameters, shapes.names)
        for key in table.fields.keys {
            guard case .string(let name) = key else {
                throw LuaArgumentError(
                    position: 1,
                    message: "parameters must be named (got a positional value); "
                        + "valid: \(parameters.map(\.luaName).joined(separator: ", "))")
            }
            if valid.contains(name) { continue }
            let hint = WireName.nearest(to: name, in: valid).map { "did you mean '\($0)'? " } ?? ""
            throw LuaArgumentError(
                position: 1,
                message: "unknown parameter '\(name)' (\(hint)valid: "
                    + (parameters.isEmpty ? "none" : parameters.map(\.luaName).joined(separator: ", ")) + ")")
        }
        if !table.array.isEmpty {
            throw LuaArgumentError(position: 1, message: "parameters must be named, e.g. { key_id = \"…\" }")
        }
    }

    /// The Lua function: validates, decodes and suspends on the cloud call.
    package func function(cloud: any Cloud, callers: CallerResolver) -> LuaFunction {
        let binding = self
        return { arguments in
            if arguments.concurrentDepth > 0, !BatchBinding.isReadOnly(binding) {
                throw LuaError.invalidUsage(Self.refusedConcurrently(arguments.functionName))
            }
            let params = try arguments.optionalTable(1, describingCopyError: binding.parameterError) ?? LuaTable()
            let context = try callers.context(from: arguments.optionalTable(2), position: 2)
            try binding.checkParameters(params)
            let scope = arguments.callContext as? StepScope
            // Decoding and encoding run in the suspended operation, off the Lua state's executor,
            // which every coroutine of the run shares; the packed result is pushed in one pass.
            return .suspendPacked {
                try LuaPackedEncoder().encode(try await binding.response(params, context: context, scope: scope, cloud: cloud))
            }
        }
    }

    /// Why `name` cannot run in a function of `keyshare.concurrently`.
    static func refusedConcurrently(_ name: String) -> String {
        "\(name) changes the cloud, which a function run by keyshare.concurrently may not do (ClientTokens "
            + "and journal intents follow a step's call order): make the change after keyshare.concurrently returns"
    }

    /// ``response(_:context:scope:cloud:)`` as a Lua value (what `each`, ``BatchBinding``, collects).
    package func call(_ params: LuaTable, context: CallContext, scope: StepScope?, cloud: any Cloud) async throws -> LuaValue {
        try LuaValueEncoder().encode(try await response(params, context: context, scope: scope, cloud: cloud))
    }

    /// Decodes `params` (already through ``checkParameters(_:)``) and sends them as `context` for
    /// `scope`'s step: its ClientToken, journal records and throttle metering. One call's whole path,
    /// shared by the binding and `each` (``BatchBinding``); the response is not yet in its Lua form.
    package func response(
        _ params: LuaTable, context: CallContext, scope: StepScope?, cloud: any Cloud
    ) async throws -> any Encodable & Sendable {
        try await response(requestType, params: params, context: context, scope: scope, cloud: cloud)
    }

    private func response<Request: CloudRequest>(
        _ type: Request.Type, params: LuaTable, context: CallContext, scope: StepScope?, cloud: any Cloud
    ) async throws -> Request.Response {
        // Throttling waits of the calls below count against this target (`throttle_wait_ms`).
        try await ThrottleMeter.$target.withValue(scope?.target) {
            var request: Request
            do {
                request = try LuaValueDecoder().decode(Request.self, from: .table(params))
            } catch let error as LuaDecodingError {
                throw LuaArgumentError(position: 1, message: error.description, function: fullName)
            }
            guard let scope else { return try await Self.exchange(request, with: cloud, context: context) }
            // A step's idempotent request without a token gets one derived from the run, target
            // and step: a retried or resumed step gets the resource it made, not a second one.
            if var idempotent = request as? any IdempotentRequest, idempotent.clientToken == nil {
                idempotent.clientToken = scope.clientToken(for: Request.action)
                if let tokened = idempotent as? Request { request = tokened }
            }
            guard scope.journal != nil else { return try await Self.exchange(request, with: cloud, context: context) }
            guard Request.isMutating else {
                return try await Self.observing(request, with: cloud, context: context, scope: scope)
            }
            let account = context.account?.rawValue ?? ""
            // A role this step created has nothing earlier to restore (undo deletes it): no read for it.
            let before =
                MutationEvidence.needsNoPreimage(request, scope: scope, account: account)
                ? [:] : await MutationDescriber.preimage(of: request, cloud: cloud, context: context)
            let intended = MutationDescriber.describe(request, response: nil, context: context, before: before)
            let operation = scope.operationID()
            // The outcome repeats what the intent said: a journal may keep only the outcome of the two.
            let evidence = MutationEvidence.intentDetails(of: request, scope: scope, account: account)
            try await Self.journal(
                .intent, of: intended, operation: operation, action: Request.ramAction, scope: scope, extra: evidence)
            let response: Request.Response
            do {
                response = try await Self.exchange(request, with: cloud, context: context)
            } catch let refusal as CloudErrorObject where (400..<500).contains(refusal.error.httpStatus) {
                // A 4xx answer changed nothing; a 5xx or a lost connection may have, so its intent stays.
                try? await Self.journal(
                    .failed, of: intended, operation: operation, action: Request.ramAction, scope: scope,
                    extra: evidence)
                throw refusal
            }
            MutationEvidence.confirmed(request, scope: scope, account: account)
            let mutation = MutationDescriber.describe(request, response: response, context: context, before: before)
            try await Self.journal(
                .done, of: mutation, operation: operation, action: Request.ramAction, scope: scope, extra: evidence)
            return response
        }
    }
}

extension CloudBinding {
    /// Journals one phase of a mutating call; a journal that cannot record it stops the step (500:
    /// keyshare's own failure), before the call when it is the intent, so nothing goes unrecorded.
    fileprivate static func journal(
        _ phase: MutationRecord.Phase, of mutation: MutationDescriber.Description,
        operation: String, action: String, scope: StepScope,
        extra: [String: String] = [:]
    ) async throws {
        do {
            try await scope.record(
                phase, operation: operation, account: mutation.account, action: action,
                resource: mutation.resource, details: mutation.details.merging(extra) { own, _ in own })
        } catch {
            let when =
                phase == .intent
                ? "was not sent: the journal could not record its intent"
                : "was answered but the journal could not record it"
            throw CloudErrorObject(
                CloudError(
                    code: "keyshare.JournalError",
                    message: "\(action) \(when) (\(error)); the run stops here so nothing goes unrecorded: "
                        + "fix the journal's disk, then resume",
                    httpStatus: 500))
        }
    }

    /// Sends the read `request` of a journaled step and notes what it showed (a role that does not
    /// exist yet), so the intent of a later create can say whether it stood before.
    fileprivate static func observing<Request: CloudRequest>(
        _ request: Request, with cloud: any Cloud, context: CallContext,
        scope: StepScope
    ) async throws -> Request.Response {
        let account = context.account?.rawValue ?? ""
        do {
            let response = try await exchange(request, with: cloud, context: context)
            MutationEvidence.observe(request, response: response, error: nil, scope: scope, account: account)
            return response
        } catch let refusal as CloudErrorObject {
            MutationEvidence.observe(request, response: nil, error: refusal.error, scope: scope, account: account)
            throw refusal
        }
    }

    /// Sends `request`; returns the typed response, cloud errors as error objects.
    fileprivate static func exchange<Request: CloudRequest>(
        _ request: Request, with cloud: any Cloud,
        context: CallContext
    ) async throws -> Request.Response {
        do {
            return try await cloud.call(request, context: context)
        } catch let error as CloudError {
            throw CloudErrorObject(error)
        } catch let error as any CloudErrorConvertible {
            // A transport failure of the HTTP client: the same table as the simulator's dropped connection.
            throw CloudErrorObject(error.cloudError)
        }
    }
}

/// The probed shapes of one operation, computed once, on first use, by whichever thread needs them.
private final class OperationShapes: Sendable {
    struct Value: Sendable {
        var parameters: [ShapeField]
        var names: Set<String>
        var result: ValueShape
    }

    private let requestType: any CloudRequest.Type
    private let cache = Mutex<Value?>(nil)

    init(_ requestType: any CloudRequest.Type) { self.requestType = requestType }

    var value: Value {
        cache.withLock { cached in
            if let cached { return cached }
            var parameters: [ShapeField] = []
            if case .record(_, let fields) = ShapeProbe.shape(of: requestType) {
                parameters = fields.map { field in
                    var field = field
                    field.carriesJSON = field.shape == .string && JSONParameters.carriesJSON(field.wireName)
                    return field
                }
            }
            let value = Value(
                parameters: parameters, names: Set(parameters.map(\.luaName)),
                result: ShapeProbe.shape(of: requestType.responseType))
            cached = value
            return value
        }
    }
}

extension CloudRequest {
    /// The response type as a metatype, for probing.
    static var responseType: any Decodable.Type { Response.self }
}

/// Every generated binding, grouped by module in product order.
package enum BindingCatalog {
    /// The bindings of every operation in `CloudOperations.all`.
    package static let cloud: [CloudBinding] = CloudOperations.all.map(CloudBinding.init)

    /// Probes every binding's shapes on a background task, so a run's first call of each operation
    /// does not probe them on the Lua state's executor while targets run (about 15 ms of a
    /// 1,000-target simulated run); started before the world loads, on the core loading leaves idle.
    package static func warmShapes() {
        Task.detached(priority: .utility) {
            for binding in cloud {
                _ = binding.parameters
                _ = binding.result
            }
        }
    }

    /// The module names, in product order.
    package static var cloudModules: [String] {
        var seen: [String] = []
        for binding in cloud where !seen.contains(binding.module) { seen.append(binding.module) }
        return seen
    }

    /// The registration table of `module` (one entry per operation, like a `luaL_Reg` array), and
    /// its `each`, which sends several read-only requests of one operation at once.
    package static func module(_ module: String, cloud backend: any Cloud, callers: CallerResolver) -> LuaModule {
        var functions: [String: LuaFunction] = [:]
        for binding in cloud where binding.module == module {
            functions[binding.name] = binding.function(cloud: backend, callers: callers)
        }
        functions[BatchBinding.name] = BatchBinding(module: module, bindings: cloud).function(cloud: backend, callers: callers)
        return LuaModule(name: module, functions: functions)
    }
}
