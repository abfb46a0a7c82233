import Foundation
import Intents
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

@Suite struct ComplaintFlowTests {
    @Test func intakeSurvivesARestart() async throws {
        let path = DeskStoreTests.tempPath()
        let sender = "+254700000001"
        do {
            let desk = try Repo.desk(locale: "en", store: SQLiteDeskStore.open(path: path))
            let reply = try await desk.handle(Inbound(channel: .sms, sender: sender, text: "the streetlight outside my house is broken"))
            #expect(reply.intent == "complaint_streetlight")
            #expect(reply.reference == nil)
        }
        // A new process: new store connection, new desk, same file.
        let desk = try Repo.desk(locale: "en", store: SQLiteDeskStore.open(path: path))
        var reply = try await desk.handle(Inbound(channel: .sms, sender: sender, text: "Kenyatta Avenue near the bus stop"))
        #expect(reply.text.contains("Kenyatta Avenue near the bus stop"))
        reply = try await desk.handle(Inbound(channel: .sms, sender: sender, text: "yes"))
        #expect(reply.reference == "CMP-2026-000001")
        #expect(reply.text.contains("CMP-2026-000001"))
        let stored = try await SQLiteDeskStore.open(path: path).complaint(reference: "CMP-2026-000001")
        #expect(stored?.category == "streetlight")
        #expect(stored?.location == "Kenyatta Avenue near the bus stop")
    }

    @Test func statusChangeNotifiesAndResolutionAsksForRating() async throws {
        let store = try SQLiteDeskStore.inMemory()
        let desk = try Repo.desk(locale: "en", store: store)
        let sender = "+27820000001"
        _ = try await desk.handle(Inbound(channel: .chat, sender: sender, text: "there is no water in Block 6 since Monday"))
        let filed = try await desk.handle(Inbound(channel: .chat, sender: sender, text: "yes"))
        let reference = try #require(filed.reference)
        try await desk.updateStatus(reference: reference, to: .inProgress, by: "staff", note: "crew on the way")
        var reply = try await desk.handle(Inbound(channel: .chat, sender: sender, text: "hello"))
        #expect(reply.notifications.count == 1)
        #expect(reply.notifications[0].contains(reference))
        try await desk.updateStatus(reference: reference, to: .resolved, by: "staff", note: "pipe fixed")
        reply = try await desk.handle(Inbound(channel: .chat, sender: sender, text: "4 thanks, quick work"))
        #expect(reply.notifications.count == 1)
        #expect(reply.intent == "feedback")
        #expect(try await store.complaint(reference: reference)?.status == "closed")
        #expect(try await store.feedback().first?.rating == 4)
        // Nothing is delivered twice.
        reply = try await desk.handle(Inbound(channel: .chat, sender: sender, text: "hello"))
        #expect(reply.notifications.isEmpty)
    }

    @Test func notFixedReopens() async throws {
        let store = try SQLiteDeskStore.inMemory()
        let desk = try Repo.desk(locale: "en", store: store)
        let sender = "+27820000002"
        _ = try await desk.handle(Inbound(channel: .chat, sender: sender, text: "garbage has not been collected near Kongowea market for two weeks"))
        let filed = try await desk.handle(Inbound(channel: .chat, sender: sender, text: "yes"))
        let reference = try #require(filed.reference)
        try await desk.updateStatus(reference: reference, to: .resolved, by: "staff", note: "collected")
        let notFixed = try #require(Repo.corpus.packs["en"]?.info.notFixed.first)
        let reply = try await desk.handle(Inbound(channel: .chat, sender: sender, text: notFixed))
        #expect(reply.text.contains(reference))
        #expect(try await store.complaint(reference: reference)?.status == "in_progress")
    }

    @Test func statusOfSomeoneElsesComplaintIsNotShown() async throws {
        let store = try SQLiteDeskStore.inMemory()
        let desk = try Repo.desk(locale: "en", store: store)
        _ = try await desk.handle(Inbound(channel: .chat, sender: "a", text: "there is no water in Block 6 since Monday"))
        let filed = try await desk.handle(Inbound(channel: .chat, sender: "a", text: "yes"))
        let reference = try #require(filed.reference)
        let mine = try await desk.handle(Inbound(channel: .chat, sender: "a", text: "status of \(reference)"))
        #expect(mine.text.contains(reference))
        let theirs = try await desk.handle(Inbound(channel: .chat, sender: "b", text: "status of \(reference)"))
        #expect(theirs.text == (await desk.text("status_not_found", "en", ["reference": reference])))
    }
}

