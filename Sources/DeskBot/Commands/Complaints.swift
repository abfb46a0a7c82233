import DeskCore
import ArgumentParser
import Foundation
import Intents
import Locales

struct Complaints: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Staff: list, show, update and export complaints.",
        subcommands: [List.self, Show.self, Update.self, Reopen.self, Assign.self, Unlink.self, Export.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List complaints.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Only this status.") var status: String?
        @Option(help: "Only this category (water, garbage, streetlight, road, sewage, noise, corruption, general).") var category: String?
        @Option(help: "Only complaints filed on or after this day (YYYY-MM-DD).") var since: String?
        @Option(help: "table, csv or json") var format: String = "table"
        @Flag(help: "Only open complaints past their service level (linked duplicates excluded).") var overdue = false

        func validate() throws {
            guard ["table", "csv", "json"].contains(format) else { throw ValidationError("--format must be table, csv or json") }
            if let status, ComplaintStatus(rawValue: status) == nil { throw ValidationError(StoreError.unknownStatus(status).description) }
            if let since, StaffFormat.day(since) == nil { throw ValidationError("--since must be YYYY-MM-DD") }
        }

        func run() async throws {
            let store = try options.openExistingStore()
            let rows = try await store.complaints(status: status, category: category, since: since.flatMap(StaffFormat.day))
            print(try await CivicFormat.complaints(rows, store: store, overdueOnly: overdue, format: format))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one complaint and its history.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The reference, e.g. CMP-2026-000123.") var reference: String

        func run() async throws {
            let store = try options.openExistingStore()
            guard let c = try await store.complaint(reference: reference), let id = c.id else {
                throw CommandFailure(message: StoreError.unknownReference(reference).description)
            }
            print("\(c.reference)  \(c.category)  \(c.status)  [\(c.locale), \(c.channel)]")
            print("filed:       \(Open311.datetime(c.createdAt))")
            print("location:    \(c.location ?? "-")")
            print("description: \(c.description)")
            if let name = c.name { print("name:        \(name)") }
            try await CivicFormat.show(c, store: store, corpus: try? options.loadCorpus())
            print("history:")
            for h in try await store.history(complaintID: id) {
                print("  \(Open311.datetime(h.changedAt))  \(h.fromStatus ?? "-") → \(h.toStatus)  by \(h.changedBy)\(h.note.map { ": \($0)" } ?? "")")
            }
            for f in try await store.feedback() where f.complaintId == id {
                print("rating:      \(f.rating)/5 on \(Open311.datetime(f.createdAt))\(f.comment.map { " — “\($0)”" } ?? " (no comment)")")
            }
            // The citizen's notifications about this complaint, and how far each got (no text, no address).
            let notices = try await store.deliveries().filter { $0.message.citizen == c.citizen && $0.message.text.contains(c.reference) }
            if !notices.isEmpty {
                print("notifications:")
                for n in notices {
                    print("  \(Open311.datetime(n.message.createdAt))  \(n.message.channel)  \(n.status.rawValue)\(n.statusAt.map { " at \(Open311.datetime($0))" } ?? "")\(n.error.map { " (\($0))" } ?? "")")
                }
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a complaint's status; the citizen is notified.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The reference.") var reference: String
        @Option(help: "The new status: \(ComplaintStatus.allCases.map(\.rawValue).joined(separator: ", ")).") var status: String
        @Option(help: "A note for the citizen and the record.") var note: String?
        @Option(help: "Who makes the change.") var by: String

        func validate() throws {
            if ComplaintStatus(rawValue: status) == nil { throw ValidationError(StoreError.unknownStatus(status).description) }
        }

        func run() async throws {
            let desk = try options.makeDesk(DeskConfiguration(), existing: true, reads: false)
            do {
                let c = try await desk.updateStatus(
                    reference: reference, to: ComplaintStatus(rawValue: status) ?? .received, by: by, note: note)
                let contact = try await desk.store.contact(id: ConversationID(channel: c.channel, citizen: c.citizen)?.key ?? "")
                let how: String
                if contact == nil {
                    how = "the citizen has no address on record (erased), so no notification is sent"
                } else if contact?.optedOut == true {
                    how = "the citizen opted out, so no notification is sent (the change is visible on request)"
                } else {
                    how = "the citizen's notification is queued on \(c.channel); `deskbot serve` sends it, or the citizen sees it with their next message"
                }
                print("\(c.reference) is now \(c.status); \(how).")
            } catch let error as StoreError {
                throw CommandFailure(message: error.description)
            }
        }
    }

    /// Staff reopen a resolved, closed or rejected complaint (the problem came back, or it was closed by mistake).
    struct Reopen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reopen a resolved, closed or rejected complaint (it goes back to in_progress); the citizen is notified.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The reference.") var reference: String
        @Option(help: "Why it is reopened (for the citizen and the record).") var note: String?
        @Option(help: "Who reopens it.") var by: String

        func run() async throws {
            var update = Update()
            update.options = options
            update.reference = reference
            update.status = ComplaintStatus.inProgress.rawValue
            update.note = note
            update.by = by
            try await update.run()
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export complaints as CSV, or as Open311 GeoReport v2 service requests (JSON).")
        @OptionGroup var options: GlobalOptions
        @Option(help: "csv or open311") var format: String = "csv"
        @Flag(help: "With --format open311: print the services list instead of the requests.") var services = false

        func validate() throws {
            guard ["csv", "open311"].contains(format) else { throw ValidationError("--format must be csv or open311") }
        }

        func run() async throws {
            let store = try options.openExistingStore()
            let rows = try await store.complaints()
            guard format == "open311" else {
                print(try StaffFormat.complaints(rows, format: "csv"))
                return
            }
            let open311 = Open311(corpus: try options.loadCorpus())
            if services {
                print(try Open311.json(open311.services()))
                return
            }
            // The same fields as the API's (`agency_responsible` from routing, `expected_datetime` from the service level).
            print(try Open311.json(try await CivicFormat.open311Requests(rows, store: store, options: options)))
        }
    }
}
