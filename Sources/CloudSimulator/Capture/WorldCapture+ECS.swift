import CloudAPI
import CloudModel

/// What exists of ECS and Resource Sharing in the accounts read, which a world cannot hold.
package struct UncapturedResources: Sendable, Equatable {
    /// ECS disks (DescribeDisks' TotalCount).
    package var disks = 0
    /// ECS snapshots.
    package var snapshots = 0
    /// The accounts' own custom images.
    package var images = 0
    /// Resource shares the accounts own.
    package var resourceShares = 0
    /// Accounts where counting failed, by id.
    package var uncounted: Set<AccountID> = []

    /// Nothing counted yet.
    package init() {}

    /// Whether any was found.
    var isEmpty: Bool { disks + snapshots + images + resourceShares == 0 }

    /// Adds another account's counts.
    mutating func add(_ other: UncapturedResources) {
        disks += other.disks
        snapshots += other.snapshots
        images += other.images
        resourceShares += other.resourceShares
        uncounted.formUnion(other.uncounted)
    }
}

extension WorldCapture {
    /// Counts `account`'s disks, snapshots, own images and resource shares in `region` (one page of
    /// one item for each ECS listing, whose TotalCount says how many; resource shares page by token),
    /// so the header says what the twin starts without. A refusal is noted, not fatal: the counts
    /// only inform.
    func countResources(_ account: AccountID, region: RegionID, into read: inout AccountRead) async {
        let context = CallContext.root(account, region: region)
        var counted = UncapturedResources()
        do {
            counted.disks = try await cloud.describeDisks(
                DescribeDisksRequest(regionID: region.rawValue, pageSize: 1),
                context: context
            ).totalCount
            counted.snapshots = try await cloud.describeSnapshots(
                DescribeSnapshotsRequest(regionID: region.rawValue, pageSize: 1),
                context: context
            ).totalCount
            counted.images = try await cloud.describeImages(
                DescribeImagesRequest(regionID: region.rawValue, imageOwnerAlias: "self", pageSize: 1), context: context
            ).totalCount
            var token: String?
            var pages = 0
            repeat {
                let page = try await cloud.listResourceShares(
                    ListResourceSharesRequest(resourceOwner: "Self", maxResults: 100, nextToken: token), context: context)
                counted.resourceShares += page.resourceShares.count
                token = page.nextToken.flatMap { $0.isEmpty || $0 == token ? nil : $0 }
                pages += 1
            } while token != nil && pages < Self.pageLimit
        } catch {
            counted = UncapturedResources()
            counted.uncounted = [account]
        }
        read.report.uncaptured.add(counted)
    }
}
