import Testing

@Test("placeholder target builds") func placeholderConformanceTests() { #expect(Bool(true)) }
