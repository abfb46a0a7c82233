import FuzzSupport
import Locales

// The Normalizer on arbitrary bytes: plain (what language identification sees) and with the Roman Urdu
// spelling-variant rules (an ICU transform), plus the display-word split used for place slots.

let plain = Normalizer()
let romanUrdu: Normalizer = {
    guard let rules = FuzzCorpora.variantRules("ur-Latn"), let n = try? Normalizer(locale: "ur-Latn", variantRules: rules)
    else { fatalError("fuzz: ur-Latn/variants.txt does not compile") }
    return n
}()

func fuzzNormalizer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = text(data, size)
    let n = plain.normalize(input)
    requireWellFormed(n, input)
    // Deterministic: the same text folds the same way.
    require(plain.normalize(input) == n, "normalize is not deterministic for \(input.debugDescription)")
    let varied = romanUrdu.normalize(input)
    requireWellFormed(varied, input)
    require(romanUrdu.applyVariants(n.tokens) == varied.tokens, "variants differ word by word vs at once")
    _ = Normalizer.displayWords(input)
    return 0
}
