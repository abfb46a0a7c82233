import Locales

/// Finds slots in a message: complaint references, bare numbers, phone numbers, places and language names.
struct SlotExtractor: Sendable {
    let markers: [[String]]
    let postposition: Bool
    let stopWords: Set<WordKey>
    let termWords: Set<String>
    let languageNames: [(tokens: [String], locale: LocaleID)]
    /// Words the locale's corpus uses. A place made only of such words ("our street", "the mosque") is too vague to
    /// record; one with a number or a name ("Block 6", "Moi Avenue") is not.
    var knownWords: Set<WordKey> = []
    /// Markers and language names by their first word, longest first, so a message is scanned once.
    private let markersByFirst: [WordKey: [[String]]]
    private let namesByFirst: [WordKey: [(tokens: [String], locale: LocaleID)]]

    init(
        markers: [[String]], postposition: Bool, stopWords: Set<WordKey>, termWords: Set<String>,
        languageNames: [(tokens: [String], locale: LocaleID)]
    ) {
        self.markers = markers
        self.postposition = postposition
        self.stopWords = stopWords
        self.termWords = termWords
        self.languageNames = languageNames
        markersByFirst = Dictionary(grouping: markers.filter { !$0.isEmpty }, by: { WordKey($0[0]) }).mapValues {
            $0.sorted { $0.count > $1.count }
        }
        namesByFirst = Dictionary(grouping: languageNames.filter { !$0.tokens.isEmpty }, by: { WordKey($0.tokens[0]) }).mapValues {
            $0.sorted { $0.tokens.count > $1.tokens.count }
        }
    }

    /// - Parameter evidence: positions that are evidence of the chosen intent ("water", "broken"): never part of a place.
    func extract(from text: NormalizedText, words: [String], evidence: Set<Int> = []) -> (slots: [SlotName: String], place: [Int]) {
        var slots: [SlotName: String] = [:]
        // References need "cmp" and phone numbers nine digits: most messages have neither, so skip the scans.
        var digits = 0
        for b in text.folded.utf8 where b >= 0x30 && b <= 0x39 { digits += 1 }
        if digits >= 4 {
            let folded = Array(text.folded.utf8)
            var skip: Range<Int>?
            if let (reference, range) = Self.reference(in: folded) {
                slots[.reference] = reference
                skip = range
            }
            if digits >= 9, let phone = Self.phone(in: folded, skipping: skip) { slots[.phone] = phone }
        }
        if let number = words.first(where: { $0.count >= 2 && $0.count <= 8 && LanguageIdentifierHelpers.isNumber($0) }) {
            slots[.number] = number
        }
        let place = locationPositions(in: words, excluding: evidence)
        if !place.isEmpty {
            // As the citizen wrote it when the words line up with the normalized ones, else normalized.
            let shown = Normalizer.displayWords(text.original)
            let source = shown.count == words.count ? shown : words
            slots[.location] = place.map { source[$0] }.joined(separator: " ")
        }
        if let language = language(in: text.tokens) { slots[.language] = language.rawValue }
        return (slots, place)
    }

    // MARK: - References and numbers

    /// `CMP-2026-000123`, `cmp 2026 123`, `CMP2026000123` → `CMP-2026-000123`.
    static func reference(in bytes: [UInt8]) -> (String, Range<Int>)? {
        var i = 0
        while i + 3 <= bytes.count {
            defer { i += 1 }
            guard bytes[i] == 0x63, bytes[i + 1] == 0x6D, bytes[i + 2] == 0x70 else { continue }  // "cmp"
            if i > 0, isLetter(bytes[i - 1]) { continue }
            var j = i + 3
            while j < bytes.count, isSeparator(bytes[j]) { j += 1 }
            let yearStart = j
            while j < bytes.count, j - yearStart < 4, isDigit(bytes[j]) { j += 1 }
            guard j - yearStart == 4 else { continue }
            while j < bytes.count, isSeparator(bytes[j]) { j += 1 }
            let serialStart = j
            while j < bytes.count, isDigit(bytes[j]) { j += 1 }
            guard j > serialStart, j - serialStart <= 9 else { continue }
            let year = String(decoding: bytes[yearStart..<yearStart + 4], as: UTF8.self)
            let serial = Int(String(decoding: bytes[serialStart..<j], as: UTF8.self)) ?? 0
            return (ReferenceFormat.format(year: year, serial: serial), i..<j)
        }
        return nil
    }

