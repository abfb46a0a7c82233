/// The numbers behind every decision; defaults are what the bundled corpora are tuned for.
public struct ScoringPolicy: Sendable, Equatable {
    /// The best intent's score must reach this…
    public var threshold: Double = 1.0
    /// …and lead the runner-up by at least this much.
    public var margin: Double = 0.3
    /// Default weights by kind of entry.
    public var keywordWeight: Double = 1.0
    public var phraseWeight: Double = 1.5
    public var patternWeight: Double = 2.0
    /// Weight of a word that only appears in an intent's examples (divided by how many intents' examples use it).
    public var exampleWeight: Double = 0.35
    /// Example words used by more intents than this are not indexed (27: all are; lower values trade a little
    /// accuracy on the corpus examples for speed).
    public var exampleSpread: Int = 27
    /// Multiplier for a term found through typo correction.
    public var typoFactor: Double = 0.6
    /// Largest gap a `*` in a pattern may stand for.
    public var patternGap: Int = 3
    /// How much unexplained words weaken a decision: the score is scaled by `1 - λ + λ × coverage`, so one
    /// keyword in a long sentence about something else does not decide alone.
    public var coverageWeight: Double = 0.25
    /// Words longer than this (in letters) are neither corrected nor matched against language names, so that one
    /// pasted 5,000-letter "word" costs no more than a short one.
    public var maxWordLength: Int = 40
    /// Only the first this many characters of a message are read (a turn's cost stays bounded and linear).
    public var maxMessageLength: Int = 2_000
    /// Whether a message that is one of an intent's corpus examples word for word gets that intent whatever its
    /// evidence (the cascade's exact stage). `deskbot check` and the corpus tests must see how the
    /// examples classify on their evidence (they build the engine with this off).
    public var exactExamples: Bool = true
    /// A keyword among a locale's this-many most frequent words of ordinary text is generic (see
    /// `EvidenceStrength.generic`).
    public var frequentRank: Int = 1_000
    /// At most this many intents are offered when the engine asks instead of guessing…
    public var clarifyCandidates: Int = 3
    /// …each scoring at least this share of the best one's score.
    public var clarifyShare: Double = 0.5

    /// The statistical second opinion (`SecondOpinion`): whether it weighs in at all…
    public var secondOpinion: Bool = true
    /// …an accepted intent whose n-grams look less like its corpus than like ordinary text by more than this
    /// (margin below it) is declined — offered as a question instead…
    public var opinionVeto: Double = -0.1
    /// …a request for a language by name, only below this: language names are everyday words to the model, so such a
    /// request looks ordinary; a long text that only mentions a language does so far more.
    public var opinionLanguageVeto: Double = -0.6
    /// …and an intent the rules found evidence for but did not accept is accepted when the model backs it this
    /// clearly (margin at least `opinionSettle`, ahead of every other intent by `opinionLead`) in a message of two
    /// content words or more (one word is all the model would know: it stays a question).
    public var opinionSettle: Double = 0.75
    public var opinionLead: Double = 0.5
    /// …and the rules' best candidate, found on a keyword of its own (as typed) but short of their support, is accepted
    /// when the model independently likes it best: by a margin of at least `opinionCorroborate` (a specific term) or
    /// `opinionCorroborateGeneric` (only generic terms; never for a complaint), ahead of every other intent by
    /// `opinionCorroborateLead`. Two opinions that agree are the support one word lacks alone ("a huge pothole on
    /// Victoria Street").
    public var opinionCorroborate: Double = 0.2
    public var opinionCorroborateGeneric: Double = 0.6
    public var opinionCorroborateLead: Double = 0.2
    /// How many of the rules' best candidates the model may settle on.
    public var opinionCandidates: Int = 4
    /// The model's additive smoothing of n-gram counts, and the character n-gram sizes it reads (with each word whole).
    public var opinionSmoothing: Double = 0.1
    public var opinionGrams: ClosedRange<Int> = 2...4
    /// How much each of the locale's frequent words counts in the model's ordinary-text class.
    public var opinionOrdinaryWeight: Double = 1

    public init() {}

    /// A term shared by `intents` intents counts less, since it says less about which one is meant.
    public func specificity(sharedBy intents: Int) -> Double {
        intents <= 1 ? 1 : 1 / (1 + 0.6 * Double(intents - 1))
    }

    /// Confidence in 0…1 from the best and runner-up scores.
    public func confidence(best: Double, runnerUp: Double) -> Double {
        guard best > 0 else { return 0 }
        let strength = 1 - exp(-best / 1.2)
        let separation = max(0, best - runnerUp) / best
        return strength * (0.5 + 0.5 * separation)
    }

    /// The score scaled by how much of the message the evidence explains.
    public func adjusted(_ score: Double, coverage: Double) -> Double {
        score * (1 - coverageWeight + coverageWeight * min(1, max(0, coverage)))
    }

    /// Bytes a word of `maxWordLength` letters may take in UTF-8 (4 per letter at most).
    var maxWordBytes: Int { maxWordLength * 4 }

    /// The one scoring decision: does the best candidate win? (`best` is the coverage-adjusted score.)
    public func accepts(best: Double, runnerUp: Double) -> Bool {
        best >= threshold && best - runnerUp >= margin
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
