import Testing

@Test("placeholder target builds") func placeholderACSWireTests() { #expect(Bool(true)) }
