import Foundation

/// A provider message in the ledger, recorded by its id: a redelivery finds it and creates nothing new. The text is
/// kept only until the message is answered.
package struct InboundRecord: Codable, Sendable, Equatable {
    /// `received → processing → answered`. Push messages are `received` when acknowledged, `processing` while a
    /// worker holds the claim, `answered` once the turn committed; inline messages are inserted `answered`.
    package enum State: String, Sendable {
        case received, processing, answered
    }

    /// `<channel>:<provider message id>`.
    package var id: String
    package var channel: String
    package var citizen: String
    /// The message text while it waits to be processed; cleared afterwards.
    package var text: String?
    package var locale: String?
    /// The reply given, returned again on redelivery.
    package var reply: String?
    package var intent: String?
    package var reference: String?
    package var receivedAt: Date
    package var processedAt: Date?
    package var state: String = State.received.rawValue
    /// The worker holding the claim, and until when (a claim that expires is taken over).
    package var claimedBy: String?
    package var claimedUntil: Date?

    package init(id: String, channel: String, citizen: String, text: String? = nil, locale: String? = nil, reply: String? = nil, intent: String? = nil, reference: String? = nil, receivedAt: Date, processedAt: Date? = nil, state: String = State.received.rawValue, claimedBy: String? = nil, claimedUntil: Date? = nil) {
        self.id = id
        self.channel = channel
        self.citizen = citizen
        self.text = text
        self.locale = locale
        self.reply = reply
        self.intent = intent
        self.reference = reference
        self.receivedAt = receivedAt
        self.processedAt = processedAt
        self.state = state
        self.claimedBy = claimedBy
        self.claimedUntil = claimedUntil
    }
}
