import Foundation
import Intents
import Locales
import Testing

@testable import DeskBot
@testable import DeskCore

/// Duplicates in text-only reports: the same category and locality (in any script or spelling) as an open
/// complaint filed within the window links the new complaint to it. On every backend.
@Suite struct CivicDuplicateTests {
    @Test(arguments: StoreFactory.all) func oneLocalityInThreeScriptsIsOneProblem(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let clock = TestClock()
            let desk = try Civic.desk(db.store, clock: clock)
            // Given: a water complaint about G-9 Markaz, in English.
            let first = try await Civic.file(desk, "en", sender: "+923000000001", "there is no water in G-9 Markaz since Monday", place: "G-9 Markaz")
            let primary = try #require(first.reference)
            #expect(first.text.contains(desk.snapshot.citizenDate(Repo.fixedNow.addingTimeInterval(3 * 86400), "en")), "\(first.text)")

            // When: the same problem is reported in Urdu (Arabic script) and Hindi (Devanagari) a day later.
            clock.advance(days: 1)
            let urdu = try await Civic.file(desk, "ur", sender: "+923000000002", "جی نائن مرکز میں تین دن سے پانی نہیں آ رہا", place: "جی نائن مرکز")
            let hindi = try await Civic.file(desk, "hi", sender: "+919800000003", "जी-9 मरकज़ में पानी नहीं आ रहा", place: "जी-9 मरकज़")

            // Then: both are linked to the first, and told so in their language.
            for (reply, locale) in [(urdu, LocaleID("ur")), (hindi, LocaleID("hi"))] {
                let reference = try #require(reply.reference)
                #expect(reference != primary)
                let expected = desk.text(
                    "complaint_duplicate", locale,
                    ["reference": reference, "primary": primary, "expected": desk.snapshot.citizenDate(Repo.fixedNow.addingTimeInterval(3 * 86400), locale)])
                #expect(reply.text == expected, "\(reply.text)")
            }
            let views = try await db.store.civicComplaints(references: [primary, try #require(urdu.reference), try #require(hindi.reference)])
            #expect(views[0].citizens == 3)
            #expect(views[0].civic?.department == "water")
            #expect(views[1].primaryReference == primary)
            #expect(views[2].primaryReference == primary)
            // A duplicate adds no department notice: only the first report was sent to the water department.
            #expect(try await db.store.departmentMessages(complaintID: nil).filter { $0.recipient == "department-water-contact" }.count == 1)

            // The citizens of the linked complaints get the first complaint's status notifications, in their language.
            try await desk.updateStatus(reference: primary, to: .inProgress, by: "staff", note: "crew on site")
            let notified = try await db.store.outbox().filter { $0.locale == "ur" || $0.locale == "hi" }
            #expect(notified.count == 2)
            let urduReference = try #require(urdu.reference)
            #expect(notified.contains { $0.text.contains(urduReference) && $0.text.contains(desk.text("status_in_progress", "ur")) })
            #expect(try await db.store.complaint(reference: try #require(hindi.reference))?.status == "in_progress")

            // Staff unlink one: it is on its own again, and the count drops.
            _ = try await db.store.unlink(reference: try #require(hindi.reference), by: "staff", at: clock.now)
            #expect(try await db.store.civicComplaints(references: [primary])[0].citizens == 2)
            #expect(try await db.store.civicComplaints(references: [try #require(hindi.reference)])[0].primaryReference == nil)
            await #expect(throws: CivicError.self) { _ = try await db.store.unlink(reference: try #require(hindi.reference), by: "staff", at: clock.now) }
        }
    }

    @Test(arguments: StoreFactory.all) func anotherCategoryOrPlaceOrOutsideTheWindowIsNotADuplicate(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let clock = TestClock()
            let desk = try Civic.desk(db.store, clock: clock)
            let first = try await Civic.file(desk, "en", sender: "+254700000010", "no water in Block 4 since Monday", place: "Block 4")
            let primary = try #require(first.reference)
            // Another category, same place.
            let garbage = try await Civic.file(desk, "en", sender: "+254700000011", "garbage not collected in Block 4 for a week", place: "Block 4")
            // Same category, another place.
            let elsewhere = try await Civic.file(desk, "en", sender: "+254700000012", "no water in G-10 since Monday", place: "G-10")
            // Same category and place, 13 days later: inside the 14-day window.
            clock.advance(days: 13)
            let inside = try await Civic.file(desk, "fr", sender: "+221700000013", "pas d'eau au Bloc 4 depuis lundi", place: "Bloc 4")
            // 15 days after the first: outside the window, a new problem.
            clock.advance(days: 2)
            let outside = try await Civic.file(desk, "en", sender: "+254700000014", "no water in Block 4 again", place: "Block 4")
            let views = try await db.store.civicComplaints(references: nil)
            func link(_ reply: Reply) -> String? { views.first { $0.complaint.reference == reply.reference }?.primaryReference }
            #expect(link(garbage) == nil)
            #expect(link(elsewhere) == nil)
            #expect(link(inside) == primary)
            #expect(link(outside) == nil)
            #expect(views.first { $0.complaint.reference == outside.reference }?.civic?.area == "block-4")
            // A resolved complaint takes no new duplicates (and a linked one is never a primary).
            try await desk.updateStatus(reference: try #require(outside.reference), to: .resolved, by: "staff", note: nil)
            let after = try await Civic.file(desk, "en", sender: "+254700000015", "no water in Block 4 once more", place: "Block 4")
            #expect(try await db.store.civicComplaints(references: [try #require(after.reference)])[0].primaryReference == nil)
        }
    }
}
