import CloudAPI
import CloudModel

/// Picks the endpoint of each product in each region (alibaba-api.md §1.2), or sends every
/// product to one override such as a `keyshare serve` on loopback.
package struct EndpointResolver: Sendable, Hashable {
    /// When set, every product and region goes here (`--endpoint`).
    package var override: Endpoint?

    /// Creates a resolver; without an override it uses the public endpoints over HTTPS.
    package init(override: Endpoint? = nil) {
        self.override = override
    }

    /// The endpoint for `product` in `region`.
    ///
    /// - Throws: `ClientConfigurationError` when a regional product gets an empty or malformed
    ///   region (a region is spliced into a host name, so it must be lower-case letters, digits
    ///   and dashes).
    package func endpoint(for product: CloudProduct, region: RegionID) throws -> Endpoint {
        if let override { return override }
        let name = region.rawValue
        switch product {
        case .ram, .resourceManager:
            return Endpoint(host: product.publicHost(region: name))
        case .sts where name.isEmpty:
            return Endpoint(host: "sts.aliyuncs.com")
        case .kms, .ecs, .sts, .resourceSharing:
            guard Self.isValidRegion(name) else {
                throw ClientConfigurationError(
                    input: "region '\(name)'", problem: "\(product.rawValue) is regional and needs a valid region ID",
                    fix: "pass --region with an ID such as cn-hangzhou")
            }
            return Endpoint(host: product.publicHost(region: name))
        }
    }

    private static func isValidRegion(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && !name.hasPrefix("-")
            && name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }
}
