import CloudModel

extension SimulatedCloud {
    /// Who raw calls act as by default: the Resource Directory's management account, else the
    /// first account (taken from the state, which may come from another world than the one given).
    package func defaultAccount() -> AccountID? {
        meta.directory?.managementAccount ?? accountOrder.first
    }
}
