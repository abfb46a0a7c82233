import Testing

@testable import DeskCore

/// The byte-by-byte analysis of ASCII replies gives what the character-by-character one gives.
struct SMSAnalysisTests {
    @Test func theASCIIPathAgreesWithTheGeneralOne() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcXYZ 0189.,:;!?@$_-+*/()'\"#%&<=>{}[]~|^\\`\n\t")
        var texts = ["", "a", String(repeating: "x", count: 160), String(repeating: "x", count: 161), String(repeating: "{", count: 80),
                     String(repeating: "{", count: 81), String(repeating: "a", count: 152) + "[" + String(repeating: "b", count: 200),
                     String(repeating: "`", count: 70), String(repeating: "`", count: 71), "Office hours: Mon-Fri 8:00-16:00. Send STATUS CMP-2026-000001"]
        for _ in 0..<2000 {
            let n = Int.random(in: 0...500, using: &generator)
            texts.append(String((0..<n).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for text in texts {
            #expect(SMSAnalysis(text) == SMSAnalysis(characterByCharacter: text), "\(text.debugDescription)")
        }
    }

    @Test func aCRLFPairIsTwoSeptets() {
        let a = SMSAnalysis("line one\r\nline two")
        #expect(a.encoding == .gsm7)
        #expect(a.units == 18)
    }

    @Test func nonASCIITextTakesTheGeneralPath() {
        #expect(SMSAnalysis("Ofisi inafunguliwa saa 2 asubuhi – karibu").encoding == .ucs2)
        #expect(SMSAnalysis("déjà vu") == SMSAnalysis(characterByCharacter: "déjà vu"))
        #expect(SMSAnalysis("پانی نہیں آ رہا").units == 15)
    }
}
