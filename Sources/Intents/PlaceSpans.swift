import Locales

/// Where each of a message's words stands in the text the citizen sent, so that a place is cut from the original
/// ("G-9", "12 Main Road") instead of rebuilt from normalized tokens ("g 9"), and so that clause punctuation
/// between two words ends a place.
struct PlaceSpans: Sendable {
    private let original: [UInt16]
    private let ranges: [Range<Int>]
    private static let clausePunctuation: Set<UInt16> = Set(",;:!?\n،؛؟۔।॥".utf16)
    private static let commas: Set<UInt16> = Set(",،".utf16)

    /// `nil` when the citizen's words do not line up one to one with the normalized ones.
    ///
    /// When normalization kept the original's word offsets (`NormalizedText.originalWords`: ASCII without
    /// apostrophes), the words are those; otherwise the original is broken into words again (ICU).
    init?(_ text: NormalizedText, count: Int) {
        guard let words = text.originalWords else {
            self.init(original: text.original, count: count)
            return
        }
        // The same words `displayWords` finds (folding only lower-cased them), and none has an apostrophe to split on.
        guard words.count == count, count > 0 else { return nil }
        let units = Array(text.original.utf8).map(UInt16.init)
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(count)
        var from = 0
        for word in words {
            // Found from where the previous word ended, exactly as below.
            guard let start = Self.find(units[word], in: units, from: from) else { return nil }
            ranges.append(start..<start + word.count)
            from = start + word.count
        }
        self.init(units: units, ranges: ranges)
    }

    private init(units: [UInt16], ranges: [Range<Int>]) {
        original = units
        self.ranges = ranges
    }

    /// `nil` when the citizen's words do not line up one to one with the normalized ones.
    init?(original text: String, count: Int) {
        var shown = Normalizer.displayWords(text)
        // French and Italian elisions ("d'eau") are one word on screen and two once normalized.
        if shown.count != count {
            shown = shown.flatMap { $0.split(separator: "'").map(String.init) }
        }
        guard shown.count == count, count > 0 else { return nil }
        // The same apostrophe mapping as `displayWords`, one UTF-16 unit for one, so offsets are the original's.
        let units = Array(text.utf16)
        let mapped = units.map { $0 == 0x2019 || $0 == 0x2018 || $0 == 0x02BC || $0 == 0x60 || $0 == 0xB4 ? 0x27 : $0 }
        var ranges: [Range<Int>] = []
        var from = 0
        for word in shown {
            let needle = Array(word.utf16)
            guard let start = Self.find(needle, in: mapped, from: from) else { return nil }
            ranges.append(start..<start + needle.count)
            from = start + needle.count
        }
        self.init(units: units, ranges: ranges)
    }

    /// The original text from word `first` to word `last`, inclusive.
    func text(from first: Int, to last: Int) -> String {
        String(decoding: original[ranges[first].lowerBound..<ranges[last].upperBound], as: UTF16.self)
    }

    /// Whether clause punctuation stands between words `a` and `b` (a < b): a comma, a question mark, a full stop
    /// after a word longer than an abbreviation ("St." and "No." do not end a place).
    func punctuationBetween(_ a: Int, _ b: Int) -> Bool {
        let gap = original[ranges[a].upperBound..<ranges[b].lowerBound]
        if gap.contains(where: Self.clausePunctuation.contains) { return true }
        if gap.contains(0x2E) { return ranges[a].count > 3 }
        return false
    }

    /// Whether the citizen capitalized word `k` in the middle of a sentence (a name: "Water Street").
    func capitalized(_ k: Int) -> Bool {
        guard k > 0, !punctuationBetween(k - 1, k),
            !original[ranges[k - 1].upperBound..<ranges[k].lowerBound].contains(0x2E),
            let first = String(decoding: original[ranges[k]].prefix(2), as: UTF16.self).unicodeScalars.first
        else { return false }
        return first.properties.isUppercase
    }

    /// The first word after the message's last comma, if any.
    var lastClauseStart: Int? {
        guard let comma = original.lastIndex(where: Self.commas.contains) else { return nil }
        return ranges.firstIndex { $0.lowerBound > comma }
    }

    /// Whether a text has a comma that `lastClauseStart` would find.
    static func hasComma(_ text: String) -> Bool { text.utf16.contains(where: commas.contains) }

    private static func find(_ needle: some RandomAccessCollection<UInt16>, in haystack: [UInt16], from: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var i = from
        while i + needle.count <= haystack.count {
            if haystack[i] == needle.first, haystack[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
