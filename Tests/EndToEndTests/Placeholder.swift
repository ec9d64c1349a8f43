import Testing

@Test("placeholder target builds") func placeholderEndToEndTests() { #expect(Bool(true)) }
