import Foundation
import Intents
import Testing

@testable import DeskCore
@testable import DeskStorePostgres
@testable import DeskStoreSQLite

/// One contract for every `DeskStore`: the same calls give the same results on SQLite and PostgreSQL.
@Suite struct DeskStoreContractTests {
    static let now = Repo.fixedNow
    static let conversation = ConversationID(channel: .kannel, citizen: "citizen-1")

    static func contact(_ conversation: ConversationID = conversation, address: String = "+254700000001", at: Date = now) -> ContactRecord {
        ContactRecord(
            id: conversation.key, channel: conversation.channel.rawValue, citizen: conversation.citizen, address: address, locale: "en",
            optedOut: false, updatedAt: at)
    }

    static func message(_ id: String, _ conversation: ConversationID = conversation, text: String? = nil, at: Date = now) -> InboundRecord {
        InboundRecord(id: id, channel: conversation.channel.rawValue, citizen: conversation.citizen, text: text, locale: nil, receivedAt: at)
    }

    static func draft(_ n: Int, citizen: String = "citizen-1", channel: Channel = .kannel, at: Date = now) -> ComplaintRecord {
        ComplaintRecord(
            reference: "", year: 0, serial: 0, category: n % 2 == 0 ? "water" : "garbage", status: "received", locale: "en",
            channel: channel.rawValue, citizen: citizen, location: "Block \(n)", description: "no water \(n)", createdAt: at, updatedAt: at)
    }

    /// A turn that says `text` (with `{ref}` replaced by the reference) and stores `state` as the session.
    static func turn(
        _ ledger: TurnRecord.Ledger, _ conversation: ConversationID = conversation, text: String = "ok", state: String = "idle",
        complaint: ComplaintRecord? = nil, at: Date = now
    ) -> TurnRecord {
        let key = conversation.key
        let render: @Sendable (String?) -> TurnRecord.Rendered = { reference in
            TurnRecord.Rendered(
                text: text.replacingOccurrences(of: "{ref}", with: reference ?? "-"), session: SessionRecord(id: key, state: state, updatedAt: at))
        }
        return TurnRecord(
            ledger: ledger, at: at, conversation: conversation, contact: contact(conversation, at: at), complaint: complaint,
            queueReply: conversation.channel.pushes, intent: "greeting", locale: "en", render: render,
            rendered: complaint == nil ? render(nil) : nil)
    }

    static func committedText(_ outcome: TurnOutcome) -> String? {
        if case .committed(let text, _) = outcome { text } else { nil }
    }

    // MARK: - Turns

