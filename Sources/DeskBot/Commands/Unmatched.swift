import DeskCore
import ArgumentParser
import Foundation
import Intents
import Locales

struct Unmatched: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Review what citizens asked that the desk did not understand, and teach it.",
        subcommands: [List.self, Promote.self, Dismiss.self])

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
            let store = try options.openExistingStore()
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
        static let configuration = CommandConfiguration(
            abstract: "Teach the desk an unmatched message: add it to an intent of its locale, check it now gets that intent, and take it (and the messages grouped with it) off the list.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The id shown by `unmatched list`.") var id: Int64
        @Option(help: "The intent it belongs to.") var intent: String
        @Option(help: "example or keyword") var `as` = "example"
        @Option(help: "The locale to add it to (default: the language the message came in).") var locale: String?

        func validate() throws {
            guard ["example", "keyword"].contains(`as`) else { throw ValidationError("--as must be example or keyword") }
        }

        func run() async throws {
            let store = try options.openExistingStore()
            try await options.prepare(store)
            let groups = UnmatchedGroups.group(try await store.unmatched())
            guard let group = groups.first(where: { $0.ids.contains(id) }) else {
                throw CommandFailure(message: "no unmatched message \(id) (see `deskbot unmatched list`)")
            }
            let promotion: CorpusTeacher.Promotion
            do {
                promotion = try CorpusTeacher(directory: options.corpora).promote(
                    group.text, to: IntentID(intent), locale: LocaleID(locale ?? group.locale), field: `as` == "example" ? "examples" : "keywords")
            } catch {
                throw CommandFailure(message: "\(error)")
            }
            let removed = try await store.removeUnmatched(ids: group.ids)
            await options.close(store)
            print("“\(group.text)”: \(promotion.summary)")
            print("\(removed) message(s) taken off the unmatched list; a running server reloads the corpora within seconds")
        }
    }

    struct Dismiss: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take an unmatched message (and the messages grouped with it) off the list without teaching it.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The id shown by `unmatched list`.") var id: Int64

        func run() async throws {
            let store = try options.openExistingStore()
            try await options.prepare(store)
            guard let group = UnmatchedGroups.group(try await store.unmatched()).first(where: { $0.ids.contains(id) }) else {
                throw CommandFailure(message: "no unmatched message \(id) (see `deskbot unmatched list`)")
            }
            let removed = try await store.removeUnmatched(ids: group.ids)
            await options.close(store)
            print("dismissed “\(group.text)”: \(removed) message(s) taken off the list")
        }
    }
}
