// The ECS requests that take a ClientToken (the runner derives one per run, target and step).
extension CreateDiskRequest: IdempotentRequest {}
extension CreateImageRequest: IdempotentRequest {}
extension CopyImageRequest: IdempotentRequest {}
extension CreateSnapshotRequest: IdempotentRequest {}
extension CopySnapshotRequest: IdempotentRequest {}
