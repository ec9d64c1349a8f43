import Foundation
import Testing

@testable import SimulatorServer

@Suite("Replay cache")
struct NonceCacheTests {
    private let start = Date(timeIntervalSince1970: 1_800_000_000)
    private let window: TimeInterval = 900

    @Test("A nonce is refused again within the window and accepted once its request has expired")
    func window() async {
        let cache = NonceCache(window: window, capacityPerKey: 100)
        #expect(await cache.insert("n1", accessKeyID: "AK", signedAt: start, now: start))
        #expect(await !cache.insert("n1", accessKeyID: "AK", signedAt: start, now: start.addingTimeInterval(899)))
        #expect(
            await cache.insert(
                "n1", accessKeyID: "AK", signedAt: start.addingTimeInterval(901),
                now: start.addingTimeInterval(901)))
    }

    @Test("A request signed in the future is remembered until its own timestamp expires")
    func futureDated() async {
        let cache = NonceCache(window: window, capacityPerKey: 100)
        let signed = start.addingTimeInterval(840)
        #expect(await cache.insert("n1", accessKeyID: "AK", signedAt: signed, now: start))
        // At start + 16 min the request (signed at +14 min) is still acceptable: the replay must fail.
        #expect(await !cache.insert("n1", accessKeyID: "AK", signedAt: signed, now: start.addingTimeInterval(960)))
    }

    @Test("Nonces are per access key")
    func perKey() async {
        let cache = NonceCache(window: window, capacityPerKey: 100)
        #expect(await cache.insert("n1", accessKeyID: "AK1", signedAt: start, now: start))
        #expect(await cache.insert("n1", accessKeyID: "AK2", signedAt: start, now: start))
    }

    @Test("Memory is bounded per key: past the capacity the oldest nonce is forgotten")
    func bounded() async {
        let cache = NonceCache(window: window, capacityPerKey: 10)
        for index in 0..<1000 {
            #expect(await cache.insert("n\(index)", accessKeyID: "AK", signedAt: start, now: start))
        }
        #expect(await cache.count == 10)
        #expect(await !cache.insert("n999", accessKeyID: "AK", signedAt: start, now: start))
        #expect(await cache.insert("n0", accessKeyID: "AK", signedAt: start, now: start))
    }
}
