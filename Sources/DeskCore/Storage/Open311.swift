import Foundation
import Intents
import Locales

/// Complaints as Open311 GeoReport v2 service requests, and the service list derived from the categories.
package struct Open311 {
    package let corpus: Corpus
    package init(corpus: Corpus) { self.corpus = corpus }

    /// The GeoReport v2 service request fields, in the order the specification lists them.
    package static let requestFields = [
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
        "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address",
        "address_id", "zipcode", "lat", "long", "media_url",
    ]
    package static let serviceFields = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]

    /// GeoReport has two states: received/acknowledged/in_progress are open, the rest closed.
    package static func status(_ status: String) -> String {
        (ComplaintStatus(rawValue: status)?.isOpen ?? true) && status != ComplaintStatus.resolved.rawValue ? "open" : "closed"
    }

    package static func datetime(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    private func setting(_ key: String) -> String? { corpus.settings[key]?.text(for: "en") }

    package func serviceName(_ category: String) -> String {
        corpus.packs["en"]?.replies["category_\(category)"] ?? category
    }

    package func agency(_ category: String) -> String {
        setting("agency_\(category)") ?? setting("agency") ?? setting("office_name") ?? "municipality"
    }

    /// One service request. Optional fields with no value are JSON null.
    package func request(_ c: ComplaintRecord, lastNote: String?) -> [String: Any] {
        [
            "service_request_id": c.reference,
            "status": Self.status(c.status),
            "status_notes": lastNote.map { "\(c.status): \($0)" } ?? c.status,
            "service_name": serviceName(c.category),
            "service_code": c.category,
            "description": c.description,
            "agency_responsible": agency(c.category),
            "service_notice": NSNull(),
            "requested_datetime": Self.datetime(c.createdAt),
            "updated_datetime": Self.datetime(c.updatedAt),
            "expected_datetime": NSNull(),
            "address": c.location ?? NSNull(),
            "address_id": NSNull(),
            "zipcode": NSNull(),
            "lat": c.latitude ?? NSNull(),
            "long": c.longitude ?? NSNull(),
            "media_url": NSNull(),
        ]
    }

    /// The services list: one per complaint category.
    package func services() -> [[String: Any]] {
        Catalog.categories.map { category in
            let keywords = corpus.packs["en"]?.rules.first { $0.id == category.intent }?.keywords.prefix(8).map(\.text) ?? []
            return [
                "service_code": category.code,
                "service_name": serviceName(category.code),
                "description": "Complaints about \(serviceName(category.code).lowercased())",
                "metadata": false,
                "type": "realtime",
                "keywords": keywords.joined(separator: ","),
                "group": category.code == "corruption" ? "integrity" : "public works",
            ]
        }
    }

    package static func json(_ value: Any) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
