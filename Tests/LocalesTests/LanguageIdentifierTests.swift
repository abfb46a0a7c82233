import Testing

@testable import Locales

@Suite struct LanguageIdentifierTests {
    let identifier: LanguageIdentifier = {
        let n = Normalizer()
        func sample(_ locale: LocaleID, _ script: Script, _ text: String) -> LanguageSample {
            LanguageSample(locale: locale, script: script, tokens: n.normalize(text).tokens)
        }
        return LanguageIdentifier(samples: [
            sample("en", .latin, "there is no water in my street the garbage was not collected where is the office please help"),
            sample("sw", .latin, "hakuna maji mtaani kwetu taka hazijakusanywa ofisi iko wapi tafadhali nisaidie"),
            sample("ur-Latn", .latin, "hamare mohalle mein pani nahi aa raha kachra nahi uthaya daftar kahan hai madad karein"),
            sample("ar", .arabic, "لا يوجد ماء في شارعنا لم يتم جمع القمامة أين المكتب من فضلك ساعدني"),
            sample("ur", .arabic, "ہمارے محلے میں پانی نہیں آ رہا کچرا نہیں اٹھایا دفتر کہاں ہے مدد کریں"),
            sample("hi", .devanagari, "हमारे मोहल्ले में पानी नहीं आ रहा कचरा नहीं उठाया दफ्तर कहां है मदद करें"),
        ])
    }()

    @Test(arguments: [
        ("no water in our street", "en"), ("maji hakuna kwetu", "sw"), ("pani nahi aa raha", "ur-Latn"),
        ("الماء مقطوع في الشارع", "ar"), ("پانی نہیں آ رہا", "ur"), ("पानी नहीं आ रहा", "hi"),
        ("ofisi iko wapi", "sw"), ("daftar kahan hai", "ur-Latn"), ("where is the office", "en"),
    ] as [(String, LocaleID)])
    func identifies(text: String, expected: LocaleID) {
        let ranked = identifier.identify(Normalizer().normalize(text))
        #expect(ranked.first?.locale == expected)
        let total = ranked.reduce(0) { $0 + $1.probability }
        #expect(abs(total - 1) < 1e-6)
    }

    @Test func scriptDecidesAlone() {
        let ranked = identifier.identify(Normalizer().normalize("नमस्ते"))
        #expect(ranked == [LanguageScore(locale: "hi", probability: 1)])
    }

    @Test func messageWithoutLettersIsUndecided() {
        let ranked = identifier.identify(Normalizer().normalize("12345"))
        #expect(ranked.count == 6)
        #expect(Set(ranked.map(\.probability)).count == 1)
    }
}
