import Foundation
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// What staff do in the console, end to end through its routes: triage, handoff, knowledge, unmatched, open data.
@Suite struct ConsoleFeatureTests {
    @Test func aStatusChangeNotifiesTheCitizenInTheirLanguage() async throws {
        let f = try ConsoleFixture()
        try await f.addStaff("amina", role: .clerk)
        // Given a complaint filed in Urdu over Telegram
        let filed = try await f.store.fileComplaint(
            ComplaintRecord(
                id: nil, reference: "", year: 2026, serial: 0, category: "water", status: "received", locale: "ur", channel: "telegram",
                citizen: "c-ur", location: "Gulberg", description: "پانی نہیں آ رہا", name: nil, latitude: nil, longitude: nil,
                createdAt: f.clock.now, updatedAt: f.clock.now),
            session: nil)
        try await f.test { c in
            try await c.login("amina")
            let detail = try await c.get("/admin/complaints/\(filed.reference)")
            #expect(detail.status == .ok)
            // When a clerk sets it in progress with a note
            let changed = try await c.post(
                "/admin/complaints/\(filed.reference)/status", [("csrf", detail.csrf ?? ""), ("status", "in_progress"), ("note", "team sent")])
            #expect(changed.status == .seeOther)
            // Then the complaint moved, the history says who, and the citizen's notification is queued in Urdu
            #expect(try await f.store.complaint(reference: filed.reference)?.status == "in_progress")
            let note = try #require(try await f.store.outbox().first { $0.citizen == "c-ur" })
            #expect(note.locale == "ur")
            #expect(note.text.contains(filed.reference))
            #expect(note.text == f.desk.text("notify_status_changed", "ur", ["reference": filed.reference, "status": f.desk.text("status_in_progress", "ur"), "note": "team sent"]))
            let page = try await c.get("/admin/complaints/\(filed.reference)")
            #expect(page.body.contains("amina"))
            // A transition the workflow forbids is refused with the reason
            let bad = try await c.post("/admin/complaints/\(filed.reference)/status", [("csrf", page.csrf ?? ""), ("status", "received")])
            #expect(bad.status == .unprocessableContent)
            // Marking a duplicate of an unknown reference is refused
            #expect(try await c.post("/admin/complaints/\(filed.reference)/duplicate", [("csrf", page.csrf ?? ""), ("of", "CMP-1999-000001")]).status == .unprocessableContent)
        }
        #expect(try await f.store.auditLog(limit: 10).contains { $0.action == "status" && $0.subject == filed.reference && $0.staff == "amina" })
    }

    @Test func aCitizenAsksForAPersonAndStaffAnswer() async throws {
        let f = try ConsoleFixture()
        try await f.addStaff("amina", role: .clerk)
        let sender = "+923001234567"
        // Given a citizen who asks for a person
        let first = try await f.desk.handle(Inbound(channel: .chat, sender: sender, text: "I want to talk to a real person", locale: "en"))
        #expect(first.text == f.desk.text("handoff_queued", "en", ["hours": "4"]))
        // Then their next message goes to the inbox and is only acknowledged
        let second = try await f.desk.handle(Inbound(channel: .chat, sender: sender, text: "what are the office hours", locale: "en"))
        #expect(second.text == f.desk.text("handoff_waiting", "en"))
        let handoff = try #require(try await f.store.handoffs(openOnly: true).first)
        #expect(try await f.store.handoffMessages(handoffID: handoff.id ?? 0).map(\.text) == ["I want to talk to a real person", "what are the office hours"])
        try await f.test { c in
            try await c.login("amina")
            let page = try await c.get("/admin/handoffs/\(handoff.id ?? 0)")
            #expect(page.body.contains("what are the office hours"))
            // When staff answer and hand the conversation back
            f.clock.advance(2 * 3600)
            let sent = try await c.post(
                "/admin/handoffs/\(handoff.id ?? 0)/answer", [("csrf", page.csrf ?? ""), ("text", "The office opens at 9."), ("handback", "1")])
            #expect(sent.status == .seeOther)
        }
        // Then the answer is queued for the citizen's channel (shown with their next message on chat)…
        let third = try await f.desk.handle(Inbound(channel: .chat, sender: sender, text: "office hours", locale: "en"))
        #expect(third.notifications == ["The office opens at 9."])
        // …and the bot answers again
        #expect(third.intent == "office_hours")
        // The next wait promised comes from the answered one (2 h)
        #expect(try await f.desk.snapshot.expectedHandoffWaitHours() == 2)
        // The audit says who answered, not what
        let entry = try #require(try await f.store.auditLog(limit: 5).first { $0.action.hasPrefix("handoff answered") })
        #expect(entry.staff == "amina")
        #expect(!(entry.detail ?? "").contains("office opens"))
    }

