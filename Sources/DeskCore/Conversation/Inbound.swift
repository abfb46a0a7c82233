import Foundation
import Intents
import Locales

/// One citizen message, whatever the channel: what every adapter decodes a request into.
package struct Inbound: Sendable {
    package let channel: Channel
    /// The citizen's address on that channel (phone number, chat id). Never logged at default level.
    package var sender: String
    package let text: String
    /// A locale the channel or the citizen fixed (e.g. `--locale ur`); `nil` means detect.
    package var locale: LocaleID?
    /// Whether short codes apply and the reply must fit SMS segments (Twilio carries both SMS and WhatsApp).
    package var smsShaped: Bool
    /// The gateway already stored the sender's address with the message (one write fewer per message).
    package var contactRecorded = false
    /// The sender's pseudonym, when the caller computed it already.
    package var citizen: String?
    /// The provider's message in the ledger (`<channel>:<id>`), and whether it was accepted before (push) or is
    /// answered in the same request (inline).
    package var messageID: String?
    package var accepted = false
    /// The language the platform reports for the sender (Telegram's `language_code`), a hint for first contact.
    package var languageCode: String?
    /// A command decided by the channel itself (a USSD menu choice), instead of reading the text.
    package var command: ShortCommand?
    /// A location pin or a photo sent with (or instead of) text (WhatsApp).
    package var attachment: Attachment?

    package init(channel: Channel, sender: String, text: String, locale: LocaleID? = nil) {
        self.channel = channel
        self.sender = sender
        // Control characters carry no meaning for the desk (and one of them marks the reference in a reply).
        self.text = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\n" || $0 == "\t" }))
        self.locale = locale
        smsShaped = channel.isSMS
    }

    /// The ledger id a turn checks before it runs.
    package var ledgerID: String? { messageID }

    /// How the turn records this message in the ledger.
    package func ledger(citizen: String, at: Date) -> TurnRecord.Ledger {
        guard let messageID else { return .none }
        if accepted { return .answer(id: messageID) }
        return .insert(
            InboundRecord(
                id: messageID, channel: channel.rawValue, citizen: citizen, text: nil, locale: locale?.rawValue,
                receivedAt: at))
    }
}

/// What the desk answers, and why.
package struct Reply: Sendable {
    package var text: String
    package let locale: LocaleID
    package let intent: IntentID?
    package let classification: Classification?
    /// The reference of a complaint this message filed.
    package var reference: String?
    /// Notifications delivered with this reply (status changes since the last message).
    package var notifications: [String] = []
    /// `true` when this is the stored reply to a message id answered before (a redelivery).
    package var isRedelivery = false

    package init(text: String, locale: LocaleID, intent: IntentID?, classification: Classification?, reference: String? = nil) {
        self.text = text
        self.locale = locale
        self.intent = intent
        self.classification = classification
        self.reference = reference
    }

    /// The reply stored in the ledger for a message answered before.
    package init(stored: InboundRecord, locale: LocaleID) {
        self.init(
            text: stored.reply ?? "", locale: locale, intent: stored.intent.map(IntentID.init(rawValue:)), classification: nil,
            reference: stored.reference)
        isRedelivery = true
    }

    /// Notifications first, then the answer, as one text.
    package var fullText: String { (notifications + [text]).joined(separator: "\n\n") }
}

/// What a message carries besides its text: a location pin or a media file (a photo, a voice note).
package enum Attachment: Sendable, Equatable, Codable {
    /// A pin: its coordinates, and the place's name or address when the app sent one.
    case location(latitude: Double, longitude: Double, name: String?)
    /// A media file kept by the provider: its id there (WhatsApp's media id) and its kind (`image`, `audio`…).
    case media(id: String, kind: String)

    /// A pin at valid coordinates (its name trimmed, an empty one dropped), or `nil`.
    package static func pin(latitude: Double, longitude: Double, name: String?) -> Attachment? {
        guard (-90...90).contains(latitude), (-180...180).contains(longitude) else { return nil }
        let name = name?.trimmingCharacters(in: .whitespacesAndNewlines)
        return .location(latitude: latitude, longitude: longitude, name: name?.isEmpty == false ? name : nil)
    }

    // MARK: - Kept with a message accepted for later

    /// Marks an attachment kept in front of the text of an accepted message. A citizen's text cannot contain it:
    /// `Inbound` drops control characters.
    private static let mark: Character = "\u{1B}"

    /// The text to keep for a message accepted now and answered later: the attachment (as JSON) and the text.
    package static func stored(_ attachment: Attachment?, text: String) -> String {
        guard let attachment, let json = try? JSONEncoder().encode(attachment) else { return text }
        return "\(mark)\(String(decoding: json, as: UTF8.self))\(mark)\(text)"
    }

    /// The attachment and text of a kept message (see `stored(_:text:)`).
    package static func split(stored: String) -> (attachment: Attachment?, text: String) {
        guard stored.first == mark, let end = stored.dropFirst().firstIndex(of: mark) else { return (nil, stored) }
        let json = stored[stored.index(after: stored.startIndex)..<end]
        let attachment = try? JSONDecoder().decode(Attachment.self, from: Data(json.utf8))
        return (attachment, String(stored[stored.index(after: end)...]))
    }
}
