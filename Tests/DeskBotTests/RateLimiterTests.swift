import Foundation
import Testing

@testable import DeskBot

struct RateLimiterTests {
    @Test func aSenderGetsItsLimitPerMinuteAndAgainWhenTheWindowSlides() {
        let limiter = RateLimiter(limit: 3)
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        #expect((0..<3).allSatisfy { limiter.allow("+254700000001", at: t0.addingTimeInterval(Double($0))) })
        #expect(!limiter.allow("+254700000001", at: t0.addingTimeInterval(10)))
        // Another sender is not affected.
        #expect(limiter.allow("+254700000002", at: t0.addingTimeInterval(10)))
        // A minute after the first message, one more is allowed.
        #expect(limiter.allow("+254700000001", at: t0.addingTimeInterval(60.5)))
        #expect(!limiter.allow("+254700000001", at: t0.addingTimeInterval(60.6)))
    }

    @Test func silentSendersAreForgotten() {
        let limiter = RateLimiter(limit: 5)
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        for k in 0..<5_000 { _ = limiter.allow("+25470\(k)", at: t0.addingTimeInterval(Double(k) / 1000)) }
        #expect(limiter.remembered == 5_000)
        // Two minutes later each shard prunes on its next check: only the new senders are left.
        let later = t0.addingTimeInterval(120)
        for k in 0..<1_000 { _ = limiter.allow("+255\(k)", at: later.addingTimeInterval(Double(k) * 0.0001)) }
        #expect(limiter.remembered == 1_000)
    }
}
