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
    /// The locale's one-word answers (yes, no, cancel: "ewe", "haan", "yebo"): never a place on their own (inside
    /// one they may be a letter: Urdu "جی" is also the G of "جی نائن", G-9).
    var answerWords: Set<WordKey> = []
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
        // The citizen's own words and where each stands in the original text, when they line up with the
        // normalized ones (they do unless a variant rule split or merged a word).
        // Found only when a place is looked for: most messages have no location marker and no comma.
        let spans = LazyPlaceSpans(text, count: words.count)
        let place = locationPositions(in: words, excluding: evidence, spans: spans)
        if !place.isEmpty {
            // The place as the citizen wrote it ("G-9", "12 Main Road"), cut from the original text.
            slots[.location] = spans.value?.text(from: place[0], to: place[place.count - 1])
                ?? place.map { words[$0] }.joined(separator: " ")
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

    /// The positions of the place words next to the first location marker (in the locale's order) that has any;
    /// failing that, a last clause after a comma that is only a place ("no water, Block 9").
    ///
    /// A place runs from its marker to a real boundary: clause punctuation, a stop word, a yes/no word, another
    /// marker, or six words. A word that is evidence of the intent ("water", "road") ends it, except inside a street
    /// address: after a house number ("12 Main Road", "5 Water Street"), capitalized by the citizen mid-sentence
    /// ("Water Street"), or when a place word follows it in the same clause.
    func locationPositions(in words: [String], excluding evidence: Set<Int> = [], spans lazySpans: LazyPlaceSpans? = nil) -> [Int] {
        // Markers in the order the locale lists them (longest first), each at its first place in the message.
        var found: [(rank: Int, at: Int, marker: [String])] = []
        var markerAt = Set<Int>()
        for (at, word) in words.enumerated() {
            guard let candidates = markersByFirst[WordKey(word)] else { continue }
            for marker in candidates where Self.matches(marker, in: words, at: at) {
                markerAt.insert(at)
                let rank = markers.firstIndex(of: marker) ?? 0
                if !found.contains(where: { $0.rank == rank }) { found.append((rank, at, marker)) }
            }
        }
        // A message without a marker and without a comma needs no spans at all (see `afterComma`).
        guard !found.isEmpty || (lazySpans?.mayHaveComma ?? false) else { return [] }
        let spans = lazySpans?.value
        func boundary(_ a: Int, _ b: Int) -> Bool { spans?.punctuationBetween(min(a, b), max(a, b)) ?? false }
        for (_, at, marker) in found.sorted(by: { $0.rank < $1.rank }) {
            var place: [Int] = []
            if postposition {
                var k = at - 1
                if k >= 0, boundary(k, at) { continue }
                while k >= 0, place.count < 6, !markerAt.contains(k) {
                    // A short word between two parts of a name ("سیکٹر جی 9": G of sector G-9) is part of it.
                    let bridges = !place.isEmpty && words[k].count <= 2 && k > 0 && isPlaceWord(words[k - 1])
                        && !stopWords.contains(WordKey(words[k - 1])) && !markerAt.contains(k - 1) && !boundary(k - 1, k)
                    guard isPlaceWord(words[k]) || bridges else { break }
                    if evidence.contains(k), !(spans?.capitalized(k) ?? false) { break }
                    place.insert(k, at: 0)
                    if k > 0, boundary(k - 1, k) { break }
                    k -= 1
                }
            } else {
                var k = at + marker.count
                if k < words.count, k > 0, boundary(k - 1, k) { continue }
                while k < words.count, place.count < 6, !markerAt.contains(k) || place.isEmpty {
                    // A short connector inside a name ("soko la Gikomba", "gare de Cocody", "Bank of Kenya").
                    let bridges = !place.isEmpty && words[k].count <= 3 && k + 1 < words.count && !boundary(k, k + 1)
                        && (spans?.capitalized(k + 1) ?? false) && !markerAt.contains(k)
                    guard isPlaceWord(words[k]) || bridges else { break }
                    if evidence.contains(k), !keepsEvidence(k, place: place, words: words, evidence: evidence, spans: spans) { break }
                    place.append(k)
                    if k + 1 < words.count, boundary(k, k + 1) { break }
                    k += 1
                }
                // A topic word left hanging at the end is the problem, not the place ("at block 6 water").
                while let last = place.last, place.count > 1, evidence.contains(last),
                    !LanguageIdentifierHelpers.isNumber(words[place[0]]), !(spans?.capitalized(last) ?? false)
                {
                    place.removeLast()
                }
            }
            guard !place.isEmpty else { continue }
            // A landmark marker ("near the", "karibu na", "opposite") is no stop word: it is part of how the citizen
            // gives the place ("near the school"), and makes even a common noun a place.
            let landmark = !stopWords.contains(WordKey(marker[0]))
            if landmark, !postposition { return Array(at..<at + marker.count) + place }
            // After the place: "masjid ke paas", "مسجد کے پاس" (the marker's last word is the landmark word).
            if postposition, !stopWords.contains(WordKey(marker[marker.count - 1])) { return place + Array(at..<at + marker.count) }
            if isSpecific(place, words, spans) { return place }
        }
        return afterComma(words, evidence: evidence, spans: spans)
    }

    /// Whether an evidence word at `k` still belongs to the place being read.
    private func keepsEvidence(_ k: Int, place: [Int], words: [String], evidence: Set<Int>, spans: PlaceSpans?) -> Bool {
        guard !place.isEmpty else { return spans?.capitalized(k) ?? false }
        if spans?.capitalized(k) ?? false { return true }
        // A street address: a house number, then the street's name and type.
        if LanguageIdentifierHelpers.isNumber(words[place[0]]) { return true }
        // "Water Street": a plain place word follows in the same clause.
        let next = k + 1
        return next < words.count && isPlaceWord(words[next]) && !evidence.contains(next)
            && !(spans?.punctuationBetween(k, next) ?? false) && !LanguageIdentifierHelpers.isNumber(words[place[place.count - 1]])
    }

    /// The last clause after a comma when it is nothing but a specific place ("garbage not collected, Kibera").
    private func afterComma(_ words: [String], evidence: Set<Int>, spans: PlaceSpans?) -> [Int] {
        guard let spans, let start = spans.lastClauseStart, start < words.count else { return [] }
        let clause = Array(start..<words.count)
        guard clause.count <= 5,
            clause.allSatisfy({ isPlaceWord(words[$0]) && !evidence.contains($0) && !markersByFirst.keys.contains(WordKey(words[$0])) })
        else { return [] }
        // Without a marker, only a clause with a number or a proper name is taken as a place.
        let named = clause.contains { LanguageIdentifierHelpers.isNumber(words[$0]) || spans.capitalized($0) }
        return named && isSpecific(clause, words, spans) ? clause : []
    }

    /// A place with a number or a name ("Block 6", "Moi Avenue") is recorded; "our street" is too vague.
    private func isSpecific(_ place: [Int], _ words: [String], _ spans: PlaceSpans?) -> Bool {
        // Only yes/no words ("ewe", "haan", "yebo") are an answer, not a place.
        if place.allSatisfy({ answerWords.contains(WordKey(words[$0])) }) { return false }
        // Two words or more name a place ("Main Street", "جی نائن مرکز") even when the corpus uses them.
        if place.count >= 2 { return true }
        return place.contains {
            LanguageIdentifierHelpers.isNumber(words[$0]) || !knownWords.contains(WordKey(words[$0])) || (spans?.capitalized($0) ?? false)
        }
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

/// A message's `PlaceSpans`, made on first use (`value`), at most once.
final class LazyPlaceSpans {
    private let text: NormalizedText
    private let count: Int
    private var made = false
    private var spans: PlaceSpans?

    init(_ text: NormalizedText, count: Int) {
        self.text = text
        self.count = count
    }

    var value: PlaceSpans? {
        if !made {
            spans = PlaceSpans(text, count: count)
            made = true
        }
        return spans
    }

    /// Whether the original text has a comma (`PlaceSpans.lastClauseStart` is `nil` without one).
    var mayHaveComma: Bool { PlaceSpans.hasComma(text.original) }
}
