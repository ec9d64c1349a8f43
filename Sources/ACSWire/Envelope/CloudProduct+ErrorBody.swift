import CloudAPI

extension CloudProduct {
    /// KMS error bodies carry `HttpStatus`; the others do not (alibaba-api.md §1.5).
    /// Here rather than in CloudAPI because only the envelope's two sides, client and server, ask.
    package var errorBodyCarriesStatus: Bool { self == .kms }
}
