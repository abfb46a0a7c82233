import Foundation

/// What a turn reads before it decides.
package struct TurnState: Sendable {
    package var session: SessionRecord?
    /// Notifications queued for a channel that shows them with its next reply (not pushed).
    package var pending: [OutboxRecord]
    /// The ledger row of this provider message id, when it was seen before.
    package var seen: InboundRecord?
    /// Whether the store looked up the conversation's open handoff with the rest (one read instead of two), and
    /// what it found. When `false` the turn asks `openHandoff(conversation:)` itself.
    package var handoffRead: Bool
    package var openHandoff: HandoffRecord?
    /// The citizen's complaints, newest first, when the store read them with the rest (a status question, a
    /// reopening check); `nil`: not read, the turn asks `complaints(citizen:openOnly:)` itself.
    package var complaints: [ComplaintRecord]?

    package init(
        session: SessionRecord?, pending: [OutboxRecord], seen: InboundRecord?, handoffRead: Bool = false, openHandoff: HandoffRecord? = nil,
        complaints: [ComplaintRecord]? = nil
    ) {
        self.session = session
        self.pending = pending
        self.seen = seen
        self.handoffRead = handoffRead
        self.openHandoff = openHandoff
        self.complaints = complaints
    }
}

/// The outcome of `accept(_:contact:)`.
package enum Receipt: Sendable, Equatable {
    case new
    case duplicate(InboundRecord)
}

/// Everything one turn writes, in one transaction.
package struct TurnRecord: Sendable {
    /// How the provider message is recorded in the ledger.
    package enum Ledger: Sendable {
        /// No provider id (chat, the `sms` command): nothing recorded.
        case none
        /// A message answered in the same request (Kannel, Twilio, generic, USSD): inserted, answered.
        case insert(InboundRecord)
        /// A message accepted earlier (push channels): marked answered if it is not yet.
        case answer(id: String)
    }

    /// A status change made by the turn (a citizen reopening or closing through feedback). Skipped if the
    /// workflow no longer allows it when the turn commits.
    package struct StatusChange: Sendable {
        package let reference: String
        package let to: ComplaintStatus
        package let note: String?
    }

    /// What the turn finally says, rendered once the reference (if any) is known.
    package struct Rendered: Sendable {
        package var text: String
        package var session: SessionRecord
    }

    package var ledger: Ledger = .none
    package var at: Date
    package var conversation: ConversationID
    /// The session a conversation turn decided on, as `turnState` read it. The commit checks, under the
    /// conversation's lock, that the stored session is still this one; if another turn of the conversation
    /// committed meanwhile (possibly on another instance), it throws `StoreError.conversationMoved` and writes
    /// nothing, and the desk decides the turn again on the new state. `nil`: no check (writes not decided on a
    /// session read, e.g. staff replies).
    package var basis: Basis?

    package struct Basis: Sendable, Equatable {
        /// The session read, `nil` when the conversation had none.
        package var session: SessionRecord?
        package init(session: SessionRecord?) { self.session = session }
    }
    package var contact: ContactRecord?
    package var optedOut: Bool?
    /// A complaint to file with the next reference of its year.
    package var complaint: ComplaintRecord?
    /// The filed complaint's routing, locality, duplicate link and due date, and its department's notice (issue 15).
    package var civic: CivicFiling?
    package var statusChanges: [StatusChange] = []
    package var feedback: FeedbackRecord?
    package var unmatched: UnmatchedRecord?
    /// The citizen confirmed "forget me": after the turn's writes, everything personal about them is erased as by
    /// `erase(citizen:)` — except this message's ledger row (kept, unlinked, so a retry is still answered) and, on a
    /// push channel, this conversation's address until the reply is sent (the contact is unlinked meanwhile).
    package var forget = false
    /// Outbox rows shown with this reply.
    package var delivered: [Int64] = []
    /// Queue the reply in the outbox (push channels).
    package var queueReply = false
    package var intent: String?
    package var locale: String
    /// Renders the reply and the session to store, given the reference of the complaint filed (if any). It runs
    /// inside the transaction, so it must be quick and pure.
    package var render: @Sendable (_ reference: String?) -> Rendered
    /// The rendering, done before the write when the turn files no complaint (less work inside the transaction).
    package var rendered: Rendered?
}

/// What `commit(_:)` did.
package enum TurnOutcome: Sendable {
    case committed(text: String, reference: String?)
    /// The message id had already been answered (by a concurrent delivery or another instance): its stored reply.
    case duplicate(InboundRecord)
}
