
import Foundation
import FuzzSupport
import Intents
import Locales

// SMS shaping on arbitrary text: the short-code parser with every locale's keywords (first contact and a sticky
// language), the GSM-7/UCS-2 analysis, and the segmenter that fits a reply into 1–4 segments with a "MORE" hint.

let corpus = FuzzCorpora.load()
let parser = ShortCodeParser(corpus: corpus)
let shapers = (1...4).map { SMSShaper(maxSegments: $0, transliterate: $0 % 2 == 0) }

func fuzzSMS(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = text(data, size)
    _ = parser.parse(input, preferred: nil)
    if let (command, locale) = parser.parse(input, preferred: "sw") {
        require(corpus.packs[locale] != nil, "a short code in a locale that is not installed: \(locale)")
        if case .info(_, let page) = command { require(page >= 1, "page \(page) from \(input.debugDescription)") }
    }
    let analysis = SMSAnalysis(input)
    require(analysis.segments >= (input.isEmpty ? 0 : 1), "no segment for a non-empty text")
    for (i, shaper) in shapers.enumerated() {
        let shaped = shaper.shape(input, hint: "Reply MORE")
        let segments = SMSAnalysis(shaped.text).segments
        require(segments <= i + 1, "\(segments) segments for a budget of \(i + 1)")
        if shaped.rest == nil, !input.isEmpty { require(!shaped.text.isEmpty, "everything fitted but nothing is sent") }
    }
    _ = GSMTransliteration.apply(input)
    return 0
}
