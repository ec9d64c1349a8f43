/// A region such as `cn-hangzhou`; RAM and STS resources carry the empty region.
package struct RegionID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The region as Alibaba spells it.
    package let rawValue: String

    /// Wraps a region name without validation: regions are open-ended and checked by the service.
    package init(_ rawValue: String) { self.rawValue = rawValue }

    package init(stringLiteral value: String) { self.rawValue = value }

    /// The default region of the simulator's starter world and of the CLI.
    package static let hangzhou: RegionID = "cn-hangzhou"

    package var description: String { rawValue }

    package static func < (lhs: RegionID, rhs: RegionID) -> Bool { lhs.rawValue < rhs.rawValue }

    package init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
