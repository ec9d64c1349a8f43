import Testing

@Test("placeholder target builds") func placeholderCloudSimulatorTests() { #expect(Bool(true)) }
