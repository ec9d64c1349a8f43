import Foundation

/// The plan tests' world: the owner's key policy names a partner (`partner-audit`) and its KMS
/// instance has access-management quota for two of the three prod members (`vpc_num: 4`, one bound
/// VPC, the partner). Variants replace parts of it; the management account signs over HTTP with
/// `planAccessKey`.
let planWorld = """
    version: 1
    default_region: cn-hangzhou
    resource_directory:
      management_account: "1000000000000001"
      folders:
        - { id: fd-prod, name: prod }
        - { id: fd-partners, name: partners }
    accounts:
      - id: "1000000000000001"
        name: security
        access_keys:
          - { id: KSAKPLAN000000000001, secret: plan-test-secret-not-real-000000 }
        kms_instances:
          - { id: kst-hzz6aa1b2c3d4e5f6, region: cn-hangzhou, vpc_num: 4, key_num: 1000, bound_vpcs: 1 }
        keys:
          - id: key-hzz6aa1b2c3d4e5f6a7b8
            instance: kst-hzz6aa1b2c3d4e5f6
            region: cn-hangzhou
            alias: alias/shared-disk-key
            state: Enabled
            spec: Aliyun_AES_256
            policy:
              Version: "1"
              Statement:
                - { Sid: "kms default key policy", Effect: Allow, Principal: { RAM: [ "acs:ram::1000000000000001:*" ] }, Action: [ "kms:*" ], Resource: [ "*" ] }
                - { Sid: partner-audit, Effect: Allow, Principal: { RAM: [ "acs:ram::3000000000000001:root" ] }, Action: [ "kms:DescribeKey" ], Resource: [ "*" ] }
      - { id: "2000000000000001", name: prod-1, folder: fd-prod, tags: { env: prod } }
      - { id: "2000000000000002", name: prod-2, folder: fd-prod, tags: { env: prod } }
      - { id: "2000000000000003", name: prod-3, folder: fd-prod, tags: { env: prod } }
      - { id: "3000000000000001", name: partner, folder: fd-partners }
    """

/// The environment a `--backend http` client needs to sign as the plan world's management account.
let planClientEnvironment = [
    "ALIBABA_CLOUD_ACCESS_KEY_ID": "KSAKPLAN000000000001",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "plan-test-secret-not-real-000000",
    "ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true",
    "KEYSHARE_PLUGINS": packageRoot.appendingPathComponent("plugins").path,
]

/// The shipped share playbook.
let planSharePlaybook = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-disk-key.lua").path

/// One target's outcome as plan predicts it or a run reports it: what the two must agree on.
struct TargetPrediction: Equatable, CustomStringConvertible {
    /// `changed`, `unchanged`, `failed` or `skipped`.
    var status: String
    /// The failure code, for a failed target.
    var code: String?
    /// What was (or would be) written.
    var changes: [String]

    var description: String { "\(status) \(code ?? "") \(changes)" }
}

/// Reads the targets of a `keyshare plan --out` file, by account.
func plannedTargets(_ url: URL) throws -> [String: TargetPrediction] {
    let data = try Data(contentsOf: url)
    guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
        let targets = root["targets"] as? [[String: Any]]
    else {
        throw EndToEndSetupError(description: "plan JSON without targets: \(String(decoding: data, as: UTF8.self))")
    }
    var result: [String: TargetPrediction] = [:]
    for target in targets {
        guard let account = target["account"] as? String else { continue }
        let failure = target["failure"] as? [String: Any]
        result[account] = TargetPrediction(
            status: target["status"] as? String ?? "?", code: failure?["code"] as? String,
            changes: target["changes"] as? [String] ?? [])
    }
    return result
}

/// Reads the `target_finished` events of a `--reporter json=FILE` report, by account.
func reportedTargets(_ url: URL) throws -> [String: TargetPrediction] {
    let text = try String(contentsOf: url, encoding: .utf8)
    var result: [String: TargetPrediction] = [:]
    for line in text.split(separator: "\n") {
        guard let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            event["type"] as? String == "target_finished",
            let account = (event["target"] as? [String: Any])?["id"] as? String
        else { continue }
        let error = event["error"] as? [String: Any]
        result[account] = TargetPrediction(
            status: event["status"] as? String ?? "?", code: error?["code"] as? String,
            changes: event["changes"] as? [String] ?? [])
    }
    return result
}

/// Every file of `folder` with its bytes (the state, its sidecars and lock file, the world).
func folderContents(_ folder: URL) throws -> [String: Data] {
    var result: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
        result[name] = try Data(contentsOf: folder.appendingPathComponent(name))
    }
    return result
}

/// `keyshare serve --port 0 --log-level info` whose request log (standard error) goes to a file.
final class LoggedServer: Sendable {
    /// The server process.
    let process: ChildProcess
    /// `http://127.0.0.1:PORT`.
    let endpoint: String
    /// The file holding its standard error.
    let log: URL

    private init(process: ChildProcess, endpoint: String, log: URL) {
        self.process = process
        self.endpoint = endpoint
        self.log = log
    }

    /// Starts the server on `world`, logging to `log`, and waits for its address.
    static func start(world: String, log: URL) async throws -> LoggedServer {
        try await onOwnThread {
            guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
                throw EndToEndSetupError(description: "cannot create the server log \(log.path)")
            }
            let process = ChildProcess()
            process.executableURL = keyshareBinary
            process.arguments = ["serve", "--port", "0", "--log-level", "info", "--world", world]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = try FileHandle(forWritingTo: log)
            try process.run()
            var seen = Data()
            let deadline = Date().addingTimeInterval(60)
            while !seen.contains(UInt8(ascii: "\n")) && Date() < deadline {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                seen.append(chunk)
            }
            let line = String(decoding: seen, as: UTF8.self)
            guard let range = line.range(of: "http://127.0.0.1:") else {
                process.terminate()
                process.waitUntilExit()
                throw EndToEndSetupError(description: "keyshare serve did not say where it listens: \(line)")
            }
            let endpoint = String(line[range.lowerBound...].prefix { !$0.isWhitespace })
            return LoggedServer(process: process, endpoint: endpoint, log: log)
        }
    }

    /// The actions the server answered so far, in order (`action=…` of each request line).
    func actions() throws -> [String] {
        let text = try String(contentsOf: log, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "action=") else { return nil }
            let action = line[range.upperBound...].prefix { $0.isLetter || $0.isNumber }
            return action.isEmpty ? nil : String(action)
        }
    }

    /// Stops it (SIGTERM) and waits.
    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// Whether a wire action changes the cloud (everything but reads, AssumeRole and crypto).
func isMutatingAction(_ action: String) -> Bool {
    if ["Get", "List", "Describe"].contains(where: { action.hasPrefix($0) }) { return false }
    return !["AssumeRole", "Encrypt", "Decrypt", "GenerateDataKey"].contains(action)
}
