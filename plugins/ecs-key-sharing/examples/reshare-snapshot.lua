-- Lets every prod account re-share an encrypted snapshot onward: each gets the snapshot share role
-- (AliyunECSShareEncryptSnapshotDefaultRole, trusted by ECS acting for each `reshare_to` account),
-- the key grant for its roles, and a snapshot encrypted with the shared key (made from a new
-- encrypted disk when it has none named `snapshot_name`), shared with `reshare_to` through
-- Resource Sharing. A second run changes nothing.
--
--   keyshare run plugins/ecs-key-sharing/examples/reshare-snapshot.lua
--   keyshare run plugins/ecs-key-sharing/examples/reshare-snapshot.lua \
--     --param reshare_to=2000000000000002,2000000000000004
return {
  description = "Share an encrypted snapshot of each prod account onward with the dev account 2000000000000002",
  owner = "1000000000000001",
  key = "alias/shared-disk-key",
  region = "cn-hangzhou",
  inventory = "resource-directory",
  params = { folder = "fd-prod", reshare_to = { "2000000000000002" } },
  steps = { "ecs-key-sharing.reshare_snapshot" },
  concurrency = 10,
}
