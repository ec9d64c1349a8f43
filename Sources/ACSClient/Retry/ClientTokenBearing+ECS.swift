import CloudAPI

// The ECS requests whose wire parameters include `ClientToken`.

extension CreateDiskRequest: ClientTokenBearing {}
extension CreateSnapshotRequest: ClientTokenBearing {}
extension CopySnapshotRequest: ClientTokenBearing {}
extension CreateImageRequest: ClientTokenBearing {}
extension CopyImageRequest: ClientTokenBearing {}
