import Foundation
import Testing

@testable import DeskCore

/// The console's storage (`StaffStore`) on every backend: accounts, sessions, audit, handoffs, unmatched dismissal.
@Suite struct StaffStoreTests {
    let at = Date(timeIntervalSince1970: 1_795_428_000)

    @Test(arguments: StoreFactory.all) func accountsAndSessions(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            // Given an account
            try await store.addStaff(StaffAccountRecord(name: "amina", role: "clerk", passwordHash: "h", createdAt: at))
            // Then a second one with its name is refused
            await #expect(throws: StaffStoreError.duplicateStaff("amina")) {
                try await store.addStaff(StaffAccountRecord(name: "amina", role: "admin", passwordHash: "x", createdAt: at))
            }
            // When it is changed, the change is read back
            var account = try #require(try await store.staff(name: "amina"))
            account.failedLogins = 3
            account.lockedUntil = at.addingTimeInterval(60)
            account.language = "ur"
            try await store.saveStaff(account)
            #expect(try await store.staff(name: "amina") == account)
            await #expect(throws: StaffStoreError.unknownStaff("nobody")) {
                try await store.saveStaff(StaffAccountRecord(name: "nobody", role: "clerk", passwordHash: "h", createdAt: at))
            }
            // Sessions are stored, read, and ended one by one or all of an account's
            let s1 = StaffSessionRecord(id: "d1", staff: "amina", csrf: "c1", createdAt: at, expiresAt: at.addingTimeInterval(3600))
            let s2 = StaffSessionRecord(id: "d2", staff: "amina", csrf: "c2", createdAt: at, expiresAt: at.addingTimeInterval(3600))
            try await store.createStaffSession(s1)
            try await store.createStaffSession(s2)
            #expect(try await store.staffSession(id: "d1") == s1)
            try await store.deleteStaffSession(id: "d1")
            #expect(try await store.staffSession(id: "d1") == nil)
            #expect(try await store.deleteStaffSessions(staff: "amina") == 1)
            #expect(try await store.staffSession(id: "d2") == nil)
            // The audit log lists the newest first
            try await store.appendAudit(AuditRecord(staff: "amina", action: "login", subject: "amina", at: at))
            try await store.appendAudit(AuditRecord(staff: "amina", action: "status", subject: "CMP-2026-000001", detail: "→ resolved", at: at))
            let log = try await store.auditLog(limit: 10)
            #expect(log.map(\.action) == ["status", "login"])
            #expect(try await store.staffAccounts().map(\.name) == ["amina"])
        }
    }

    @Test(arguments: StoreFactory.all) func handoffs(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            let h = HandoffRecord(conversation: "telegram:abc", channel: "telegram", citizen: "abc", locale: "ur", openedAt: at)
            // Given a handoff opened with the citizen's message
            let opened = try await store.openHandoff(h, first: HandoffMessageRecord(handoffId: 0, author: "citizen", text: "talk to a person", at: at, inboundId: "telegram:1"))
            let id = try #require(opened.id)
            // When it is opened again, the open one is kept
            let again = try await store.openHandoff(h, first: HandoffMessageRecord(handoffId: 0, author: "citizen", text: "hello?", at: at, inboundId: "telegram:2"))
            #expect(again.id == id)
            #expect(try await store.openHandoff(conversation: "telegram:abc")?.id == id)
            // A redelivered message is stored once
            try await store.addHandoffMessage(HandoffMessageRecord(handoffId: id, author: "citizen", text: "hello?", at: at, inboundId: "telegram:2"))
            #expect(try await store.handoffMessages(handoffID: id).map(\.text) == ["talk to a person", "hello?"])
            // When staff answer and hand back: the answer is stored, the outbox row queued, the handoff closed
            let outbox = OutboxRecord(channel: "telegram", citizen: "abc", text: "We will send a plumber.", locale: "ur", createdAt: at, attempts: 0, nextAttemptAt: at)
            let answered = try await store.answerHandoff(
                id: id, answer: HandoffMessageRecord(handoffId: id, author: "amina", text: "We will send a plumber.", at: at), outbox: outbox, close: true, at: at)
            #expect(answered.status == "closed")
            #expect(answered.closedBy == "amina")
            #expect(try await store.outbox().contains { $0.citizen == "abc" && $0.text == "We will send a plumber." })
            #expect(try await store.openHandoff(conversation: "telegram:abc") == nil)
            #expect(try await store.handoffs(openOnly: true).isEmpty)
            #expect(try await store.handoffs(openOnly: false).count == 1)
            // A closed handoff takes no more answers
            await #expect(throws: StaffStoreError.handoffClosed(id)) {
                _ = try await store.answerHandoff(id: id, answer: HandoffMessageRecord(handoffId: id, author: "amina", text: "x", at: at), outbox: nil, close: false, at: at)
            }
            // Erasing the citizen removes their handoff messages
            #expect(try await store.eraseHandoffs(citizen: "abc") == 3)
            #expect(try await store.handoffs(openOnly: false).isEmpty)
        }
    }

    @Test(arguments: StoreFactory.all) func unmatchedDismissal(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            let conversation = ConversationID(channel: .chat, citizen: "c1")
            for text in ["where is my dog", "where is my cat"] {
                var turn = TurnRecord(ledger: .none, at: at, conversation: conversation, contact: nil, intent: nil, locale: "en", render: { _ in TurnRecord.Rendered(text: "?", session: SessionRecord(id: conversation.key, state: "{}", updatedAt: at)) })
                turn.unmatched = UnmatchedRecord(locale: "en", text: text, createdAt: at)
                turn.rendered = turn.render(nil)
                _ = try await store.commit(turn)
            }
            let ids = try await store.unmatched().compactMap(\.id)
            #expect(ids.count == 2)
            #expect(try await store.removeUnmatched(ids: [ids[0]]) == 1)
            #expect(try await store.unmatched().map(\.text) == ["where is my cat"])
        }
    }
}
