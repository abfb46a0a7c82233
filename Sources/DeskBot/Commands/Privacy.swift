import ArgumentParser
import DeskCore
import Foundation

/// Citizens' privacy rights and data retention.
struct Privacy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy", abstract: "Erase a citizen's data on request; delete old messages (retention).",
        subcommands: [Erase.self, Purge.self])

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forget a citizen: addresses, sessions, messages, replies and rating comments are deleted; their complaints stay, unlinked.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "The citizen's address as a channel gives it (phone number, WhatsApp number, Telegram chat id).")
        var address: String

        func run() async throws {
            let (store, hasher) = try options.openStore()
            var counts = try await store.erase(citizen: hasher.pseudonym(address))
            counts["handoff messages"] = try await store.eraseHandoffs(citizen: hasher.pseudonym(address))  // the console's inbox
            print(counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete answered messages and their replies, sent notifications and unmatched messages older than N days.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Keep this many days (at least 7, longer than any gateway retries).") var days: Int = 90

        func validate() throws {
            guard days >= 7 else { throw ValidationError("--days must be at least 7: gateways retry for days, and the ledger must remember their message ids") }
        }

        func run() async throws {
            let (store, _) = try options.openStore()
            let counts = try await store.purge(before: Date().addingTimeInterval(-Double(days) * 86_400))
            print(counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
        }
    }
}
