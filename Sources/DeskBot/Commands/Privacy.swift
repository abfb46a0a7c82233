import ArgumentParser
import DeskCore
import Foundation

/// Citizens' privacy rights and data retention.
struct Privacy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy",
        abstract: "Citizens' data rights: forget a citizen, export what the desk holds about them; delete old data (retention).",
        subcommands: [Erase.self, Export.self, Purge.self])

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forget",
            abstract: "Forget a citizen: addresses, sessions, messages, replies and rating comments are deleted; their complaints stay as anonymous records (category, status, dates) without their words.",
            aliases: ["erase"])
        @OptionGroup var options: GlobalOptions
        @Option(help: "The citizen's address as a channel gives it (phone number, WhatsApp number, Telegram chat id).")
        var address: String

        func run() async throws {
            let (store, hasher) = try options.openExisting()
            var counts = try await store.erase(citizen: hasher.pseudonym(address))
            counts["handoff messages"] = try await store.eraseHandoffs(citizen: hasher.pseudonym(address))  // the console's inbox
            print(counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Everything the desk holds about a citizen, as JSON (a subject-access request).")
        @OptionGroup var options: GlobalOptions
        @Option(help: "The citizen's address as a channel gives it (phone number, WhatsApp number, Telegram chat id).")
        var address: String

        func run() async throws {
            let (store, hasher) = try options.openExisting()
            try await options.prepare(store)
            let export = try await CitizenExport.gather(hasher.pseudonym(address), from: store, at: Date())
            await options.close(store)
            print(try export.json())
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete answered messages and their replies, sent notifications and unmatched messages older than N days, and the citizens' words in complaints closed before then.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Keep this many days (at least 7, longer than any gateway retries).") var days: Int = 90

        func validate() throws {
            guard days >= 7 else { throw ValidationError("--days must be at least 7: gateways retry for days, and the ledger must remember their message ids") }
        }

        func run() async throws {
            let store = try options.openExistingStore()
            let counts = try await store.purge(before: Date().addingTimeInterval(-Double(days) * 86_400))
            print(counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
        }
    }
}
