import DeskCore
import Foundation
import Intents
import PostgresNIO

/// The write of one turn, and the statements it shares with staff updates: the same steps, in the same order, as
/// `SQLiteDeskStore.apply`.
extension PostgresDeskStore {
    static func apply(_ turn: TurnRecord, _ c: PostgresConnection, _ logger: Logger) async throws -> TurnOutcome {
        // Exactly once, across instances: the ledger row is claimed first. An insert that meets a concurrent one
        // waits for that transaction; if it committed, this turn is a duplicate and returns the stored reply.
        switch turn.ledger {
        case .none: break
        case .insert(let message):
            let claimed = try await c.query(
                """
                INSERT INTO inbound (id, channel, citizen, received_at, state) VALUES (\(message.id), \(message.channel), \(message.citizen),
                \(Millis(message.receivedAt)), 'processing') ON CONFLICT (id) DO NOTHING RETURNING id
                """, logger: logger
            ).collect()
            if claimed.isEmpty {
                guard let seen = try await inboundRow(message.id, lock: false, c, logger) else { throw PostgresStoreError.vanishedRow(message.id) }
                return .duplicate(seen)
            }
        case .answer(let id):
            // The row lock orders concurrent answers: the second sees the first's `answered` once it commits.
            if let seen = try await inboundRow(id, lock: true, c, logger), seen.state == InboundRecord.State.answered.rawValue {
                return .duplicate(seen)
            }
        }
        // Turns of one conversation on several instances: the conversation's lock (held to the end of this
        // transaction) orders their commits, and a turn decided on a session another turn has since replaced
        // writes nothing and is decided again.
        if let basis = turn.basis {
            try await c.query(
                "SELECT pg_advisory_xact_lock(\(Self.conversationLockClass), hashtext(\(turn.conversation.key)))", logger: logger)
            if try await sessionRow(turn.conversation.key, c, logger) != basis.session { throw StoreError.conversationMoved }
        }
        if let contact = turn.contact { try await saveContact(contact, c, logger) }
        if let optedOut = turn.optedOut {
            try await c.query("UPDATE contact SET opted_out = \(optedOut) WHERE id = \(turn.conversation.key)", logger: logger)
        }
        var reference: String?
        if let complaint = turn.complaint {
            if let civic = turn.civic { try await recheckDuplicate(complaint, civic, c, logger) }  // issue 15: race-free duplicates
            let filed = try await insertComplaint(complaint, c, logger)
            reference = filed.reference
            if let civic = turn.civic { try await insertCivic(civic, for: filed, c, logger) }
        }
        for change in turn.statusChanges {
            // The citizen's change applies only if staff have not moved the complaint on meanwhile. The checks run
            // before any write, so a refused change leaves the transaction intact.
            do {
                _ = try await changeStatus(reference: change.reference, to: change.to, by: "citizen", note: change.note, at: turn.at, c, logger)
            } catch is StoreError {}
        }
        if let feedback = turn.feedback {
            try await c.query(
                """
                INSERT INTO feedback (complaint_id, rating, comment, created_at)
                VALUES (\(feedback.complaintId), \(feedback.rating), \(feedback.comment), \(Millis(feedback.createdAt)))
                """, logger: logger)
        }
        if let unmatched = turn.unmatched {
            try await c.query(
                "INSERT INTO unmatched (locale, text, created_at) VALUES (\(unmatched.locale), \(unmatched.text), \(Millis(unmatched.createdAt)))",
                logger: logger)
        }
        if !turn.delivered.isEmpty {
            try await c.query("UPDATE outbox SET delivered_at = \(Millis(turn.at)) WHERE id = ANY(\(turn.delivered))", logger: logger)
        }
        let rendered = turn.rendered ?? turn.render(reference)
        try await saveSession(rendered.session, c, logger)
        switch turn.ledger {
        case .none: break
        case .insert(let message):
            try await c.query(
                """
                UPDATE inbound SET text = NULL, locale = \(turn.locale), reply = \(rendered.text), intent = \(turn.intent), reference = \(reference),
                processed_at = \(Millis(turn.at)), state = 'answered' WHERE id = \(message.id)
                """, logger: logger)
        case .answer(let id):
            try await c.query(
                """
                UPDATE inbound SET text = NULL, reply = \(rendered.text), locale = \(turn.locale), intent = \(turn.intent), reference = \(reference),
                processed_at = \(Millis(turn.at)), state = 'answered', claimed_until = NULL WHERE id = \(id)
                """, logger: logger)
        }
        var queued: [Int64] = []
        if turn.queueReply && !rendered.text.isEmpty {
            let inboundID: String? = if case .answer(let id) = turn.ledger { id } else { nil }
            for try await id in try await c.query(
                """
                INSERT INTO outbox (channel, citizen, text, locale, created_at, attempts, next_attempt_at, inbound_id)
                VALUES (\(turn.conversation.channel.rawValue), \(turn.conversation.citizen), \(rendered.text), \(turn.locale),
                \(Millis(turn.at)), 0, \(Millis(turn.at)), \(inboundID)) RETURNING id
                """, logger: logger
            ).decode(Int64.self) { queued.append(id) }
        }
        if turn.forget {
            let messageID: String? = switch turn.ledger {
            case .none: nil
            case .insert(let message): message.id
            case .answer(let id): id
            }
            _ = try await eraseRows(
                citizen: turn.conversation.citizen, c, logger, keepMessage: messageID,
                keepContact: queued.isEmpty ? nil : turn.conversation.key, keepOutbox: queued)
        }
        return .committed(text: rendered.text, reference: reference)
    }

