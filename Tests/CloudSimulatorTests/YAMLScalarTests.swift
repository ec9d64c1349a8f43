import BoundedYAML
import Testing
import Yams

/// YAML 1.1 integers read without traps: every base, signs, underscores and sexagesimal, with
/// values past 64 bits refused rather than wrapped or crashed (Yams multiplies unchecked).
@Suite("YAML scalars")
struct YAMLScalarTests {
    static let integers: [(literal: String, value: Int64?)] = [
        ("0", 0), ("42", 42), ("-42", -42), ("+7", 7), ("1_000", 1000), ("0x1F", 31), ("-0x10", -16), ("0o17", 15),
        ("017", 15), ("0b101", 5), ("1:30", 90), ("-1:30", -90), ("190:20:30", 685_230),
        ("9223372036854775807", .max), ("-9223372036854775808", .min), ("9223372036854775808", nil),
        ("-9223372036854775809", nil), ("99999999999999999999", nil), ("0xFFFFFFFFFFFFFFFFF", nil),
        ("1:2:3:4:5:6:7:8:9:10:11:12:13", nil), ("1::2", nil), ("", nil), ("-", nil), ("abc", nil), ("1.5", nil),
    ]

    @Test("integer literals read exactly or not at all", arguments: integers)
    func integer(_ input: (literal: String, value: Int64?)) {
        #expect(YAMLScalar.integer(input.literal) == input.value, "\(input.literal)")
    }

    @Test("scalars resolve by tag: an integer too large reads as a float, quoted text stays text")
    func resolution() {
        #expect(YAMLScalar(Node.Scalar("99999999999999999999")) == .float(1e20))
        #expect(YAMLScalar(Node.Scalar("1:2:3:4:5:6:7:8:9:10:11:12:13")) != .integer(0))
        #expect(YAMLScalar(Node.Scalar("12", Tag(.str))) == .string("12"))
        #expect(YAMLScalar(Node.Scalar("~")) == .null)
        #expect(YAMLScalar(Node.Scalar("yes")) == .bool(true))
        #expect(YAMLScalar(Node.Scalar(".inf")) == .float(.infinity))
    }
}
