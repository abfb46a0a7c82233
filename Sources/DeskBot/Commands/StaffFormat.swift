import DeskCore
import Foundation

/// Tables, CSV and JSON for the staff commands.
enum StaffFormat {
    static let columns = ["reference", "category", "status", "locale", "channel", "location", "description", "created", "updated"]

    static func day(_ text: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.date(from: text)
    }

    static func complaints(_ rows: [ComplaintRecord], format: String) throws -> String {
        let values = rows.map { c in
            [c.reference, c.category, c.status, c.locale, c.channel, c.location ?? "", c.description,
             Open311.datetime(c.createdAt), Open311.datetime(c.updatedAt)]
        }
        switch format {
        case "csv": return csv([columns] + values)
        case "json":
            return try Open311.json(values.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) })
        default: return table([columns] + values.map { row in row.map { String($0.prefix(40)) } })
        }
    }

    /// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled.
    static func csv(_ rows: [[String]]) -> String {
        rows.map { row in
            row.map { field in
                field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",")
        }.joined(separator: "\n")
    }

    static func table(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        let widths = header.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
