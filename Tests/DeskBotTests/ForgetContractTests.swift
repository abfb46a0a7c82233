import Foundation
import Testing

@testable import DeskCore
@testable import DeskStorePostgres
@testable import DeskStoreSQLite

/// A confirmed "forget me" (TurnRecord.forget) on every backend: the turn's own ledger row stays (unlinked) so a
/// retry is still answered; on a push channel the address stays, unlinked, until the reply is sent.
@Suite struct ForgetContractTests {
    typealias C = DeskStoreContractTests

    @Test(arguments: StoreFactory.all) func forgetOnAnInlineChannelErasesAllButTheAnswer(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            let filed = try await store.fileComplaint(C.draft(1), session: nil)
            _ = try await store.commit(C.turn(.insert(C.message("kannel:f-1")), text: "earlier reply"))
            var forget = C.turn(.insert(C.message("kannel:f-2")), text: "Done: your data has been erased.")
            forget.forget = true
            _ = try await store.commit(forget)
            #expect(try await store.contact(id: C.conversation.key) == nil)
            #expect(try await store.session(id: C.conversation.key) == nil)
            #expect(try await store.inbound(id: "kannel:f-1") == nil)
            let kept = try #require(try await store.inbound(id: "kannel:f-2"))
            #expect(kept.citizen == "erased" && kept.text == nil)
            // A retry of the same message gets the stored answer, not a new turn.
            guard case .duplicate(let seen) = try await store.commit(C.turn(.insert(C.message("kannel:f-2")))) else {
                Issue.record("a retry of the forget message was processed again")
                return
            }
            #expect(seen.reply == "Done: your data has been erased.")
            let complaint = try #require(try await store.complaint(reference: filed.reference))
            #expect(complaint.citizen == "erased" && complaint.description.isEmpty && complaint.location == nil)
            #expect(try await store.messages(citizen: C.conversation.citizen).isEmpty)
        }
    }

    @Test(arguments: StoreFactory.all) func forgetOnAPushChannelKeepsTheAddressUntilTheReplyIsSent(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            let push = ConversationID(channel: .whatsapp, citizen: "citizen-9")
            _ = try await store.accept(C.message("whatsapp:w-1", push, text: "forget"), contact: C.contact(push, address: "254700000009"))
            _ = try await store.accept(C.message("whatsapp:w-2", push, text: "yes"), contact: C.contact(push, address: "254700000009"))
            _ = try await store.commit(C.turn(.answer(id: "whatsapp:w-1"), push, text: "Reply YES to confirm"))
            var forget = C.turn(.answer(id: "whatsapp:w-2"), push, text: "Done: your data has been erased.")
            forget.forget = true
            _ = try await store.commit(forget)
            // The confirmation's row is the only one left, and its address is kept (unlinked) to send it.
            let due = try await store.claimDue(channels: ["whatsapp"], at: C.now.addingTimeInterval(1), limit: 10, leaseUntil: C.now.addingTimeInterval(60))
            #expect(due.map(\.0.text) == ["Done: your data has been erased."])
            let contact = try #require(due.first?.1)
            #expect(!contact.address.isEmpty && contact.citizen == "erased")
            #expect(try await store.inbound(id: "whatsapp:w-1") == nil)
            // Sent: the address goes, and the row no longer names the citizen.
            try await store.markSent(outboxID: try #require(due.first?.0.id), providerID: "whatsapp:x", at: C.now)
            try await store.finishForget(contactID: contact.id, outboxID: try #require(due.first?.0.id))
            #expect(try await store.contact(id: push.key) == nil)
            #expect(try await store.outbox().allSatisfy { $0.citizen != push.citizen })
        }
    }
}
