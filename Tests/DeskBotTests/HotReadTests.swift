import Foundation
import GRDB
import Testing

@testable import DeskCore
@testable import DeskStoreSQLite

/// The webhook's hot reads (`HotQuery`, `SQLiteDeskStore+TurnRead.swift`) read what GRDB's record fetches read,
/// on a file database (a `DatabasePool`, as `serve` opens it) and in memory.
@Suite struct HotReadTests {
    typealias Contract = DeskStoreContractTests

    static func stores() throws -> [(SQLiteDeskStore, String?)] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbot-hot-\(UUID().uuidString)").path
        return [(try SQLiteDeskStore.open(path: directory + "/desk.sqlite"), directory), (try SQLiteDeskStore.inMemory(), nil)]
    }

    @Test func theHotReadsMatchTheRecordFetches() async throws {
        for (store, directory) in try Self.stores() {
            defer { if let directory { try? FileManager.default.removeItem(atPath: directory) } }
            let conversation = Contract.conversation
            // Given: a first contact — nothing at all.
            let empty = try await store.turnState(conversation, messageID: "kannel:h0")
            #expect(empty.session == nil && empty.seen == nil && empty.pending.isEmpty && empty.openHandoff == nil && empty.complaints == [])
            // Given: a session (a date with milliseconds), a ledger row, and complaints.
            let at = Date(timeIntervalSince1970: 1_780_000_000.123)
            try await store.saveSession(SessionRecord(id: conversation.key, state: #"{"language":"sw"}"#, updatedAt: at))
            _ = try await store.accept(
                InboundRecord(id: "kannel:h1", channel: "kannel", citizen: conversation.citizen, text: "maji", receivedAt: at),
                contact: ContactRecord(id: conversation.key, channel: "kannel", citizen: conversation.citizen, address: "+254700000001", optedOut: false, updatedAt: at))
            let filed = try await store.fileComplaint(Contract.draft(1), session: nil)
            // When: the turn reads; Then: what the record fetches read.
            let state = try await store.turnState(conversation, messageID: "kannel:h1")
            let (session, seen, complaints) = try await store.dbWriter.read { db in
                (try SQLiteDeskStore.sessionRow(conversation.key, db), try SQLiteDeskStore.inboundRow("kannel:h1", db),
                 try SQLiteDeskStore.complaintRows(citizen: conversation.citizen, db))
            }
            #expect(session != nil && state.session == session, "the session read by column equals the decoded record (dates too)")
            #expect(state.seen == seen && seen?.text == "maji")
            #expect(state.complaints == complaints && complaints.map(\.reference) == [filed.reference])
            // The ledger probe the commit makes.
            let ledger = try await store.dbWriter.read { db in
                (try SQLiteDeskStore.inboundState("kannel:h1", db), try SQLiteDeskStore.inboundState("kannel:none", db),
                 try SQLiteDeskStore.hotSession(conversation.key, db))
            }
            #expect(ledger.0 == InboundRecord.State.received.rawValue && ledger.1 == nil && ledger.2 == session)
            // A message id with a NUL byte or quotes is bound as text, not cut or parsed.
            #expect(try await store.turnState(conversation, messageID: "kannel:h1\u{0}x'--").seen == nil)
        }
    }
}
