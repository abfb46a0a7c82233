import Intents
import Locales

/// The channels a message can arrive on.
enum Channel: String, Sendable, Codable, CaseIterable {
    case chat, sms, twilio, whatsapp, telegram, africastalking, ussd, kannel, generic
}

/// One citizen message, whatever the channel: what every adapter decodes a request into.
struct Inbound: Sendable {
    let channel: Channel
    /// The citizen's address on that channel (phone number, chat id). Never logged at default level.
    let sender: String
    let text: String
    /// A locale the channel or the citizen fixed (e.g. `--locale ur`); `nil` means detect.
    var locale: LocaleID?
}

/// What the desk answers, and why.
struct Reply: Sendable {
    let text: String
    let locale: LocaleID
    let intent: IntentID?
    let classification: Classification?
}
