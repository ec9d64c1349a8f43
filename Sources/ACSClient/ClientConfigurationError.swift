/// Bad client configuration: an endpoint, region, profile or credential that cannot be used.
///
/// Like every keyshare input error it names the input, the problem and the fix; it never
/// repeats a secret, only the names of the fields that hold one.
package struct ClientConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input at fault, e.g. `--endpoint ftp://x` or `profile 'dev' in ~/.aliyun/config.json`.
    package var input: String
    /// What is wrong with it.
    package var problem: String
    /// How to fix it.
    package var fix: String

    /// Creates an error.
    package init(input: String, problem: String, fix: String) {
        self.input = input
        self.problem = problem
        self.fix = fix
    }

    package var description: String { "\(input): \(problem); \(fix)" }
}
