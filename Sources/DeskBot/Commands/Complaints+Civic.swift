import ArgumentParser
import DeskCore
import Foundation
import Intents

extension Complaints {
    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Route a complaint to another department (recorded in its history); the department is notified.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The reference, e.g. CMP-2026-000123.") var reference: String
        @Argument(help: "The department's code in departments.yaml.") var department: String
        @Option(help: "Who makes the change.") var by: String = "staff"

        func run() async throws {
            let desk = try options.makeDesk(DeskConfiguration(), reads: false)
            let civic = desk.corpus.civic
            guard let target = civic.departments[department] else {
                throw ValidationError(CivicError.unknownDepartment(department, known: civic.departments.keys.sorted()).description)
            }
            guard let c = try await desk.store.complaint(reference: reference) else {
                throw ValidationError(StoreError.unknownReference(reference).description)
            }
            let subject = "Complaint \(c.reference) (\(c.category)) assigned to \(target.name)"
            let body = "\(c.category) complaint \(c.reference), filed \(DeskSnapshot.day(c.createdAt)), reassigned to \(target.name) by \(by)."
                + " Place: \(c.location ?? "-"). \(c.description)"
            let messages = desk.snapshot.messages(to: target.contact, of: target, role: "contact", subject: subject, body: body, complaint: c)
            let updated = try await desk.store.assign(reference: c.reference, department: target.code, by: by, at: desk.now(), messages: messages)
            let how = messages.isEmpty ? "the department has no contact, so nobody is notified" : "its notice is queued (\(target.contact))"
            print("\(updated.reference) is now assigned to \(target.code) (\(target.name)); \(how).")
        }
    }

    struct Unlink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Unlink a complaint from the one it was linked to as a duplicate; it is handled on its own again.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The reference of the linked complaint.") var reference: String
        @Option(help: "Who makes the change.") var by: String = "staff"

        func run() async throws {
            let (store, _) = try options.openStore()
            do {
                let c = try await store.unlink(reference: reference, by: by, at: Date())
                print("\(c.reference) is no longer linked; it follows its own status and service level.")
            } catch let error as CivicError {
                throw ValidationError(error.description)
            } catch let error as StoreError {
                throw ValidationError(error.description)
            }
        }
    }
}

/// The civic columns of `complaints list` and lines of `complaints show`.
enum CivicFormat {
    static let columns = StaffFormat.columns + ["department", "citizens", "due", "overdue", "linked_to"]

    static func complaints(_ rows: [ComplaintRecord], store: any DeskStore, overdueOnly: Bool, format: String) async throws -> String {
        let views = Dictionary(
            try await store.civicComplaints(references: nil).map { ($0.complaint.reference, $0) }, uniquingKeysWith: { a, _ in a })
        let now = Date()
        var values: [[String]] = []
        for c in rows {
            let v = views[c.reference]
            let overdue = v?.isOverdue(at: now) ?? false
            if overdueOnly && !overdue { continue }
            values.append(
                [c.reference, c.category, c.status, c.locale, c.channel, c.location ?? "", c.description,
                 Open311.datetime(c.createdAt), Open311.datetime(c.updatedAt),
                 v?.civic?.department ?? "", String(v?.citizens ?? 1), v?.civic.map { Open311.datetime($0.dueAt) } ?? "",
                 overdue ? "yes" : "no", v?.primaryReference ?? ""])
        }
        switch format {
        case "csv": return StaffFormat.csv([columns] + values)
        case "json": return try Open311.json(values.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) })
        default: return StaffFormat.table([columns] + values.map { row in row.map { String($0.prefix(40)) } })
        }
    }

    /// Every complaint as a GeoReport v2 service request (as `GET requests/{id}.json` gives it).
    static func open311Requests(_ rows: [ComplaintRecord], store: any DeskStore, options: GlobalOptions) async throws -> [[String: Any]] {
        let desk = try options.makeDesk(DeskConfiguration(), reads: false)
        let api = Open311API(desk: desk, baseURL: "")
        let views = Dictionary(
            try await store.civicComplaints(references: nil).map { ($0.complaint.reference, $0) }, uniquingKeysWith: { a, _ in a })
        let notes = Dictionary(grouping: try await store.allHistory(), by: \.complaintId).mapValues { $0.last?.note }
        return rows.map { c in
            let view = views[c.reference] ?? CivicComplaint(complaint: c, civic: nil, primaryReference: nil, citizens: 1)
            return Open311API.object(api.fields(view, lastNote: c.id.flatMap { notes[$0] } ?? nil))
        }
    }

    static func show(_ c: ComplaintRecord, store: any DeskStore, corpus: Corpus?) async throws {
        guard let v = try await store.civicComplaints(references: [c.reference]).first else { return }
        let departments = corpus?.civic.departments ?? [:]
        if let civic = v.civic {
            let name = civic.department.flatMap { departments[$0]?.name }.map { " (\($0))" } ?? ""
            print("department:  \(civic.department ?? "-")\(name)")
            print("area:        \(civic.area ?? "-")")
            print("due:         \(Open311.datetime(civic.dueAt))\(v.isOverdue(at: Date()) ? "  OVERDUE" : "")")
            if let at = civic.escalatedAt { print("escalated:   \(Open311.datetime(at))") }
            if let remote = civic.remoteId { print("forwarded:   \(remote) (the id the department's Open311 endpoint gave it)") }
        }
        if let primary = v.primaryReference { print("linked to:   \(primary) (a duplicate report; `deskbot complaints unlink \(c.reference)` undoes it)") }
        if let id = c.id {
            let linked = try await store.linked(to: id)
            print("citizens:    \(v.citizens) affected\(linked.isEmpty ? "" : " (linked: \(linked.map(\.reference).joined(separator: ", ")))")")
        }
        // Department and supervisor messages about this complaint, and how far each got (no address, no text).
        for m in try await store.departmentMessages(complaintID: c.id ?? 0) {
            print("department message: \(Open311.datetime(m.createdAt))  \(m.recipient) via \(m.channel)  \(m.status)\(m.statusAt.map { " at \(Open311.datetime($0))" } ?? "")\(m.error.map { " (\($0))" } ?? "")")
        }
    }
}