    /// The first key of the conversations' advisory locks (the two-key form, its own space of locks).
    static let conversationLockClass: Int32 = 0x4445_534B  // "DESK"

    /// Saves a contact, keeping an opt-out the citizen made earlier.
    static func saveContact(_ contact: ContactRecord, _ c: PostgresConnection, _ logger: Logger) async throws {
        try await c.query(
            """
            INSERT INTO contact (id, channel, citizen, address, locale, opted_out, updated_at)
            VALUES (\(contact.id), \(contact.channel), \(contact.citizen), \(contact.address), \(contact.locale), false, \(Millis(contact.updatedAt)))
            ON CONFLICT (id) DO UPDATE SET address = excluded.address, locale = COALESCE(excluded.locale, contact.locale),
            updated_at = excluded.updated_at
            """, logger: logger)
    }

    static func saveSession(_ session: SessionRecord, _ c: PostgresConnection, _ logger: Logger) async throws {
        try await c.query(
            """
            INSERT INTO session (id, state, updated_at) VALUES (\(session.id), \(session.state), \(Millis(session.updatedAt)))
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
            """, logger: logger)
    }

    static func inboundRow(_ id: String, lock: Bool, _ c: PostgresConnection, _ logger: Logger) async throws -> InboundRecord? {
        let rows =
            lock
            ? try await c.query("SELECT * FROM inbound WHERE id = \(id) FOR UPDATE", logger: logger).collect()
            : try await c.query("SELECT * FROM inbound WHERE id = \(id)", logger: logger).collect()
        return try rows.first?.inbound
    }

    static func sessionRow(_ id: String, _ c: PostgresConnection, _ logger: Logger) async throws -> SessionRecord? {
        try await c.query("SELECT * FROM session WHERE id = \(id)", logger: logger).collect().first?.session
    }

    static func contactRow(_ id: String, _ c: PostgresConnection, _ logger: Logger) async throws -> ContactRecord? {
        try await c.query("SELECT * FROM contact WHERE id = \(id)", logger: logger).collect().first?.contact
    }

    static func pending(_ conversation: ConversationID, _ c: PostgresConnection, _ logger: Logger) async throws -> [OutboxRecord] {
        try await c.query(
            """
            SELECT * FROM outbox WHERE channel = \(conversation.channel.rawValue) AND citizen = \(conversation.citizen)
            AND delivered_at IS NULL AND pushed_at IS NULL ORDER BY id
            """, logger: logger
        ).collect().map { try $0.outbox }
    }

