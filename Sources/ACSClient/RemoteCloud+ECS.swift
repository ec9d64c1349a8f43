import CloudAPI

// ECS: every operation is one line through `perform`.

extension RemoteCloud: ECSAPI {
    package func createDisk(_ request: CreateDiskRequest, context: CallContext) async throws -> CreateDiskResponse {
        try await perform(request, context: context)
    }
    package func describeDisks(_ request: DescribeDisksRequest, context: CallContext) async throws -> DescribeDisksResponse {
        try await perform(request, context: context)
    }
    package func deleteDisk(_ request: DeleteDiskRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(request, context: context)
    }
    package func createSnapshot(_ request: CreateSnapshotRequest, context: CallContext) async throws -> CreateSnapshotResponse {
        try await perform(request, context: context)
    }
    package func describeSnapshots(_ request: DescribeSnapshotsRequest, context: CallContext) async throws -> DescribeSnapshotsResponse {
        try await perform(request, context: context)
    }
    package func copySnapshot(_ request: CopySnapshotRequest, context: CallContext) async throws -> CopySnapshotResponse {
        try await perform(request, context: context)
    }
    package func createImage(_ request: CreateImageRequest, context: CallContext) async throws -> CreateImageResponse {
        try await perform(request, context: context)
    }
    package func describeImages(_ request: DescribeImagesRequest, context: CallContext) async throws -> DescribeImagesResponse {
        try await perform(request, context: context)
    }
    package func copyImage(_ request: CopyImageRequest, context: CallContext) async throws -> CopyImageResponse {
        try await perform(request, context: context)
    }
    package func modifyImageSharePermission(_ request: ModifyImageSharePermissionRequest, context: CallContext) async throws -> EmptyResponse {
        try await perform(request, context: context)
    }
    package func describeImageSharePermission(_ request: DescribeImageSharePermissionRequest, context: CallContext) async throws -> DescribeImageSharePermissionResponse {
        try await perform(request, context: context)
    }
    package func describeZones(_ request: DescribeZonesRequest, context: CallContext) async throws -> DescribeZonesResponse {
        try await perform(request, context: context)
    }
}
