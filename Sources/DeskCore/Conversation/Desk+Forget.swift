import Foundation
import Intents
import Locales

/// "Forget me" from the citizen: `FORGET` (or the locale's word in sms.yaml) on any channel asks for a
/// confirmation; a yes erases their data when the turn commits (see `TurnRecord.forget`) and says so; anything
/// else keeps it and is handled as a message of its own.
package extension DeskSnapshot {
    func answerForget(_ turn: inout Turn) async throws -> Reply {
        turn.session.forgetAsked = nil
        let info = corpus.packs[turn.language]?.info
        if says(info?.yes ?? [], turn), !says(info?.no ?? [], turn) {
            turn.writes.forget = true
            // Nothing is kept of the conversation: the reply is the last thing the desk says to this address.
            turn.session = Session(language: turn.language)
            return answer("privacy_forgotten", turn)
        }
        if says(info?.no ?? [], turn) || says(info?.cancel ?? [], turn) { return answer("privacy_kept", turn) }
        return try await respond(&turn)
    }
}