@Suite struct Open311Tests {
    @Test func exportHasEveryGeoReportFieldWithTheRightValues() async throws {
        let store = try SQLiteDeskStore.inMemory()
        let c = try await store.fileComplaint(DeskStoreTests.draft(7), session: nil)
        try await store.updateStatus(reference: c.reference, to: .resolved, by: "staff", note: "pipe fixed", at: Repo.fixedNow.addingTimeInterval(86400)) { _, _, _ in (nil, nil) }
        let stored = try #require(try await store.complaint(reference: c.reference))
        let open311 = Open311(corpus: Repo.corpus)
        let request = open311.request(stored, lastNote: "pipe fixed")
        #expect(Set(request.keys) == Set(Open311.requestFields))
        #expect(request["service_request_id"] as? String == "CMP-2026-000001")
        #expect(request["status"] as? String == "closed")
        #expect(request["status_notes"] as? String == "resolved: pipe fixed")
        #expect(request["service_code"] as? String == "water")
        #expect((request["service_name"] as? String)?.isEmpty == false)
        #expect(request["description"] as? String == "no water 7")
        #expect((request["agency_responsible"] as? String)?.isEmpty == false)
        #expect(request["requested_datetime"] as? String == "2026-11-23T10:00:00Z")
        #expect(request["updated_datetime"] as? String == "2026-11-24T10:00:00Z")
        #expect(request["address"] as? String == "Block 7")
        #expect(request["lat"] is NSNull && request["long"] is NSNull)
        #expect(request["media_url"] is NSNull && request["expected_datetime"] is NSNull)
        // And it serializes to JSON.
        let json = try Open311.json([request])
        #expect(json.contains("\"service_request_id\" : \"CMP-2026-000001\""))
    }

    @Test func servicesListCoversEveryCategory() {
        let services = Open311(corpus: Repo.corpus).services()
        #expect(services.map { $0["service_code"] as? String } == Catalog.categories.map(\.code))
        for s in services {
            #expect(Set(s.keys) == Set(Open311.serviceFields))
            #expect(s["type"] as? String == "realtime")
            #expect(s["metadata"] as? Bool == false)
        }
    }

    @Test func open311StatusIsOpenOrClosed() {
        #expect(Open311.status("received") == "open")
        #expect(Open311.status("in_progress") == "open")
        #expect(Open311.status("resolved") == "closed")
        #expect(Open311.status("duplicate") == "closed")
    }
}

@Suite struct PrivacyTests {
    @Test func eraseForgetsTheCitizenAndKeepsTheComplaintUnlinked() async throws {
        // Given a citizen who filed a complaint over SMS
        let store = try SQLiteDeskStore.inMemory()
        let desk = try Repo.desk(locale: "en", store: store)
        let sender = "+254700000555"
        let filed = try await desk.handle(Inbound(channel: .sms, sender: sender, text: "C WATER no water at block 9"))
        let reference = try #require(filed.reference)
        let citizen = desk.hasher.pseudonym(sender)
        #expect(try await store.contact(id: ConversationID(channel: .sms, citizen: citizen).key) != nil)
        // When they ask to be forgotten
        let counts = try await store.erase(citizen: citizen)
        // Then no address, session or complaint link is left, and the complaint itself stays
        #expect(counts["contacts"] == 1)
        #expect(counts["complaints unlinked"] == 1)
        #expect(try await store.contact(id: ConversationID(channel: .sms, citizen: citizen).key) == nil)
        #expect(try await store.session(id: ConversationID(channel: .sms, citizen: citizen).key) == nil)
        #expect(try await store.complaints(citizen: citizen, openOnly: false).isEmpty)
        let kept = try #require(try await store.complaint(reference: reference))
        #expect(kept.citizen == "erased")
        // … as a record of the problem (category, status, dates), without the citizen's words.
        #expect(kept.category == "water")
        #expect(kept.description.isEmpty && kept.location == nil)
    }

    @Test func purgeDeletesOnlyWhatIsOlderThanTheRetention() async throws {
        let store = try SQLiteDeskStore.inMemory()
        let desk = try Repo.desk(locale: "en", store: store)
        var message = Inbound(channel: .kannel, sender: "+254700000556", text: "hello")
        message.messageID = "kannel:old-1"
        _ = try await desk.handle(message)
        #expect(try await store.purge(before: Repo.fixedNow.addingTimeInterval(-60))["messages"] == 0)
        #expect(try await store.purge(before: Repo.fixedNow.addingTimeInterval(60))["messages"] == 1)
        #expect(try await store.inbound(id: "kannel:old-1") == nil)
    }
}
