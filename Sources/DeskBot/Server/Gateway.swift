import Foundation
import Intents
import Locales
import Logging

/// What every webhook adapter calls: it makes provider messages idempotent and durable, runs them through the one
/// conversation core, and queues replies for the providers that answer through their own API.
struct Gateway: Sendable {
    let desk: Desk
    let store: DeskStore
    let hasher: CitizenHasher
    let metrics: DeskMetrics
    let limiter: RateLimiter
    let logger: Logger
    /// Called when a reply has been queued for sending.
    var wake: @Sendable () -> Void = {}

    struct Answer: Sendable {
        let text: String
        let intent: String?
        let reference: String?
        /// `false` when this was a provider's redelivery of a message already answered.
        let isNew: Bool
    }

    enum Rejection: Error { case rateLimited }

    /// Handles a message now and returns the reply (Twilio, Kannel, USSD, generic JSON). A redelivered message id
    /// gets the stored reply, and nothing new is created.
    func reply(channel: Channel, messageID: String?, sender: String, text: String, locale: LocaleID? = nil, smsShaped: Bool? = nil) async throws -> Answer {
        let started = DispatchTime.now().uptimeNanoseconds
        let citizen = hasher.pseudonym(sender)
        let id = "\(channel.rawValue):\(messageID ?? UUID().uuidString)"
        let (record, isNew) = try store.receive(
            InboundRecord(id: id, channel: channel.rawValue, citizen: citizen, text: text, locale: locale?.rawValue, receivedAt: Date()),
            contact: contact(channel, citizen, sender))
        if !isNew, let reply = record.reply {
            logger.info("redelivery answered from the record", metadata: ["channel": "\(channel.rawValue)"])
            return Answer(text: reply, intent: record.intent, reference: record.reference, isNew: false)
        }
        guard await limiter.allow(citizen) else {
            metrics.rejected(channel: channel.rawValue, reason: "rate_limited")
            try store.finish(inboundID: id, reply: "", intent: nil, reference: nil, outbox: nil, at: Date())
            throw Rejection.rateLimited
        }
        var inbound = Inbound(channel: channel, sender: sender, text: text, locale: locale)
        inbound.contactRecorded = true
        if let smsShaped { inbound.smsShaped = smsShaped }
        let reply = try await desk.handle(inbound)
        try store.finish(inboundID: id, reply: reply.fullText, intent: reply.intent?.rawValue, reference: reply.reference, outbox: nil, at: Date())
        metrics.message(channel: channel.rawValue, intent: reply.intent?.rawValue, locale: reply.locale.rawValue)
        metrics.latency(channel: channel.rawValue, nanoseconds: Int64(DispatchTime.now().uptimeNanoseconds - started))
        return Answer(text: reply.fullText, intent: reply.intent?.rawValue, reference: reply.reference, isNew: true)
    }

    /// Records a message durably so it can be acknowledged at once (WhatsApp, Telegram, Africa's Talking SMS); the
    /// reply is produced in the background and sent through the outbox. Returns whether it was new.
    func accept(channel: Channel, messageID: String, sender: String, text: String) throws -> Bool {
        let citizen = hasher.pseudonym(sender)
        let (_, isNew) = try store.receive(
            InboundRecord(id: "\(channel.rawValue):\(messageID)", channel: channel.rawValue, citizen: citizen, text: text, receivedAt: Date()),
            contact: contact(channel, citizen, sender))
        return isNew
    }

    /// Processes every accepted message that has no reply yet (also those left by a previous run).
    func processPending() async {
        do {
            for record in try store.unprocessedInbound() where record.text != nil {
                await process(record)
            }
        } catch {
            logger.error("could not read pending messages: \(error)")
        }
    }

    private func process(_ record: InboundRecord) async {
        guard let channel = Channel(rawValue: record.channel), let text = record.text else { return }
        let started = DispatchTime.now().uptimeNanoseconds
        do {
            guard let address = try store.contact(id: "\(record.channel):\(record.citizen)")?.address else {
                logger.error("no address for a pending message", metadata: ["channel": "\(record.channel)"])
                return
            }
            guard await limiter.allow(record.citizen) else {
                metrics.rejected(channel: record.channel, reason: "rate_limited")
                try store.finish(inboundID: record.id, reply: "", intent: nil, reference: nil, outbox: nil, at: Date())
                return
            }
            var inbound = Inbound(channel: channel, sender: address, text: text)
            inbound.contactRecorded = true
            let reply = try await desk.handle(inbound)
            let outbox = OutboxRecord(
                id: nil, channel: record.channel, citizen: record.citizen, text: reply.fullText, locale: reply.locale.rawValue,
                createdAt: Date(), attempts: 0, nextAttemptAt: Date(), deliveredAt: nil)
            try store.finish(inboundID: record.id, reply: reply.fullText, intent: reply.intent?.rawValue, reference: reply.reference, outbox: outbox, at: Date())
            metrics.message(channel: record.channel, intent: reply.intent?.rawValue, locale: reply.locale.rawValue)
            metrics.latency(channel: record.channel, nanoseconds: Int64(DispatchTime.now().uptimeNanoseconds - started))
            wake()
        } catch {
            logger.error("processing a message failed; it stays pending", metadata: ["channel": "\(record.channel)", "error": "\(error)"])
        }
    }

    private func contact(_ channel: Channel, _ citizen: String, _ sender: String) -> ContactRecord {
        ContactRecord(
            id: "\(channel.rawValue):\(citizen)", channel: channel.rawValue, citizen: citizen, address: sender, locale: nil,
            optedOut: false, updatedAt: Date())
    }
}
