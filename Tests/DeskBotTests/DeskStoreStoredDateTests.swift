import Foundation
import GRDB
import Testing

@testable import DeskStoreSQLite

/// The turn path writes dates as text itself (`StoredDate`): it must be exactly the text GRDB writes for a `Date`,
/// or stored rows would sort and compare differently depending on which statement wrote them.
@Suite struct DeskStoreStoredDateTests {
    static func grdb(_ date: Date) -> String? { String.fromDatabaseValue(date.databaseValue) }

    @Test func sameTextAsGRDB() {
        var generator = SystemRandomNumberGenerator()
        var dates: [Date] = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.0005), Date(timeIntervalSince1970: 0.9999),
            Date(timeIntervalSince1970: 951_782_400),  // 2000-02-29
            Date(timeIntervalSince1970: 4_107_542_399.999),  // 2099-12-31 23:59:59.999
            Date(timeIntervalSince1970: -2_208_988_800),  // 1900-01-01
            Date(timeIntervalSinceReferenceDate: 0), Date(), Date(timeIntervalSince1970: 1_780_000_000.1234567),
        ]
        for _ in 0..<20_000 {
            // Any instant from 1900 to 2200, with sub-millisecond fractions.
            dates.append(Date(timeIntervalSince1970: Double.random(in: -2_208_988_800...7_258_118_400, using: &generator)))
        }
        for _ in 0..<5_000 {
            // Whole milliseconds (as `Date()` values rounded by a round trip often are), where truncation matters.
            let ms = Int64.random(in: 0...4_102_444_800_000, using: &generator)
            dates.append(Date(timeIntervalSince1970: Double(ms) / 1000))
        }
        var mismatches: [String] = []
        for date in dates where StoredDate.text(date) != Self.grdb(date) {
            mismatches.append("\(date.timeIntervalSince1970): \(StoredDate.text(date)) ≠ \(Self.grdb(date) ?? "nil")")
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func readsBackAsTheSameMillisecond() throws {
        let queue = try DatabaseQueue()
        let date = Date(timeIntervalSince1970: 1_780_000_000.123)
        let back = try queue.read { db in try Date.fetchOne(db, sql: "SELECT ?", arguments: [StoredDate.text(date)]) }
        #expect(back.map { abs($0.timeIntervalSince(date)) < 0.001 } == true)
    }
}
