import DeskCore
import ArgumentParser
import Foundation

struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Anonymised open data: complaint counts, median days to resolution, average rating. No contact details, no message text.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "category, status, month or locale") var by: String = "category"
    @Option(help: "csv or json") var format: String = "csv"

    func validate() throws {
        guard ["category", "status", "month", "locale"].contains(by) else { throw ValidationError("--by must be category, status, month or locale") }
        guard ["csv", "json"].contains(format) else { throw ValidationError("--format must be csv or json") }
    }

    func run() async throws {
        let (store, _) = try options.openStore()
        // Overdue: open complaints past their service level (issue 15), by complaint id.
        let overdue = Set(try await store.civicComplaints(references: nil).filter { $0.isOverdue(at: Date()) }.compactMap(\.complaint.id))
        let rows = try OpenData.rows(
            complaints: await store.complaints(), history: await store.allHistory(), feedback: await store.feedback(), by: by,
            overdue: overdue)
        if format == "json" {
            print(try Open311.json(rows.map { $0.dictionary }))
        } else {
            print(StaffFormat.csv([OpenData.Row.columns(by)] + rows.map(\.fields)))
        }
    }
}

/// Aggregates that are safe to publish.
enum OpenData {
    struct Row {
        let group: String
        let complaints: Int
        let open: Int
        let resolved: Int
        let medianDaysToResolution: Double?
        let averageRating: Double?
        let ratings: Int
        var overdue = 0

        /// Overdue complaints among the open ones.
        var overdueShare: Double? { open == 0 ? nil : Double(overdue) / Double(open) }

        static func columns(_ by: String) -> [String] {
            [by, "complaints", "open", "resolved", "median_days_to_resolution", "average_rating", "ratings", "overdue", "overdue_share"]
        }
        var fields: [String] {
            [group, String(complaints), String(open), String(resolved), medianDaysToResolution.map { String(format: "%.2f", $0) } ?? "",
             averageRating.map { String(format: "%.2f", $0) } ?? "", String(ratings), String(overdue),
             overdueShare.map { String(format: "%.2f", $0) } ?? ""]
        }
        var dictionary: [String: Any] {
            ["group": group, "complaints": complaints, "open": open, "resolved": resolved,
             "median_days_to_resolution": medianDaysToResolution ?? NSNull(), "average_rating": averageRating ?? NSNull(),
             "ratings": ratings, "overdue": overdue, "overdue_share": overdueShare ?? NSNull()]
        }
    }

    static func rows(complaints: [ComplaintRecord], history: [StatusChangeRecord], feedback: [FeedbackRecord], by: String, overdue: Set<Int64> = []) -> [Row] {
        let resolvedAt = Dictionary(
            history.filter { $0.toStatus == ComplaintStatus.resolved.rawValue }.map { ($0.complaintId, $0.changedAt) },
            uniquingKeysWith: { first, _ in first })
        let ratings = Dictionary(grouping: feedback, by: \.complaintId)
        let month = DateFormatter()
        month.locale = Locale(identifier: "en_US_POSIX")
        month.timeZone = TimeZone(identifier: "UTC")
        month.dateFormat = "yyyy-MM"
        let groups = Dictionary(grouping: complaints) { c -> String in
            switch by {
            case "status": c.status
            case "month": month.string(from: c.createdAt)
            case "locale": c.locale
            default: c.category
            }
        }
        return groups.keys.sorted().map { key in
            let members = groups[key] ?? []
            let days = members.compactMap { c in c.id.flatMap { resolvedAt[$0] }.map { $0.timeIntervalSince(c.createdAt) / 86400 } }.sorted()
            let median: Double? = days.isEmpty ? nil : (days.count % 2 == 1 ? days[days.count / 2] : (days[days.count / 2 - 1] + days[days.count / 2]) / 2)
            let scores = members.compactMap(\.id).flatMap { ratings[$0] ?? [] }.map(\.rating)
            var row = Row(
                group: key, complaints: members.count,
                open: members.filter { ComplaintStatus(rawValue: $0.status)?.isOpen ?? false }.count,
                resolved: members.filter { $0.id.flatMap { resolvedAt[$0] } != nil }.count,
                medianDaysToResolution: median,
                averageRating: scores.isEmpty ? nil : Double(scores.reduce(0, +)) / Double(scores.count), ratings: scores.count)
            row.overdue = members.filter { $0.id.map(overdue.contains) ?? false }.count
            return row
        }
    }
}
