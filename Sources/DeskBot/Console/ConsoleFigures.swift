import DeskCore
import Foundation

/// The dashboard's and the open-data page's figures, from the store. The published table is `OpenData.rows`, the
/// same computation as `deskbot stats`; the console adds weekly counts, rating counts and the share of messages
/// not understood per locale. Nothing here carries a name, an address or message text.
struct ConsoleFigures {
    let rows: [String: [OpenData.Row]]
    let weeks: [String]
    let weekly: [(String, [Double])]
    let ratings: [Int: Int]
    let notUnderstood: [(String, Double)]

    static let groupings = ["category", "status", "month", "locale"]

    static func load(_ store: any DeskStore, now: Date, weeks count: Int = 8) async throws -> ConsoleFigures {
        let complaints = try await store.complaints()
        let history = try await store.allHistory()
        let feedback = try await store.feedback()
        // Open complaints past their service level (issue 15), as `deskbot stats` counts them.
        let overdue = Set(try await store.civicComplaints(references: nil).filter { $0.isOverdue(at: now) }.compactMap(\.complaint.id))
        var rows: [String: [OpenData.Row]] = [:]
        for by in groupings { rows[by] = OpenData.rows(complaints: complaints, history: history, feedback: feedback, by: by, overdue: overdue) }

        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        func week(_ d: Date) -> String {
            let c = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: d)
            return String(format: "%04d-W%02d", c.yearForWeekOfYear ?? 0, c.weekOfYear ?? 0)
        }
        let weeks = (0..<count).reversed().map { week(now.addingTimeInterval(-Double($0) * 7 * 86400)) }
        let categories = Set(complaints.map(\.category)).sorted()
        let weekly = categories.map { category in
            (category, weeks.map { w in Double(complaints.filter { $0.category == category && week($0.createdAt) == w }.count) })
        }
        let ratings = Dictionary(grouping: feedback, by: \.rating).mapValues(\.count)
        let answered = try await store.answeredMessagesPerLocale()
        let unmatched = Dictionary(grouping: try await store.unmatched(), by: \.locale).mapValues(\.count)
        let notUnderstood = Set(answered.keys).union(unmatched.keys).sorted().map { locale in
            (locale, Double(unmatched[locale] ?? 0) / Double(max(answered[locale] ?? 0, unmatched[locale] ?? 0, 1)))
        }
        return ConsoleFigures(rows: rows, weeks: weeks, weekly: weekly, ratings: ratings, notUnderstood: notUnderstood)
    }

    // MARK: - Charts

    func weeklyChart(_ title: String) -> String { SVGChart.stacked(columns: weeks, series: weekly, title: title) }

    func openResolvedChart(_ title: String, open: String, resolved: String) -> String {
        let byCategory = rows["category"] ?? []
        return SVGChart.stacked(
            columns: byCategory.map(\.group),
            series: [(open, byCategory.map { Double($0.open) }), (resolved, byCategory.map { Double($0.resolved) })], title: title)
    }

    func medianChart(_ title: String) -> String {
        SVGChart.bars(
            (rows["category"] ?? []).compactMap { r in r.medianDaysToResolution.map { (r.group, $0) } },
            format: { String(format: "%.1f", $0) }, title: title)
    }

    func ratingsChart(_ title: String) -> String {
        let total = ratings.values.reduce(0, +)
        guard total > 0 else { return SVGChart.empty(title) }
        return SVGChart.bars((1...5).reversed().map { ("\($0) ★", Double(ratings[$0] ?? 0)) }, title: title)
    }

    func notUnderstoodChart(_ title: String) -> String {
        SVGChart.bars(notUnderstood.map { ($0.0, $0.1 * 100) }, format: { String(format: "%.0f%%", $0) }, title: title)
    }

    func countChart(_ by: String, title: String) -> String {
        SVGChart.bars((rows[by] ?? []).map { ($0.group, Double($0.complaints)) }, title: title)
    }
}

/// The published forms of `OpenData.rows`: what `deskbot stats` prints and `/open-data.csv|json` serve.
extension OpenData {
    static func csv(_ rows: [Row], by: String) -> String {
        StaffFormat.csv([Row.columns(by)] + rows.map(\.fields))
    }

    static func json(_ rows: [Row]) throws -> String {
        try Open311.json(rows.map { $0.dictionary })
    }
}
