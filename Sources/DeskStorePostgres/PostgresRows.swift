import DeskCore
import Foundation
import PostgresNIO

/// A date stored as `timestamptz` to the millisecond, as the SQLite store keeps it, so both read back alike.
struct Millis: PostgresNonThrowingEncodable, PostgresDecodable, Sendable {
    let date: Date
    init(_ date: Date) { self.date = date }

    static var psqlType: PostgresDataType { .timestamptz }
    static var psqlFormat: PostgresFormat { .binary }

    /// Milliseconds between 1970 and PostgreSQL's epoch, 2000-01-01.
    private static let epochMillis: Int64 = 946_684_800_000

    func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        byteBuffer.writeInteger((millis - Self.epochMillis) * 1000)
    }

    init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat, context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == .timestamptz || type == .timestamp, format == .binary, buffer.readableBytes == 8,
            let micros = buffer.readInteger(as: Int64.self)
        else { throw PostgresDecodingError.Code.typeMismatch }
        let millis = (micros >= 0 ? micros / 1000 : (micros - 999) / 1000) + Self.epochMillis
        date = Date(timeIntervalSince1970: Double(millis) / 1000)
    }
}

extension Optional where Wrapped == Date {
    var millis: Millis? { map(Millis.init) }
}

/// Reading the desk's records from rows (columns as named in the schema).
extension PostgresRandomAccessRow {
    func value<T: PostgresDecodable>(_ column: String, _ type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self, context: .default)
    }

    func date(_ column: String) throws -> Date { try value(column, Millis.self).date }
    func optionalDate(_ column: String) throws -> Date? { try value(column, Millis?.self)?.date }
}

extension PostgresRow {
    var complaint: ComplaintRecord {
        get throws {
            let r = makeRandomAccess()
            return ComplaintRecord(
                id: try r.value("id"), reference: try r.value("reference"), year: try r.value("year"), serial: try r.value("serial"),
                category: try r.value("category"), status: try r.value("status"), locale: try r.value("locale"),
                channel: try r.value("channel"), citizen: try r.value("citizen"), location: try r.value("location"),
                description: try r.value("description"), name: try r.value("name"), latitude: try r.value("latitude"),
                longitude: try r.value("longitude"), createdAt: try r.date("created_at"), updatedAt: try r.date("updated_at"),
                media: try r.value("media"))
        }
    }

    var statusChange: StatusChangeRecord {
        get throws {
            let r = makeRandomAccess()
            return StatusChangeRecord(
                id: try r.value("id"), complaintId: try r.value("complaint_id"), fromStatus: try r.value("from_status"),
                toStatus: try r.value("to_status"), changedBy: try r.value("changed_by"), note: try r.value("note"),
                changedAt: try r.date("changed_at"))
        }
    }

    var feedback: FeedbackRecord {
        get throws {
            let r = makeRandomAccess()
            return FeedbackRecord(
                id: try r.value("id"), complaintId: try r.value("complaint_id"), rating: try r.value("rating"),
                comment: try r.value("comment"), createdAt: try r.date("created_at"))
        }
    }

    var session: SessionRecord {
        get throws {
            let r = makeRandomAccess()
            return SessionRecord(id: try r.value("id"), state: try r.value("state"), updatedAt: try r.date("updated_at"))
        }
    }

    var contact: ContactRecord {
        get throws {
            let r = makeRandomAccess()
            return ContactRecord(
                id: try r.value("id"), channel: try r.value("channel"), citizen: try r.value("citizen"), address: try r.value("address"),
                locale: try r.value("locale"), optedOut: try r.value("opted_out"), updatedAt: try r.date("updated_at"))
        }
    }

    var outbox: OutboxRecord {
        get throws {
            let r = makeRandomAccess()
            return OutboxRecord(
                id: try r.value("id"), channel: try r.value("channel"), citizen: try r.value("citizen"), text: try r.value("text"),
                locale: try r.value("locale"), createdAt: try r.date("created_at"), attempts: try r.value("attempts"),
                nextAttemptAt: try r.date("next_attempt_at"), deliveredAt: try r.optionalDate("delivered_at"),
                inboundId: try r.value("inbound_id"))
        }
    }

    var unmatched: UnmatchedRecord {
        get throws {
            let r = makeRandomAccess()
            return UnmatchedRecord(id: try r.value("id"), locale: try r.value("locale"), text: try r.value("text"), createdAt: try r.date("created_at"))
        }
    }

    var inbound: InboundRecord {
        get throws {
            let r = makeRandomAccess()
            return InboundRecord(
                id: try r.value("id"), channel: try r.value("channel"), citizen: try r.value("citizen"), text: try r.value("text"),
                locale: try r.value("locale"), reply: try r.value("reply"), intent: try r.value("intent"),
                reference: try r.value("reference"), receivedAt: try r.date("received_at"), processedAt: try r.optionalDate("processed_at"),
                state: try r.value("state"), claimedBy: try r.value("claimed_by"), claimedUntil: try r.optionalDate("claimed_until"))
        }
    }
}
