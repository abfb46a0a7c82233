import Locales

/// A human-readable account of a classification: what the text became, which languages it looked like, which
/// terms counted for which intents, and the decision against the threshold.
public enum Explanation {
    public static func lines(for c: Classification, top: Int = 5) -> [String] {
        var lines: [String] = []
        lines.append("normalized: \(c.normalized.folded)")
        lines.append("tokens (\(c.locale)): \(c.normalized.tokens.joined(separator: " | "))")
        if !c.corrections.isEmpty {
            lines.append("typo corrections: " + c.corrections.map { "\($0.0)→\($0.1)" }.joined(separator: ", "))
        }
        let languages = c.languages.prefix(4).map { "\($0.locale) \(Evidence.format($0.probability))" }
        lines.append("languages: \(languages.joined(separator: ", ")) → \(c.locale) (\(c.languageSource.rawValue))")
        if !c.cueWords.isEmpty { lines.append("cue words: \(c.cueWords.joined(separator: ", "))") }
        if c.candidates.isEmpty { lines.append("candidates: none") }
        for candidate in c.candidates.prefix(top) {
            let terms = candidate.evidence.map(\.description).joined(separator: ", ")
            lines.append("  \(candidate.intent) \(Evidence.format(candidate.score)): \(terms)")
        }
        if let o = c.opinion, let best = o.best {
            var line = "second opinion (n-grams vs ordinary text): best \(best) \(Evidence.format(o.margin)), next \(Evidence.format(o.runnerUp))"
            let others = o.margins.sorted { $0.value > $1.value }.prefix(3).map { "\($0.key) \(Evidence.format($0.value))" }
            if !others.isEmpty { line += "; rule candidates: " + others.joined(separator: ", ") }
            switch o.effect {
            case .none: break
            case .declined: line += " — declined the rules' intent"
            case .settled: line += " — settled on \(best)"
            case .corroborated: line += " — agrees with the rules' best, \(best)"
            }
            lines.append(line)
        }
        if let other = c.mixedWith { lines.append("mixed language: read in \(other), answered in \(c.locale)") }
        switch c.match {
        case .intent(let m) where c.opinion?.effect == .settled:
            lines.append("decision: \(m.intent) (the rules offered it; the second opinion backs it clearly, confidence \(Evidence.format(m.confidence)))")
        case .intent(let m) where c.opinion?.effect == .corroborated:
            lines.append("decision: \(m.intent) (the rules' best, on one keyword of its own, and the second opinion's best too, confidence \(Evidence.format(m.confidence)))")
        case .intent(let m):
            let runnerUp = c.candidates.count > 1 ? c.candidates[1].score : 0
            lines.append(
                "decision: \(m.intent) (score \(Evidence.format(m.score)) ≥ threshold \(Evidence.format(c.policy.threshold)), "
                    + "margin \(Evidence.format(m.score - runnerUp)) ≥ \(Evidence.format(c.policy.margin)), confidence \(Evidence.format(m.confidence)))")
        case .noMatch(let reason):
            lines.append("decision: fallback — \(reason)")
        }
        if !c.clarify.isEmpty {
            lines.append("clarify: " + c.clarify.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: ", "))
        }
        if !c.slots.isEmpty {
            lines.append("slots: " + c.slots.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        }
        return lines
    }
}
