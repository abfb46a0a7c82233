import Foundation
import GRDB

/// A `Date` as GRDB stores it ("yyyy-MM-dd HH:mm:ss.SSS", UTC, rounded to the nearest millisecond as its formatter does), written without
/// `DateFormatter`: GRDB formats every `Date` argument through ICU, which cost about 2% of a webhook turn's CPU.
/// The text is byte for byte the one GRDB writes (`StoredDateTests` compares them), so rows written either way
/// read, sort and compare alike.
package enum StoredDate {
    /// The stored text of `date` (GRDB's own formatter outside years 1…9999).
    package static func text(_ date: Date) -> String {
        let ms = (date.timeIntervalSince1970 * 1000 + 0.5).rounded(.down)  // half up, as ICU rounds
        guard ms.isFinite, ms > -62_135_596_800_000, ms < 253_402_300_800_000 else {
            return String.fromDatabaseValue(date.databaseValue) ?? ""
        }
        let millis = Int64(ms)
        var days = millis / 86_400_000
        var rest = millis % 86_400_000
        if rest < 0 {
            rest += 86_400_000
            days -= 1
        }
        // Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's civil_from_days).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let hour = rest / 3_600_000
        let minute = rest / 60_000 % 60
        let second = rest / 1000 % 60
        let milli = rest % 1000
        return String(unsafeUninitializedCapacity: 23) { buffer in
            func put(_ value: Int64, _ width: Int, at start: Int) {
                var v = value
                for i in stride(from: start + width - 1, through: start, by: -1) {
                    buffer[i] = UInt8(truncatingIfNeeded: 48 + v % 10)
                    v /= 10
                }
            }
            put(year, 4, at: 0)
            buffer[4] = 45  // -
            put(month, 2, at: 5)
            buffer[7] = 45
            put(day, 2, at: 8)
            buffer[10] = 32  // space
            put(hour, 2, at: 11)
            buffer[13] = 58  // :
            put(minute, 2, at: 14)
            buffer[16] = 58
            put(second, 2, at: 17)
            buffer[19] = 46  // .
            put(milli, 3, at: 20)
            return 23
        }
    }

    package static func text(_ date: Date?) -> String? { date.map(text) }
}
