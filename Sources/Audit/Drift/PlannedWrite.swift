import CloudAPI
import CloudModel

/// One write a run of the playbook would send, as `keyshare drift` saw it land in the plan's
/// shadow: where, what it is about, and what it would replace (read just before it).
package struct PlannedWrite: Sendable, Hashable {
    /// The wire action, e.g. `UpdateRole`.
    package var action: String
    /// The account the call acts in (a member for role calls, the key owner for key policies).
    package var account: AccountID?
    /// The region the call targets.
    package var region: RegionID
    /// What the write is about.
    package var subject: WriteSubject
    /// The code the shadow answered with when the write itself would be refused.
    package var refusal: String?

    /// Describes a write.
    package init(action: String, account: AccountID?, region: RegionID, subject: WriteSubject, refusal: String? = nil) {
        self.action = action
        self.account = account
        self.region = region
        self.subject = subject
        self.refusal = refusal
    }
}

/// What a planned write changes, with the state it would replace where drift needs it to say
/// what differs (nil when that could not be read).
package enum WriteSubject: Sendable, Hashable {
    /// `CreateRole`: the role does not exist.
    case createRole(name: String)
    /// `UpdateRole` with a new trust policy: the current and the declared documents.
    case updateRoleTrust(name: String, current: String?, declared: String)
    /// `UpdateRole` of the description alone: keyshare's own bookkeeping (the created and verified
    /// marks), never drift.
    case updateRoleDescription(name: String)
    /// `DeleteRole`.
    case deleteRole(name: String)
    /// `CreatePolicy`: the custom policy does not exist.
    case createPolicy(name: String)
    /// `CreatePolicyVersion`: the default version's document and id, and the declared document.
    case createPolicyVersion(name: String, current: String?, currentVersion: String?, declared: String)
    /// `AttachPolicyToRole`.
    case attachPolicy(policy: String, type: String, role: String)
    /// `DetachPolicyFromRole`.
    case detachPolicy(policy: String, type: String, role: String)
    /// `SetKeyPolicy`: the key as the call named it, the policy in force and the one written.
    case setKeyPolicy(keyID: String, current: String?, declared: String)
    /// `CreateDisk`/`DeleteDisk`: a verification disk and its clean-up, never drift.
    case verificationDisk
    /// Any other write, named by its action.
    case other
}
