import CloudAPI
import LuaKit

/// `kms.each("describe_key", { { key_id = "a" }, { key_id = "b" } }, caller)`: requests of one
/// read-only operation of a module, sent at once, their answers returned in list order.
///
/// Every entry takes its single call's whole path (``CloudBinding/call(_:context:scope:cloud:)``):
/// the same checks, caller, governed cloud and throttle metering. Operations that change the cloud
/// are refused: ClientTokens and journal intents follow the order of a step's calls, and concurrent
/// calls have none, so a resumed run could not repeat them exactly.
package struct BatchBinding: Sendable {
    /// The function's name in every cloud module.
    package static let name = "each"
    /// Most requests in flight at once, per call.
    package static let concurrency = 8
    /// Most requests one call takes: a bound on what one call may hold and answer at once.
    package static let maximumRequests = 100

    /// The Lua module (`kms`).
    package let module: String
    private let bindings: [String: CloudBinding]

    /// The batch function of `module`, over that module's `bindings`.
    package init(module: String, bindings: [CloudBinding]) {
        self.module = module
        self.bindings = Dictionary(
            bindings.filter { $0.module == module }.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `kms.each`.
    package var fullName: String { "\(module).\(Self.name)" }

    /// The names of the operations `each` takes, sorted.
    package var operations: [String] { bindings.values.filter(Self.isReadOnly).map(\.name).sorted() }

    /// Whether `binding` may run concurrently with the other calls of its step: it changes nothing
    /// and takes no ClientToken (both are numbered in call order).
    package static func isReadOnly(_ binding: CloudBinding) -> Bool {
        !binding.requestType.isMutating && !(binding.requestType is any IdempotentRequest.Type)
    }

    /// The Lua function: checks every entry before any is sent, then suspends on them all.
    package func function(cloud: any Cloud, callers: CallerResolver) -> LuaFunction {
        let batch = self
        return { arguments in
            let binding = try batch.binding(arguments)
            let list = try arguments.table(2) { batch.listError($0, binding: binding) }
            let context = try callers.context(from: arguments.optionalTable(3), position: 3)
            let requests = try batch.requests(in: list, for: binding)
            guard !requests.isEmpty else { return .value(.table(LuaTable())) }
            let scope = arguments.callContext as? StepScope
            let budget = LuaOutputBudget(arguments, input: "the answers of \(batch.fullName)")
            return .suspend {
                let answers = try await batch.send(
                    requests, with: binding, context: context, scope: scope, cloud: cloud, budget: budget)
                return [.table(LuaTable(array: answers))]
            }
        }
    }

    /// The binding argument 1 names: a read-only operation of this module.
    private func binding(_ arguments: LuaArguments) throws -> CloudBinding {
        let name: String
        do {
            name = try arguments.string(1)
        } catch {
            throw arguments.mismatch(1, expected: "an operation name such as \"\(operations.first ?? "describe_key")\"")
        }
        guard let binding = bindings[name] else {
            // A name is the script's own text, which may be anything: quoted and compared only while short.
            let shown = name.count > 64 ? name.prefix(64) + "…" : name
            let nearest = name.count > 64 ? nil : WireName.nearest(to: name, in: bindings.keys)
            let hint = nearest.map { "did you mean '\($0)'? " } ?? ""
            throw LuaArgumentError(
                position: 1,
                message: "unknown operation '\(shown)' of \(module) (\(hint)read-only operations: "
                    + "\(operations.joined(separator: ", ")))")
        }
        guard Self.isReadOnly(binding) else {
            throw LuaArgumentError(
                position: 1,
                message: "\(name) changes the cloud (\(binding.requestType.ramAction)), and \(fullName) sends only "
                    + "read-only operations: ClientTokens and journal intents follow the order of a step's calls, "
                    + "which concurrent calls do not have, so a resumed run could not repeat them exactly; "
                    + "call \(binding.fullName) once per request")
        }
        return binding
    }

    /// The parameter tables of `list`, each checked as its single call checks it.
    private func requests(in list: LuaTable, for binding: CloudBinding) throws -> [LuaTable] {
        let count = list.array.count + list.fields.count
        guard count <= Self.maximumRequests else {
            throw LuaArgumentError(
                position: 2,
                message: "\(count) requests: at most \(Self.maximumRequests) per call; "
                    + "split the list and call \(fullName) once per \(Self.maximumRequests)")
        }
        guard list.fields.isEmpty else {
            throw LuaArgumentError(
                position: 2,
                message: "requests must be a list { {…}, {…} }: one parameter table per position from 1, "
                    + "without holes or named fields")
        }
        return try list.array.enumerated().map { offset, entry in
            guard case .table(let params) = entry else {
                throw LuaArgumentError(position: 2, message: "entry #\(offset + 1): table expected, got \(entry.typeName)")
            }
            do {
                try binding.checkParameters(params)
            } catch let error as LuaArgumentError {
                throw entryError(error, at: offset + 1)
            }
            return params
        }
    }

    /// The argument error for a request list LuaKit could not copy: the entry's own parameter error
    /// when the fault is inside one, else the list's.
    private func listError(_ error: LuaCopyError, binding: CloudBinding) -> LuaArgumentError {
        if case .tooLarge = error.reason {
            return LuaArgumentError(
                position: 2,
                message: "the request list is too large to copy under the memory cap (a table referenced many "
                    + "times is copied once per reference); pass at most \(Self.maximumRequests) small parameter "
                    + "tables, or raise the cap with --max-memory MB")
        }
        // Ancestors count from the list; the entry's own error counts them from the entry.
        var reason = error.reason
        if case .cycle(let ancestor) = reason { reason = .cycle(ancestor: ancestor - 1) }
        guard case .integer(let index) = error.path.first, reason != .cycle(ancestor: -1) else {
            return LuaArgumentError(position: 2, message: "the request list: \(error.description)")
        }
        let inner = binding.parameterError(LuaCopyError(path: Array(error.path.dropFirst()), reason: reason))
        return entryError(inner, at: Int(clamping: index))
    }

    /// An entry's argument error as this function's: argument 2, the entry's position first.
    func entryError(_ error: LuaArgumentError, at position: Int) -> LuaArgumentError {
        LuaArgumentError(position: 2, message: "entry #\(position): \(error.message)")
    }
}
