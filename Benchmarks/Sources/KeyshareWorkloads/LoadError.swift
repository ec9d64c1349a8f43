/// A usage or setup error of a benchmark driver, naming the input and the fix.
package struct LoadError: Error, CustomStringConvertible {
    package let description: String
    /// Wraps the message.
    package init(_ description: String) { self.description = description }
}
