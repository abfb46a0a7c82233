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
        let store = try options.openExistingStore()
        // Overdue: open complaints past their service level (issue 15), by complaint id.
        let overdue = Set(try await store.civicComplaints(references: nil).filter { $0.isOverdue(at: Date()) }.compactMap(\.complaint.id))
        let rows = try OpenData.rows(
            complaints: await store.complaints(), history: await store.allHistory(), feedback: await store.feedback(), by: by,
            overdue: overdue)
        // The same forms as the console's /open-data.csv and /open-data.json (ConsoleFigures.swift).
        print(format == "json" ? try OpenData.json(rows) : OpenData.csv(rows, by: by))
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
        /// Two decimals, as in the CSV (a few seconds to resolution is 0, not 7.6e-05).
        static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

        var dictionary: [String: Any] {
            ["group": group, "complaints": complaints, "open": open, "resolved": resolved,
             "median_days_to_resolution": medianDaysToResolution.map(Self.rounded) ?? NSNull(),
             "average_rating": averageRating.map(Self.rounded) ?? NSNull(),
             "ratings": ratings, "overdue": overdue, "overdue_share": overdueShare.map(Self.rounded) ?? NSNull()]
        }
    }

    static func rows(complaints: [ComplaintRecord], history: [StatusChangeRecord], feedback: [FeedbackRecord], by: String, overdue: Set<Int64> = []) -> [Row] {
        // A complaint counts as resolved when it is resolved now (or closed after being resolved), as of its last
        // resolution: one that was reopened afterwards is open again, and its first resolution does not count.
        let current = Dictionary(complaints.compactMap { c in c.id.map { ($0, c.status) } }, uniquingKeysWith: { a, _ in a })
        var resolvedAt: [Int64: Date] = [:]
        for change in history.sorted(by: { $0.changedAt < $1.changedAt || ($0.changedAt == $1.changedAt && ($0.id ?? 0) < ($1.id ?? 0)) }) {
            if change.toStatus == ComplaintStatus.resolved.rawValue {
                resolvedAt[change.complaintId] = change.changedAt
            } else if change.toStatus != ComplaintStatus.closed.rawValue {
                resolvedAt[change.complaintId] = nil
            }
        }
        resolvedAt = resolvedAt.filter { id, _ in
            [ComplaintStatus.resolved.rawValue, ComplaintStatus.closed.rawValue].contains(current[id] ?? "")
        }
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
