import CICU

/// Turns a message (or a corpus term) into `NormalizedText`, the same way for both.
///
/// The pipeline: NFKC case-folding (ICU) → canonical decomposition → removal of Latin diacritics, Arabic harakat,
/// tatweel, Devanagari nukta and zero-width characters → Arabic/Urdu letter-variant folding → digit folding to ASCII
/// → ICU word breaking (punctuation and emoji are dropped) → the locale's spelling-variant rules, if any.
public struct Normalizer: Sendable {
    public let locale: LocaleID?
    private let variants: VariantTransform?
    /// Variant forms of words seen before (see `withVariantCache`), so most messages need no ICU transform call.
    private var variantCache: [WordKey: String] = [:]

    /// A normalizer without spelling-variant rules: what language identification works on.
    public init() {
        locale = nil
        variants = nil
    }

    /// A normalizer for one locale, with its spelling-variant rules (ICU transform syntax) when it has any.
    public init(locale: LocaleID, variantRules: String? = nil) throws(NormalizationError) {
        self.locale = locale
        if let rules = variantRules, rules.contains(where: { !$0.isWhitespace }) {
            variants = try VariantTransform(rules: rules, locale: locale)
        } else {
            variants = nil
        }
    }

    public func normalize(_ text: String) -> NormalizedText {
        let base = Normalizer.fold(text)
        guard variants != nil else { return base }
        return base.with(tokens: applyVariants(base.tokens))
    }

    /// Applies this locale's spelling-variant rules to tokens that were folded without them. Rules act within a
    /// word (their context is the word boundary), so words can be transformed one by one or all at once alike.
    public func applyVariants(_ tokens: [String]) -> [String] {
        guard let variants, !tokens.isEmpty else { return tokens }
        guard !variantCache.isEmpty else { return variants.apply(tokens) }
        var out = tokens
        var missing: [Int] = []
        for (i, token) in tokens.enumerated() {
            if let cached = variantCache[WordKey(token)] { out[i] = cached } else { missing.append(i) }
        }
        guard !missing.isEmpty else { return out }
        let transformed = variants.apply(missing.map { tokens[$0] })
        guard transformed.count == missing.count else { return variants.apply(tokens) }
        for (k, i) in missing.enumerated() { out[i] = transformed[k] }
        return out
    }

    /// A copy that remembers the variant forms of these (unvarianted) words.
    public func withVariantCache(for words: some Sequence<String>) -> Normalizer {
        guard let variants else { return self }
        var copy = self
        let unique = Array(Set(words))
        for word in unique {
            if let form = variants.apply([word]).first { copy.variantCache[WordKey(word)] = form }
        }
        return copy
    }

    /// The words of a text as written (case, accents and digits kept), split like `normalize` splits them; for
    /// showing a slot (a place name) the way the citizen wrote it.
    public static func displayWords(_ text: String) -> [String] {
        var units: [UInt16] = []
        for unit in text.utf16 {
            // Apostrophes split or vanish exactly as in folding, so positions line up.
            units.append(unit == 0x2019 || unit == 0x2018 || unit == 0x02BC || unit == 0x60 || unit == 0xB4 ? 0x27 : unit)
        }
        return words(in: units)
    }

    // MARK: - Folding and word breaking

    static func fold(_ text: String) -> NormalizedText {
        var text = text
        text.makeContiguousUTF8()
        var counts: (Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0)
        let inputBytes = text.utf8.count
        var capacity = inputBytes * 3 + 64
        let wordCap = Int32(min(256, inputBytes / 2 + 2))
        var starts = [Int32](repeating: 0, count: Int(wordCap))
        var ends = [Int32](repeating: 0, count: Int(wordCap))
        while true {
            var count: Int32 = 0
            var folded = ""
            var tokens: [String] = []
            let length: Int32 = text.utf8.withContiguousStorageIfAvailable { input in
                withUnsafeMutablePointer(to: &counts) { countsPointer in
                    countsPointer.withMemoryRebound(to: Int32.self, capacity: 6) { c in
                        starts.withUnsafeMutableBufferPointer { s in
                            ends.withUnsafeMutableBufferPointer { e in
                                var n: Int32 = -1
                                folded = String(unsafeUninitializedCapacity: capacity) { out in
                                    n = input.withMemoryRebound(to: CChar.self) { raw in
                                        out.withMemoryRebound(to: CChar.self) { o in
                                            deskbot_icu_normalize(
                                                raw.baseAddress, Int32(raw.count), o.baseAddress, Int32(o.count), s.baseAddress,
                                                e.baseAddress, wordCap, &count, c)
                                        }
                                    }
                                    return n > 0 ? Int(n) : 0
                                }
                                return n
                            }
                        }
                    }
                }
            } ?? -1
            if length == -2, capacity < 1 << 22 {
                capacity *= 4
                continue
            }
            guard length >= 0 else { return unfolded(text) }
            let utf8 = folded.utf8
            tokens.reserveCapacity(Int(count))
            for i in 0..<Int(count) {
                let a = utf8.index(utf8.startIndex, offsetBy: Int(starts[i]))
                let b = utf8.index(utf8.startIndex, offsetBy: Int(ends[i]))
                tokens.append(String(folded[a..<b]))
            }
            var scripts = ScriptCounts()
            scripts.latin = Int(counts.0)
            scripts.arabic = Int(counts.1)
            scripts.devanagari = Int(counts.2)
            scripts.other = Int(counts.3)
            scripts.urduOnly = Int(counts.4)
            scripts.arabicOnly = Int(counts.5)
            // ASCII without apostrophes: folding only lower-cased it, so its words stand where the original's do.
            var originalWords: [Range<Int>]?
            if count < wordCap, foldsInPlace(text) {
                originalWords = (0..<Int(count)).map { Int(starts[$0])..<Int(ends[$0]) }
            }
            return NormalizedText(original: text, folded: folded, tokens: tokens, scripts: scripts, originalWords: originalWords)
        }
    }

    /// Whether folding leaves a text's every offset and word boundary in place, only lower-casing it: ASCII with no
    /// apostrophe or backtick (those vanish or split a word when folded). ICU breaks words alike in upper and lower
    /// case (both are `ALetter`), so the folded words are the original's (`NormalizedText.originalWords`).
    static func foldsInPlace(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x27 && $0 != 0x60 }
    }

    /// If ICU itself fails, the text is matched as written: split into words, nothing folded.
    static func unfolded(_ text: String) -> NormalizedText {
        NormalizedText(original: text, folded: text, tokens: displayWords(text), scripts: ScriptCounts())
    }

    private static func words(in units: [UInt16]) -> [String] {
        guard !units.isEmpty else { return [] }
        let cap = units.count / 2 + 2
        var starts = [Int32](repeating: 0, count: cap)
        var ends = [Int32](repeating: 0, count: cap)
        let count = units.withUnsafeBufferPointer { src in
            starts.withUnsafeMutableBufferPointer { s in
                ends.withUnsafeMutableBufferPointer { e in
                    deskbot_icu_words(src.baseAddress, Int32(src.count), s.baseAddress, e.baseAddress, Int32(cap))
                }
            }
        }
        guard count > 0 else { return [] }
        var tokens: [String] = []
        tokens.reserveCapacity(Int(count))
        for i in 0..<Int(count) {
            tokens.append(String(decoding: units[Int(starts[i])..<Int(ends[i])], as: UTF16.self))
        }
        return tokens
    }
}
