import Foundation
import GRDB

/// A provider message in the ledger, recorded by its id: a redelivery finds it and creates nothing new. The text is
/// kept only until the message is answered.
struct InboundRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "inbound"

    /// `received → processing → answered`. Push messages are `received` when acknowledged, `processing` while a
    /// worker holds the claim, `answered` once the turn committed; inline messages are inserted `answered`.
    enum State: String, Sendable {
        case received, processing, answered
    }

    /// `<channel>:<provider message id>`.
    var id: String
    var channel: String
    var citizen: String
    /// The message text while it waits to be processed; cleared afterwards.
    var text: String?
    var locale: String?
    /// The reply given, returned again on redelivery.
    var reply: String?
    var intent: String?
    var reference: String?
    var receivedAt: Date
    var processedAt: Date?
    var state: String = State.received.rawValue
    /// The worker holding the claim, and until when (a claim that expires is taken over).
    var claimedBy: String?
    var claimedUntil: Date?
}
