import Foundation

/// The aliyun CLI's `~/.aliyun/config.json`: named profiles and the one in use.
///
/// Only the fields keyshare reads are decoded; the CLI writes many more, which are ignored.
package struct CLIConfiguration: Decodable, Sendable, Hashable {
    /// The profile the CLI uses when none is named.
    package var current: String?
    /// Every profile in the file.
    package var profiles: [CLIProfile]

    enum CodingKeys: String, CodingKey { case current, profiles }

    /// Creates a configuration (tests build one in memory).
    package init(current: String?, profiles: [CLIProfile]) {
        self.current = current
        self.profiles = profiles
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        current = try container.decodeIfPresent(String.self, forKey: .current)
        profiles = try container.decodeIfPresent([CLIProfile].self, forKey: .profiles) ?? []
    }

    /// The profile called `name`, if the file has it.
    package func profile(named name: String) -> CLIProfile? {
        profiles.first { $0.name == name }
    }
}

/// One profile of `~/.aliyun/config.json`; secrets stay out of every textual form.
package struct CLIProfile: Decodable, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The profile name.
    package var name: String
    /// `AK`, `StsToken`, `RamRoleArn`, `ChainableRamRoleArn`, … (keyshare reads the first four).
    package var mode: String
    /// `access_key_id`: the key pair of AK, StsToken and RamRoleArn profiles.
    package var accessKeyID: String?
    /// `access_key_secret`, never printed.
    package var accessKeySecret: String?
    /// `sts_token` of StsToken profiles, never printed.
    package var stsToken: String?
    /// `ram_role_arn`: the role RamRoleArn profiles assume.
    package var ramRoleARN: String?
    /// `ram_session_name` (keyshare uses `keyshare` when absent).
    package var ramSessionName: String?
    /// The session lifetime requested from STS, in seconds.
    package var expiredSeconds: Int?
    /// `external_id` sent with `AssumeRole`, when the role's trust policy asks for one.
    package var externalID: String?
    /// For `ChainableRamRoleArn`: the profile whose credentials assume the role.
    package var sourceProfile: String?
    /// The region whose STS endpoint assumes the role (central endpoint when absent).
    package var stsRegion: String?
    /// `region_id`: the profile's default region.
    package var regionID: String?

    enum CodingKeys: String, CodingKey {
        case name, mode
        case accessKeyID = "access_key_id"
        case accessKeySecret = "access_key_secret"
        case stsToken = "sts_token"
        case ramRoleARN = "ram_role_arn"
        case ramSessionName = "ram_session_name"
        case expiredSeconds = "expired_seconds"
        case externalID = "external_id"
        case sourceProfile = "source_profile"
        case stsRegion = "sts_region"
        case regionID = "region_id"
    }

    /// Creates a profile (tests build them in memory).
    package init(
        name: String, mode: String, accessKeyID: String? = nil, accessKeySecret: String? = nil,
        stsToken: String? = nil, ramRoleARN: String? = nil, ramSessionName: String? = nil,
        expiredSeconds: Int? = nil, externalID: String? = nil, sourceProfile: String? = nil,
        stsRegion: String? = nil, regionID: String? = nil
    ) {
        self.name = name
        self.mode = mode
        self.accessKeyID = accessKeyID
        self.accessKeySecret = accessKeySecret
        self.stsToken = stsToken
        self.ramRoleARN = ramRoleARN
        self.ramSessionName = ramSessionName
        self.expiredSeconds = expiredSeconds
        self.externalID = externalID
        self.sourceProfile = sourceProfile
        self.stsRegion = stsRegion
        self.regionID = regionID
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) throws -> String? {
            try container.decodeIfPresent(String.self, forKey: key).flatMap { $0.isEmpty ? nil : $0 }
        }
        name = try container.decode(String.self, forKey: .name)
        mode = try text(.mode) ?? "AK"
        accessKeyID = try text(.accessKeyID)
        accessKeySecret = try text(.accessKeySecret)
        stsToken = try text(.stsToken)
        ramRoleARN = try text(.ramRoleARN)
        ramSessionName = try text(.ramSessionName)
        // The CLI writes a number; hand-edited files sometimes hold a string.
        if let number = try? container.decodeIfPresent(Int.self, forKey: .expiredSeconds) {
            expiredSeconds = number
        } else {
            expiredSeconds = try text(.expiredSeconds).flatMap { Int($0) }
        }
        externalID = try text(.externalID)
        sourceProfile = try text(.sourceProfile)
        stsRegion = try text(.stsRegion)
        regionID = try text(.regionID)
    }

    package var description: String {
        "CLIProfile(\(name), mode: \(mode), key: \(accessKeyID ?? "none"), secret: <redacted>"
            + (ramRoleARN.map { ", role: \($0)" } ?? "") + ")"
    }

    package var debugDescription: String { description }

    package var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "name": name, "mode": mode, "accessKeyID": accessKeyID as Any,
                "accessKeySecret": "<redacted>", "stsToken": "<redacted>",
                "ramRoleARN": ramRoleARN as Any,
            ])
    }
}
