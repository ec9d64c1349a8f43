import Testing

@Test("placeholder target builds") func placeholderLuaKitTests() { #expect(Bool(true)) }
