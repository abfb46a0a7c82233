import Foundation

/// What a turn reads before it decides.
struct TurnState: Sendable {
    var session: SessionRecord?
    /// Notifications queued for a channel that shows them with its next reply (not pushed).
    var pending: [OutboxRecord]
    /// The ledger row of this provider message id, when it was seen before.
    var seen: InboundRecord?
}

/// The outcome of `accept(_:contact:)`.
enum Receipt: Sendable, Equatable {
    case new
    case duplicate(InboundRecord)
}

/// Everything one turn writes, in one transaction.
struct TurnRecord: Sendable {
    /// How the provider message is recorded in the ledger.
    enum Ledger: Sendable {
        /// No provider id (chat, the `sms` command): nothing recorded.
        case none
        /// A message answered in the same request (Kannel, Twilio, generic, USSD): inserted, answered.
        case insert(InboundRecord)
        /// A message accepted earlier (push channels): marked answered if it is not yet.
        case answer(id: String)
    }

    /// A status change made by the turn (a citizen reopening or closing through feedback). Skipped if the
    /// workflow no longer allows it when the turn commits.
    struct StatusChange: Sendable {
        let reference: String
        let to: ComplaintStatus
        let note: String?
    }

    /// What the turn finally says, rendered once the reference (if any) is known.
    struct Rendered: Sendable {
        var text: String
        var session: SessionRecord
    }

    var ledger: Ledger = .none
    var at: Date
    var conversation: ConversationID
    var contact: ContactRecord?
    var optedOut: Bool?
    /// A complaint to file with the next reference of its year.
    var complaint: ComplaintRecord?
    var statusChanges: [StatusChange] = []
    var feedback: FeedbackRecord?
    var unmatched: UnmatchedRecord?
    /// Outbox rows shown with this reply.
    var delivered: [Int64] = []
    /// Queue the reply in the outbox (push channels).
    var queueReply = false
    var intent: String?
    var locale: String
    /// Renders the reply and the session to store, given the reference of the complaint filed (if any). It runs
    /// inside the transaction, so it must be quick and pure.
    var render: @Sendable (_ reference: String?) -> Rendered
    /// The rendering, done before the write when the turn files no complaint (less work inside the transaction).
    var rendered: Rendered?
}

/// What `commit(_:)` did.
enum TurnOutcome: Sendable {
    case committed(text: String, reference: String?)
    /// The message id had already been answered (by a concurrent delivery or another instance): its stored reply.
    case duplicate(InboundRecord)
}