    @Test(arguments: StoreFactory.all) func commitRecordsTheLedgerAndADuplicateGetsTheStoredReply(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            let first = try await store.commit(Self.turn(.insert(Self.message("kannel:1")), text: "hello there", state: "greeted"))
            #expect(Self.committedText(first) == "hello there")
            let row = try #require(try await store.inbound(id: "kannel:1"))
            #expect(row.state == "answered")
            #expect(row.reply == "hello there")
            #expect(row.text == nil)
            #expect(row.intent == "greeting")
            #expect(row.locale == "en")
            #expect(row.processedAt == Self.now)
            #expect(try await store.session(id: Self.conversation.key)?.state == "greeted")
            #expect(try await store.contact(id: Self.conversation.key)?.address == "+254700000001")

            // The same provider id again: nothing written, the stored reply returned.
            let again = try await store.commit(Self.turn(.insert(Self.message("kannel:1")), text: "something else", state: "other"))
            guard case .duplicate(let seen) = again else { Issue.record("expected .duplicate, got \(again)"); return }
            #expect(seen.reply == "hello there")
            #expect(try await store.session(id: Self.conversation.key)?.state == "greeted")
            let state = try await store.turnState(Self.conversation, messageID: "kannel:1")
            #expect(state.seen?.reply == "hello there")
            #expect(state.session?.state == "greeted")

            // No provider id: nothing in the ledger.
            _ = try await store.commit(Self.turn(.none, text: "chat", state: "chatting"))
            #expect(try await store.session(id: Self.conversation.key)?.state == "chatting")
        }
    }

    @Test(arguments: StoreFactory.all) func pushMessagesAreAcceptedClaimedAndAnsweredOnceWithTheirOutboxRow(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            let push = ConversationID(channel: .whatsapp, citizen: "citizen-w")
            let message = Self.message("whatsapp:w1", push, text: "hello")
            #expect(try await store.accept(message, contact: Self.contact(push)) == .new)
            guard case .duplicate(let seen) = try await store.accept(message, contact: Self.contact(push, address: "other")) else {
                Issue.record("a second accept must be a duplicate")
                return
            }
            #expect(seen.text == "hello")
            #expect(seen.state == "received")
            #expect(try await store.contact(id: push.key)?.address == "+254700000001")

            let claimed = try await store.claimPending(ids: nil, limit: 10, owner: "A", now: Self.now, leaseUntil: Self.now + 60)
            #expect(claimed.map(\.id) == ["whatsapp:w1"])
            #expect(claimed.first?.state == "processing")
            #expect(claimed.first?.claimedBy == "A")
            #expect(claimed.first?.claimedUntil == Self.now + 60)

            let outcome = try await store.commit(Self.turn(.answer(id: "whatsapp:w1"), push, text: "hi!"))
            #expect(Self.committedText(outcome) == "hi!")
            let row = try #require(try await store.inbound(id: "whatsapp:w1"))
            #expect(row.state == "answered")
            #expect(row.text == nil)
            #expect(row.claimedUntil == nil)
            let outbox = try await store.outbox()
            #expect(outbox.count == 1)
            #expect(outbox.first?.inboundId == "whatsapp:w1")
            #expect(outbox.first?.text == "hi!")
            #expect(outbox.first?.channel == "whatsapp")
            #expect(outbox.first?.nextAttemptAt == Self.now)

            guard case .duplicate(let answered) = try await store.commit(Self.turn(.answer(id: "whatsapp:w1"), push, text: "again")) else {
                Issue.record("a second answer must be a duplicate")
                return
            }
            #expect(answered.reply == "hi!")
            #expect(try await store.outbox().count == 1)
            // Answered messages are not claimed again.
            #expect(try await store.claimPending(ids: nil, limit: 10, owner: "B", now: Self.now + 600, leaseUntil: Self.now + 700).isEmpty)
        }
    }

    @Test(arguments: StoreFactory.all) func anOptOutIsKeptWhenTheContactIsSavedAgain(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            var stop = Self.turn(.insert(Self.message("kannel:stop")))
            stop.optedOut = true
            _ = try await store.commit(stop)
            #expect(try await store.contact(id: Self.conversation.key)?.optedOut == true)
            var later = Self.turn(.insert(Self.message("kannel:later")), at: Self.now + 10)
            later.contact = Self.contact(address: "+254700000009", at: Self.now + 10)
            _ = try await store.commit(later)
            let contact = try #require(try await store.contact(id: Self.conversation.key))
            #expect(contact.optedOut == true)
            #expect(contact.address == "+254700000009")
            #expect(contact.updatedAt == Self.now + 10)
            var start = Self.turn(.insert(Self.message("kannel:start")))
            start.optedOut = false
            _ = try await store.commit(start)
            #expect(try await store.contact(id: Self.conversation.key)?.optedOut == false)
            // Erasure removes the plain address only.
            #expect(try await store.eraseContacts(citizen: Self.conversation.citizen) == 1)
            #expect(try await store.contact(id: Self.conversation.key) == nil)
        }
    }

    @Test(arguments: StoreFactory.all) func complaintsGetSequentialReferencesPerYearAndTheReplyNamesThem(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            var references: [String?] = []
            for i in 1...3 {
                let outcome = try await store.commit(
                    Self.turn(.insert(Self.message("kannel:c\(i)")), text: "filed {ref}", complaint: Self.draft(i)))
                guard case .committed(let text, let reference) = outcome else { Issue.record("not committed"); return }
                #expect(text == "filed \(reference ?? "?")")
                references.append(reference)
            }
            #expect(references == ["CMP-2026-000001", "CMP-2026-000002", "CMP-2026-000003"])
            #expect(try await store.inbound(id: "kannel:c2")?.reference == "CMP-2026-000002")
            let complaint = try #require(try await store.complaint(reference: "cmp-2026-000002"))
            #expect(complaint.status == "received")
            #expect(complaint.year == 2026 && complaint.serial == 2)
            #expect(complaint.location == "Block 2")
            let history = try await store.history(complaintID: try #require(complaint.id))
            #expect(history.map(\.toStatus) == ["received"])
            #expect(history.first?.fromStatus == nil)
            #expect(history.first?.changedBy == "citizen")
            // A new year starts again at 1.
            let nextYear = Date(timeIntervalSince1970: 1_799_000_000)  // January 2027
            #expect(try await store.fileComplaint(Self.draft(9, at: nextYear), session: nil).reference == "CMP-2027-000001")
            #expect(try await store.fileComplaint(Self.draft(10), session: nil).reference == "CMP-2026-000004")
        }
    }

    @Test(arguments: StoreFactory.all) func aCitizensStatusChangeIsSkippedWhenTheWorkflowNoLongerAllowsIt(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            let complaint = try await store.fileComplaint(Self.draft(1), session: nil)
            var refused = Self.turn(.insert(Self.message("kannel:s1")), text: "thanks")
            refused.statusChanges = [TurnRecord.StatusChange(reference: complaint.reference, to: .closed, note: "closing")]
            refused.unmatched = UnmatchedRecord(locale: "en", text: "gibberish", createdAt: Self.now)
            #expect(Self.committedText(try await store.commit(refused)) == "thanks")
            #expect(try await store.complaint(reference: complaint.reference)?.status == "received")
            #expect(try await store.history(complaintID: try #require(complaint.id)).count == 1)
            // The rest of the turn was written.
            #expect(try await store.unmatched().map(\.text) == ["gibberish"])
            #expect(try await store.inbound(id: "kannel:s1")?.state == "answered")

            _ = try await store.updateStatus(reference: complaint.reference, to: .resolved, by: "amina", note: nil, at: Self.now) { _, _, _ in (nil, nil) }
            var closing = Self.turn(.insert(Self.message("kannel:s2")), at: Self.now + 5)
            closing.statusChanges = [TurnRecord.StatusChange(reference: complaint.reference, to: .closed, note: "rated 5")]
            closing.feedback = FeedbackRecord(complaintId: try #require(complaint.id), rating: 5, comment: "quick", createdAt: Self.now + 5)
            _ = try await store.commit(closing)
            #expect(try await store.complaint(reference: complaint.reference)?.status == "closed")
            let history = try await store.history(complaintID: try #require(complaint.id))
            #expect(history.map(\.toStatus) == ["received", "resolved", "closed"])
            #expect(history.last?.changedBy == "citizen")
            #expect(history.last?.note == "rated 5")
            #expect(try await store.feedback().map(\.rating) == [5])
            #expect(try await store.allHistory().count == 3)
        }
    }

    @Test(arguments: StoreFactory.all) func notificationsAreShownWithTheNextReplyAndMarkedDelivered(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            let complaint = try await store.fileComplaint(Self.draft(1), session: SessionRecord(id: Self.conversation.key, state: "s0", updatedAt: Self.now))
            _ = try await store.commit(Self.turn(.insert(Self.message("kannel:n0"))))
            _ = try await store.updateStatus(reference: complaint.reference, to: .inProgress, by: "amina", note: "crew sent", at: Self.now) {
                c, session, contact in
                let message = OutboxRecord(
                    channel: c.channel, citizen: c.citizen, text: "\(c.reference) is \(c.status) (was \(session?.state ?? "-"), to \(contact?.address ?? "-"))",
                    locale: "en", createdAt: Self.now, attempts: 0, nextAttemptAt: Self.now)
                return (message, SessionRecord(id: Self.conversation.key, state: "notified", updatedAt: Self.now))
            }
            let state = try await store.turnState(Self.conversation, messageID: "kannel:n1")
            #expect(state.seen == nil)
            #expect(state.session?.state == "notified")
            #expect(state.pending.map(\.text) == ["\(complaint.reference) is in_progress (was idle, to +254700000001)"])
            var shown = Self.turn(.insert(Self.message("kannel:n1")))
            shown.delivered = state.pending.compactMap(\.id)
            _ = try await store.commit(shown)
            #expect(try await store.turnState(Self.conversation, messageID: nil).pending.isEmpty)
            #expect(try await store.outbox().first?.deliveredAt == Self.now)
        }
    }

    // MARK: - Claims

    @Test(arguments: StoreFactory.all) func pendingMessagesAreClaimedWithLeasesAndReleased(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            for i in 0..<3 {
                let conversation = ConversationID(channel: .telegram, citizen: "t\(i)")
                _ = try await store.accept(Self.message("telegram:\(i)", conversation, text: "m\(i)", at: Self.now + Double(i)), contact: Self.contact(conversation))
            }
            let a = try await store.claimPending(ids: nil, limit: 2, owner: "A", now: Self.now, leaseUntil: Self.now + 60)
            #expect(a.map(\.id) == ["telegram:0", "telegram:1"])
            let b = try await store.claimPending(ids: nil, limit: 5, owner: "B", now: Self.now, leaseUntil: Self.now + 60)
            #expect(b.map(\.id) == ["telegram:2"])
            #expect(try await store.claimPending(ids: nil, limit: 5, owner: "C", now: Self.now + 30, leaseUntil: Self.now + 90).isEmpty)
            // Expired leases are taken over.
            let c = try await store.claimPending(ids: ["telegram:1", "telegram:2"], limit: 5, owner: "C", now: Self.now + 61, leaseUntil: Self.now + 120)
            #expect(c.map(\.id) == ["telegram:1", "telegram:2"])
            #expect(try await store.inbound(id: "telegram:1")?.claimedBy == "C")
            #expect(try await store.releaseClaims(owner: "C") == 2)
            #expect(try await store.inbound(id: "telegram:2")?.state == "received")
            #expect(try await store.inbound(id: "telegram:2")?.claimedBy == nil)
            #expect(try await store.releaseClaims(owner: nil) == 1)
            let all = try await store.claimPending(ids: nil, limit: 10, owner: "D", now: Self.now, leaseUntil: Self.now + 60)
            #expect(all.map(\.id) == ["telegram:0", "telegram:1", "telegram:2"])
            #expect(try await store.claimPending(ids: nil, limit: 0, owner: "E", now: Self.now + 1000, leaseUntil: Self.now + 2000).isEmpty)
        }
    }

    @Test(arguments: StoreFactory.all) func dueOutboxRowsAreLeasedRetriedAndDelivered(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            for i in 0..<3 {
                let push = ConversationID(channel: i == 2 ? .telegram : .whatsapp, citizen: "w\(i)")
                _ = try await store.commit(Self.turn(.none, push, text: "reply \(i)"))
            }
            let due = try await store.claimDue(channels: ["whatsapp"], at: Self.now, limit: 10, leaseUntil: Self.now + 30)
            #expect(due.map(\.0.text) == ["reply 0", "reply 1"])
            #expect(due.map { $0.1?.address } == ["+254700000001", "+254700000001"])
            #expect(due.map { $0.1?.id } == ["whatsapp:w0", "whatsapp:w1"])
            // Leased: not due again until the lease ends.
            #expect(try await store.claimDue(channels: ["whatsapp"], at: Self.now + 10, limit: 10, leaseUntil: Self.now + 40).isEmpty)
            let first = try #require(due.first?.0.id)
            try await store.markDelivered(ids: [first], at: Self.now + 1)
            let second = try #require(due.last?.0.id)
            try await store.retryLater(outboxID: second, attempts: 1, at: Self.now + 1)
            // Backoff: 10 s after the failed attempt.
            #expect(try await store.claimDue(channels: ["whatsapp"], at: Self.now + 10, limit: 10, leaseUntil: Self.now + 50).isEmpty)
            let retried = try await store.claimDue(channels: ["whatsapp", "telegram"], at: Self.now + 31, limit: 10, leaseUntil: Self.now + 60)
            #expect(retried.map(\.0.text) == ["reply 1", "reply 2"])
            #expect(retried.first?.0.attempts == 1)
            let outbox = try await store.outbox()
            #expect(outbox.first?.deliveredAt == Self.now + 1)
            #expect(outbox.filter { $0.deliveredAt == nil }.count == 2)
        }
    }

    // MARK: - Status

    @Test(arguments: StoreFactory.all) func statusUpdatesFollowTheWorkflowAndQueueTheNotificationInTheSameTransaction(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            let c = try await store.fileComplaint(Self.draft(1), session: nil)
            let refused: @Sendable (ComplaintRecord, SessionRecord?, ContactRecord?) -> (OutboxRecord?, SessionRecord?) = { c, _, _ in
                (OutboxRecord(channel: c.channel, citizen: c.citizen, text: "never", locale: "en", createdAt: Self.now, attempts: 0, nextAttemptAt: Self.now), nil)
            }
            await #expect(throws: StoreError.transitionNotAllowed(reference: c.reference, from: "received", to: "closed")) {
                try await store.updateStatus(reference: c.reference, to: .closed, by: "amina", note: nil, at: Self.now, notify: refused)
            }
            await #expect(throws: StoreError.unknownReference("CMP-2026-999999")) {
                try await store.updateStatus(reference: "CMP-2026-999999", to: .resolved, by: "x", note: nil, at: Self.now, notify: refused)
            }
            #expect(try await store.outbox().isEmpty)
            let later = Self.now + 3600
            let updated = try await store.updateStatus(reference: c.reference.lowercased(), to: .inProgress, by: "amina", note: "crew sent", at: later) {
                complaint, session, contact in
                #expect(complaint.status == "in_progress")
                #expect(session == nil)
                #expect(contact == nil)
                return (
                    OutboxRecord(channel: complaint.channel, citizen: complaint.citizen, text: "on it", locale: "en", createdAt: later, attempts: 0, nextAttemptAt: later),
                    SessionRecord(id: "kannel:citizen-1", state: "told", updatedAt: later)
                )
            }
            #expect(updated.status == "in_progress")
            #expect(updated.updatedAt == later)
            #expect(try await store.complaint(reference: c.reference)?.updatedAt == later)
            #expect(try await store.outbox().map(\.text) == ["on it"])
            #expect(try await store.session(id: "kannel:citizen-1")?.state == "told")
            let history = try await store.history(complaintID: try #require(c.id))
            #expect(history.map(\.toStatus) == ["received", "in_progress"])
            #expect(history.last?.fromStatus == "received")
            #expect(history.last?.changedBy == "amina")
            #expect(history.last?.note == "crew sent")
            #expect(history.last?.changedAt == later)
            for next in [ComplaintStatus.resolved, .inProgress, .resolved, .closed] {
                _ = try await store.updateStatus(reference: c.reference, to: next, by: "amina", note: nil, at: later) { _, _, _ in (nil, nil) }
            }
            #expect(try await store.history(complaintID: try #require(c.id)).map(\.toStatus) == ["received", "in_progress", "resolved", "in_progress", "resolved", "closed"])
        }
    }

    // MARK: - Reads

    @Test(arguments: StoreFactory.all) func staffReadsFilterAndOrderAlike(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let store = db.store
            for i in 1...4 { _ = try await store.fileComplaint(Self.draft(i, citizen: i <= 2 ? "a" : "b", at: Self.now + Double(i) * 100), session: nil) }
            _ = try await store.updateStatus(reference: "CMP-2026-000001", to: .rejected, by: "x", note: nil, at: Self.now) { _, _, _ in (nil, nil) }
            #expect(try await store.complaints().map(\.serial) == [1, 2, 3, 4])
            #expect(try await store.complaints(status: "received", category: nil, since: nil).map(\.serial) == [2, 3, 4])
            #expect(try await store.complaints(status: nil, category: "water", since: nil).map(\.serial) == [2, 4])
            #expect(try await store.complaints(status: "received", category: "garbage", since: Self.now + 300).map(\.serial) == [3])
            #expect(try await store.complaints(citizen: "a", openOnly: false).map(\.serial) == [2, 1])
            #expect(try await store.complaints(citizen: "a", openOnly: true).map(\.serial) == [2])
            #expect(try await store.complaint(reference: "CMP-2026-000042") == nil)
            #expect(try await store.session(id: "nobody") == nil)
            #expect(try await store.inbound(id: "nothing") == nil)
            // Dates keep milliseconds, alike in every store.
            let precise = Date(timeIntervalSince1970: 1_795_428_000.123_456)
            try await store.saveSession(SessionRecord(id: "p", state: "x", updatedAt: precise))
            let stored = try #require(try await store.session(id: "p")?.updatedAt)
            #expect(abs(stored.timeIntervalSince1970 - 1_795_428_000.123) < 0.0005)
        }
    }

    // MARK: - Concurrency

    @Test(arguments: StoreFactory.all) func concurrentCommitsOfOneMessageIDCommitOnce(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            // Two instances on one database, 24 deliveries of the same message at once.
            let stores = [try await db.shared(), try await db.shared()]
            let barrier = Barrier(24)
            let outcomes = try await withThrowingTaskGroup(of: TurnOutcome.self) { group in
                for i in 0..<24 {
                    let store = stores[i % 2]
                    group.addTask {
                        await barrier.arrive()
                        return try await store.commit(
                            Self.turn(.insert(Self.message("kannel:same")), text: "filed {ref} by \(i)", complaint: Self.draft(1)))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let committed = outcomes.compactMap(Self.committedText)
            #expect(committed.count == 1)
            let replies = outcomes.map { outcome -> String? in
                switch outcome {
                case .committed(let text, _): text
                case .duplicate(let seen): seen.reply
                }
            }
            #expect(Set(replies).count == 1, "\(Set(replies))")
            #expect(try await stores[0].complaints().count == 1)

            // The same for a push message accepted once and answered by racing workers.
            let push = ConversationID(channel: .whatsapp, citizen: "racer")
            #expect(try await stores[0].accept(Self.message("whatsapp:race", push, text: "hi"), contact: Self.contact(push)) == .new)
            let answers = try await withThrowingTaskGroup(of: TurnOutcome.self) { group in
                for i in 0..<12 {
                    let store = stores[i % 2]
                    group.addTask { try await store.commit(Self.turn(.answer(id: "whatsapp:race"), push, text: "answer \(i)")) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.compactMap(Self.committedText).count == 1)
            #expect(try await stores[1].outbox().filter { $0.inboundId == "whatsapp:race" }.count == 1)
        }
    }

    @Test(arguments: StoreFactory.all) func twoHundredConcurrentFilingsGetReferencesOneToTwoHundred(_ factory: StoreFactory) async throws {
        try await TestDatabase.with(factory) { db in
            let stores = [try await db.shared(), try await db.shared()]
            let references = try await withThrowingTaskGroup(of: String.self) { group in
                for i in 0..<200 {
                    let store = stores[i % 2]
                    group.addTask {
                        if i % 4 == 0 {
                            return try await store.fileComplaint(Self.draft(i, citizen: "c\(i)"), session: nil).reference
                        }
                        let conversation = ConversationID(channel: .kannel, citizen: "c\(i)")
                        let outcome = try await store.commit(
                            Self.turn(.insert(Self.message("kannel:f\(i)", conversation)), conversation, text: "{ref}", complaint: Self.draft(i, citizen: "c\(i)")))
                        guard case .committed(_, let reference?) = outcome else { throw CancellationError() }
                        return reference
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(references.count == 200)
            #expect(Set(references) == Set((1...200).map { ReferenceFormat.format(year: "2026", serial: $0) }))
            #expect(try await stores[0].complaints().map(\.serial).sorted() == Array(1...200))
        }
    }
}

/// Without a server the PostgreSQL half of the contract is skipped, saying so; CI always provides one.
@Suite struct PostgresAvailabilityTests {
    @Test(.enabled(if: StoreFactory.postgresURL == nil, "DESKBOT_TEST_POSTGRES is set: the PostgreSQL contract tests run"))
    func postgresContractTestsAreSkippedWithoutAServer() {
        let ci = ProcessInfo.processInfo.environment["CI"] == "true"
        print("DESKBOT_TEST_POSTGRES is not set: the PostgreSQL contract tests are skipped (set it to a postgres:// URL to run them)")
        #expect(!ci, "CI must run the PostgreSQL contract tests: .ci/run starts a server and sets DESKBOT_TEST_POSTGRES")
    }

    @Test(.enabled(if: StoreFactory.postgresURL != nil, "DESKBOT_TEST_POSTGRES is not set"))
    func migrationsAreAppliedOnceAndRecorded() async throws {
        try await TestDatabase.with(.postgres) { db in
            let store = try #require(db.store as? PostgresDeskStore)
            #expect(try await store.databaseVersion() == PostgresDeskStore.schemaVersion)
            // Instances starting together apply each migration once.
            let more = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 { group.addTask { try await #require(try await db.shared() as? PostgresDeskStore).databaseVersion() } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(more == Array(repeating: PostgresDeskStore.schemaVersion, count: 4))
        }
    }

    @Test func postgresURLsParse() throws {
        let l = try PostgresLocation(url: "postgres://desk:s3cret@db.local:6543/city?sslmode=disable&schema=desk_a")
        #expect(l == PostgresLocation(host: "db.local", port: 6543, username: "desk", password: "s3cret", database: "city", schema: "desk_a", tls: .disable))
        #expect(l.redacted == "postgres://desk@db.local:6543/city?schema=desk_a")
        let m = try PostgresLocation(url: "postgresql://desk@127.0.0.1/city", password: "from-env")
        #expect(m.password == "from-env" && m.port == 5432 && m.tls == .prefer && m.pool == nil)
        #expect(try PostgresLocation(url: "postgres://desk@h/db?pool=4").pool == 4)
        #expect(throws: PostgresStoreError.self) { try PostgresLocation(url: "postgres://desk@h/db?pool=0") }
        #expect(throws: PostgresStoreError.self) { try PostgresLocation(url: "postgres://desk@host/db?schema=Robert');DROP") }
        #expect(throws: PostgresStoreError.self) { try PostgresLocation(url: "data/deskbot.sqlite") }
        #expect(!PostgresLocation.isURL("data/deskbot.sqlite"))
    }
}
