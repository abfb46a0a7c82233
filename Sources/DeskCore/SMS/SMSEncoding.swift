/// GSM 03.38 / UCS-2 arithmetic: which encoding a text needs and how many SMS segments it costs.
package enum SMSEncoding: String, Sendable, Equatable {
    case gsm7 = "GSM-7"
    case ucs2 = "UCS-2"

    /// The GSM 03.38 basic character set (one septet each).
    package static let basic: Set<Character> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
    /// The extension table: escape + character, two septets each.
    package static let extended: Set<Character> = Set("^{}\\[~]|€\u{0C}")

    package static func isGSM(_ c: Character) -> Bool { basic.contains(c) || extended.contains(c) }

    /// Septets of each ASCII byte: 1 (basic table), 2 (extension table) or 0 (not in GSM-7). Replies are mostly
    /// ASCII, and looking a byte up is much cheaper than hashing a `Character` into the sets above.
    static let asciiSeptets: [UInt8] = (0..<128).map { byte in
        let c = Character(Unicode.Scalar(UInt8(byte)))
        return basic.contains(c) ? 1 : extended.contains(c) ? 2 : 0
    }

    /// Single-segment and per-part capacities (septets for GSM-7, UTF-16 units for UCS-2).
    package var single: Int { self == .gsm7 ? 160 : 70 }
    package var part: Int { self == .gsm7 ? 153 : 67 }
}

/// What a text costs as an SMS.
package struct SMSAnalysis: Sendable, Equatable, CustomStringConvertible {
    package let encoding: SMSEncoding
    /// Characters as the citizen sees them.
    package let characters: Int
    /// Units on the air: septets (GSM-7, extension characters count 2) or UTF-16 units (UCS-2, non-BMP count 2).
    package let units: Int
    package let segments: Int

    package init(_ text: String) {
        if let ascii = Self.ascii(text) {
            self = ascii
        } else {
            self.init(characterByCharacter: text)
        }
    }

    /// The analysis character by character, for any text (`init` takes a faster path for ASCII).
    package init(characterByCharacter text: String) {
        let gsm = text.allSatisfy(SMSEncoding.isGSM)
        encoding = gsm ? .gsm7 : .ucs2
        characters = text.count
        // The width of each indivisible piece: an escape sequence or a surrogate pair never straddles two parts.
        let widths: [Int] =
            gsm
            ? text.map { SMSEncoding.extended.contains($0) ? 2 : 1 }
            : text.unicodeScalars.map { $0.value > 0xFFFF ? 2 : 1 }
        units = widths.reduce(0, +)
        segments = Self.segments(units: units, widths: widths, encoding)
    }

    /// Segments for `units` on the air: one when they fit a single message, else parts of `encoding.part`
    /// filled piece by piece (`widths`), so an escape pair or a surrogate pair never straddles two parts.
    private static func segments(units: Int, widths: some Sequence<Int>, _ encoding: SMSEncoding) -> Int {
        if units == 0 { return 0 }
        if units <= encoding.single { return 1 }
        var parts = 1
        var used = 0
        for w in widths {
            if used + w > encoding.part {
                parts += 1
                used = 0
            }
            used += w
        }
        return parts
    }

    private init(encoding: SMSEncoding, characters: Int, units: Int, segments: Int) {
        self.encoding = encoding
        self.characters = characters
        self.units = units
        self.segments = segments
    }

    /// The same analysis byte by byte, for a text of ASCII characters only (`nil` otherwise). A CR LF pair is one
    /// `Character` but two septets on the air, and counted so.
    private static func ascii(_ text: String) -> SMSAnalysis? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> SMSAnalysis? in
            var units = 0
            var gsm = true
            for b in bytes {
                guard b < 0x80 else { return nil }
                let w = SMSEncoding.asciiSeptets[Int(b)]
                if w == 0 { gsm = false }
                units += Int(w)
            }
            let characters = text.count
            // ASCII outside GSM-7 (a control character, a backtick) is UCS-2, one unit per byte.
            let encoding: SMSEncoding = gsm ? .gsm7 : .ucs2
            if !gsm { units = bytes.count }
            let widths = bytes.lazy.map { gsm ? Int(SMSEncoding.asciiSeptets[Int($0)]) : 1 }
            return SMSAnalysis(encoding: encoding, characters: characters, units: units, segments: segments(units: units, widths: widths, encoding))
        } ?? nil
    }

    package var description: String { "\(encoding.rawValue), \(characters) characters, \(units) units, \(segments) segment(s)" }
}

/// Replaces typographic characters with GSM equivalents, so a Latin-script reply does not fall into UCS-2 (and cost
/// more than twice as much) because of a curly quote or an accent the GSM alphabet lacks.
package enum GSMTransliteration {
    package static let replacements: [Character: String] = [
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "“": "\"", "”": "\"", "„": "\"", "«": "\"", "»": "\"",
        "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "…": "...", "•": "-", "·": "-", "\u{00A0}": " ",
        "\u{2009}": " ", "\u{202F}": " ", "\t": " ", "´": "'", "`": "'", "×": "x",
        "á": "a", "â": "a", "ã": "a", "ā": "a", "í": "i", "î": "i", "ï": "i", "ó": "o", "ô": "o", "õ": "o", "ú": "u",
        "û": "u", "ê": "e", "ë": "e", "ç": "c", "Á": "A", "À": "A", "Â": "A", "Ã": "A", "Í": "I", "Ó": "O", "Ô": "O",
        "Õ": "O", "Ú": "U", "Ê": "E", "È": "E", "œ": "oe", "Œ": "OE", "ş": "s", "š": "s", "ž": "z", "ý": "y",
    ]

    /// The ASCII bytes that have a replacement (tab, backtick).
    static let asciiReplaced: [Bool] = (0..<128).map { byte in replacements[Character(Unicode.Scalar(UInt8(byte)))] != nil }

    /// The text with every replaceable character replaced; characters with no GSM equivalent are kept.
    package static func apply(_ text: String) -> String {
        // Most replies are plain ASCII with nothing to replace: no copy, no `Character` hashing.
        if text.utf8.allSatisfy({ $0 < 0x80 && !asciiReplaced[Int($0)] }) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            if let r = replacements[c] { out += r } else { out.append(c) }
        }
        return out
    }
}
