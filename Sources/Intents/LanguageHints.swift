import Locales

/// What a channel tells about a citizen's language before a word is read: a language code the platform reports
/// (Telegram's `language_code`, a WhatsApp profile locale) and the sender's address (a phone number's country calling
/// code, looked up in `settings.yaml`'s `locale_by_calling_code`).
///
/// Hints only weigh in when the text itself is not clear — a first "HELP", an empty SMS, "123", a greeting several
/// languages share. A clear message in another language wins over any hint.
///
/// ```swift
/// let c = engine.classify("HELP", preferred: nil, hints: LanguageHints(sender: "+254712345678"))
/// c.locale          // "sw" (+254 → sw, en in settings)
/// c.languageSource  // .hint
/// ```
public struct LanguageHints: Sendable, Equatable {
    /// A BCP-47-ish code from the platform ("en", "pt-br", "ur", "zu-ZA"); matched to a locale by its code or the
    /// part before `-`/`_`.
    public var languageCode: String?
    /// The sender's address as the gateway gave it ("+923001234567", "00254712…", "whatsapp:+27…"); only phone
    /// numbers in international form are used.
    public var sender: String?

    public init(languageCode: String? = nil, sender: String? = nil) {
        self.languageCode = languageCode
        self.sender = sender
    }

    /// Whether there is anything to go on.
    public var isEmpty: Bool { (languageCode ?? "").isEmpty && (sender ?? "").isEmpty }

    /// The digits of an international phone number (after `+` or `00`), or `nil`.
    var internationalDigits: String? {
        guard let sender else { return nil }
        var text = Substring(sender)
        if let colon = text.lastIndex(of: ":") { text = text[text.index(after: colon)...] }
        text = text.drop { $0 == " " }
        let international: Substring
        if text.hasPrefix("+") {
            international = text.dropFirst()
        } else if text.hasPrefix("00") {
            international = text.dropFirst(2)
        } else {
            return nil
        }
        let digits = international.filter { $0.isASCII && $0.isNumber }
        return digits.count >= 6 ? String(digits) : nil
    }
}
