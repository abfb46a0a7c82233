import Foundation
import GRDB
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

@Suite struct DeskStoreTests {
    static func tempPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("deskbot-\(UUID().uuidString)/desk.sqlite").path
    }

    static func draft(_ n: Int, at date: Date = Repo.fixedNow) -> ComplaintRecord {
        ComplaintRecord(
            id: nil, reference: "", year: 0, serial: 0, category: "water", status: "received", locale: "en", channel: "chat",
            citizen: "c\(n)", location: "Block \(n)", description: "no water \(n)", name: nil, latitude: nil, longitude: nil,
            createdAt: date, updatedAt: date)
    }

    @Test func concurrentWritersGetUniqueSequentialReferences() async throws {
        let path = Self.tempPath()
        // Two independent connections to one file, as two processes would have.
        let first = try SQLiteDeskStore.open(path: path)
        let second = try SQLiteDeskStore.open(path: path)
        let references = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<8 {
                let store = worker % 2 == 0 ? first : second
                group.addTask {
                    var references: [String] = []
                    for i in 0..<25 { references.append(try await store.fileComplaint(Self.draft(worker * 100 + i), session: nil).reference) }
                    return references
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(references.count == 200)
        #expect(Set(references).count == 200)
        let serials = try await first.complaints().map(\.serial).sorted()
        #expect(serials == Array(1...200))
        #expect(Set(references) == Set((1...200).map { String(format: "CMP-2026-%06d", $0) }))
    }

    @Test func referencesRestartEachYear() async throws {
        let store = try SQLiteDeskStore.inMemory()
        let lastYear = Date(timeIntervalSince1970: 1_767_000_000)  // December 2025
        #expect(try await store.fileComplaint(Self.draft(1, at: lastYear), session: nil).reference == "CMP-2025-000001")
        #expect(try await store.fileComplaint(Self.draft(2), session: nil).reference == "CMP-2026-000001")
        #expect(try await store.fileComplaint(Self.draft(3), session: nil).reference == "CMP-2026-000002")
    }

    @Test func onlyAllowedTransitionsAreRecorded() async throws {
        let store = try SQLiteDeskStore.inMemory()
        let c = try await store.fileComplaint(Self.draft(1), session: nil)
        await #expect(throws: StoreError.transitionNotAllowed(reference: c.reference, from: "received", to: "closed")) {
            try await store.updateStatus(reference: c.reference, to: .closed, by: "amina", note: nil, at: Repo.fixedNow) { _, _, _ in (nil, nil) }
        }
        try await store.updateStatus(reference: c.reference, to: .inProgress, by: "amina", note: "crew sent", at: Repo.fixedNow) { _, _, _ in (nil, nil) }
        let history = try await store.history(complaintID: try #require(c.id))
        #expect(history.map(\.toStatus) == ["received", "in_progress"])
        #expect(history.last?.fromStatus == "received")
        #expect(history.last?.changedBy == "amina")
        #expect(history.last?.note == "crew sent")
        await #expect(throws: StoreError.unknownReference("CMP-2026-999999")) {
            try await store.updateStatus(reference: "CMP-2026-999999", to: .resolved, by: "x", note: nil, at: Repo.fixedNow) { _, _, _ in (nil, nil) }
        }
    }

    @Test func databaseIsInWALMode() async throws {
        let path = Self.tempPath()
        _ = try SQLiteDeskStore.open(path: path)
        let mode = try await DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func citizensAreStoredOnlyAsKeyedHashes() async throws {
        let hasher = CitizenHasher(key: Data("k1-k1-k1-k1-k1-k1".utf8))
        let other = CitizenHasher(key: Data("k2-k2-k2-k2-k2-k2".utf8))
        #expect(hasher.pseudonym("+92 300 1234567") == hasher.pseudonym("+923001234567"))
        #expect(hasher.pseudonym("+923001234567") != other.pseudonym("+923001234567"))
        #expect(!hasher.pseudonym("+923001234567").contains("300"))
    }
}
