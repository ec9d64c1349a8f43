import Testing

@Test("placeholder target builds") func placeholderRunnerTests() { #expect(Bool(true)) }
