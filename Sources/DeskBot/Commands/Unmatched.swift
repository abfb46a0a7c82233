import DeskCore
import ArgumentParser
import Foundation
import Intents
import Locales

struct Unmatched: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Review what citizens asked that the desk did not understand, and teach it.",
        subcommands: [List.self, Promote.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unmatched messages, similar ones grouped, most frequent first.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Only this locale.") var locale: String?
        @Option(help: "Only messages on or after this day (YYYY-MM-DD).") var since: String?
        @Option(help: "table or json") var format = "table"

        func validate() throws {
            if let since, StaffFormat.day(since) == nil { throw ValidationError("--since must be YYYY-MM-DD") }
            guard ["table", "json"].contains(format) else { throw ValidationError("--format must be table or json") }
        }

        func run() async throws {
            let (store, _) = try options.openStore()
            let since = since.flatMap(StaffFormat.day)
            let rows = try await store.unmatched().filter { r in
                (locale == nil || r.locale == locale) && (since == nil || r.createdAt >= since ?? r.createdAt)
            }
            let groups = UnmatchedGroups.group(rows)
            if format == "json" {
                print(try Open311.json(groups.map { ["id": $0.id, "locale": $0.locale, "count": $0.count, "text": $0.text, "last_seen": Open311.datetime($0.lastSeen)] as [String: Any] }))
            } else {
                print(StaffFormat.table([["id", "locale", "count", "last seen", "message"]] + groups.map {
                    [String($0.id), $0.locale, String($0.count), Open311.datetime($0.lastSeen), $0.text]
                }))
            }
        }
    }

    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an unmatched message to a locale's corpus as an example (or keyword) of an intent.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The id shown by `unmatched list`.") var id: Int64
        @Option(help: "The intent it belongs to.") var intent: String
        @Option(help: "example or keyword") var `as` = "example"

        func validate() throws {
            guard ["example", "keyword"].contains(`as`) else { throw ValidationError("--as must be example or keyword") }
        }

        func run() async throws {
            let (store, _) = try options.openStore()
            guard let row = try await store.unmatched().first(where: { $0.id == id }) else { throw CommandFailure(message: "no unmatched message \(id)") }
            do {
                try CorpusEditor(directory: options.corpora).add(
                    row.text, to: `as` == "example" ? "examples" : "keywords", of: IntentID(intent), locale: LocaleID(row.locale))
            } catch {
                throw CommandFailure(message: "\(error)")
            }
            print("added “\(row.text)” to \(row.locale)/intents.yaml as \(`as`) of \(intent); a running server reloads it within seconds")
        }
    }
}

/// Groups unmatched messages whose words mostly coincide (Jaccard ≥ 0.6), so staff see each question once.
enum UnmatchedGroups {
    struct Group {
        let id: Int64
        let locale: String
        var count: Int
        let text: String
        var lastSeen: Date
        let words: Set<Substring>
    }

    static func group(_ rows: [UnmatchedRecord]) -> [Group] {
        var groups: [Group] = []
        for row in rows {
            let words = Set(row.text.split(whereSeparator: { $0.isWhitespace || $0.isPunctuation }))
            if let i = groups.firstIndex(where: { $0.locale == row.locale && similarity($0.words, words) >= 0.6 }) {
                groups[i].count += 1
                groups[i].lastSeen = max(groups[i].lastSeen, row.createdAt)
            } else {
                groups.append(Group(id: row.id ?? 0, locale: row.locale, count: 1, text: row.text, lastSeen: row.createdAt, words: words))
            }
        }
        return groups.sorted { $0.count > $1.count || ($0.count == $1.count && $0.id < $1.id) }
    }

    static func similarity(_ a: Set<Substring>, _ b: Set<Substring>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 1 : Double(a.intersection(b).count) / Double(union)
    }
}
