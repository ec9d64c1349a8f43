/// A world file the simulator cannot use; the message names the input (a key path such as
/// `accounts[2].roles[0].trust`) and says how to fix it.
package struct WorldError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong and where.
    package var message: String

    /// Builds an error.
    package init(_ message: String) { self.message = message }

    package var description: String { message }
}
