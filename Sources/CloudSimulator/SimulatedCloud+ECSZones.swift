import CloudAPI

// ECS zones: the world's zones per region (divergence SIM-046 for what the simulator makes up).
extension SimulatedCloud {
    /// The disk categories every simulated zone offers.
    static let zoneDiskCategories = ["cloud", "cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto", "cloud_essd_entry"]

    /// The zones of `region`: the world's list, else `<region>-h`, `-i`, `-j`, `-k`.
    func zones(in region: String) -> [String] {
        if let listed = meta.zones?[region] { return listed }
        return ["h", "i", "j", "k"].map { "\(region)-\($0)" }
    }

    /// Refuses a zone the region does not have (404 `InvalidZoneId.NotFound`).
    func checkZone(_ zone: String, region: String) throws {
        guard zones(in: region).contains(zone) else {
            throw CloudError.invalid(
                "InvalidZoneId.NotFound",
                "The specified zone \(zone) does not exist in \(region) (DescribeZones lists its zones).",
                status: 404)
        }
    }

    package func describeZones(_ request: DescribeZonesRequest, context: CallContext) async throws -> DescribeZonesResponse {
        try await perform(.ecs, context) {
            let regionName = try requiredRegion(request.regionID)
            _ = try authorizeECS(context, "ecs:DescribeZones", region: regionName, "*")
            let zones = zones(in: regionName).map { zone in
                ZoneInfo(
                    zoneID: zone, localName: zone, diskCategories: Self.zoneDiskCategories,
                    resourceTypes: ["Disk", "Instance"])
            }
            return DescribeZonesResponse(zones: zones)
        }
    }
}

// The requests this file answers: `SimulatedCloud.call` finds each behaviour through these.
extension DescribeZonesRequest: SimulatedOperation {
    package func answer(on cloud: SimulatedCloud, context: CallContext) async throws -> Response {
        try await cloud.describeZones(self, context: context)
    }
}
