import Foundation
import Intents
import Locales

/// What menu-driven channels (USSD) need from the desk.
extension Desk {
    /// The conversation's language, or the desk's default.
    func language(channel: Channel, sender: String) throws -> LocaleID {
        let id = sessionID(channel, hasher.pseudonym(sender))
        let stored = try store.session(id: id).flatMap(Session.init(record:))
        return stored?.language ?? configuration.locale ?? (corpus.packs["en"] != nil ? "en" : corpus.locales[0])
    }

    /// The FAQ topics of a locale's `sms.yaml`, as menu entries.
    func infoTopics(_ locale: LocaleID) -> [(label: String, intent: IntentID)] {
        let topics = corpus.packs[locale]?.sms.topics ?? corpus.packs["en"]?.sms.topics ?? [:]
        var seen = Set<IntentID>()
        return topics.sorted { $0.key < $1.key }.compactMap { key, intent in
            seen.insert(intent).inserted ? (key.capitalized, intent) : nil
        }.prefix(7).map { $0 }
    }

    /// Files a complaint in one step (USSD). `idempotencyKey` makes a repeated request return the same reference.
    func fileDirect(
        channel: Channel, sender: String, category: String, description: String, location: String?, locale: LocaleID,
        idempotencyKey: String
    ) throws -> String {
        let at = now()
        let citizen = hasher.pseudonym(sender)
        let id = sessionID(channel, citizen)
        let (record, isNew) = try store.receive(
            InboundRecord(id: idempotencyKey, channel: channel.rawValue, citizen: citizen, text: nil, receivedAt: at),
            contact: ContactRecord(id: id, channel: channel.rawValue, citizen: citizen, address: sender, locale: locale.rawValue, optedOut: false, updatedAt: at))
        if !isNew, let reply = record.reply { return reply }
        let complaint = ComplaintRecord(
            id: nil, reference: "", year: 0, serial: 0, category: category, status: ComplaintStatus.received.rawValue,
            locale: locale.rawValue, channel: channel.rawValue, citizen: citizen, location: location, description: description,
            name: nil, latitude: nil, longitude: nil, createdAt: at, updatedAt: at)
        let stored = try store.fileComplaint(complaint, session: nil)
        let reply = text("complaint_filed", locale, ["reference": stored.reference], sms: true)
        try store.finish(inboundID: idempotencyKey, reply: reply, intent: nil, reference: stored.reference, outbox: nil, at: at)
        return reply
    }
}
