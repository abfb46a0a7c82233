import Testing

@testable import Intents
@testable import Locales

/// The place spans cut from the folded words' offsets (ASCII text without apostrophes) are the ones a second ICU
/// word-breaking pass over the original finds.
@Suite struct PlaceSpansSpeedTests {
    @Test func offsetsFromFoldingMatchASecondWordBreakingPass() {
        let pieces = [
            "Water", "water", "NO", "Block-6", "G-9", "12", "Main", "Rd.", "St.", "e.g.", "U.S.A", "3.5", "1,000", "a_b",
            "_x", "#4", "cmp-2026-000123", "+254 712 345 678", "near", "the", "MOSQUE", ",", ";", "!", "?", ".", "...",
            "(Kibera)", "\"Moi\"", "x/y", "@home", "50%", "$20", "a:b", "\n", "\t", "-", "--", "&", "Ab1", "1a",
        ]
        var seed: UInt64 = 0x5eed
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        var checked = 0
        for _ in 0..<3000 {
            var text = ""
            for k in 0..<(1 + next(9)) {
                if k > 0 { text += [" ", "", "  ", ", "][next(4)] }
                text += pieces[next(pieces.count)]
            }
            let normalized = Normalizer().normalize(text)
            #expect(normalized.originalWords != nil, "\(text)")
            let count = normalized.tokens.count
            let fast = PlaceSpans(normalized, count: count)
            let slow = PlaceSpans(original: text, count: count)
            #expect((fast == nil) == (slow == nil), "\(text)")
            guard let fast, let slow else { continue }
            checked += 1
            for a in 0..<count {
                #expect(fast.capitalized(a) == slow.capitalized(a), "\(text)")
                for b in a..<count {
                    #expect(fast.text(from: a, to: b) == slow.text(from: a, to: b), "\(text)")
                    if a < b { #expect(fast.punctuationBetween(a, b) == slow.punctuationBetween(a, b), "\(text)") }
                }
            }
            #expect(fast.lastClauseStart == slow.lastClauseStart, "\(text)")
        }
        #expect(checked > 2000)
    }

    @Test func apostrophesAndNonASCIITextAreBrokenAgain() {
        #expect(Normalizer().normalize("L'eau est coupée").originalWords == nil)
        #expect(Normalizer().normalize("don't know").originalWords == nil)
        #expect(Normalizer().normalize("`quoted`").originalWords == nil)
        #expect(Normalizer().normalize("no water in Block 6").originalWords == [0..<2, 3..<8, 9..<11, 12..<17, 18..<19])
    }
}
