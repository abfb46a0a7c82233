import FuzzSupport
import Intents
import Locales

// Language identification (script, word model, trigram back-off) as trained from the real corpora.

let identifier = FuzzCorpora.classifier().identifier
let normalizer = Normalizer()

func fuzzLanguageID(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = text(data, size)
    let normalized = normalizer.normalize(input)
    let scores = identifier.identify(normalized)
    var total = 0.0
    for score in scores {
        require(score.probability.isFinite && score.probability >= 0 && score.probability <= 1.000001,
            "probability \(score.probability) for \(score.locale) on \(input.debugDescription)")
        require(identifier.locales.contains(score.locale), "unknown locale \(score.locale)")
        total += score.probability
    }
    require(total <= 1.001, "probabilities sum to \(total) on \(input.debugDescription)")
    return 0
}
