import Testing

@testable import Locales

@Suite struct SpellCorrectorTests {
    let speller = SpellCorrector(
        vocabulary: ["water": 5, "garbage": 3, "streetlight": 2, "certificate": 4, "bill": 2, "pothole": 1],
        known: ["wafer"])

    @Test(arguments: [
        ("watr", "water"), ("wter", "water"), ("watre", "water"), ("garbge", "garbage"), ("garbaje", "garbage"),
        ("streetlgiht", "streetlight"), ("stretlight", "streetlight"), ("certficate", "certificate"), ("cetrificate", "certificate"),
        ("pothol", "pothole"), ("pothloe", "pothole"),
    ])
    func correctsWithinBound(typed: String, expected: String) {
        #expect(speller.correct(typed)?.word == expected)
    }

    @Test func leavesShortKnownAndFarWordsAlone() {
        #expect(speller.correct("bil") == nil)  // three letters: never corrected
        #expect(speller.correct("wafer") == nil)  // a known word
        #expect(speller.correct("water") == nil)  // already right
        #expect(speller.correct("wxtxr") == nil)  // two edits in a five-letter word
        #expect(speller.correct("elephant") == nil)
    }

    @Test func distanceIsOptimalStringAlignment() {
        #expect(SpellCorrector.distance(Array("abcd".utf16), Array("abdc".utf16), limit: 2) == 1)
        #expect(SpellCorrector.distance(Array("kitten".utf16), Array("sitting".utf16), limit: 5) == 3)
        #expect(SpellCorrector.distance(Array("abc".utf16), Array("xyz".utf16), limit: 1) == 2)
    }
}
