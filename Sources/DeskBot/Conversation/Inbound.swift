import Foundation
import Intents
import Locales

/// The channels a message can arrive on.
enum Channel: String, Sendable, Codable, CaseIterable {
    case chat, sms, twilio, whatsapp, telegram, africastalking, ussd, kannel, generic

    /// Channels that reach feature phones: short codes are understood and replies are fitted into SMS segments.
    var isSMS: Bool { [.sms, .africastalking, .kannel].contains(self) }

    /// Channels whose replies and notifications the outbox sends through the provider's API; on the others the
    /// desk shows pending notifications with its next reply.
    var pushes: Bool { [.whatsapp, .telegram, .africastalking].contains(self) }
}

/// One citizen message, whatever the channel: what every adapter decodes a request into.
struct Inbound: Sendable {
    let channel: Channel
    /// The citizen's address on that channel (phone number, chat id). Never logged at default level.
    let sender: String
    let text: String
    /// A locale the channel or the citizen fixed (e.g. `--locale ur`); `nil` means detect.
    var locale: LocaleID?
    /// Whether short codes apply and the reply must fit SMS segments (Twilio carries both SMS and WhatsApp).
    var smsShaped: Bool
    /// The gateway already stored the sender's address with the message (one write fewer per message).
    var contactRecorded = false
    /// The sender's pseudonym, when the caller computed it already.
    var citizen: String?
    /// The provider's message in the ledger (`<channel>:<id>`), and whether it was accepted before (push) or is
    /// answered in the same request (inline).
    var messageID: String?
    var accepted = false
    /// A command decided by the channel itself (a USSD menu choice), instead of reading the text.
    var command: ShortCommand?

    init(channel: Channel, sender: String, text: String, locale: LocaleID? = nil) {
        self.channel = channel
        self.sender = sender
        // Control characters carry no meaning for the desk (and one of them marks the reference in a reply).
        self.text = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\n" || $0 == "\t" }))
        self.locale = locale
        smsShaped = channel.isSMS
    }

    /// The ledger id a turn checks before it runs.
    var ledgerID: String? { messageID }

    /// How the turn records this message in the ledger.
    func ledger(citizen: String, at: Date) -> TurnRecord.Ledger {
        guard let messageID else { return .none }
        if accepted { return .answer(id: messageID) }
        return .insert(
            InboundRecord(
                id: messageID, channel: channel.rawValue, citizen: citizen, text: nil, locale: locale?.rawValue,
                receivedAt: at))
    }
}

/// What the desk answers, and why.
struct Reply: Sendable {
    var text: String
    let locale: LocaleID
    let intent: IntentID?
    let classification: Classification?
    /// The reference of a complaint this message filed.
    var reference: String?
    /// Notifications delivered with this reply (status changes since the last message).
    var notifications: [String] = []
    /// `true` when this is the stored reply to a message id answered before (a redelivery).
    var isRedelivery = false

    init(text: String, locale: LocaleID, intent: IntentID?, classification: Classification?, reference: String? = nil) {
        self.text = text
        self.locale = locale
        self.intent = intent
        self.classification = classification
        self.reference = reference
    }

    /// The reply stored in the ledger for a message answered before.
    init(stored: InboundRecord, locale: LocaleID) {
        self.init(
            text: stored.reply ?? "", locale: locale, intent: stored.intent.map(IntentID.init(rawValue:)), classification: nil,
            reference: stored.reference)
        isRedelivery = true
    }

    /// Notifications first, then the answer, as one text.
    var fullText: String { (notifications + [text]).joined(separator: "\n\n") }
}
