import Intents
import Locales

/// Three small locale packs (English, Spanish, Roman Urdu) shaped like the bundled ones: enough intents, out-of-scope
/// lines and short codes for the evidence policy, greetings, clarification and first-contact language to be checked
/// by hand. No lexicons are loaded (empty ones are passed), so the tests do not depend on installed dictionaries.
enum UnderstandingFixture {
    static func pack(
        _ code: LocaleID, _ name: String, names: [String], stop: [String], rules: [IntentRule], outOfScope: [String],
        help: [String]
    ) -> LocalePack {
        LocalePack(
            info: LocaleInfo(code: code, name: name, nativeName: name, script: .latin, names: names, stopWords: stop),
            rules: rules, replies: [:], outOfScope: outOfScope,
            sms: SMSKeywords(commands: ["help": help, "status": ["status", "s"], "complaint": ["c"]]))
    }

    static let en = pack(
        "en", "English", names: ["english", "angrezi"],
        stop: ["the", "is", "my", "a", "i", "to", "of", "in", "on", "for", "please", "this", "it", "did", "not", "me", "at", "we", "our", "you"],
        rules: [
            IntentRule(id: "greeting", keywords: [Term("hello"), Term("hi"), Term("morning")], phrases: [Term("good morning", weight: 2)], examples: ["hello there", "good morning"]),
            IntentRule(id: "thanks", keywords: [Term("thanks", weight: 2), Term("thank")], phrases: [Term("thank you", weight: 2)], examples: ["thanks a lot"]),
            IntentRule(id: "help", keywords: [Term("help"), Term("menu")], examples: ["what can you do", "i need help"]),
            IntentRule(
                id: "language_change", keywords: [Term("language", weight: 2), Term("switch")],
                phrases: [Term("reply in", weight: 2), Term("switch to", weight: 2)], examples: ["change language", "reply in urdu"]),
            IntentRule(id: "office_hours", keywords: [Term("open"), Term("hours")], phrases: [Term("what time")], examples: ["when is the office open", "office hours on friday"]),
            IntentRule(
                id: "water_bill", keywords: [Term("bill"), Term("water")], phrases: [Term("water bill", weight: 2)],
                examples: ["how do i pay the water bill", "my water bill is too high"]),
            IntentRule(
                id: "complaint_water_supply", keywords: [Term("water"), Term("tap"), Term("pipe")],
                phrases: [Term("no water", weight: 2)], negative: ["bill"],
                examples: ["no water since monday", "the pipe is leaking", "water is not coming"]),
            IntentRule(
                id: "complaint_garbage", keywords: [Term("garbage"), Term("rubbish"), Term("truck")],
                phrases: [Term("garbage truck", weight: 2)], examples: ["garbage was not collected", "the garbage truck did not come"]),
            IntentRule(
                id: "complaint_road", keywords: [Term("pothole"), Term("road"), Term("potholes")],
                examples: ["there is a pothole on our road", "the road is broken", "huge pothole near the school"]),
            IntentRule(
                id: "complaint_status", keywords: [Term("status"), Term("complaint"), Term("reference")],
                phrases: [Term("status of my complaint", weight: 2)], examples: ["what is the status of my complaint"]),
        ],
        outOfScope: [
            "my facebook status is complicated", "the restaurant bill was huge", "water is wet lol",
            "what a beautiful night", "i love this song",
        ],
        help: ["help", "menu"])

