import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

struct SegmentCase: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    let encoding: SMSEncoding
    let units: Int
    let segments: Int
    var testDescription: String { name }
}

private let cases: [SegmentCase] = [
    .init(name: "empty", text: "", encoding: .gsm7, units: 0, segments: 0),
    .init(name: "short GSM", text: "Office open 08:30-16:30", encoding: .gsm7, units: 23, segments: 1),
    .init(name: "exactly 160 GSM", text: String(repeating: "a", count: 160), encoding: .gsm7, units: 160, segments: 1),
    .init(name: "161 GSM", text: String(repeating: "a", count: 161), encoding: .gsm7, units: 161, segments: 2),
    .init(name: "306 GSM = 2 × 153", text: String(repeating: "a", count: 306), encoding: .gsm7, units: 306, segments: 2),
    .init(name: "307 GSM", text: String(repeating: "a", count: 307), encoding: .gsm7, units: 307, segments: 3),
    .init(name: "GSM accents in the basic set", text: "café à Zürich ñ ü Ø", encoding: .gsm7, units: 19, segments: 1),
    .init(name: "extension chars count 2", text: "Fee €20 [cash]", encoding: .gsm7, units: 17, segments: 1),
    .init(name: "159 + one extension char = 161", text: String(repeating: "a", count: 159) + "€", encoding: .gsm7, units: 161, segments: 2),
    .init(name: "158 + one extension char = 160", text: String(repeating: "a", count: 158) + "€", encoding: .gsm7, units: 160, segments: 1),
    // 152 septets then "€": the escape pair cannot straddle the boundary, so it moves to part 2,
    // and 152 + 2 + 152 = 306 septets need 3 parts, not 2.
    .init(name: "extension char at a segment boundary", text: String(repeating: "a", count: 152) + "€" + String(repeating: "b", count: 152), encoding: .gsm7, units: 306, segments: 3),
    .init(name: "curly quote forces UCS-2", text: "It’s open", encoding: .ucs2, units: 9, segments: 1),
    .init(name: "emoji counts 2 units", text: "ok 👍", encoding: .ucs2, units: 5, segments: 1),
    .init(name: "exactly 70 UCS-2", text: String(repeating: "پ", count: 70), encoding: .ucs2, units: 70, segments: 1),
    .init(name: "71 UCS-2", text: String(repeating: "پ", count: 71), encoding: .ucs2, units: 71, segments: 2),
    .init(name: "134 UCS-2 = 2 × 67", text: String(repeating: "پ", count: 134), encoding: .ucs2, units: 134, segments: 2),
    .init(name: "emoji at a UCS-2 boundary", text: String(repeating: "x", count: 66) + "😀" + String(repeating: "x", count: 66) + "é", encoding: .ucs2, units: 135, segments: 3),
    .init(name: "Urdu", text: "آپ کی شکایت درج ہو گئی ہے", encoding: .ucs2, units: 25, segments: 1),
    .init(name: "Hindi", text: "आपकी शिकायत दर्ज हो गई है", encoding: .ucs2, units: 25, segments: 1),
    .init(name: "Arabic with digits", text: "رقم الشكوى CMP-2026-000123", encoding: .ucs2, units: 26, segments: 1),
]

@Test("Encoding and segments", arguments: cases)
func segments(_ c: SegmentCase) {
    let a = SMSAnalysis(c.text)
    #expect(a.encoding == c.encoding)
    #expect(a.units == c.units)
    #expect(a.segments == c.segments)
}

@Test func typographicCharactersBecomeGSM() {
    let text = GSMTransliteration.apply("“Open” – Mon…Fri, it’s free · señor ação")
    #expect(text == "\"Open\" - Mon...Fri, it's free - señor acao")
    #expect(SMSAnalysis(text).encoding == .gsm7)
}

@Suite struct SMSShaperTests {
    @Test func shortTextIsUntouched() {
        let s = SMSShaper(maxSegments: 1, transliterate: true).shape("Hello", hint: "Send MORE")
        #expect(s == .init(text: "Hello", rest: nil))
    }

    @Test func longTextIsCutBetweenWordsWithAHint() async throws {
        let words = (1...100).map { "word\($0)" }.joined(separator: " ")
        let s = SMSShaper(maxSegments: 2, transliterate: true).shape(words, hint: "Send MORE")
        #expect(SMSAnalysis(s.text).segments <= 2)
        #expect(s.text.hasSuffix(" Send MORE"))
        let rest = try #require(s.rest)
        // Nothing lost, nothing cut mid-word.
        let shown = s.text.dropLast(" Send MORE".count)
        #expect(shown + " " + rest == words)
        #expect(rest.hasPrefix("word"))
    }

    @Test func urduIsCutWithinUCS2Budget() {
        let text = Array(repeating: "پانی کی فراہمی بحال کر دی گئی ہے", count: 10).joined(separator: " ")
        let s = SMSShaper(maxSegments: 3, transliterate: false).shape(text, hint: "MORE بھیجیں")
        let a = SMSAnalysis(s.text)
        #expect(a.encoding == .ucs2 && a.segments <= 3)
        #expect(s.rest != nil)
    }
}