    @Test func openDataHasNoPersonalDataOrMessageText() async throws {
        let f = try ConsoleFixture()
        _ = try await f.desk.handle(Inbound(channel: .chat, sender: "+254700000001", text: "there is no water in Block 6 since Monday", locale: "en"))
        _ = try await f.desk.handle(Inbound(channel: .chat, sender: "+254700000001", text: "yes", locale: "en"))
        #expect(try await f.store.complaints().count == 1)
        try await f.test { c in
            for uri in ["/open-data", "/open-data.csv?by=category", "/open-data.json?by=locale", "/open-data.csv?by=month"] {
                let page = try await c.get(uri)
                #expect(page.status == .ok)
                for secret in ["254700000001", "Block 6", "Monday", "no water"] { #expect(!page.body.contains(secret), "\(uri) shows \(secret)") }
            }
            let csv = try await c.get("/open-data.csv?by=category")
            #expect(csv.body.hasPrefix("category,complaints,open,resolved,median_days_to_resolution,average_rating,ratings,overdue,overdue_share\nwater,1,1,0,,,0,"))
            #expect(try await c.get("/open-data.csv?by=phone").status == .badRequest)
            // The page has its charts inline, and no external script or stylesheet
            let page = try await c.get("/open-data")
            #expect(page.body.contains("<svg"))
            #expect(!page.body.contains("<script src"))
            #expect(!page.body.contains("http://") || !page.body.contains("<link"))
        }
    }

    @Test func knowledgeEditsChangeOneLineAndKeepComments() throws {
        let source = """
            # a comment on top
            office_hours: "Open 8 to 4."
            # about water
            water_bill: |
              Pay online.
              Or at the office.
            sms:
              office_hours: "8-4"
            """
        let edited = try KnowledgeEditor.settingReply("water_bill", to: "Pay at {website}.", in: source, file: "replies.yaml")
        #expect(edited == """
            # a comment on top
            office_hours: "Open 8 to 4."
            # about water
            water_bill: "Pay at {website}."
            sms:
              office_hours: "8-4"
            """)
        let intents = """
            human_agent:
              keywords:
                - agent: 2
                # people words
                - person
                - officer
              phrases:
                - talk to: 1.5
            thanks:
              keywords:
                - thanks
            """
        let out = try KnowledgeEditor.settingItems(["agent: 2", "officer", "clerk"], field: "keywords", of: "human_agent", in: intents, file: "intents.yaml")
        #expect(out == """
            human_agent:
              keywords:
                - agent: 2
                # people words
                - officer
                - "clerk"
              phrases:
                - talk to: 1.5
            thanks:
              keywords:
                - thanks
            """)
        #expect(KnowledgeEditor.items("phrases", of: "human_agent", in: out.components(separatedBy: "\n"))?.items.map(\.1) == ["talk to: 1.5"])
    }

    @Test func anFAQEditIsCheckedSavedAndReloaded() async throws {
        // Given a copy of the English corpus (one locale: every save runs all checks, kept cheap beside other tests)
        let dir = try scratchCorpus()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let f = try ConsoleFixture(corpora: dir)
        try await f.addStaff("sara", role: .supervisor)
        try await f.test { c in
            try await c.login("sara")
            let form = try await c.get("/admin/knowledge/en/faq/office_hours")
            #expect(form.status == .ok)
            // A placeholder the desk does not know is an error: shown, nothing saved
            let before = try String(contentsOfFile: "\(dir)/en/replies.yaml", encoding: .utf8)
            let broken = try await c.post("/admin/knowledge/en/faq/office_hours", [("csrf", form.csrf ?? ""), ("answer", "Open {no_such_setting}.")])
            #expect(broken.status == .unprocessableContent)
            #expect(broken.body.contains("no_such_setting"))
            #expect(try String(contentsOfFile: "\(dir)/en/replies.yaml", encoding: .utf8) == before)
            // A good answer is saved (one line changed) and the running desk uses it at once
            let saved = try await c.post("/admin/knowledge/en/faq/office_hours", [("csrf", form.csrf ?? ""), ("answer", "Open every weekday from 8 to 4, at {office_address}.")])
            #expect(saved.status == .seeOther)
            let after = try String(contentsOfFile: "\(dir)/en/replies.yaml", encoding: .utf8)
            let changed = zip(before.components(separatedBy: "\n"), after.components(separatedBy: "\n")).filter { $0 != $1 }
            #expect(changed.count == 1)
            let reply = try await f.desk.handle(Inbound(channel: .chat, sender: "+1555", text: "when is the office open", locale: "en"))
            #expect(reply.text.hasPrefix("Open every weekday from 8 to 4"))
            // The try-it box shows the answer and why
            let tried = try await c.post("/admin/knowledge/en/try", [("csrf", form.csrf ?? ""), ("text", "office timings?")])
            #expect(tried.body.contains("Open every weekday from 8 to 4"))
            #expect(tried.body.contains("office_hours"))
        }
    }
}
