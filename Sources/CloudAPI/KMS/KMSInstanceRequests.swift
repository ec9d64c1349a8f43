// KMS 3.0 instance requests. Fields mirror the wire parameters of the same name.

/// `GetKmsInstance`.
package struct GetKmsInstanceRequest: CloudRequest, Hashable {
    package typealias Response = GetKmsInstanceResponse
    package static let product = CloudProduct.kms
    package static let action = "GetKmsInstance"
    package static let operation = CloudOperation.getKmsInstance
    package var kmsInstanceID: String
    enum CodingKeys: String, CodingKey { case kmsInstanceID = "KmsInstanceId" }
    /// Creates the request.
    package init(kmsInstanceID: String) { self.kmsInstanceID = kmsInstanceID }
}

/// A KMS 3.0 instance as `GetKmsInstance` describes it.
package struct KmsInstance: Codable, Sendable, Hashable {
    /// A VPC bound to the instance.
    package struct BindVpc: Codable, Sendable, Hashable {
        package var regionID: String
        package var vpcID: String
        package var vpcOwnerID: String
        package var vSwitchID: String
        enum CodingKeys: String, CodingKey {
            case regionID = "RegionId"
            case vpcID = "VpcId"
            case vpcOwnerID = "VpcOwnerId"
            case vSwitchID = "VSwitchId"
        }
        /// Creates a binding.
        package init(regionID: String, vpcID: String, vpcOwnerID: String, vSwitchID: String) {
            self.regionID = regionID
            self.vpcID = vpcID
            self.vpcOwnerID = vpcOwnerID
            self.vSwitchID = vSwitchID
        }
    }
    /// The `BindVpcs` wrapper.
    package struct BindVpcs: Codable, Sendable, Hashable {
        package var bindVpc: [BindVpc]
        enum CodingKeys: String, CodingKey { case bindVpc = "BindVpc" }
        /// Wraps the list.
        package init(bindVpc: [BindVpc]) { self.bindVpc = bindVpc }
    }
    package var instanceID: String
    package var instanceName: String
    package var status: String
    package var createTime: String
    package var spec: Int
    package var keyNum: Int
    package var secretNum: String
    /// The access-management quota: bound VPCs plus accounts the instance's keys are shared with.
    package var vpcNum: Int
    package var vpcID: String?
    package var bindVpcs: BindVpcs
    package var chargeType: String
    enum CodingKeys: String, CodingKey {
        case instanceID = "InstanceId"
        case instanceName = "InstanceName"
        case status = "Status"
        case createTime = "CreateTime"
        case spec = "Spec"
        case keyNum = "KeyNum"
        case secretNum = "SecretNum"
        case vpcNum = "VpcNum"
        case vpcID = "VpcId"
        case bindVpcs = "BindVpcs"
        case chargeType = "ChargeType"
    }
    /// Creates an instance description.
    package init(
        instanceID: String, instanceName: String, status: String, createTime: String, spec: Int,
        keyNum: Int, secretNum: String, vpcNum: Int, vpcID: String?, bindVpcs: [BindVpc],
        chargeType: String
    ) {
        self.instanceID = instanceID
        self.instanceName = instanceName
        self.status = status
        self.createTime = createTime
        self.spec = spec
        self.keyNum = keyNum
        self.secretNum = secretNum
        self.vpcNum = vpcNum
        self.vpcID = vpcID
        self.bindVpcs = BindVpcs(bindVpc: bindVpcs)
        self.chargeType = chargeType
    }
}

/// The answer to `GetKmsInstance`.
package struct GetKmsInstanceResponse: Codable, Sendable, Hashable {
    package var kmsInstance: KmsInstance
    enum CodingKeys: String, CodingKey { case kmsInstance = "KmsInstance" }
    /// Wraps the instance.
    package init(kmsInstance: KmsInstance) { self.kmsInstance = kmsInstance }
}

/// `ListKmsInstances`.
package struct ListKmsInstancesRequest: CloudRequest, Hashable {
    package typealias Response = ListKmsInstancesResponse
    package static let product = CloudProduct.kms
    package static let action = "ListKmsInstances"
    package static let operation = CloudOperation.listKmsInstances
    package var pageNumber: Int?
    package var pageSize: Int?
    enum CodingKeys: String, CodingKey {
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
    }
    /// Creates the request.
    package init(pageNumber: Int? = nil, pageSize: Int? = nil) {
        self.pageNumber = pageNumber
        self.pageSize = pageSize
    }
}

