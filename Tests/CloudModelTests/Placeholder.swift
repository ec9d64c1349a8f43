import Testing

@Test("placeholder target builds") func placeholderCloudModelTests() { #expect(Bool(true)) }
