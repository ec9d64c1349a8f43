import ACSClient
import ArgumentParser
import CloudModel
import Foundation

/// The flags that pick and configure the cloud a command talks to: the simulator (default) or
/// Alibaba Cloud's OpenAPI over signed HTTP (real cloud, or `keyshare serve` via `--endpoint`).
struct BackendOptions: ParsableArguments {
    /// Which backend serves the calls.
    enum Backend: String, ExpressibleByArgument, CaseIterable, Sendable {
        /// The in-process simulator.
        case sim
        /// Signed HTTP to Alibaba Cloud or to an `--endpoint`.
        case http
    }

    @Option(help: "The cloud to act on: sim (in-process simulator) or http (Alibaba Cloud OpenAPI).")
    var backend: Backend = .sim

    @Option(
        help: ArgumentHelp(
            "Send every product to this URL instead of the public endpoints (http backend).",
            valueName: "url"))
    var endpoint: String?

    @Option(help: ArgumentHelp("The ~/.aliyun/config.json profile to sign with (http backend).", valueName: "name"))
    var profile: String?

    @Option(
        help: ArgumentHelp(
            "The default region, e.g. cn-hangzhou (else ALIBABA_CLOUD_REGION_ID, the profile's region, cn-hangzhou).",
            valueName: "id"))
    var region: String?

    @Option(help: ArgumentHelp("The role assumed in member accounts (http backend).", valueName: "name"))
    var accessRole: String = AccountCredentialBroker.defaultAccessRoleName

    @OptionGroup var simulator: SimulatorLaunchOptions

    /// `--world`, for messages about the world the run opened.
    var world: String? { simulator.world }

    func validate() throws {
        switch backend {
        case .sim:
            if endpoint != nil || profile != nil {
                throw ValidationError("--endpoint and --profile apply to --backend http; add --backend http or drop them.")
            }
        case .http:
            if simulator.isUsed {
                throw ValidationError(
                    "--faults, --world, --state, --fresh-state and --wait-state apply to --backend sim; drop them or use --backend sim."
                )
            }
            if let endpoint {
                do {
                    _ = try Endpoint(parsing: endpoint)
                } catch {
                    throw ValidationError("\(error)")
                }
            }
        }
        try simulator.check()
        if accessRole.isEmpty || accessRole.contains(where: { !($0.isLetter || $0.isNumber || "-.".contains($0)) }) {
            throw ValidationError("--access-role '\(accessRole)' is not a RAM role name; use letters, digits, '-' and '.'.")
        }
        if let region, region.isEmpty {
            throw ValidationError("--region is empty; pass a region ID such as cn-hangzhou.")
        }
    }

    /// The region calls target unless a step says otherwise.
    ///
    /// - Parameter profileRegion: the credentials profile's `region_id`, when the http backend found one.
    func regionID(
        profileRegion: RegionID? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> RegionID {
        if let region { return RegionID(region) }
        if let fromEnvironment = environment["ALIBABA_CLOUD_REGION_ID"], !fromEnvironment.isEmpty {
            return RegionID(fromEnvironment)
        }
        return profileRegion ?? .hangzhou
    }

    /// How the sim backend opens its simulator (the starter world has `starterAccounts` members).
    func simulatorLaunch(starterAccounts: Int) -> SimulatorLaunch {
        simulator.launch(starterAccounts: starterAccounts)
    }

    /// The http backend: credentials from the chain (`--profile`, environment, CLI config),
    /// endpoints per product and region or `--endpoint`, member access through `--access-role`.
    ///
    /// The returned cloud owns an HTTP connection pool: call `shutdown()` on it when done.
    ///
    /// - Throws: `ClientConfigurationError` naming the missing or bad credential, profile or URL.
    func makeRemoteCloud() throws -> RemoteCloud {
        let credentials = try CredentialChain(profile: profile).resolve()
        let endpoints = EndpointResolver(override: try endpoint.map(Endpoint.init(parsing:)))
        let transport = AsyncHTTPClientTransport()
        let caller = ACSCaller(transport: transport, codec: ACSWireCodec(), endpoints: endpoints)
        return RemoteCloud(
            caller: caller, credentials: credentials.source, accessRoleName: accessRole,
            shutdown: { try await transport.shutdown() })
    }
}
