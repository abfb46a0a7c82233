import Foundation
import Intents
import Locales

/// The complaint intake: category from the intent, then description, location and (optionally) name, a
/// read-back, and the reference once the complaint is durably stored.
///
/// Like a clerk at the counter, the intake never asks for what the citizen already said: a first message that
/// names a problem ("no water", "garbage", "maji hayatoki") is its description, a place in it is the place. At the
/// read-back, "no" asks what to correct, and a correction ("no, it's block 7") is taken at once.
package extension DeskSnapshot {
    /// - Parameter said: the message the complaint is about when it is not this one (a clarifying question's
    ///   option picked by its number).
    package func startIntake(_ turn: inout Turn, intent: IntentID, said: String? = nil) async throws -> Reply {
        let category = Catalog.categories.first { $0.intent == intent }?.code ?? "general"
        var intake = Intake(category: category)
        let c = said.map { engine.classify($0, locale: turn.language) } ?? turn.classification
        let text = said ?? turn.message.text
        // A message that names a problem of a category is its description, however short ("no water", "garbage");
        // a general complaint needs a few words to say what is wrong.
        // A bare number (picking an option of a clarifying question) says nothing about the problem.
        let hasWords = c.normalized.scripts.dominant != nil
        if hasWords, category != "general" || c.normalized.tokens.count >= 3 { intake.description = text }
        intake.location = c.slots[.location]
        apply(turn.message.attachment, to: &intake)
        // The same problem as a complaint resolved recently: ask before filing it again.
        if let resolved = try await resolvedComplaint(category, turn) {
            intake.reopen = resolved.reference
            intake.step = .reopen
            turn.session.intake = intake
            return Reply(text: question(for: intake, turn.language), locale: turn.language, intent: intent, classification: turn.classification)
        }
        turn.session.intake = intake
        let ack = self.text(intent.rawValue, turn.language)
        return Reply(text: ack + "\n" + nextQuestion(&turn), locale: turn.language, intent: intent, classification: turn.classification)
    }

    package func continueIntake(_ turn: inout Turn) async throws -> Reply {
        guard var intake = turn.session.intake else { return answer("fallback", turn) }
        let c = turn.classification
        let info = corpus.packs[turn.language]?.info
        if says(info?.cancel ?? [], turn) {
            turn.session.intake = nil
            return answer("complaint_cancelled", turn)
        }
        let yes = says(info?.yes ?? [], turn)
        let no = says(info?.no ?? [], turn)
        // A pin or a photo: the place, or a picture of the problem, whatever was asked.
        if let attachment = turn.message.attachment {
            apply(attachment, to: &intake)
            turn.session.intake = intake
            var said = ""
            if case .media = attachment { said = text("photo_attached", turn.language) + "\n" }
            if turn.message.text.isEmpty || intake.step == .reopen {
                return Reply(text: said + nextQuestion(&turn), locale: turn.language, intent: nil, classification: c)
            }
        }
        // A question on the side ("when is the office open?") is answered, then the intake resumes.
        if let side = c.match.intentMatch, isSideQuestion(side), !yes {
            var reply = side.intent.kind == .tracking ? try await status(turn) : conversation(&turn, intent: side.intent)
            let resume = text("complaint_resume", turn.language, ["category": categoryName(intake.category, turn.language)])
            reply.text += "\n\n" + resume + "\n" + question(for: intake, turn.language)
            return reply
        }
        let answerText = turn.message.text.trimmingCharacters(in: .whitespacesAndNewlines)
        // A bare "yes"/"ok" is no place and no description: ask again.
        if intake.step == .description || intake.step == .location, c.normalized.tokens.count <= 2, yes || no {
            return Reply(text: question(for: intake, turn.language), locale: turn.language, intent: nil, classification: c)
        }
        switch intake.step {
        case .reopen:
            guard let reference = intake.reopen else { break }
            if yes && !no {
                turn.session.intake = nil
                return reopen(reference, &turn)
            }
            // No (or anything else): a new complaint, read as usual.
            intake.reopen = nil
            intake.step = .description
            if !no, !answerText.isEmpty, c.normalized.tokens.count > 2 { takeCorrection(answerText, into: &intake, turn) }
        case .description:
            intake.description = answerText
            // A general complaint whose description names a category takes that category.
            if intake.category == "general", let intent = c.intent, intent.kind == .complaint,
                let code = Catalog.categories.first(where: { $0.intent == intent })?.code
            {
                intake.category = code
            }
            if intake.location == nil, let place = c.slots[.location] { intake.location = place }
        case .location:
            // "the pipe burst near the school": the place is the place; a plain answer is the place as written.
            if let place = c.slots[.location], c.intent?.kind == .complaint { intake.location = place } else { intake.location = answerText }
        case .name:
            intake.name = no || answerText.lowercased() == "skip" ? nil : answerText
        case .confirm:
            if yes && !no { return fileComplaint(intake, &turn) }
            let correction = remainder(afterAnswerWordsIn: turn)
            if correction.isEmpty {
                // A bare "no": ask what to correct instead of starting again.
                intake.step = .correct
                turn.session.intake = intake
                return Reply(text: question(for: intake, turn.language), locale: turn.language, intent: nil, classification: c)
            }
            takeCorrection(correction, into: &intake, turn)
        case .correct:
            let tokens = c.normalized.tokens
            if tokens.count <= 3, let n = tokens.lazy.compactMap({ Int($0) }).first, n == 1 || n == 2 {
                if n == 1 { intake.location = nil } else { intake.description = nil }
            } else {
                let correction = remainder(afterAnswerWordsIn: turn)
                if !correction.isEmpty { takeCorrection(correction, into: &intake, turn) }
            }
        }
        turn.session.intake = intake
        return Reply(text: nextQuestion(&turn), locale: turn.language, intent: nil, classification: c)
    }

    /// A correction at the read-back: a place ("block 7", "near the school") replaces the place; words that say
    /// what is wrong ("the pipe burst") replace the description.
    private func takeCorrection(_ correction: String, into intake: inout Intake, _ turn: Turn) {
        let c = engine.classify(correction, locale: turn.language)
        if let place = c.slots[.location] {
            intake.location = place
        } else if let intent = c.intent, intent.kind == .complaint, c.normalized.tokens.count >= 3 {
            intake.description = correction
        } else {
            intake.location = correction
        }
        intake.latitude = nil
        intake.longitude = nil
    }

    /// The message without the answer words and fillers it starts with ("no, it's block 7" → "block 7"), as written.
    private func remainder(afterAnswerWordsIn turn: Turn) -> String {
        let info = corpus.packs[turn.language]?.info
        let skip = Set(((info?.yes ?? []) + (info?.no ?? []) + (info?.stopWords ?? [])).flatMap { engine.words($0, in: turn.language) })
        let tokens = turn.classification.normalized.tokens
        guard let first = tokens.firstIndex(where: { !skip.contains($0) }) else { return "" }
        let shown = Normalizer.displayWords(turn.message.text)
        guard shown.count == tokens.count else { return tokens[first...].joined(separator: " ") }
        // Cut the original at the first kept word, so the citizen's spelling stays ("G-9", "Block 7").
        var rest = Substring(turn.message.text)
        for word in shown[..<first] {
            if let range = rest.range(of: word) { rest = rest[range.upperBound...] }
        }
        let cut = rest.range(of: shown[first]).map { rest[$0.lowerBound...] } ?? rest
        return cut.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
    }

    /// A pin is the place (its name, else its coordinates), with the coordinates kept; a photo is kept by its id.
    private func apply(_ attachment: Attachment?, to intake: inout Intake) {
        switch attachment {
        case .location(let latitude, let longitude, let name):
            intake.location = name ?? String(format: "%.5f, %.5f", latitude, longitude)
            intake.latitude = latitude
            intake.longitude = longitude
        case .media(let id, _):
            if !intake.media.contains(id) { intake.media.append(id) }
        case nil: break
        }
    }

    /// The citizen's complaint of this category resolved in the last 30 days and not closed yet.
    private func resolvedComplaint(_ category: String, _ turn: Turn) async throws -> ComplaintRecord? {
        guard category != "general" else { return nil }
        let mine = try await complaints(turn)
        return mine.filter {
            $0.category == category && $0.status == ComplaintStatus.resolved.rawValue
                && turn.at.timeIntervalSince($0.updatedAt) < 30 * 24 * 3600
        }.max { $0.updatedAt < $1.updatedAt }
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
        if intake.step == .reopen {
            // Still waiting for yes or no to the reopening question.
        } else if intake.description == nil {
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
        case .correct:
            return text("complaint_ask_correction", locale, ["location": intake.location ?? "-", "description": intake.description ?? "-"])
        case .reopen:
            return text("complaint_reopen_ask", locale, ["reference": intake.reopen ?? "", "category": category])
        }
    }

    /// A pin or a photo with no complaint in progress: kept in a new complaint, and the citizen is asked what is
    /// wrong there (never "didn't understand").
    package func received(_ attachment: Attachment, _ turn: inout Turn) -> Reply {
        var intake = Intake(category: "general")
        apply(attachment, to: &intake)
        turn.session.intake = intake
        let key: String
        switch attachment {
        case .location: key = "location_received"
        case .media: key = "photo_received"
        }
        _ = nextQuestion(&turn)
        return answer(key, turn)
    }

    package func categoryName(_ code: String, _ locale: LocaleID) -> String { text("category_\(code)", locale) }

    /// Files the complaint and clears the intake in the turn's one transaction; the reference is put in the reply
    /// when that transaction has given it (it exists only once the turn is committed).
    package func fileComplaint(_ intake: Intake, _ turn: inout Turn) -> Reply {
        turn.session.intake = nil
        let record = ComplaintRecord(
            id: nil, reference: "", year: 0, serial: 0, category: intake.category, status: ComplaintStatus.received.rawValue,
            locale: turn.language.rawValue, channel: turn.message.channel.rawValue, citizen: turn.citizen,
            location: intake.location, description: intake.description ?? "", name: intake.name, latitude: intake.latitude,
            longitude: intake.longitude, createdAt: turn.at, updatedAt: turn.at,
            media: intake.media.isEmpty ? nil : intake.media.map { "\(turn.message.channel.rawValue):\($0)" }.joined(separator: "\n"))
        turn.writes.complaint = record
        return answer(
            "complaint_filed", turn,
            values: ["reference": Self.referenceMark, "expected": citizenDate(corpus.civic.due(intake.category, filed: turn.at), turn.language)])
    }
}
