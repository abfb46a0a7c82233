import Foundation

/// All storage goes through this protocol: conversations, complaints and their history, the provider-message
/// ledger (idempotency), the outbox, feedback and unmatched messages. Every method is one transaction.
///
/// A turn reads what it needs (`turnState`, `complaints(citizen:)`…), decides, and writes everything it changed
/// with one `commit(_:)`: the message's ledger row, the session, the contact, a new complaint with its reference,
/// status changes, feedback, the reply and its outbox row. Implementations batch concurrent commits into one
/// durable write (group commit) and return only once the turn is on disk.
///
/// ```swift
/// let store: any DeskStore = try SQLiteDeskStore.open(path: "data/deskbot.sqlite")
/// let state = try await store.turnState(conversation, messageID: "kannel:42")
/// ```
package protocol DeskStore: Sendable, CivicStore, StaffStore {
    // MARK: Turns

    /// What a turn starts from: the conversation's session, its notifications waiting to be shown, and — when the
    /// message has a provider id — the ledger row if that id was seen before.
    func turnState(_ conversation: ConversationID, messageID: String?) async throws -> TurnState
    /// Writes a turn atomically. A message id already answered makes it a `.duplicate` and writes nothing.
    func commit(_ turn: TurnRecord) async throws -> TurnOutcome

    // MARK: Provider messages

    /// Records a push-channel message (and its sender's address) before it is acknowledged. A seen id is `.duplicate`.
    func accept(_ message: InboundRecord, contact: ContactRecord) async throws -> Receipt
    /// Claims up to `limit` accepted messages for processing (`ids` first when given): received ones, and those
    /// whose claim by another worker has expired. A claimed row is not claimed again until `leaseUntil`.
    func claimPending(ids: [String]?, limit: Int, owner: String, now: Date, leaseUntil: Date) async throws -> [InboundRecord]
    /// Returns rows left `processing` by a stopped process to `received` (start-up, single-node stores).
    func releaseClaims(owner: String?) async throws -> Int
    func inbound(id: String) async throws -> InboundRecord?
    /// A citizen's provider messages and the replies stored with them, oldest first (subject-access export).
    func messages(citizen: String) async throws -> [InboundRecord]

    // MARK: Sessions and contacts

    func session(id: String) async throws -> SessionRecord?
    func saveSession(_ session: SessionRecord) async throws
    func contact(id: String) async throws -> ContactRecord?
    func eraseContacts(citizen: String) async throws -> Int

    // MARK: Complaints

    /// Files a complaint outside a conversation (tests, imports): the next reference of its year.
    func fileComplaint(_ complaint: ComplaintRecord, session: SessionRecord?) async throws -> ComplaintRecord
    func complaint(reference: String) async throws -> ComplaintRecord?
    func complaints(citizen: String, openOnly: Bool) async throws -> [ComplaintRecord]
    func complaints(status: String?, category: String?, since: Date?) async throws -> [ComplaintRecord]
    func history(complaintID: Int64) async throws -> [StatusChangeRecord]
    func allHistory() async throws -> [StatusChangeRecord]
    /// Changes a status if the workflow allows it, records the change and — in the same transaction — queues the
    /// notification and saves the session that `notify` returns (given the conversation's session and contact).
    func updateStatus(
        reference: String, to status: ComplaintStatus, by: String, note: String?, at now: Date,
        notify: @Sendable (ComplaintRecord, SessionRecord?, ContactRecord?) -> (OutboxRecord?, SessionRecord?)
    ) async throws -> ComplaintRecord
    func feedback() async throws -> [FeedbackRecord]
    func unmatched() async throws -> [UnmatchedRecord]
    /// Takes reviewed unmatched messages off the list (promoted to an intent, or dismissed); returns how many went.
    func removeUnmatched(ids: [Int64]) async throws -> Int

    // MARK: Privacy

    /// Forgets a citizen ("erase my data"): their addresses, sessions, messages and replies, queued notifications and
    /// rating comments are deleted; their complaints stay as public records of the problem, unlinked from them (no
    /// citizen, no name). Returns how many rows of each kind went.
    func erase(citizen: String) async throws -> [String: Int]
    /// After the reply to a confirmed "forget me" on a push channel was sent (or given up): the address kept for
    /// it and the outbox row's link to the citizen go.
    func finishForget(contactID: String, outboxID: Int64) async throws
    /// Retention: deletes answered ledger rows, sent outbox rows and unmatched messages older than `before`.
    func purge(before: Date) async throws -> [String: Int]

    // MARK: Outbox

    /// Claims outbox messages due for sending on these channels, with their contact: their next attempt moves to
    /// `leaseUntil`, so no other worker sends them meanwhile, and a crash mid-send retries them after the lease.
    func claimDue(channels: [String], at now: Date, limit: Int, leaseUntil: Date) async throws -> [(OutboxRecord, ContactRecord?)]
    func markDelivered(ids: [Int64], at now: Date) async throws
    func retryLater(outboxID: Int64, attempts: Int, at now: Date) async throws
    func outbox() async throws -> [OutboxRecord]

    // MARK: Delivery (issue 13; default implementations below)

    /// Takes an outbox row of an inline channel for pushing, so it is no longer shown with the citizen's next
    /// reply; `false` if it was shown (or taken) already. Called inside the conversation's turn gate.
    func takeForPush(outboxID: Int64, at now: Date) async throws -> Bool
    /// The provider accepted the message: the row is closed, `providerID` (`<provider>:<id>`) kept for receipts.
    func markSent(outboxID: Int64, providerID: String?, at now: Date) async throws
    /// The desk gave up on a message (too old, refused, blocked): closed as failed, never sent again.
    func markFailed(outboxID: Int64, reason: String, at now: Date) async throws
    /// Applies a provider's receipt to the row with its provider id; `false` when there is none.
    func recordReceipt(_ receipt: DeliveryReceipt) async throws -> Bool
    /// Stops further sends to a contact (the provider says the citizen blocked or unsubscribed).
    func optOut(contactID: String, at now: Date) async throws
    /// Every outbox row with its delivery state.
    func deliveries() async throws -> [OutboxDelivery]
}

