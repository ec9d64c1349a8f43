import ACSClient
import CloudAPI
import CloudModel
import Foundation
import Testing

@Suite("Credential chain")
struct CredentialChainTests {
    static let config = #"""
        {
          "current": "dev",
          "profiles": [
            {"name": "dev", "mode": "AK", "access_key_id": "LTAIdev", "access_key_secret": "dev-secret",
             "region_id": "cn-shanghai", "output_format": "json", "language": "en"},
            {"name": "temp", "mode": "StsToken", "access_key_id": "STS.temp", "access_key_secret": "temp-secret",
             "sts_token": "temp-token"},
            {"name": "admin", "mode": "RamRoleArn", "access_key_id": "LTAIsrc", "access_key_secret": "src-secret",
             "ram_role_arn": "acs:ram::1111222233334444:role/admin", "ram_session_name": "ops",
             "expired_seconds": 1800, "external_id": "ext-1", "sts_region": "cn-shanghai"},
            {"name": "chained", "mode": "ChainableRamRoleArn", "source_profile": "dev",
             "ram_role_arn": "acs:ram::1111222233334444:role/deployer"},
            {"name": "loop", "mode": "ChainableRamRoleArn", "source_profile": "loop", "ram_role_arn": "acs:ram::1:role/x"},
            {"name": "broken", "mode": "AK", "access_key_id": "LTAIbroken"},
            {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "r"}
          ]
        }
        """#

    /// A chain over a temporary config.json holding `contents`.
    private func chain(
        _ environment: [String: String] = [:], profile: String? = nil,
        contents: String? = CredentialChainTests.config
    ) throws -> CredentialChain {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("acsclient-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("config.json")
        if let contents { try Data(contents.utf8).write(to: file) }
        return CredentialChain(environment: environment, configFile: file, profile: profile)
    }

    private func fixed(_ resolved: ResolvedCredentials) -> AccessCredentials? {
        if case .fixed(let credentials) = resolved.source { return credentials }
        return nil
    }

    @Test("environment keys win over the config file")
    func environmentFirst() throws {
        let resolved = try chain(["ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIenv", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "env-secret"])
            .resolve()
        #expect(fixed(resolved) == AccessCredentials(accessKeyID: "LTAIenv", accessKeySecret: "env-secret"))
        #expect(resolved.origin == "environment")
    }

    @Test("an environment security token makes STS credentials")
    func environmentToken() throws {
        let resolved = try chain([
            "ALIBABA_CLOUD_ACCESS_KEY_ID": "STS.env", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s",
            "ALIBABA_CLOUD_SECURITY_TOKEN": "tok",
        ]).resolve()
        #expect(fixed(resolved)?.securityToken == "tok")
    }

    @Test("half a key pair in the environment names the missing variable")
    func environmentHalf() throws {
        let error = #expect(throws: ClientConfigurationError.self) {
            try chain(["ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIenv"]).resolve()
        }
        #expect(error?.input == "ALIBABA_CLOUD_ACCESS_KEY_ID")
        #expect(error?.problem.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET") == true)
    }

    @Test("without environment keys the file's current profile is used, with its region")
    func currentProfile() throws {
        let resolved = try chain().resolve()
        #expect(fixed(resolved) == AccessCredentials(accessKeyID: "LTAIdev", accessKeySecret: "dev-secret"))
        #expect(resolved.regionID == "cn-shanghai")
        #expect(resolved.origin.contains("profile 'dev'"))
    }

    @Test("ALIBABA_CLOUD_PROFILE picks another profile; an explicit profile beats the environment")
    func profileSelection() throws {
        #expect(fixed(try chain(["ALIBABA_CLOUD_PROFILE": "temp"]).resolve())?.securityToken == "temp-token")
        let explicit = try chain(
            ["ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIenv", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "e"],
            profile: "temp"
        ).resolve()
        #expect(fixed(explicit)?.accessKeyID == "STS.temp")
    }

    @Test("StsToken mode carries the token")
    func stsTokenMode() throws {
        let credentials = fixed(try chain(profile: "temp").resolve())
        #expect(
            credentials
                == AccessCredentials(
                    accessKeyID: "STS.temp", accessKeySecret: "temp-secret",
                    securityToken: "temp-token"))
    }

    @Test("RamRoleArn mode assumes the role with the profile's keys, session, duration and external id")
    func ramRoleArnMode() throws {
        let resolved = try chain(profile: "admin").resolve()
        guard case .assumedRole(let source, let request, let stsRegion) = resolved.source else {
            Issue.record("expected an assumed role, got \(resolved.source)")
            return
        }
        #expect(stsRegion == "cn-shanghai")
        #expect(source == .fixed(AccessCredentials(accessKeyID: "LTAIsrc", accessKeySecret: "src-secret")))
        #expect(
            request
                == AssumeRoleRequest(
                    roleARN: "acs:ram::1111222233334444:role/admin", roleSessionName: "ops",
                    durationSeconds: 1800, externalID: "ext-1"))
    }

    @Test("ChainableRamRoleArn assumes the role with the source profile's credentials")
    func chainableMode() throws {
        let resolved = try chain(profile: "chained").resolve()
        guard case .assumedRole(let source, let request, _) = resolved.source else {
            Issue.record("expected an assumed role")
            return
        }
        #expect(source == .fixed(AccessCredentials(accessKeyID: "LTAIdev", accessKeySecret: "dev-secret")))
        #expect(request.roleARN == "acs:ram::1111222233334444:role/deployer")
        #expect(request.roleSessionName == "keyshare")
        if case .assumedRole(_, _, let stsRegion) = resolved.source { #expect(stsRegion == nil) }
        #expect(throws: ClientConfigurationError.self) { try chain(profile: "loop").resolve() }
    }

    @Test("ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true skips the file")
    func profileDisabled() throws {
        let error = #expect(throws: ClientConfigurationError.self) {
            try chain(["ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true"]).resolve()
        }
        #expect(error?.fix.contains("ALIBABA_CLOUD_ACCESS_KEY_ID") == true)
    }

    @Test("a missing profile lists the ones that exist")
    func missingProfile() throws {
        let error = #expect(throws: ClientConfigurationError.self) { try chain(profile: "prod").resolve() }
        #expect(error?.input.contains("profile 'prod'") == true)
        #expect(error?.fix.contains("dev, temp, admin") == true)
    }

    @Test("a profile missing its secret, or in an unsupported mode, is refused by name")
    func incompleteProfiles() throws {
        let broken = #expect(throws: ClientConfigurationError.self) { try chain(profile: "broken").resolve() }
        #expect(broken?.problem.contains("access_key_secret") == true)
        let unsupported = #expect(throws: ClientConfigurationError.self) { try chain(profile: "ecs").resolve() }
        #expect(unsupported?.problem.contains("EcsRamRole") == true)
    }

    @Test("no environment keys and no file is a clear error; a malformed file too")
    func nothingFound() throws {
        #expect(throws: ClientConfigurationError.self) { try chain(contents: nil).resolve() }
        let malformed = #expect(throws: ClientConfigurationError.self) {
            try chain(contents: #"{"profiles": [{"mode": "AK", "access_key_secret": "leaky"}]}"#).resolve()
        }
        #expect(malformed?.problem.contains("name") == true)
        #expect(malformed?.description.contains("leaky") == false)
    }
}
