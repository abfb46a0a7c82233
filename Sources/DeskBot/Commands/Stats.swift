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
        let rows = try OpenData.rows(
            complaints: await store.complaints(), history: await store.allHistory(), feedback: await store.feedback(), by: by)
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

        static func columns(_ by: String) -> [String] {
            [by, "complaints", "open", "resolved", "median_days_to_resolution", "average_rating", "ratings"]
        }
        var fields: [String] {
            [group, String(complaints), String(open), String(resolved), medianDaysToResolution.map { String(format: "%.2f", $0) } ?? "",
             averageRating.map { String(format: "%.2f", $0) } ?? "", String(ratings)]
        }
        var dictionary: [String: Any] {
            ["group": group, "complaints": complaints, "open": open, "resolved": resolved,
             "median_days_to_resolution": medianDaysToResolution ?? NSNull(), "average_rating": averageRating ?? NSNull(),
             "ratings": ratings]
        }
    }

    static func rows(complaints: [ComplaintRecord], history: [StatusChangeRecord], feedback: [FeedbackRecord], by: String) -> [Row] {
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
            return Row(
                group: key, complaints: members.count,
                open: members.filter { ComplaintStatus(rawValue: $0.status)?.isOpen ?? false }.count,
                resolved: members.filter { $0.id.flatMap { resolvedAt[$0] } != nil }.count,
                medianDaysToResolution: median,
                averageRating: scores.isEmpty ? nil : Double(scores.reduce(0, +)) / Double(scores.count), ratings: scores.count)
        }
    }
}
