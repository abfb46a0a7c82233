import Foundation
import Testing

@testable import DeskCore
@testable import DeskStoreSQLite

/// The delivery additions to `DeskStore` (migration v4-delivery), on the SQLite store; a PostgreSQL store should
/// pass the same.
@Suite struct DeliveryStoreTests {
    static func row(_ store: SQLiteDeskStore, channel: String = "kannel") async throws -> Int64 {
        let now = Date()
        _ = try await store.updateStatus(
            reference: try await store.fileComplaint(
                ComplaintRecord(
                    reference: "", year: 0, serial: 0, category: "water", status: "received", locale: "en", channel: channel, citizen: "c1",
                    description: "no water", createdAt: now, updatedAt: now), session: nil
            ).reference, to: .acknowledged, by: "staff", note: nil, at: now
        ) { complaint, _, _ in
            (OutboxRecord(channel: complaint.channel, citizen: complaint.citizen, text: "update", locale: "en", createdAt: now, attempts: 0, nextAttemptAt: now), nil)
        }
        return try #require(try await store.outbox().last?.id)
    }

    @Test func receiptsKeepTheFurthestState() async throws {
        let store = try SQLiteDeskStore.inMemory()
        let id = try await Self.row(store)
        try await store.markSent(outboxID: id, providerID: "kannel:\(id)", at: Date())
        #expect(try await store.deliveries().first?.status == .sent)
        #expect(try await store.recordReceipt(DeliveryReceipt(providerID: "kannel:\(id)", status: .delivered, at: Date())))
        // Out of order: a late "sent" and a late "failed" do not undo "delivered".
        #expect(try await store.recordReceipt(DeliveryReceipt(providerID: "kannel:\(id)", status: .sent, at: Date())))
        #expect(try await store.recordReceipt(DeliveryReceipt(providerID: "kannel:\(id)", status: .failed, error: "x", at: Date())))
        #expect(try await store.deliveries().first?.status == .delivered)
        #expect(try await store.recordReceipt(DeliveryReceipt(providerID: "kannel:\(id)", status: .read, at: Date())))
        #expect(try await store.deliveries().first?.status == .read)
        #expect(try await !store.recordReceipt(DeliveryReceipt(providerID: "kannel:nope", status: .delivered, at: Date())))
    }

    @Test func aNotificationIsEitherPushedOrShownNeverBoth() async throws {
        let store = try SQLiteDeskStore.inMemory()
        let id = try await Self.row(store)
        let conversation = ConversationID(channel: .kannel, citizen: "c1")
        #expect(try await store.turnState(conversation, messageID: nil).pending.map(\.id) == [id])
        // Taken for pushing: no longer shown with a reply; taking again (a retry) is still ours.
        #expect(try await store.takeForPush(outboxID: id, at: Date()))
        #expect(try await store.turnState(conversation, messageID: nil).pending.isEmpty)
        #expect(try await store.takeForPush(outboxID: id, at: Date()))
        // Shown first (closed by a turn): the deliverer may not take it.
        let shown = try await Self.row(store)
        try await store.markDelivered(ids: [shown], at: Date())
        #expect(try await !store.takeForPush(outboxID: shown, at: Date()))
        #expect(try await store.deliveries().last?.status == .shown)
    }

    @Test func failedAndOptedOut() async throws {
        let store = try SQLiteDeskStore.inMemory()
        let id = try await Self.row(store)
        try await store.markFailed(outboxID: id, reason: "gave up", at: Date())
        let row = try #require(try await store.deliveries().first)
        #expect(row.status == .failed)
        #expect(row.error == "gave up")
        #expect(try await store.claimDue(channels: ["kannel"], at: Date().addingTimeInterval(10), limit: 10, leaseUntil: Date()).isEmpty)
        try await store.dbWriter.write { db in
            try SQLiteDeskStore.saveContact(ContactRecord(id: "kannel:c1", channel: "kannel", citizen: "c1", address: "+1", optedOut: false, updatedAt: Date()), db)
        }
        try await store.optOut(contactID: "kannel:c1", at: Date())
        #expect(try await store.contact(id: "kannel:c1")?.optedOut == true)
    }
}
