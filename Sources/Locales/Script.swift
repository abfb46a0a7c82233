/// The writing systems DeskBot tells apart before it identifies a language.
public enum Script: String, Sendable, Codable, CaseIterable {
    case latin = "Latn"
    case arabic = "Arab"
    case devanagari = "Deva"
    case other = "Zyyy"
}

/// Letter counts per script of one message, taken before letter-variant folding so that Urdu-only and
/// Arabic-only letters can still be seen.
public struct ScriptCounts: Sendable, Equatable {
    public var latin = 0
    public var arabic = 0
    public var devanagari = 0
    public var other = 0
    /// Letters used in Urdu but not in Arabic (ٹ ڈ ڑ ں ے ہ ھ ی ک گ پ چ ژ).
    public var urduOnly = 0
    /// Letters used in Arabic but rarely in Urdu (ة ى ي ك ه).
    public var arabicOnly = 0

    public init() {}

    /// The script the message is written in, or `nil` when it has no letters. A message that mixes English words
    /// into Urdu, Arabic or Hindi ("water bill کب تک جمع کرنا ہے") belongs to the non-Latin script as soon as that
    /// script has a third of the letters: loanwords are typed in Latin, the language itself is not.
    public var dominant: Script? {
        let total = latin + arabic + devanagari + other
        guard total > 0 else { return nil }
        let native: [(Script, Int)] = [(.arabic, arabic), (.devanagari, devanagari)]
        if let best = native.max(by: { $0.1 < $1.1 }), best.1 * 3 >= total { return best.0 }
        let ranked: [(Script, Int)] = [(.latin, latin), (.arabic, arabic), (.devanagari, devanagari), (.other, other)]
        return ranked.max(by: { $0.1 < $1.1 }).map(\.0)
    }
}