    static let es = pack(
        "es", "Spanish", names: ["espanol", "castellano"],
        stop: ["el", "la", "de", "en", "mi", "un", "una", "hay", "que", "por", "es", "no", "se", "me", "y", "a"],
        rules: [
            IntentRule(id: "greeting", keywords: [Term("hola"), Term("buenas")], phrases: [Term("buenas tardes", weight: 2), Term("buenos dias", weight: 2)], examples: ["hola que tal", "buenas tardes"]),
            IntentRule(id: "thanks", keywords: [Term("gracias", weight: 2)], examples: ["muchas gracias"]),
            IntentRule(id: "help", keywords: [Term("ayuda"), Term("menu")], examples: ["necesito ayuda"]),
            IntentRule(id: "language_change", keywords: [Term("idioma", weight: 2), Term("cambiar")], phrases: [Term("cambiar idioma", weight: 2)], examples: ["cambiar el idioma"]),
            IntentRule(id: "water_bill", keywords: [Term("recibo"), Term("factura"), Term("agua")], examples: ["como pago el recibo del agua"]),
            IntentRule(id: "complaint_water_supply", keywords: [Term("agua"), Term("tuberia")], phrases: [Term("no hay agua", weight: 2)], examples: ["no hay agua desde el lunes"]),
            IntentRule(
                id: "complaint_road", keywords: [Term("bache"), Term("baches"), Term("calle"), Term("pista")],
                examples: ["hay un bache en mi calle", "la calle esta rota", "un bache enorme frente a la escuela"]),
            IntentRule(id: "complaint_status", keywords: [Term("estado"), Term("queja"), Term("reclamo")], examples: ["cual es el estado de mi queja"]),
        ],
        outOfScope: ["la factura del restaurante fue enorme", "me encanta esta cancion", "el agua del mar esta fria"],
        help: ["ayuda", "menu", "help"])

    static let urLatn = pack(
        "ur-Latn", "Roman Urdu", names: ["urdu", "roman urdu"],
        stop: ["ka", "ki", "ke", "hai", "mein", "se", "ko", "nahi", "ho", "raha", "rahi", "aa", "bhi", "hi", "kya", "ye"],
        rules: [
            IntentRule(id: "greeting", keywords: [Term("salam"), Term("assalam"), Term("aoa")], examples: ["salam bhai", "assalam o alaikum"]),
            IntentRule(id: "thanks", keywords: [Term("shukriya", weight: 2)], examples: ["bohat shukriya"]),
            IntentRule(id: "help", keywords: [Term("madad"), Term("menu")], examples: ["madad chahiye"]),
            IntentRule(id: "language_change", keywords: [Term("zaban", weight: 2), Term("badlo")], examples: ["zaban badlo"]),
            IntentRule(id: "water_bill", keywords: [Term("bill"), Term("pani")], phrases: [Term("pani ka bill", weight: 2)], examples: ["pani ka bill kaise jama karun"]),
            IntentRule(
                id: "complaint_water_supply", keywords: [Term("pani")], phrases: [Term("pani nahi", weight: 2)], negative: ["bill"],
                examples: ["pani nahi aa raha", "teen din se pani band hai"]),
            IntentRule(id: "complaint_road", keywords: [Term("sarak"), Term("gadha"), Term("khadda")], examples: ["sarak mein bara khadda hai", "sarak toot gayi hai"]),
            IntentRule(id: "complaint_status", keywords: [Term("status"), Term("shikayat")], examples: ["meri shikayat ka status kya hai"]),
        ],
        outOfScope: ["yaar kal match dekha tha", "mobile ka bill bohat aya", "pani pee lo garmi hai"],
        help: ["madad", "menu", "help"])

    static func corpus(defaultLocale: String? = "en") -> Corpus {
        var settings: [String: SettingValue] = [:]
        if let defaultLocale { settings["default_locale"] = SettingValue(defaultLocale) }
        settings["locale_by_calling_code"] = SettingValue("en", perLocale: ["+92": "ur-Latn en", "+34": "es", "+44": "en"])
        return Corpus(settings: settings, packs: ["en": en, "es": es, "ur-Latn": urLatn])
    }

    static let engine: Classifier = {
        do {
            return try Classifier(corpus: corpus(), lexicons: ["en": Lexicon(words: ["stop", "shop", "night", "bills"])])
        } catch {
            fatalError("fixture corpus does not compile: \(error)")
        }
    }()
}
