import Foundation
import Intents
import Locales

/// The complaint intake: category from the intent, then description, location and (optionally) name, a
/// read-back, and the reference once the complaint is durably stored.
package extension DeskSnapshot {
    package func startIntake(_ turn: inout Turn, intent: IntentID) -> Reply {
        let category = Catalog.categories.first { $0.intent == intent }?.code ?? "general"
        var intake = Intake(category: category)
        let c = turn.classification
        // A first message that already says what is wrong is the description ("no water in G-9 since Monday").
        let informative = c.normalized.tokens.count >= 3
        if category != "general" && informative { intake.description = turn.message.text }
        intake.location = c.slots[.location]
        turn.session.intake = intake
        let ack = text(intent.rawValue, turn.language)
        return Reply(text: ack + "\n" + nextQuestion(&turn), locale: turn.language, intent: intent, classification: c)
    }

    package func continueIntake(_ turn: inout Turn) async throws -> Reply {
        guard var intake = turn.session.intake else { return answer("fallback", turn) }
        let c = turn.classification
        let info = corpus.packs[turn.language]?.info
        if says(info?.cancel ?? [], turn) {
            turn.session.intake = nil
            return answer("complaint_cancelled", turn)
        }
        // A question on the side ("when is the office open?") is answered, then the intake resumes.
        if let side = c.match.intentMatch, isSideQuestion(side), !says(info?.yes ?? [], turn) {
            var reply = side.intent.kind == .tracking ? try await status(turn) : conversation(&turn, intent: side.intent)
            let resume = text("complaint_resume", turn.language, ["category": categoryName(intake.category, turn.language)])
            reply.text += "\n\n" + resume + "\n" + question(for: intake, turn.language)
            return reply
        }
        let answerText = turn.message.text.trimmingCharacters(in: .whitespacesAndNewlines)
        // A bare "yes"/"ok" is no place and no description: ask again.
        if intake.step == .description || intake.step == .location, c.normalized.tokens.count <= 2,
            says(info?.yes ?? [], turn) || says(info?.no ?? [], turn)
        {
            return Reply(text: question(for: intake, turn.language), locale: turn.language, intent: nil, classification: c)
        }
        switch intake.step {
        case .description: intake.description = answerText
        case .location: intake.location = answerText
        case .name:
            intake.name = says(info?.no ?? [], turn) || answerText.lowercased() == "skip" ? nil : answerText
        case .confirm:
            if says(info?.yes ?? [], turn) && !says(info?.no ?? [], turn) { return fileComplaint(intake, &turn) }
            if says(info?.no ?? [], turn) {
                intake.description = nil
                intake.location = nil
            } else {
                // Neither yes nor no: most often the citizen is correcting the place. Take it and read back again.
                intake.location = answerText
            }
        }
        turn.session.intake = intake
        return Reply(text: nextQuestion(&turn), locale: turn.language, intent: nil, classification: c)
    }

    private func isSideQuestion(_ m: IntentMatch) -> Bool {
        guard m.confidence >= 0.55 else { return false }
        switch m.intent.kind {
        case .faq, .tracking: return true
        case .conversation: return ["help", "human_agent", "language_change"].contains(m.intent.rawValue)
        case .complaint: return false
        }
    }

    /// Moves the intake to its first missing field and asks for it.
    private func nextQuestion(_ turn: inout Turn) -> String {
        guard var intake = turn.session.intake else { return "" }
        if intake.description == nil {
            intake.step = .description
        } else if intake.location == nil {
            intake.step = .location
        } else if configuration.askName && !intake.nameAsked {
            intake.step = .name
            intake.nameAsked = true
        } else {
            intake.step = .confirm
        }
        turn.session.intake = intake
        return question(for: intake, turn.language)
    }

    private func question(for intake: Intake, _ locale: LocaleID) -> String {
        let category = categoryName(intake.category, locale)
        switch intake.step {
        case .description: return text("complaint_ask_description", locale, ["category": category])
        case .location: return text("complaint_ask_location", locale, ["category": category])
        case .name: return text("complaint_ask_name", locale)
        case .confirm:
            return text(
                "complaint_confirm", locale,
                ["category": category, "location": intake.location ?? "-", "description": intake.description ?? "-"])
        }
    }

    package func categoryName(_ code: String, _ locale: LocaleID) -> String { text("category_\(code)", locale) }

    /// Files the complaint and clears the intake in the turn's one transaction; the reference is put in the reply
    /// when that transaction has given it (it exists only once the turn is committed).
    package func fileComplaint(_ intake: Intake, _ turn: inout Turn) -> Reply {
        turn.session.intake = nil
        let record = ComplaintRecord(
            id: nil, reference: "", year: 0, serial: 0, category: intake.category, status: ComplaintStatus.received.rawValue,
            locale: turn.language.rawValue, channel: turn.message.channel.rawValue, citizen: turn.citizen,
            location: intake.location, description: intake.description ?? "", name: intake.name, latitude: nil,
            longitude: nil, createdAt: turn.at, updatedAt: turn.at)
        turn.writes.complaint = record
        return answer(
            "complaint_filed", turn,
            values: ["reference": Self.referenceMark, "expected": expectedDate(corpus.civic.due(intake.category, filed: turn.at), turn.language)])
    }
}