    /// A phone number: an optional `+` and 9–15 digits, possibly grouped by spaces or dashes.
    static func phone(in bytes: [UInt8], skipping: Range<Int>?) -> String? {
        var i = 0
        while i < bytes.count {
            if let skipping, skipping.contains(i) { i = skipping.upperBound; continue }
            guard bytes[i] == 0x2B || isDigit(bytes[i]), i == 0 || !isDigit(bytes[i - 1]) else { i += 1; continue }
            var digits: [UInt8] = bytes[i] == 0x2B ? [0x2B] : []
            var j = bytes[i] == 0x2B ? i + 1 : i
            while j < bytes.count {
                if isDigit(bytes[j]) {
                    digits.append(bytes[j])
                } else if !((bytes[j] == 0x20 || bytes[j] == 0x2D) && j + 1 < bytes.count && isDigit(bytes[j + 1])) {
                    break
                }
                j += 1
            }
            let count = digits.filter(isDigit).count
            if count >= 9 && count <= 15 { return String(decoding: digits, as: UTF8.self) }
            i = max(j, i + 1)
        }
        return nil
    }

    // MARK: - Places and languages

    /// The words next to a location marker ("in G-9 markaz", "G-9 markaz mein"), up to five, stopping at stop
    /// words and intent terms.
    /// The positions of the place words next to the first location marker that has any.
    func locationPositions(in words: [String], excluding evidence: Set<Int> = []) -> [Int] {
        // Markers in the order the locale lists them (longest first), each at its first place in the message.
        var found: [(rank: Int, at: Int, marker: [String])] = []
        for (at, word) in words.enumerated() {
            guard let candidates = markersByFirst[WordKey(word)] else { continue }
            for marker in candidates where Self.matches(marker, in: words, at: at) {
                let rank = markers.firstIndex(of: marker) ?? 0
                if !found.contains(where: { $0.rank == rank }) { found.append((rank, at, marker)) }
            }
        }
        for (_, at, marker) in found.sorted(by: { $0.rank < $1.rank }) {
            var place: [Int] = []
            if postposition {
                var k = at - 1
                while k >= 0, place.count < 5, !evidence.contains(k), isPlaceWord(words[k]) {
                    place.insert(k, at: 0)
                    k -= 1
                }
            } else {
                var k = at + marker.count
                while k < words.count, place.count < 5, !evidence.contains(k), isPlaceWord(words[k]) {
                    place.append(k)
                    k += 1
                }
            }
            if !place.isEmpty {
                let specific = place.contains { LanguageIdentifierHelpers.isNumber(words[$0]) || !knownWords.contains(WordKey(words[$0])) }
                return specific ? place : []
            }
        }
        return []
    }

    private func isPlaceWord(_ word: String) -> Bool {
        LanguageIdentifierHelpers.isNumber(word) || !stopWords.contains(WordKey(word))
    }

    func language(in tokens: [String]) -> LocaleID? {
        var best: (length: Int, locale: LocaleID)?
        for (at, word) in tokens.enumerated() {
            guard let candidates = namesByFirst[WordKey(word)] else { continue }
            for name in candidates where Self.matches(name.tokens, in: tokens, at: at) {
                if best == nil || name.tokens.count > best?.length ?? 0 { best = (name.tokens.count, name.locale) }
            }
        }
        return best?.locale
    }

    static func matches(_ needle: [String], in words: [String], at start: Int) -> Bool {
        guard start + needle.count <= words.count else { return false }
        for k in needle.indices where words[start + k] != needle[k] { return false }
        return true
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isLetter(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || b >= 0x80 }
    private static func isSeparator(_ b: UInt8) -> Bool { b == 0x2D || b == 0x20 || b == 0x5F || b == 0x2F || b == 0x23 }
}

/// The shape of complaint references: `CMP-<year>-<six-digit serial>`.
public enum ReferenceFormat {
    public static func format(year: String, serial: Int) -> String {
        let digits = String(serial)
        return "CMP-\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
