import Foundation
import Testing

@testable import DeskCore

/// Turns of one conversation on two instances (two desks, each with its own turn gate, on one database): the
/// instances' gates do not order them, so the store's commit check must. A citizen sends several photos at the same
/// moment while a complaint is being taken; each lands on either instance. Every photo must be kept (no turn's
/// session overwrites another's), and every turn still answered once.
@Suite(.serialized) struct ConversationOrderTests {
    @Test(arguments: StoreFactory.all) func concurrentTurnsOnTwoInstancesLoseNothing(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let stores = [try await db.shared(), try await db.shared()]
            let desks = try stores.map { try Repo.desk(store: $0, now: { Date() }) }
            for round in 0..<5 {
                let sender = "+2547000010\(round)"
                func message(_ text: String, id: String, photo: String? = nil) -> Inbound {
                    var m = Inbound(channel: .whatsapp, sender: sender, text: text, locale: "en")
                    m.messageID = "whatsapp:\(id)"
                    if let photo { m.attachment = .media(id: photo, kind: "image") }
                    return m
                }
                // A complaint in progress: the desk asks where.
                let started = try await desks[0].handle(message("there is no water in our street", id: "start-\(round)"))
                #expect(started.reference == nil)
                let conversation = desks[0].conversation(of: message("", id: "-"))
                let before = try #require(try await stores[0].session(id: conversation.key).flatMap(Session.init(record:)))
                #expect(before.intake != nil)

                let photos = (0..<8).map { "photo-\(round)-\($0)" }
                let barrier = Barrier(photos.count)
                let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                    for (k, photo) in photos.enumerated() {
                        group.addTask {
                            await barrier.arrive()
                            return try await desks[k % 2].handle(message("", id: photo, photo: photo))
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(replies.count == photos.count)
                #expect(replies.allSatisfy { !$0.text.isEmpty })
                let after = try #require(try await stores[1].session(id: conversation.key).flatMap(Session.init(record:)))
                let kept = Set(after.intake?.media ?? [])
                #expect(kept == Set(photos), "kept \(kept.count) of \(photos.count) photos")
            }
        }
    }

    /// The commit itself: a turn decided on a session another turn has since replaced writes nothing.
    @Test(arguments: StoreFactory.all) func aTurnDecidedOnAnOldSessionWritesNothing(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            let conversation = ConversationID(channel: .kannel, citizen: "c1")
            let at = Date(timeIntervalSince1970: 1_790_000_000)
            func turn(_ id: String, basis: SessionRecord?, state: String) -> TurnRecord {
                var record = TurnRecord(
                    ledger: .insert(InboundRecord(id: id, channel: "kannel", citizen: "c1", receivedAt: at)), at: at,
                    conversation: conversation, locale: "en", render: { _ in TurnRecord.Rendered(text: "ok \(state)", session: SessionRecord(id: conversation.key, state: state, updatedAt: at)) })
                record.basis = TurnRecord.Basis(session: basis)
                return record
            }
            let read = try await store.turnState(conversation, messageID: "kannel:1").session
            #expect(read == nil)
            // Two turns decided on the same (empty) state: the first commits, the second is refused.
            _ = try await store.commit(turn("kannel:1", basis: read, state: "{\"a\":1}"))
            await #expect(throws: StoreError.conversationMoved) { try await store.commit(turn("kannel:2", basis: read, state: "{\"b\":1}")) }
            #expect(try await store.session(id: conversation.key)?.state == "{\"a\":1}")
            #expect(try await store.turnState(conversation, messageID: "kannel:2").seen == nil, "the refused turn left a ledger row")
            // Decided again on the new state, it commits.
            let now = try await store.turnState(conversation, messageID: "kannel:2").session
            _ = try await store.commit(turn("kannel:2", basis: now, state: "{\"b\":1}"))
            #expect(try await store.session(id: conversation.key)?.state == "{\"b\":1}")
        }
    }
}