    /// Inserts a complaint with the next reference of its year and its first status. The counter row is updated in
    /// place, so concurrent filings (in any instance) wait for each other and get consecutive serials.
    static func insertComplaint(_ complaint: ComplaintRecord, _ c: PostgresConnection, _ logger: Logger) async throws -> ComplaintRecord {
        var complaint = complaint
        let year = Calendar(identifier: .gregorian).component(.year, from: complaint.createdAt)
        var serial = 0
        for try await value in try await c.query(
            """
            INSERT INTO reference_counter (year, last_serial) VALUES (\(year), 1)
            ON CONFLICT (year) DO UPDATE SET last_serial = reference_counter.last_serial + 1 RETURNING last_serial
            """, logger: logger
        ).decode(Int.self) {
            serial = value
        }
        complaint.year = year
        complaint.serial = serial
        complaint.reference = ReferenceFormat.format(year: String(year), serial: serial)
        complaint.status = ComplaintStatus.received.rawValue
        for try await id in try await c.query(
            """
            INSERT INTO complaint (reference, year, serial, category, status, locale, channel, citizen, location, description, name,
            latitude, longitude, created_at, updated_at, media)
            VALUES (\(complaint.reference), \(year), \(serial), \(complaint.category), \(complaint.status), \(complaint.locale),
            \(complaint.channel), \(complaint.citizen), \(complaint.location), \(complaint.description), \(complaint.name),
            \(complaint.latitude), \(complaint.longitude), \(Millis(complaint.createdAt)), \(Millis(complaint.updatedAt)),
            \(complaint.media))
            RETURNING id
            """, logger: logger
        ).decode(Int64.self) {
            complaint.id = id
        }
        try await c.query(
            """
            INSERT INTO status_change (complaint_id, from_status, to_status, changed_by, note, changed_at)
            VALUES (\(complaint.id ?? 0), NULL, \(ComplaintStatus.received.rawValue), 'citizen', NULL, \(Millis(complaint.createdAt)))
            """, logger: logger)
        return complaint
    }

    /// Moves a complaint to `status` if the workflow allows it, and records the change. The complaint's row is
    /// locked first, so a staff update and a citizen's change in another instance apply one after the other.
    static func changeStatus(
        reference: String, to status: ComplaintStatus, by: String, note: String?, at now: Date, _ c: PostgresConnection, _ logger: Logger
    ) async throws -> ComplaintRecord {
        guard
            var complaint = try await c.query("SELECT * FROM complaint WHERE reference = \(reference.uppercased()) FOR UPDATE", logger: logger)
                .collect().first?.complaint
        else { throw StoreError.unknownReference(reference) }
        let from = ComplaintStatus(rawValue: complaint.status) ?? .received
        guard from.next.contains(status) else {
            throw StoreError.transitionNotAllowed(reference: complaint.reference, from: from.rawValue, to: status.rawValue)
        }
        complaint.status = status.rawValue
        complaint.updatedAt = now
        try await c.query(
            "UPDATE complaint SET status = \(status.rawValue), updated_at = \(Millis(now)) WHERE id = \(complaint.id ?? 0)", logger: logger)
        try await c.query(
            """
            INSERT INTO status_change (complaint_id, from_status, to_status, changed_by, note, changed_at)
            VALUES (\(complaint.id ?? 0), \(from.rawValue), \(status.rawValue), \(by), \(note), \(Millis(now)))
            """, logger: logger)
        return complaint
    }

    static func insertOutbox(_ message: OutboxRecord, _ c: PostgresConnection, _ logger: Logger) async throws {
        try await c.query(
            """
            INSERT INTO outbox (channel, citizen, text, locale, created_at, attempts, next_attempt_at, delivered_at, inbound_id)
            VALUES (\(message.channel), \(message.citizen), \(message.text), \(message.locale), \(Millis(message.createdAt)),
            \(message.attempts), \(Millis(message.nextAttemptAt)), \(message.deliveredAt.millis), \(message.inboundId))
            """, logger: logger)
    }
}
