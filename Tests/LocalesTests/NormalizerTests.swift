import Testing

@testable import Locales

struct NormalizationCase: Sendable, CustomTestStringConvertible {
    let locale: LocaleID
    let text: String
    let tokens: [String]
    var testDescription: String { "\(locale): \(text)" }
}

private let cases: [NormalizationCase] = [
    // Case folding, accents, punctuation, emoji.
    .init(locale: "en", text: "NO Water in Block-6!!! 😡😡", tokens: ["no", "water", "in", "block", "6"]),
    .init(locale: "en", text: "ＷＡＴＥＲ bill", tokens: ["water", "bill"]),
    .init(locale: "en", text: "don't know where’s the office", tokens: ["dont", "know", "wheres", "the", "office"]),
    .init(locale: "fr", text: "L'eau est coupée à Yopougon", tokens: ["l", "eau", "est", "coupee", "a", "yopougon"]),
    .init(locale: "fr", text: "Qu’il répare l’éclairage", tokens: ["qu", "il", "repare", "l", "eclairage"]),
    .init(locale: "es", text: "¿Dónde PAGO el impuesto predial?", tokens: ["donde", "pago", "el", "impuesto", "predial"]),
    .init(locale: "pt", text: "Não há água na minha rua", tokens: ["nao", "ha", "agua", "na", "minha", "rua"]),
    .init(locale: "af", text: "Daar's 'n slaggat in die straat", tokens: ["daars", "n", "slaggat", "in", "die", "straat"]),
    .init(locale: "sw", text: "Maji HAYATOKI mtaani!", tokens: ["maji", "hayatoki", "mtaani"]),
    .init(locale: "zu", text: "Amanzi awekho eSoweto", tokens: ["amanzi", "awekho", "esoweto"]),
    // Arabic: harakat, tatweel, teh marbuta, alef and yeh variants, Eastern Arabic digits.
    .init(locale: "ar", text: "المَاءُ مقطوعةٌ في الحيّ منذ ٣ أيام", tokens: ["الماء", "مقطوعه", "في", "الحي", "منذ", "3", "ايام"]),
    .init(locale: "ar", text: "مـــاء", tokens: ["ماء"]),
    .init(locale: "ar", text: "مستشفى إسعاف", tokens: ["مستشفي", "اسعاف"]),
    // Urdu: Farsi yeh / yeh barree / heh goal / do-chashmi he / noon ghunna / kaf, Urdu digits.
    .init(locale: "ur", text: "پانی نہیں آ رہا ۔ بلاک ۶", tokens: ["پاني", "نهين", "ا", "رها", "بلاک", "6"]),
    .init(locale: "ur", text: "بھائی کے گھر", tokens: ["بهايي", "کي", "گهر"]),
    .init(locale: "ur", text: "پاني نهين", tokens: ["پاني", "نهين"]),
    .init(locale: "ur", text: "شکایت‌نامہ", tokens: ["شکايتنامه"]),
    // Hindi: nukta, chandrabindu, Devanagari digits; matras stay.
    .init(locale: "hi", text: "पानी नहीं आ रहा ज़्यादा दिन से", tokens: ["पानी", "नहीं", "आ", "रहा", "ज्यादा", "दिन", "से"]),
    .init(locale: "hi", text: "हाँ १२३", tokens: ["हां", "123"]),
    .init(locale: "ur-Latn", text: "Pani NAHI aa raha!!", tokens: ["pani", "nahi", "aa", "raha"]),
]

@Test("Folding and word breaking", arguments: cases)
func normalizes(_ c: NormalizationCase) throws {
    let normalizer = try Normalizer(locale: c.locale)
    #expect(normalizer.normalize(c.text).tokens == c.tokens)
}

@Test func sameFormForVariantSpellingsOfOneWord() throws {
    let n = Normalizer()
    #expect(n.normalize("كتاب").tokens == n.normalize("کتاب").tokens)
    #expect(n.normalize("مدرسة").tokens == n.normalize("مدرسہ").tokens)
    #expect(n.normalize("٢٠٢٦").tokens == n.normalize("۲۰۲۶").tokens)
    #expect(n.normalize("२०२६").tokens == ["2026"])
    #expect(n.normalize("Café").tokens == n.normalize("CAFE").tokens)
}

@Test func scriptCountsSeeUrduAndArabicLetters() {
    let urdu = Normalizer().normalize("پانی نہیں آ رہا ہے")
    #expect(urdu.scripts.dominant == .arabic)
    #expect(urdu.scripts.urduOnly > 0)
    let arabic = Normalizer().normalize("المياه مقطوعة")
    #expect(arabic.scripts.arabicOnly > 0)
    #expect(Normalizer().normalize("पानी").scripts.dominant == .devanagari)
    #expect(Normalizer().normalize("123 !!").scripts.dominant == nil)
    // English loanwords typed in Latin inside an Urdu or Hindi message do not make it English.
    #expect(Normalizer().normalize("water bill कब तक pay करना है").scripts.dominant == .devanagari)
    #expect(Normalizer().normalize("water bill کب تک جمع کرنا ہے").scripts.dominant == .arabic)
    #expect(Normalizer().normalize("please send the form, شکریہ").scripts.dominant == .latin)
}

@Test func variantRulesApplyToTokens() throws {
    let rules = """
        aa > a ;
        ee > i ;
        """
    let n = try Normalizer(locale: "ur-Latn", variantRules: rules)
    #expect(n.normalize("paani theek").tokens == ["pani", "thik"])
}

@Test func invalidVariantRulesAreReported() {
    #expect(throws: NormalizationError.self) {
        _ = try Normalizer(locale: "ur-Latn", variantRules: "aa > ;; ( > b")
    }
}
