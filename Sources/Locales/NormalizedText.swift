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

    public init(original: String, folded: String, tokens: [String], scripts: ScriptCounts) {
        self.original = original
        self.folded = folded
        self.tokens = tokens
        self.scripts = scripts
    }

    /// The same text with other tokens (e.g. after a locale's variant rules).
    public func with(tokens: [String]) -> NormalizedText {
        NormalizedText(original: original, folded: folded, tokens: tokens, scripts: scripts)
    }
}
