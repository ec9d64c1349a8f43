import CloudAPI
import CloudModel
import Foundation

/// Finds credentials where the Alibaba Cloud tools keep them (alibaba-api.md §1.8):
///
/// 1. an explicit profile (`--profile`) of `~/.aliyun/config.json`;
/// 2. `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (and
///    `ALIBABA_CLOUD_SECURITY_TOKEN` for STS keys);
/// 3. unless `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`, the profile named by
///    `ALIBABA_CLOUD_PROFILE`, else the file's `current` profile.
///
/// Profile modes `AK`, `StsToken`, `RamRoleArn` and `ChainableRamRoleArn` are understood; roles
/// are assumed through the central STS endpoint unless `sts_region` (or
/// `ALIBABA_CLOUD_STS_REGION`) names a regional one.
package struct CredentialChain: Sendable {
    /// The process environment (a test passes its own).
    package var environment: [String: String]
    /// The CLI configuration file.
    package var configFile: URL
    /// A profile named on the command line; it wins over everything else.
    package var profile: String?

    /// Creates a chain; `configFile` defaults to `$HOME/.aliyun/config.json`.
    package init(
        environment: [String: String] = ProcessInfo.processInfo.environment, configFile: URL? = nil,
        profile: String? = nil
    ) {
        self.environment = environment
        let home =
            environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        self.configFile = configFile ?? home.appendingPathComponent(".aliyun/config.json")
        self.profile = profile
    }

    /// Finds the credentials, without any network call.
    ///
    /// - Throws: `ClientConfigurationError` naming the variable, file or profile at fault and
    ///   how to fix it.
    package func resolve() throws -> ResolvedCredentials {
        if let profile { return try resolveProfile(named: profile, in: loadConfiguration(required: true)) }
        if let fromEnvironment = try resolveEnvironment() { return fromEnvironment }
        if environment["ALIBABA_CLOUD_CLI_PROFILE_DISABLED"]?.lowercased() != "true",
            let configuration = try loadConfiguration(required: false)
        {
            let name =
                environment["ALIBABA_CLOUD_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
                ?? configuration.current ?? "default"
            return try resolveProfile(named: name, in: configuration)
        }
        throw ClientConfigurationError(
            input: "credentials", problem: "none were found in the environment or in \(configFile.path)",
            fix:
                "set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, run `aliyun configure`, or pass --profile NAME"
        )
    }

    /// Makes `source` live: fixed keys as they are, roles assumed through `issuer(stsRegion)`.
    package static func provider(
        for source: CredentialSource,
        issuer: (RegionID?) -> any SecurityTokenIssuer
    ) -> any CredentialProvider {
        switch source {
        case .fixed(let credentials):
            StaticCredentialProvider(credentials)
        case .assumedRole(let inner, let request, let region):
            AssumedRoleCredentialProvider(
                source: provider(for: inner, issuer: issuer), request: request,
                issuer: issuer(region))
        }
    }

    private func resolveEnvironment() throws -> ResolvedCredentials? {
        let id = environment["ALIBABA_CLOUD_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = environment["ALIBABA_CLOUD_ACCESS_KEY_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        switch (id, secret) {
        case (nil, nil):
            return nil
        case (let id?, let secret?):
            let token = environment["ALIBABA_CLOUD_SECURITY_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            let credentials = AccessCredentials(accessKeyID: id, accessKeySecret: secret, securityToken: token)
            return ResolvedCredentials(
                source: .fixed(credentials), origin: "environment",
                regionID: environment["ALIBABA_CLOUD_REGION_ID"].map { RegionID($0) })
        case (nil, _):
            throw ClientConfigurationError(
                input: "ALIBABA_CLOUD_ACCESS_KEY_SECRET", problem: "it is set but ALIBABA_CLOUD_ACCESS_KEY_ID is not",
                fix: "set both variables, or unset both to use ~/.aliyun/config.json")
        case (_, nil):
            throw ClientConfigurationError(
                input: "ALIBABA_CLOUD_ACCESS_KEY_ID", problem: "it is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not",
                fix: "set both variables, or unset both to use ~/.aliyun/config.json")
        }
    }

    private func loadConfiguration(required: Bool) throws -> CLIConfiguration? {
        let data: Data
        do {
            data = try Data(contentsOf: configFile)
        } catch {
            guard required else { return nil }
            throw ClientConfigurationError(
                input: configFile.path, problem: "it cannot be read",
                fix: "create it with `aliyun configure --profile NAME`, or set ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET")
        }
        do {
            return try JSONDecoder().decode(CLIConfiguration.self, from: data)
        } catch {
            throw ClientConfigurationError(
                input: configFile.path, problem: "it is not a valid aliyun CLI configuration (\(Self.summary(of: error)))",
                fix: "repair it or recreate it with `aliyun configure`")
        }
    }

    private func resolveProfile(
        named name: String, in configuration: CLIConfiguration?,
        visited: Set<String> = []
    ) throws -> ResolvedCredentials {
        let input = "profile '\(name)' of \(configFile.path)"
        guard let configuration, let profile = configuration.profile(named: name) else {
            let known = configuration?.profiles.map(\.name).joined(separator: ", ") ?? ""
            throw ClientConfigurationError(
                input: input, problem: "there is no such profile",
                fix: known.isEmpty
                    ? "create it with `aliyun configure --profile \(name)`"
                    : "use one of: \(known), or create it with `aliyun configure --profile \(name)`")
        }
        let origin = input
        let region = profile.regionID.map { RegionID($0) }
        let stsRegion = (profile.stsRegion ?? environment["ALIBABA_CLOUD_STS_REGION"]).flatMap {
            $0.isEmpty ? nil : RegionID($0)
        }
        func required(_ value: String?, _ field: String) throws -> String {
            guard let value else {
                throw ClientConfigurationError(
                    input: input, problem: "mode \(profile.mode) needs '\(field)'",
                    fix: "add it with `aliyun configure --profile \(name) --mode \(profile.mode)`")
            }
            return value
        }
        func keys(token: String? = nil) throws -> AccessCredentials {
            AccessCredentials(
                accessKeyID: try required(profile.accessKeyID, "access_key_id"),
                accessKeySecret: try required(profile.accessKeySecret, "access_key_secret"),
                securityToken: token)
        }
        func roleRequest() throws -> AssumeRoleRequest {
            let seconds = profile.expiredSeconds ?? 3600
            guard seconds >= 900 else {
                throw ClientConfigurationError(
                    input: input, problem: "expired_seconds \(seconds) is below 900",
                    fix: "set expired_seconds between 900 and the role's maximum session")
            }
            return AssumeRoleRequest(
                roleARN: try required(profile.ramRoleARN, "ram_role_arn"),
                roleSessionName: profile.ramSessionName ?? "keyshare", durationSeconds: seconds,
                externalID: profile.externalID)
        }
        switch profile.mode {
        case "AK":
            return ResolvedCredentials(source: .fixed(try keys()), origin: origin, regionID: region)
        case "StsToken":
            let token = try required(profile.stsToken, "sts_token")
            return ResolvedCredentials(source: .fixed(try keys(token: token)), origin: origin, regionID: region)
        case "RamRoleArn":
            let source = CredentialSource.assumedRole(
                source: .fixed(try keys()), request: try roleRequest(),
                stsRegion: stsRegion)
            return ResolvedCredentials(source: source, origin: origin, regionID: region)
        case "ChainableRamRoleArn":
            let sourceName = try required(profile.sourceProfile, "source_profile")
            guard !visited.contains(sourceName), sourceName != name else {
                throw ClientConfigurationError(
                    input: input, problem: "source_profile '\(sourceName)' leads back to itself",
                    fix: "point source_profile at a profile with keys")
            }
            let inner = try resolveProfile(named: sourceName, in: configuration, visited: visited.union([name]))
            let source = CredentialSource.assumedRole(
                source: inner.source, request: try roleRequest(),
                stsRegion: stsRegion)
            return ResolvedCredentials(source: source, origin: origin, regionID: region ?? inner.regionID)
        default:
            throw ClientConfigurationError(
                input: input, problem: "mode \(profile.mode) is not supported",
                fix:
                    "use a profile in mode AK, StsToken, RamRoleArn or ChainableRamRoleArn, or set ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET"
            )
        }
    }

    /// A decoding error in one line, without file content (which could hold a secret).
    private static func summary(of error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "unreadable JSON" }
        switch decoding {
        case .keyNotFound(let key, let context):
            return "missing '\(key.stringValue)' at \(path(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context.codingPath))"
        case .dataCorrupted:
            return "malformed JSON"
        @unknown default:
            return "unreadable JSON"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
