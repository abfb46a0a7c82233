import Foundation
import Intents
import Locales

/// Short codes for feature phones, and replies that fit the SMS budget.
package extension DeskSnapshot {
    package func shortCode(_ command: ShortCommand, _ turn: inout Turn) async throws -> Reply {
        switch command {
        case .help:
            return answer("sms_help", turn, intent: "help", values: ["codes": codes(turn.language)])
        case .stop:
            turn.writes.optedOut = true
            return answer("sms_stopped", turn)
        case .start:
            turn.writes.optedOut = false
            return answer("sms_started", turn)
        case .forget:
            turn.session.forgetAsked = true
            return answer("privacy_forget_confirm", turn)
        case .more:
            guard let rest = turn.session.smsRest else { return answer("sms_help", turn, values: ["codes": codes(turn.language)]) }
            turn.session.smsRest = nil
            return Reply(text: rest, locale: turn.language, intent: nil, classification: turn.classification)
        case .language(let code):
            let target = corpus.locales.first { $0.rawValue.lowercased() == code.lowercased() }
                ?? engine.classify(code).slots[.language].map(LocaleID.init(rawValue:))
            guard let target, let pack = corpus.packs[target] else {
                return answer("language_choose", turn, intent: "language_change", values: ["languages": corpus.locales.map(\.rawValue).joined(separator: ", ")])
            }
            turn.session.language = target
            turn.language = target
            return answer("language_changed", turn, intent: "language_change", values: ["language": pack.info.nativeName])
        case .info(let topic, let page):
            guard let intent = shortCodes.topic(topic) else { return answer("sms_help", turn, values: ["codes": codes(turn.language)]) }
            let full = text(intent.rawValue, turn.language, sms: true)
            let shaper = SMSShaper(maxSegments: configuration.maxSegments, transliterate: latinScript(turn.language))
            var remaining: String? = full
            var shown = ""
            for n in 1...page {
                guard let current = remaining else { break }
                let hint = text("sms_more", turn.language, ["command": "INFO \(topic.uppercased()) \(n + 1)"])
                let shaped = shaper.shape(current, hint: hint)
                shown = shaped.text
                remaining = shaped.rest
            }
            return Reply(text: shown, locale: turn.language, intent: intent, classification: turn.classification)
        case .status:
            return try await status(turn)
        case .complaint(let category, let body):
            let c = engine.classify(body, locale: turn.language)
            let code = category ?? c.intent.flatMap { i in Catalog.categories.first { $0.intent == i }?.code } ?? "general"
            // A code alone ("C WATER") names the problem; the place is asked for, never filed empty. With a place
            // ("C water no water at block 9") the complaint is filed at once, as the citizen asked.
            let body = body.trimmingCharacters(in: .whitespacesAndNewlines)
            var intake = Intake(category: code, description: body.isEmpty ? categoryName(code, turn.language) : body)
            intake.location = c.slots[.location]
            guard intake.location != nil else {
                intake.step = .location
                turn.session.intake = intake
                let ask = text("complaint_ask_location", turn.language, ["category": categoryName(code, turn.language)], sms: true)
                return Reply(text: ask, locale: turn.language, intent: Catalog.categories.first { $0.code == code }?.intent, classification: c)
            }
            return fileComplaint(intake, &turn)
        case .file(let category, let description, let location):
            return fileComplaint(Intake(category: category, description: description, location: location, step: .confirm), &turn)
        }
    }

    /// The codes of a locale for `HELP`, e.g. `C WATER|GARBAGE <place> · STATUS <ref> · INFO HOURS|TAX · LANG ur · STOP`.
    package func codes(_ locale: LocaleID) -> String {
        let sms = corpus.packs[locale]?.sms ?? SMSKeywords()
        func word(_ command: String, _ fallback: String) -> String { (sms.commands[command]?.first ?? fallback).uppercased() }
        let categories = Catalog.categories.map { (sms.categories[$0.code]?.first ?? $0.code).uppercased() }
        let topics = topicWords(locale).prefix(6).map { $0.uppercased() }
        return "\(word("complaint", "C")) \(categories.joined(separator: "|")) … · \(word("status", "STATUS")) CMP-… · "
            + "\(word("info", "INFO")) \(topics.joined(separator: "|")) · \(word("language", "LANG")) \(corpus.locales.map(\.rawValue).joined(separator: "|")) · \(word("stop", "STOP"))"
    }

    /// One word per topic, in the order the locale's `sms.yaml` lists them (its main topics first), e.g.
    /// `hours, address, tax, bill, birth, death, …`.
    package func topicWords(_ locale: LocaleID) -> [String] {
        let pack = corpus.packs[locale] ?? corpus.packs["en"]
        let topics = pack?.sms.topics ?? [:]
        let ordered = (pack?.topicOrder ?? []).filter { topics[$0] != nil }
        let order = ordered + topics.keys.sorted().filter { !ordered.contains($0) }
        var seen = Set<IntentID>()
        return order.filter { topics[$0].map { seen.insert($0).inserted } ?? false }
    }

    package func latinScript(_ locale: LocaleID) -> Bool { corpus.packs[locale]?.info.script == .latin }

    /// Cuts the reply (with any notifications) to the SMS budget; what does not fit waits for `MORE`.
    package func fitToSMS(_ reply: inout Reply, _ session: inout Session) {
        let shaper = SMSShaper(maxSegments: configuration.maxSegments, transliterate: latinScript(reply.locale))
        let shaped = shaper.shape(reply.fullText) {
            let more = corpus.packs[reply.locale]?.sms.commands["more"]?.first?.uppercased() ?? "MORE"
            return text("sms_more", reply.locale, ["command": more])
        }
        reply.text = shaped.text
        reply.notifications = []
        if let rest = shaped.rest { session.smsRest = rest }
    }
}
