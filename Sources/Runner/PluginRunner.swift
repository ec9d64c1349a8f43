import CloudAPI
import CloudModel
import Foundation
import Grants
import LuaKit
import Rollout

/// Runs playbooks: one Lua state with the bindings and plugins, one coroutine per target, targets
/// scheduled by Rollout, events delivered to reporter plugins. It receives its `Cloud` from the
/// caller and never picks a backend.
package actor PluginRunner {
    private let cloud: any Cloud
    private let options: RunOptions
    private let state: LuaState
    /// The plugins found on the search path (with diagnostics of those that failed to load).
    package nonisolated let catalog: PluginCatalog
    private var reporters: [(handler: LuaReference, output: ReportOutput, name: String)] = []
    /// Reporters that could not write their report (named with their file), in order; a run
    /// with any is not a success, though every target ran.
    package private(set) var reportFailures: [String] = []
    /// What the key-policy writers confirmed per account: notes for the log, grants of failed steps.
    private let grants: KeyPolicyJournal
    /// The run's key-policy writers and pools.
    private let writers: KeyPolicyWriters

    /// Creates the state, registers every binding and loads the plugins.
    package init(cloud: any Cloud, options: RunOptions) throws {
        self.cloud = cloud
        self.options = options
        let state = try LuaState(
            options: LuaState.Options(
                sandbox: options.sandbox, memoryLimit: options.memoryLimit, instructionLimit: options.instructionLimit,
                pluginPaths: options.searchPath.folders,
                // Never the working directory: relative paths resolve against the playbook's folder.
                readablePaths: options.readablePaths + options.searchPath.folders,
                baseDirectory: options.readablePaths.first))
        try options.prepareState?(state)
        let callers = CallerResolver(defaultCaller: .root(options.defaultAccount, region: options.region))
        let writers = KeyPolicyWriters(cloud: cloud)
        self.writers = writers
        // Plugins page through listings one request at a time; the next pages are asked for ahead.
        // A key policy a plugin sets itself makes the writers read before their next write.
        let reading = PageReadAhead(ForeignPolicyWriteWatch(cloud, ledger: writers.ledger))
        for module in BindingCatalog.cloudModules {
            try state.register(BindingCatalog.module(module, cloud: reading, callers: callers))
        }
        try state.register(HelperModules.json)
        try state.register(HelperModules.yaml)
        grants = writers.journal
        try state.register(HelperModules.keyshare(writers: writers, sleep: options.sleep))
        catalog = PluginCatalog.load(options.searchPath, into: state)
        self.state = state
    }

    /// Runs the Lua file at `url`: a playbook (a returned table with `steps`) becomes a rollout;
    /// anything else runs as a plain script in a coroutine, so its binding calls may suspend.
    package func run(_ url: URL, arguments: [LuaValue] = []) async throws -> RunOutcome {
        let label = url.relativePath
        let source: String
        do {
            source = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw RunError("cannot read \(label): \(error.localizedDescription)")
        }
        let chunk = try state.loadFile(url)
        let results = try await state.run(chunk, arguments: arguments)
        guard let value = results.first, Playbook.isPlaybook(value), case .table(let table) = value else {
            return .script(results)
        }
        // A playbook takes params, not arguments: a stray word is a mistyped option or value.
        if let word = arguments.first {
            throw RunError(
                "\(label) is a playbook, which takes no arguments, got '\(word.stringValue ?? "?")': pass values as "
                    + "--param name=value (see `keyshare plugins show PLUGIN` for the params), options before or after the file")
        }
        let name = url.deletingPathExtension().lastPathComponent
        let playbook = try PlaybookParser(label: label, source: source, catalog: catalog).parse(table, name: name)
        let folder = url.deletingLastPathComponent().standardizedFileURL.path
        let origin = PlaybookOrigin(path: url.standardizedFileURL.path, digest: PlaybookOrigin.digest(of: source))
        return .rollout(try await roll(playbook, folder: folder, origin: origin))
    }

    /// The id of the last rollout this runner ran or resumed (nil before any).
    package private(set) var lastRunID: RunID?

    private func roll(_ playbook: Playbook, folder: String, origin: PlaybookOrigin) async throws -> RolloutSummary {
        let specs = playbook.plugins.flatMap { catalog.plugins[$0]?.params ?? [] }
        let params = try ParamResolver.resolve(specs: specs, playbook: playbook.params, command: options.params)
        let runtime = try state.execute("return require('_lib.keyshare.runtime')", chunkName: "keyshare-runtime")
        guard case .table(let module) = runtime.first ?? .nil, case .function(let prepare) = module["prepare"],
            case .function(let makeReporter) = module["reporter"]
        else { throw RunError("plugins/_lib/keyshare/runtime.lua is missing or broken: reinstall keyshare's plugins") }

        let staging = options.staging.applied(to: playbook.staging.rollout)
        options.governor?.use(playbook.staging.rate.merging(options.rate))
        try Self.checkPausesAnswerable(staging, playbook: playbook, answer: options.staging.answer)
        let region = playbook.region ?? options.region
        let journaling = options.journaling
        let journal: (any RolloutJournal)?
        do {
            journal = try journaling?.open()
        } catch {
            throw RunError("\(error)")
        }
        let resumed = try await Self.resumedRun(journaling?.resume, in: journal)
        if options.soleWriter { await writers.declareSoleWriter() }
        // Runs sharing a journal take turns writing a key's policy (a sole writer has nobody to wait for).
        if !options.soleWriter, let shared = journal as? SQLiteJournal { await writers.useLock(JournalKeyLock(journal: shared)) }
        // Grants queue their intents; each policy write first makes the batch's intents durable.
        if let journal { await writers.useBarrier { try await journal.makeDurable() } }
        let run = resumed?.record.id ?? RunID.make()
        lastRunID = run
        var config = Self.config(
            playbook, params: params, region: region, folder: folder, run: run,
            owner: playbook.owner ?? options.defaultAccount, allowEmpty: options.allowEmpty)
        if let resumed {
            // A resume runs the targets the run planned, whatever the inventory says today.
            config["inventory"] = .nil
            config["targets"] = .table(LuaTable(array: resumed.record.targets.map(Self.luaTarget)))
            config["allow_empty"] = .boolean(true)
        }
        // The setup's changes are buffered until the run's record exists (it needs the targets
        // and steps the setup produces), then journaled, also when the setup fails.
        let setupJournal = journal.map { _ in BufferedMutations() }
        let setupScope = StepScope(run: run, target: nil, step: nil, journal: setupJournal)
        let prepareCall = LuaCall(prepare, arguments: [.table(config)], context: setupScope)
        let preparing = await state.withCoroutineHost { host in await host.run(prepareCall) }
        let prepared: [LuaValue]
        do {
            prepared = try preparing.get()
        } catch {
            let message = "\(playbook.label): preparing the run failed: \(Self.message(of: error))"
            if let journaling, let journal, let setupJournal, resumed == nil, await setupJournal.hasMutations {
                try? await journal.beginRun(Self.record(run, origin: origin, journaling: journaling, targets: [], steps: []))
                try? await setupJournal.flush(to: journal)
                try? await journal.finishRun(run, status: .failed, summary: message, at: Date())
            }
            throw RunError(message)
        }
        guard case .function(let runStep) = prepared.first ?? .nil else {
            throw RunError("\(playbook.label): the runtime returned no step runner")
        }
        let targets = try Self.targets(prepared.count > 1 ? prepared[1] : .nil, label: playbook.label)
        setupChanges = (prepared.count > 2 ? prepared[2].tableValue?.array ?? [] : []).compactMap(\.stringValue)
        let names = (prepared.count > 3 ? prepared[3].tableValue?.array ?? [] : []).compactMap(\.stringValue)
        let concurrency =
            options.staging.concurrency ?? options.concurrency.map(RolloutAmount.count) ?? playbook.concurrency
            ?? .count(10)
        let plan = try RolloutPlan(targets: targets, concurrency: concurrency, staging: staging)
        let pause = prepared.count > 4 ? prepared[4] : .nil
        let steps = names.enumerated().map { StepDescriptor(index: $0, name: $1) }
        if let resumed, resumed.record.steps != names {
            throw RunError(
                "\(playbook.label): cannot resume \(run): its steps were \(resumed.record.steps.joined(separator: ", ")), "
                    + "the playbook now has \(names.joined(separator: ", ")); start a new run instead (`keyshare run`)")
        }
        if let journaling, let journal, let setupJournal {
            do {
                if let resumed {
                    if resumed.record.playbookDigest != origin.digest {
                        resumeNotes.append("\(playbook.label) changed since \(run) started; resuming with its current text")
                    }
                    try await journal.reopenRun(run, at: Date())
                } else {
                    try await journal.beginRun(
                        Self.record(
                            run, origin: origin, journaling: journaling,
                            targets: targets, steps: names))
                }
                try await setupJournal.flush(to: journal)
                journaling.announce(run)
            } catch {
                throw RunError("the journal could not record run \(run): \(error)")
            }
        }

        reporters = []
        for choice in options.reporters {
            guard catalog.plugins[choice.name]?.provides[.reporter] != nil else {
                throw RunError(
                    "--reporter \(choice.name): no reporter plugin of that name (available: "
                        + catalog.sorted.filter { $0.provides[.reporter] != nil }.map(\.name).joined(separator: ", ") + ")")
            }
            let made = try state.call(makeReporter, arguments: [.string(choice.name), .table(params)])
            guard case .function(let handler) = made.first ?? .nil else {
                throw RunError("reporter \(choice.name) returned no event handler")
            }
            reporters.append((handler, try ReportOutput.open(choice.output, reporter: choice.name), choice.name))
        }
        currentPlaybook = playbook.name
        let sink = ReporterSink(runner: self)
        var governed = RolloutEngine(plan: plan, steps: steps, run: run, journal: journal, earlier: resumed?.steps ?? [])
        governed.brake = options.governor?.brake
        governed.throttle = options.governor?.meter
        let engine = governed
        let grants = grants
        let answer = options.staging.answer
        let hook = playbook.staging.hook
        let summary = await state.withCoroutineHost { host in
            await engine.run(
                events: sink,
                executor: LuaStepExecutor(
                    host: host, runStep: runStep, run: run, grants: grants, journal: journal, events: sink),
                gate: Self.gate(answer: answer, hook: hook, pause: pause, host: host, run: run))
        }
        if let journal {
            do {
                try await journal.finishRun(
                    run, status: summary.isSuccess ? .succeeded : .failed,
                    summary: summary.line, at: Date())
            } catch {
                reportFailures.append("the journal could not record the end of run \(run): \(error)")
            }
        }
        return summary
    }

    /// What the runner noticed while resuming (the playbook changed since the run started).
    package private(set) var resumeNotes: [String] = []

    /// The run `id` resumes and its step records, or nil for a new run.
    private static func resumedRun(_ id: RunID?, in journal: (any RolloutJournal)?) async throws
        -> (record: RunRecord, steps: [StepRecord])?
    {
        guard let id, let journal else { return nil }
        let record: RunRecord?
        let steps: [StepRecord]
        do {
            record = try await journal.run(id)
            steps = MutationRecord.attributing(try await journal.mutations(of: id), to: try await journal.steps(of: id))
        } catch {
            throw RunError("cannot read run \(id) from the journal: \(error)")
        }
        guard let record else {
            throw RunError("the journal has no run \(id): `keyshare runs list` shows the runs it holds")
        }
        return (record, steps)
    }

    /// The journal's record of a new run.
    private static func record(
        _ run: RunID, origin: PlaybookOrigin, journaling: RunOptions.Journaling,
        targets: [RolloutTarget], steps: [String]
    ) -> RunRecord {
        RunRecord(
            id: run, playbook: origin.path, playbookDigest: origin.digest, invocation: journaling.invocation,
            workingDirectory: journaling.workingDirectory, backend: journaling.backend, targets: targets,
            steps: steps, startedAt: Date())
    }

    private var currentPlaybook = ""
    /// What the inventory, hooks and setup steps changed before any target ran (owner-side
    /// resources such as reshare_image's image); `run_started` carries them as `setup_changes`.
    private var setupChanges: [String] = []

    /// Runs the spec case `name` of the spec file at `url` in a coroutine (see `runtime.run_spec`).
    package func runSpec(_ url: URL, name: String, key: String?) async throws {
        let chunk = try state.loadFile(url)
        let loaded = try await state.run(chunk)
        guard case .table(let cases) = loaded.first ?? .nil, case .function(let function) = cases[name] else {
            throw RunError("\(url.lastPathComponent) has no spec case '\(name)'")
        }
        let runtime = try state.execute("return require('_lib.keyshare.runtime')", chunkName: "keyshare-runtime")
        guard case .table(let module) = runtime.first ?? .nil, case .function(let runSpec) = module["run_spec"] else {
            throw RunError("plugins/_lib/keyshare/runtime.lua has no run_spec")
        }
        var config = LuaTable()
        config["owner"] = .string(options.defaultAccount.rawValue)
        config["region"] = .string(options.region.rawValue)
        if let key { config["key"] = .string(key) }
        _ = try await state.run(runSpec, arguments: [.function(function), .table(config)])
    }

    /// When the run's first event was reported: events carry `now_ms` from it (reporters have
    /// only whole seconds of wall time, too coarse for a rate or a throttled live display).
    private var reportingStartedAt: ContinuousClock.Instant?

    /// Delivers an event to every reporter (errors in a reporter are printed, not fatal).
    func report(_ event: RolloutEvent) {
        guard !reporters.isEmpty else { return }
        let now = ContinuousClock.now
        var table = RunEvents.table(for: event, playbook: currentPlaybook)
        if case .started = event {
            reportingStartedAt = now
            table["setup_changes"] = .table(LuaTable(array: setupChanges.map(LuaValue.string)))
        }
        table["now_ms"] = .number(RunEvents.milliseconds(now - (reportingStartedAt ?? now)))
        // The run's throttling waits so far, in-flight targets' included (a live display's figure).
        table["throttle_wait_total_ms"] = .number(RunEvents.milliseconds(options.governor?.meter.total ?? .zero))
        for reporter in reporters {
            var table = table
            // Per reporter: one may write to a terminal (a live status line) and another to a file.
            if case .started = event {
                let terminal = reporter.output.isTerminal
                table["is_terminal"] = .boolean(terminal)
                table["color"] = .boolean(terminal && ReportOutput.colorAllowed)
            }
            do {
                let text = try state.call(reporter.handler, arguments: [.table(table)])
                if case .string(let output) = text.first ?? .nil, let failure = reporter.output.write(output) {
                    reportFailures.append(failure)
                    try? FileHandle.standardError.write(contentsOf: Data("keyshare: \(failure)\n".utf8))
                }
            } catch {
                try? FileHandle.standardError.write(
                    contentsOf: Data("reporter \(reporter.name) failed: \(Self.message(of: error))\n".utf8))
            }
        }
    }

    /// The one-line message of a Lua error (the `__tostring` of error tables).
    static func message(of error: any Error) -> String {
        if let error = error as? LuaError { return error.message }
        return String(describing: error)
    }

    private static func config(
        _ playbook: Playbook, params: LuaTable, region: RegionID, folder: String, run: RunID,
        owner: AccountID, allowEmpty: Bool
    ) -> LuaTable {
        var config = LuaTable()
        config["playbook"] = .string(playbook.name)
        config["playbook_dir"] = .string(folder)
        config["run_id"] = .string(run.rawValue)
        config["region"] = .string(region.rawValue)
        config["owner"] = .string(owner.rawValue)
        if let key = playbook.key { config["key"] = .string(key) }
        if !playbook.keys.isEmpty { config["keys"] = .table(LuaTable(array: playbook.keys.map(LuaValue.string))) }
        config["params"] = .table(params)
        config["allow_empty"] = .boolean(allowEmpty)
        config["steps"] = .table(
            LuaTable(
                array: playbook.steps.map { step in
                    switch step {
                    case .inline(let function): return .function(function)
                    case .action(let plugin, let name): return ["plugin": .string(plugin), "action": .string(name)]
                    }
                }))
        switch playbook.inventory {
        case .plugin(let name): config["inventory"] = .string(name)
        case .function(let function): config["inventory"] = .function(function)
        case .literal(let targets): config["targets"] = .table(LuaTable(array: targets))
        }
        config["hooks"] = .table(
            LuaTable(array: playbook.hooks.map { ["plugin": .string($0.plugin), "name": .string($0.name)] }))
        return config
    }

    private static func targets(_ value: LuaValue, label: String) throws -> [RolloutTarget] {
        guard case .table(let list) = value else { return [] }
        return try list.array.enumerated().map { index, entry in
            guard case .table(let fields) = entry else {
                throw RunError("\(label): target #\(index + 1) is not a table { id = \"<uid>\", name = … }")
            }
            let id: String
            switch fields["id"] {
            case .string(let text) where AccountID(text) != nil: id = text
            case .integer(let number): id = String(number)
            default: throw RunError("\(label): target #\(index + 1) has no account UID in `id`")
            }
            var tags: [String: String] = [:]
            for case (.string(let key), .string(let value)) in (fields["tags"].tableValue?.fields ?? [:]).map({
                ($0.key, $0.value)
            }) {
                tags[key] = value
            }
            return RolloutTarget(id: id, name: fields["name"].stringValue, folder: fields["folder"].stringValue, tags: tags)
        }
    }

    static func luaTarget(_ target: RolloutTarget) -> LuaValue {
        var tags = LuaTable()
        for (key, value) in target.tags { tags[key] = .string(value) }
        var table = LuaTable()
        table["id"] = .string(target.id)
        table["name"] = .string(target.name)
        if let folder = target.folder { table["folder"] = .string(folder) }
        table["tags"] = .table(tags)
        return .table(table)
    }
}

/// Forwards rollout events to the runner's reporters, on the runner's isolation.
struct ReporterSink: RolloutEventSink {
    let runner: PluginRunner
    func handle(_ event: RolloutEvent) async { await runner.report(event) }
}
