import DeskCore
import Intents
import Locales
import Testing

/// The statistical second opinion next to the rules (`SecondOpinion`), on the bundled corpora: it declines what the
/// rules accept on one corpus word in everyday text, settles what the rules could only ask about, and a message in a
/// fixed language mixed with another is read in that other language. The lines are real: off-topic posts and
/// sentences from `eval/real/dev` and `eval/real/heldout`, and citizen lines from `eval/`.
@Suite struct SecondOpinionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let locale: LocaleID
        let text: String
        let intent: IntentID?
        var testDescription: String { "\(locale): \(text.prefix(60))" }
    }

    /// The rules alone: the same corpora and lexicons, the second opinion switched off.
    static let rulesOnly: Classifier = {
        var policy = ScoringPolicy()
        policy.secondOpinion = false
        do { return try Classifier.loaded(corpus: Repo.corpus, directory: Repo.corpora, policy: policy) } catch {
            fatalError("bundled corpora do not compile: \(error)")
        }
    }()

    /// Everyday text with one word of an intent, which the rules alone accept (the intent given is theirs).
    static let everyday: [Case] = [
        Case(locale: "en", text: "Aight, call me once you're close", intent: "human_agent"),
        Case(locale: "en", text: "Many thanks from myself and all of our wedding guests!", intent: "marriage_registration"),
        Case(locale: "es", text: "Además de eso, estudió las estadísticas de mortalidad en Londres, y llego a la conclusión de que un 14 % de la población había muerto a causa de esta enfermedad, donde alrededor de un 40 %, murió durante las epidemias.", intent: "death_certificate"),
        Case(locale: "fr", text: "Saint-Suliac est une commune française, située dans le département d'Ille-et-Vilaine et la région Bretagne et sur le littoral de l'estuaire de la Rance.", intent: "office_location"),
        Case(locale: "sw", text: "Mhamasishaji katika mtandao wa kijamii wa amekutwa amekufa Mwili wake wakutwa kwenye sanduku la nguo Kufahamu kisa na mkasa", intent: "death_certificate"),
        Case(locale: "ur", text: "مستقر گجویل مےں مشتبہ حالت مےں اےک نوجوان خاتون فوت ہو گئی۔", intent: "death_certificate"),
        Case(locale: "ur-Latn", text: "Mujay sahir se koe lana dana nae..wo gatar ho ya naaala..mujy ye bataen is gandagi m log kyon shareek ho rahy hain??", intent: "complaint_sewage"),
        Case(locale: "zu", text: "ukhozi fm tea time nosanibona emsakazweni ukhozi fm, ngicela usizo udaba lwami lumi kanje ngigule ngacishe ngafa", intent: "help"),
        Case(locale: "pt", text: "Procuro um poste de luz decorativo pro meu jardim", intent: "complaint_streetlight"),
        Case(locale: "hi", text: "उसके प्रशासन में, महिला वोट को मंजूरी मिली, राजनीतिक पार्टियों को वैध किया गया, सभी निर्वासितों को वापस लौटने की अनुमति दी गयी और बाकी राजनैतिक कैदियों को आजाद कर दिया गया था।", intent: "building_permit"),
        Case(locale: "af", text: "Voorstelle sal ingedien word om die koste van die indiensneming van jonger werkers te subsidieer ten einde ondernemings aan te moedig om onervare personeel in diens te neem.", intent: "feedback"),
    ]

    @Test(arguments: everyday) func everydayTextWithOneCorpusWordIsDeclined(_ c: Case) throws {
        // Given a line the rules alone accept
        try #require(Self.rulesOnly.classify(c.text, locale: c.locale).intent == c.intent)
        // When the second opinion weighs in
        let result = Repo.engine.classify(c.text, locale: c.locale)
        // Then no intent is taken, and the explanation says why
        #expect(result.intent == nil)
        #expect(result.opinion?.effect == .declined)
        #expect(Explanation.lines(for: result).contains { $0.contains("declined") })
    }

    /// Typo'd and code-switched citizen lines the rules alone do not accept (they ask, or fall back).
    static let unsure: [Case] = [
        Case(locale: "ar", text: "الموظف قالي ادفع عشان يمشي الورق", intent: "complaint_corruption"),
        Case(locale: "en", text: "need new watr conection 4 new house how long", intent: "new_water_connection"),
        Case(locale: "en", text: "wen r u open tmrw", intent: "office_hours"),
        Case(locale: "sw", text: "nawezaje kutoa lalamiko", intent: "complaint_general"),
        Case(locale: "ur-Latn", text: "khambe ki bti band hai 1 hafte se", intent: "complaint_streetlight"),
        Case(locale: "hi", text: "पानि का बिल कहा जमा होगा", intent: "water_bill"),
        Case(locale: "pt", text: "como abro uma denuncia", intent: "complaint_general"),
        Case(locale: "ur", text: "کلرک نے چاے پانی مانگا فائل کے لیے", intent: "complaint_corruption"),
        Case(locale: "fr", text: "c kel jour le ramassage des poubelles rue pasteur", intent: "waste_collection_schedule"),
        Case(locale: "es", text: "¿En qué me pueden ayudar por este medio?", intent: "help"),
        Case(locale: "af", text: "Waarmee kan julle my help?", intent: "help"),
    ]

    /// Citizen lines on one keyword of the intent, as typed, that the rules alone only ask about.
    static let corroborated: [Case] = [
        Case(locale: "en", text: "There's a huge pothole on Victoria Street near the bus stop.", intent: "complaint_road"),
        Case(locale: "pt", text: "Tem um buraco enorme na avenida Getúlio Vargas perto do ponto de ônibus.", intent: "complaint_road"),
        Case(locale: "fr", text: "Je veux faire un complaint officiel, c'est où ?", intent: "complaint_general"),
        Case(locale: "ur", text: "آپ کن کاموں میں مدد کر سکتے ہیں؟", intent: "help"),
        Case(locale: "es", text: "los contenedores estan desbordados junto al mercado huele orrible", intent: "complaint_garbage"),
        Case(locale: "af", text: "Die sypaadjie is broken voor die apteek, my ma het amper geval", intent: "complaint_road"),
        Case(locale: "en", text: "Pani ka bill is R1800 this month, why so much?", intent: "water_bill"),
    ]

    @Test(arguments: corroborated) func rulesAndModelAgreeingOnOneKeywordAccept(_ c: Case) throws {
        // Given a line the rules alone do not accept, though their best candidate has a keyword of its own
        let alone = Self.rulesOnly.classify(c.text, locale: c.locale)
        try #require(alone.intent == nil)
        try #require(alone.candidates.first?.intent == c.intent)
        // When the second opinion independently likes the same intent best
        let result = Repo.engine.classify(c.text, locale: c.locale)
        // Then it is accepted, and the explanation names both opinions
        #expect(result.intent == c.intent)
        #expect(result.opinion?.best == c.intent)
        #expect(result.opinion?.effect == .corroborated)
        #expect(Explanation.lines(for: result).contains { $0.contains("the rules' best") && $0.contains("second opinion") })
    }

    /// …but not a complaint on a generic word, nor a word the rules corrected: "night" is everyday English, and the
    /// Hindi "सुनाओ" (tell) is only one letter from the feedback keyword "सुझाओ" (suggest).
    @Test(arguments: [
        Case(locale: "en", text: "Hmm well, night night", intent: nil),
        Case(locale: "hi", text: "कोई अच्छा सा जोक सुनाओ", intent: nil),
    ]) func genericOrCorrectedWordsAreNotCorroborated(_ c: Case) {
        let result = Repo.engine.classify(c.text, locale: c.locale)
        #expect(result.intent == nil)
        #expect(!result.candidates.isEmpty)
    }

    @Test(arguments: unsure) func aClearSecondOpinionSettlesWhatTheRulesOffer(_ c: Case) throws {
        try #require(Self.rulesOnly.classify(c.text, locale: c.locale).intent == nil)
        let result = Repo.engine.classify(c.text, locale: c.locale)
        #expect(result.intent == c.intent)
        #expect(result.opinion?.effect == .settled)
        #expect(result.clarify.isEmpty)
    }

    @Test func oneWordStaysAQuestion() {
        // "پانی" (water) alone: the model knows nothing but the word; the desk asks instead of settling.
        let result = Repo.engine.classify("پانی", locale: "ur")
        #expect(result.intent == nil)
        #expect(result.clarify.count >= 2)
        #expect(result.opinion?.effect != .settled)
    }

    @Test func everyOutOfScopeLineOfTheCorporaStillFallsBack() {
        for locale in Repo.locales {
            for text in Repo.corpus.packs[locale]?.outOfScope ?? [] {
                #expect(Repo.engine.classify(text, locale: locale).intent == nil, "\(locale): \(text)")
            }
        }
    }

    /// Lines of an English conversation led by Roman Urdu words: read in Roman Urdu, answered in English.
    static let mixed: [Case] = [
        Case(locale: "en", text: "Ghar ka tax kahan jama hota hai, can I pay it at the bank?", intent: "property_tax"),
        Case(locale: "en", text: "Shaadi register karwani hai, which documents must we bring?", intent: "marriage_registration"),
        Case(locale: "en", text: "Bhai please Urdu mein baat karo, my English is weak", intent: "language_change"),
    ]

    @Test(arguments: mixed) func aMixedMessageIsReadInTheOtherLanguage(_ c: Case) {
        let result = Repo.engine.classify(c.text, locale: c.locale)
        #expect(result.intent == c.intent)
        #expect(result.locale == c.locale)
        #expect(result.mixedWith == "ur-Latn")
    }

    @Test func theModelTellsRequestsFromEverydayText() throws {
        // The margins themselves: a plain request looks like its intent; a line of chat looks like nothing.
        let request = try #require(Repo.engine.classify("there is a huge pothole on our road", locale: "en").opinion)
        #expect(request.best == "complaint_road")
        #expect(request.margin > 0.5)
        let chat = try #require(Repo.engine.classify("haha i am having dinner with my cousin tonight", locale: "en").opinion)
        #expect(chat.margin < request.margin)
        #expect(chat.margins.values.allSatisfy { $0 < 0.5 })
    }
}