package extension DeskStore {
    func complaints() async throws -> [ComplaintRecord] { try await complaints(status: nil, category: nil, since: nil) }
}

// MARK: - Delivery (issue 13)

/// Outbound delivery state: push notifications on inline channels, provider ids and receipts, give-up and opt-out.
///
/// Default implementations of the delivery requirements, on top of the base methods: a store that does not
/// implement them yet still builds and delivers (without receipts or push exclusivity). `SQLiteDeskStore`
/// implements them all.
package extension DeskStore {
    /// Takes an outbox row of an inline channel for pushing: from now on it is not shown with the citizen's next
    /// reply. `false` if it was shown (or taken) already. Called inside the conversation's turn gate.
    func takeForPush(outboxID: Int64, at now: Date) async throws -> Bool { true }

    /// The provider accepted the message (closes the row; `providerID` is `<provider>:<id>` for receipts).
    func markSent(outboxID: Int64, providerID: String?, at now: Date) async throws {
        try await markDelivered(ids: [outboxID], at: now)
    }

    /// The desk gave up on a message (expired, refused, blocked): closed, never sent again.
    func markFailed(outboxID: Int64, reason: String, at now: Date) async throws {
        try await markDelivered(ids: [outboxID], at: now)
    }

    /// Applies a provider's receipt to the outbox row it names; `false` when no row has that provider id.
    func recordReceipt(_ receipt: DeliveryReceipt) async throws -> Bool { false }

    /// Stops further sends to a contact (the provider says the citizen blocked or unsubscribed).
    func optOut(contactID: String, at now: Date) async throws {}

    /// Every outbox row with its delivery state.
    func deliveries() async throws -> [OutboxDelivery] {
        try await outbox().map {
            OutboxDelivery(message: $0, status: $0.deliveredAt == nil ? .queued : .sent, providerID: nil, statusAt: $0.deliveredAt, error: nil)
        }
    }
}
