import Foundation
import Intents
import Locales
import Logging
import Synchronization
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// Service levels with an injected clock: a complaint crossing its service level is escalated exactly once (in a
/// loop, and with several schedulers on one database), its supervisor gets one message (a local SMTP server), and
/// the citizen is told in their language. On every backend.
@Suite struct CivicEscalationTests {
    static let logger = Logger(label: "test.civic")

    @Test(arguments: StoreFactory.all) func overdueComplaintIsEscalatedExactlyOnce(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let clock = TestClock()
            let store = try await db.shared()
            let desk = try Civic.desk(store, clock: clock)
            // Given: a water complaint (service level 3 days) filed in Urdu.
            let filed = try await Civic.file(
                desk, "ur", sender: "+923000000101", "جی نائن مرکز میں تین دن سے پانی نہیں آ رہا", place: "جی نائن مرکز")
            let reference = try #require(filed.reference)
            let due = Repo.fixedNow.addingTimeInterval(3 * 86400)
            #expect(filed.text.contains(desk.snapshot.citizenDate(due, "ur")), "\(filed.text)")
            let complaint = try #require(try await store.complaint(reference: reference))

            // Before its due date nothing happens.
            clock.advance(days: 2.9)
            #expect(try await Escalator(desk: desk).escalateDue(at: clock.now).isEmpty)

            // When: past it, three instances (each with its own store on the database) run their schedulers 5 times
            // each, all at once.
            clock.advance(days: 0.2)
            var desks: [Desk] = []
            for _ in 0..<3 { desks.append(try Civic.desk(try await db.shared(), clock: clock)) }
            let escalated = try await withThrowingTaskGroup(of: [String].self) { group in
                for instance in desks {
                    for _ in 0..<5 { group.addTask { try await Escalator(desk: instance).escalateDue(at: clock.now) } }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }

            // Then: escalated once, recorded once in the history.
            #expect(escalated == [reference])
            let history = try await store.history(complaintID: try #require(complaint.id)).filter { $0.changedBy == "escalation" }
            #expect(history.count == 1)
            #expect(history.first?.note?.contains("past its service level of 3 days") == true)
            #expect(try await store.civicComplaints(references: [reference]).first?.civic?.escalatedAt != nil)

            // The supervisor has one message queued, the citizen one, in Urdu.
            let toSupervisor = try await store.departmentMessages(complaintID: complaint.id).filter { $0.recipient == "department-water-supervisor" }
            #expect(toSupervisor.count == 1)
            #expect(toSupervisor.first?.channel == "email")
            let outbox = try await store.outbox()
            #expect(!outbox.contains { $0.citizen.hasPrefix("department-") })
            let notice = desk.text("notify_escalated", "ur", ["reference": reference, "expected": desk.snapshot.citizenDate(due, "ur")])
            let toCitizen = outbox.filter { $0.citizen == complaint.citizen && $0.text == notice }
            #expect(toCitizen.count == 1)
            #expect(toCitizen.first?.locale == "ur")

            // The schedulers as `serve` runs them, looping on the injected clock, add nothing.
            let passes = PassCounter()
            let loops = desks.prefix(2).map { instance in
                Task {
                    try await EscalationScheduler(
                        desk: instance, logger: Self.logger, interval: .milliseconds(5), now: clock.closure,
                        onPass: { found in
                            passes.increment()
                            #expect(found.isEmpty)
                        }
                    ).run()
                }
            }
            // Until both have run a few passes (bounded: a busy machine may be slow to schedule them).
            let deadline = ContinuousClock.now + .seconds(10)
            while passes.count < 4 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            for loop in loops { loop.cancel() }
            for loop in loops { _ = await loop.result }
            #expect(passes.count >= 4)
            #expect(try await store.history(complaintID: try #require(complaint.id)).filter { $0.changedBy == "escalation" }.count == 1)

            // The e-mail deliverer sends the supervisor exactly one message through a real SMTP exchange.
            let smtp = try await SMTPStub()
            let deliverer = DepartmentDeliverer(
                store: store, smtp: SMTPClient(host: "127.0.0.1", port: smtp.port, from: "desk@riverside.example.org"),
                logger: Self.logger, now: clock.closure)
            #expect(await deliverer.deliverDue() == 2)  // the routing notice to the department, and the escalation
            #expect(await deliverer.deliverDue() == 0)
            await smtp.stop()
            let supervisor = smtp.messages.filter { $0.to == ["water.director@riverside.example.org"] }
            #expect(supervisor.count == 1)
            #expect(supervisor.first?.subject.contains(reference) == true)
            #expect(supervisor.first?.body.contains("past its service level of 3 days") == true)
            #expect(smtp.messages.filter { $0.to == ["water@riverside.example.org"] }.count == 1)
            #expect(try await store.departmentMessages(complaintID: nil).allSatisfy { $0.status == "sent" })

            // Overdue shows in the staff views until it is resolved.
            #expect(try await store.civicComplaints(references: [reference]).first?.isOverdue(at: clock.now) == true)
            try await desk.updateStatus(reference: reference, to: .resolved, by: "staff", note: "fixed")
            #expect(try await store.civicComplaints(references: [reference]).first?.isOverdue(at: clock.now) == false)
        }
    }

    @Test func statusReplyTellsTheExpectedDateInTheCitizensLanguage() async throws {
        let clock = TestClock()
        let desk = try Civic.desk(try SQLiteDeskStore.inMemory(), clock: clock)
        let filed = try await Civic.file(desk, "hi", sender: "+919800000201", "जी-9 मरकज़ में सड़क पर बड़ा गड्ढा है", place: "जी-9 मरकज़")
        let reference = try #require(filed.reference)
        let reply = try await desk.handle(Inbound(channel: .chat, sender: "+919800000201", text: "status \(reference)", locale: "hi"))
        let category = try #require(try await desk.store.complaint(reference: reference)?.category)
        let due = Repo.fixedNow.addingTimeInterval(Double(Repo.corpus.civic.serviceLevelDays(category)) * 86400)
        #expect(reply.text.contains(desk.snapshot.citizenDate(due, "hi")), "\(reply.text)")
        let written = desk.snapshot.citizenDate(due, "hi")
        let hindiMonth = ["नवंबर", "दिसंबर"].contains { written.contains($0) }
        #expect(hindiMonth, "\(written)")
    }
}
