/// A message after normalization: what the intent engine and the language identifier work on.
public struct NormalizedText: Sendable, Equatable {
    /// The text as the citizen sent it.
    public let original: String
    /// Case-folded, diacritic-free, variant-folded text (digits in ASCII), before word breaking.
    public let folded: String
    /// The words and numbers of `folded`, in order, after the locale's spelling-variant rules.
    public let tokens: [String]
    /// Letters per script in the original text.
    public let scripts: ScriptCounts
    /// Where the words of `folded` stand in `original` (UTF-8 offsets), when folding kept every offset and every word
    /// boundary: an ASCII text without apostrophes, which folding only lower-cases (ICU breaks `A`–`Z` and `a`–`z`
    /// alike). `nil` otherwise. Lets the place finder cut the citizen's words from the original text without
    /// breaking it into words a second time.
    public let originalWords: [Range<Int>]?

    public init(original: String, folded: String, tokens: [String], scripts: ScriptCounts, originalWords: [Range<Int>]? = nil) {
        self.original = original
        self.folded = folded
        self.tokens = tokens
        self.scripts = scripts
        self.originalWords = originalWords
    }

    /// The same text with other tokens (e.g. after a locale's variant rules).
    public func with(tokens: [String]) -> NormalizedText {
        NormalizedText(original: original, folded: folded, tokens: tokens, scripts: scripts, originalWords: originalWords)
    }
}