/// The answer to `ListKmsInstances`: `{"KmsInstances":{"KmsInstance":[…]}}`.
package struct ListKmsInstancesResponse: Codable, Sendable, Hashable {
    /// One listed instance.
    package struct Item: Codable, Sendable, Hashable {
        package var kmsInstanceID: String
        package var kmsInstanceARN: String
        enum CodingKeys: String, CodingKey {
            case kmsInstanceID = "KmsInstanceId"
            case kmsInstanceARN = "KmsInstanceArn"
        }
        /// Creates an entry.
        package init(kmsInstanceID: String, kmsInstanceARN: String) {
            self.kmsInstanceID = kmsInstanceID
            self.kmsInstanceARN = kmsInstanceARN
        }
    }
    /// The `KmsInstances` wrapper.
    package struct Items: Codable, Sendable, Hashable {
        package var kmsInstance: [Item]
        enum CodingKeys: String, CodingKey { case kmsInstance = "KmsInstance" }
        /// Wraps the list.
        package init(kmsInstance: [Item]) { self.kmsInstance = kmsInstance }
    }
    package var kmsInstances: Items
    package var totalCount: Int
    package var pageNumber: Int
    package var pageSize: Int
    enum CodingKeys: String, CodingKey {
        case kmsInstances = "KmsInstances"
        case totalCount = "TotalCount"
        case pageNumber = "PageNumber"
        case pageSize = "PageSize"
    }
    /// Creates a page.
    package init(kmsInstances: [Item], totalCount: Int, pageNumber: Int, pageSize: Int) {
        self.kmsInstances = Items(kmsInstance: kmsInstances)
        self.totalCount = totalCount
        self.pageNumber = pageNumber
        self.pageSize = pageSize
    }
}

/// `GetKmsInstanceQuotaInfos`.
package struct GetKmsInstanceQuotaInfosRequest: CloudRequest, Hashable {
    package typealias Response = GetKmsInstanceQuotaInfosResponse
    package static let product = CloudProduct.kms
    package static let action = "GetKmsInstanceQuotaInfos"
    package static let operation = CloudOperation.getKmsInstanceQuotaInfos
    package var kmsInstanceID: String
    /// `key`, `secret`, `qps` or `vpc`; all when absent.
    package var resourceType: String?
    enum CodingKeys: String, CodingKey {
        case kmsInstanceID = "KmsInstanceId"
        case resourceType = "ResourceType"
    }
    /// Creates the request.
    package init(kmsInstanceID: String, resourceType: String? = nil) {
        self.kmsInstanceID = kmsInstanceID
        self.resourceType = resourceType
    }
}

/// The answer to `GetKmsInstanceQuotaInfos` (a plain JSON array, not wrapped).
package struct GetKmsInstanceQuotaInfosResponse: Codable, Sendable, Hashable {
    /// One quota and its use.
    package struct QuotaInfo: Codable, Sendable, Hashable {
        package var resourceType: String
        package var resourceQuota: Int
        package var usedQuantity: Int
        enum CodingKeys: String, CodingKey {
            case resourceType = "ResourceType"
            case resourceQuota = "ResourceQuota"
            case usedQuantity = "UsedQuantity"
        }
        /// Creates an entry.
        package init(resourceType: String, resourceQuota: Int, usedQuantity: Int) {
            self.resourceType = resourceType
            self.resourceQuota = resourceQuota
            self.usedQuantity = usedQuantity
        }
    }
    package var kmsInstanceID: String
    package var kmsInstanceQuotaInfos: [QuotaInfo]
    enum CodingKeys: String, CodingKey {
        case kmsInstanceID = "KmsInstanceId"
        case kmsInstanceQuotaInfos = "KmsInstanceQuotaInfos"
    }
    /// Creates the answer.
    package init(kmsInstanceID: String, kmsInstanceQuotaInfos: [QuotaInfo]) {
        self.kmsInstanceID = kmsInstanceID
        self.kmsInstanceQuotaInfos = kmsInstanceQuotaInfos
    }
}

// The `Cloud` method of each operation above: a name for `call` with its request type.
extension Cloud {
    /// Describes a KMS 3.0 instance, including its access-management quota `VpcNum`.
    package func getKmsInstance(_ request: GetKmsInstanceRequest, context: CallContext) async throws -> GetKmsInstanceResponse {
        try await call(request, context: context)
    }
    /// Lists the caller's KMS instances.
    package func listKmsInstances(_ request: ListKmsInstancesRequest, context: CallContext) async throws
        -> ListKmsInstancesResponse
    {
        try await call(request, context: context)
    }
    /// Reports an instance's quotas and their use (`vpc` = VPCs + accounts shared with).
    package func getKmsInstanceQuotaInfos(_ request: GetKmsInstanceQuotaInfosRequest, context: CallContext) async throws
        -> GetKmsInstanceQuotaInfosResponse
    {
        try await call(request, context: context)
    }
}
