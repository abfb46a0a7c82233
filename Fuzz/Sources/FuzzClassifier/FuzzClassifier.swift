import FuzzSupport
import Intents
import Locales

// The classifier built from the real corpora, on arbitrary text: with the language detected, with it given (a
// locale picked from the input's length), and with a sticky preferred language; plus the `explain` lines.

let classifier = FuzzCorpora.classifier()
let locales = classifier.locales

func fuzzClassifier(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = text(data, size)
    let given = locales[size % locales.count]
    for c in [
        classifier.classify(input), classifier.classify(input, locale: given),
        classifier.classify(input, preferred: given),
    ] {
        requireWellFormed(c.normalized, input)
        if let m = c.match.intentMatch {
            require(m.score.isFinite && m.confidence.isFinite, "score \(m.score) confidence \(m.confidence)")
            require(m.confidence >= 0 && m.confidence <= 1.000001, "confidence \(m.confidence)")
        }
        for candidate in c.candidates { require(candidate.score.isFinite, "candidate score \(candidate.score)") }
        _ = Explanation.lines(for: c)
    }
    _ = classifier.words(input, in: given)
    return 0
}
