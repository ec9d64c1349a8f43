// ECS zone requests. Fields mirror the wire parameters of the same name.

/// `DescribeZones`: the zones of a region and what can be created in them.
package struct DescribeZonesRequest: CloudRequest, Hashable {
    package typealias Response = DescribeZonesResponse
    package static let product = CloudProduct.ecs
    package static let action = "DescribeZones"
    package static let operation = CloudOperation.describeZones
    package var regionID: String
    /// `zh-CN`, `en-US` or `ja` (the language of `LocalName`).
    package var acceptLanguage: String?
    enum CodingKeys: String, CodingKey {
        case regionID = "RegionId"
        case acceptLanguage = "AcceptLanguage"
    }
    /// Creates the request.
    package init(regionID: String, acceptLanguage: String? = nil) {
        self.regionID = regionID
        self.acceptLanguage = acceptLanguage
    }
}

/// A zone as `DescribeZones` lists it (the fields keyshare reads; the real answer has more).
package struct ZoneInfo: Codable, Sendable, Hashable {
    /// The `AvailableDiskCategories` wrapper: `{"DiskCategories":["cloud_essd",…]}`.
    package struct DiskCategories: Codable, Sendable, Hashable {
        package var diskCategories: [String]
        enum CodingKeys: String, CodingKey { case diskCategories = "DiskCategories" }
        /// Wraps the list.
        package init(diskCategories: [String]) { self.diskCategories = diskCategories }
    }
    /// The `AvailableResourceCreation` wrapper: `{"ResourceTypes":["Disk",…]}`.
    package struct ResourceTypes: Codable, Sendable, Hashable {
        package var resourceTypes: [String]
        enum CodingKeys: String, CodingKey { case resourceTypes = "ResourceTypes" }
        /// Wraps the list.
        package init(resourceTypes: [String]) { self.resourceTypes = resourceTypes }
    }
    package var zoneID: String
    package var localName: String
    /// `AvailabilityZone` or `CloudBoxZone`.
    package var zoneType: String
    package var availableDiskCategories: DiskCategories
    package var availableResourceCreation: ResourceTypes
    enum CodingKeys: String, CodingKey {
        case zoneID = "ZoneId"
        case localName = "LocalName"
        case zoneType = "ZoneType"
        case availableDiskCategories = "AvailableDiskCategories"
        case availableResourceCreation = "AvailableResourceCreation"
    }
    /// Creates a zone description.
    package init(
        zoneID: String, localName: String, zoneType: String = "AvailabilityZone", diskCategories: [String],
        resourceTypes: [String]
    ) {
        self.zoneID = zoneID
        self.localName = localName
        self.zoneType = zoneType
        self.availableDiskCategories = DiskCategories(diskCategories: diskCategories)
        self.availableResourceCreation = ResourceTypes(resourceTypes: resourceTypes)
    }
}

/// The answer to `DescribeZones`: `{"Zones":{"Zone":[…]}}`.
package struct DescribeZonesResponse: Codable, Sendable, Hashable {
    /// The `Zones` wrapper.
    package struct Zones: Codable, Sendable, Hashable {
        package var zone: [ZoneInfo]
        enum CodingKeys: String, CodingKey { case zone = "Zone" }
        /// Wraps the list.
        package init(zone: [ZoneInfo]) { self.zone = zone }
    }
    package var zones: Zones
    enum CodingKeys: String, CodingKey { case zones = "Zones" }
    /// Creates the answer.
    package init(zones: [ZoneInfo]) { self.zones = Zones(zone: zones) }
}

// The `Cloud` method of each operation above: a name for `call` with its request type.
extension Cloud {
    /// Lists the zones of a region (where disks can be created).
    package func describeZones(_ request: DescribeZonesRequest, context: CallContext) async throws -> DescribeZonesResponse {
        try await call(request, context: context)
    }
}
