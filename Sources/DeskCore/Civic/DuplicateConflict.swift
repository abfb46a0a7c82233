import Foundation

/// The duplicate check, re-done inside the transaction that files a complaint, found another answer than the turn
/// decided on: a report of the same problem (same category and locality) was committed meanwhile by a concurrent
/// turn — in this process or in another instance on the same database — or the open complaint the turn linked to
/// was closed. The transaction is rolled back (nothing of the turn is written, its ledger row included), and the
/// desk decides the turn again, now seeing the store as it is (`DeskSnapshot.handle`).
package struct DuplicateConflict: Error, Sendable, CustomStringConvertible {
    /// The open complaint the re-check found (nil: the one the turn linked to is no longer open).
    package var primary: ComplaintRecord?

    package init(primary: ComplaintRecord?) { self.primary = primary }

    package var description: String {
        "a report of the same problem was filed meanwhile (\(primary?.reference ?? "the linked one was closed")); deciding again"
    }
}

/// The lock that serializes duplicate checks of one problem: a stable 64-bit key of (category, locality).
package enum DuplicateLock {
    /// FNV-1a (64-bit) of `civic-duplicate`, the category and the area code, separated by NUL bytes, as a signed
    /// 64-bit integer (PostgreSQL's `pg_advisory_xact_lock(bigint)`). The same in every process and every version:
    /// two instances of DeskBot on one database lock the same key for the same problem.
    package static func key(category: String, area: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array("civic-duplicate\u{0}\(category)\u{0}\(area)".utf8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }

    /// Whether the candidate found under the lock agrees with what the turn decided (`decided`: the primary it
    /// linked to, nil for a new problem).
    package static func agrees(found: ComplaintRecord?, decided: Int64?) -> Bool { found?.id == decided }
}
