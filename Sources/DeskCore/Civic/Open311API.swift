import Crypto
import Foundation
import Intents
import Locales

/// The Open311 GeoReport v2 server's logic (the HTTP routes in `deskbot serve` only decode and encode): discovery,
/// services and their definitions, service requests (list, one, create), tokens; JSON and XML; errors in the
/// specification's format (`[{"code": 400, "description": "…"}]`, `<errors><error>…</error></errors>`).
///
/// A request created here is filed exactly as a chat complaint is: routed, checked for duplicates, given its due
/// date, its department notified, all in one transaction.
package struct Open311API: Sendable {
    package enum Format: String, Sendable { case json, xml }

    package struct Response: Sendable, Equatable {
        package var status: Int
        package var body: String
        package var contentType: String
    }

    package let desk: Desk
    /// The API's public base URL (`https://desk.example.org/open311/v2`), for discovery.
    package let baseURL: String
    package var now: @Sendable () -> Date

    /// The longest `start_date`…`end_date` span a listing may ask for, and the default span.
    package static let maxSpan: TimeInterval = 90 * 86400
    /// At most this many requests in one listing.
    package static let maxResults = 1000
    /// The one attribute every service takes: a landmark near the problem (added to the description).
    package static let landmark = "landmark"

    package init(desk: Desk, baseURL: String, now: @escaping @Sendable () -> Date = { Date() }) {
        self.desk = desk
        self.baseURL = baseURL
        self.now = now
    }

    // MARK: - Discovery and services

    package func discovery(_ format: Format) -> Response {
        let changeset = Open311.datetime(Date(timeIntervalSince1970: 1_795_000_000))
        let endpoint: Open311XML.Fields = [
            ("specification", "http://wiki.open311.org/GeoReport_v2"), ("url", baseURL), ("changeset", changeset),
            ("type", "production"), ("formats", Open311XML.List(item: "format", ["text/xml", "application/json"])),
        ]
        let contact = desk.corpus.settings["email"]?.defaultText ?? desk.corpus.settings["phone"]?.defaultText ?? ""
        let fields: Open311XML.Fields = [
            ("changeset", changeset), ("contact", contact),
            ("key_service", "API keys are issued by the city's staff (deskbot open311 keys add NAME)"),
            ("endpoints", Open311XML.List(item: "endpoint", [endpoint])),
        ]
        return format == .xml
            ? Response(status: 200, body: Open311XML.document(root: "discovery", fields), contentType: Self.xmlType)
            : json(Self.object(fields))
    }

    package func services(_ format: Format) -> Response {
        let items = Open311(corpus: desk.corpus).services().map { service -> Open311XML.Fields in
            Open311.serviceFields.map { key in (key, key == "metadata" ? true as Any : service[key] ?? NSNull()) }
        }
        return list(items, root: "services", item: "service", format)
    }

    package func service(_ code: String, _ format: Format) -> Response {
        guard Catalog.categories.contains(where: { $0.code == code }) else { return error(404, "service_code \(code) not found", format) }
        let attribute: Open311XML.Fields = [
            ("variable", true), ("code", Self.landmark), ("datatype", "string"), ("required", false),
            ("datatype_description", "A landmark near the problem (a shop, a school, a house number)"), ("order", 1),
            ("description", "Nearby landmark"), ("values", Open311XML.List(item: "value", [])),
        ]
        let fields: Open311XML.Fields = [("service_code", code), ("attributes", Open311XML.List(item: "attribute", [attribute]))]
        return format == .xml
            ? Response(status: 200, body: Open311XML.document(root: "service_definition", fields), contentType: Self.xmlType)
            : json(Self.object(fields))
    }

    // MARK: - Requests

    /// `GET requests`: by `service_request_id` (a comma list; it overrides the other filters), or by
    /// `service_code`, `status` (open, closed) and `start_date`/`end_date` (at most 90 days; the last 90 by default).
    package func requests(_ query: [String: String], _ format: Format) async throws -> Response {
        var views: [CivicComplaint]
        if let ids = Self.list(query["service_request_id"]) {
            views = try await desk.store.civicComplaints(references: ids)
        } else {
            let codes = Self.list(query["service_code"])
            let statuses = Self.list(query["status"])
            if let bad = statuses?.first(where: { !["open", "closed"].contains($0) }) {
                return error(400, "status must be open or closed, not \(bad)", format)
            }
            let start = query["start_date"].flatMap { $0.isEmpty ? nil : $0 }
            let end = query["end_date"].flatMap { $0.isEmpty ? nil : $0 }
            guard start.map({ Self.parseDate($0) != nil }) ?? true else { return error(400, "start_date must be a w3c datetime, e.g. 2026-01-01T00:00:00Z", format) }
            guard end.map({ Self.parseDate($0) != nil }) ?? true else { return error(400, "end_date must be a w3c datetime, e.g. 2026-01-01T00:00:00Z", format) }
            var from = start.flatMap(Self.parseDate)
            var to = end.flatMap(Self.parseDate)
            switch (from, to) {
            case (nil, nil): to = now(); from = now().addingTimeInterval(-Self.maxSpan)
            case (let f?, nil): to = f.addingTimeInterval(Self.maxSpan)
            case (nil, let t?): from = t.addingTimeInterval(-Self.maxSpan)
            case (let f?, let t?):
                if t < f { return error(400, "end_date is before start_date", format) }
                if t.timeIntervalSince(f) > Self.maxSpan { return error(400, "start_date to end_date may not span more than 90 days", format) }
            }
            let lower = from ?? .distantPast
            let upper = to ?? .distantFuture
            views = try await desk.store.civicComplaints(references: nil).filter { v in
                v.complaint.createdAt >= lower && v.complaint.createdAt <= upper
                    && (codes?.contains(v.complaint.category) ?? true)
                    && (statuses?.contains(Open311.status(v.complaint.status)) ?? true)
            }
            views.sort { $0.complaint.createdAt > $1.complaint.createdAt }
        }
        return try await requestList(Array(views.prefix(Self.maxResults)), format)
    }

    /// `GET requests/{id}`.
    package func request(_ id: String, _ format: Format) async throws -> Response {
        let views = try await desk.store.civicComplaints(references: [id])
        guard !views.isEmpty else { return error(404, "service_request_id \(id) not found", format) }
        return try await requestList(views, format)
    }

    /// `GET tokens/{id}`.
    package func token(_ token: String, _ format: Format) async throws -> Response {
        guard let complaint = try await desk.store.complaint(token: token) else { return error(404, "token \(token) not found", format) }
        return list([[("service_request_id", complaint.reference), ("token", token)]], root: "service_requests", item: "request", format)
    }

    private func requestList(_ views: [CivicComplaint], _ format: Format) async throws -> Response {
        let notes = Dictionary(grouping: try await desk.store.allHistory(), by: \.complaintId).mapValues { $0.last?.note }
        let items = views.map { v in fields(v, lastNote: v.complaint.id.flatMap { notes[$0] } ?? nil) }
        return list(items, root: "service_requests", item: "request", format)
    }

    /// A service request's fields, in the order of the specification.
    package func fields(_ v: CivicComplaint, lastNote: String?) -> Open311XML.Fields {
        let c = v.complaint
        let open311 = Open311(corpus: desk.corpus)
        let department = v.civic?.department.flatMap { desk.corpus.civic.departments[$0] }
        let notice: Any = v.primaryReference.map { "linked to \($0), reported earlier" } ?? NSNull()
        return [
            ("service_request_id", c.reference), ("status", Open311.status(c.status)),
            ("status_notes", lastNote.map { "\(c.status): \($0)" } ?? c.status), ("service_name", open311.serviceName(c.category)),
            ("service_code", c.category), ("description", c.description),
            ("agency_responsible", department?.name ?? open311.agency(c.category)), ("service_notice", notice),
            ("requested_datetime", Open311.datetime(c.createdAt)), ("updated_datetime", Open311.datetime(c.updatedAt)),
            ("expected_datetime", v.civic.map { Open311.datetime($0.dueAt) } ?? NSNull()), ("address", c.location ?? NSNull()),
            ("address_id", NSNull()), ("zipcode", NSNull()), ("lat", c.latitude ?? NSNull()), ("long", c.longitude ?? NSNull()),
            ("media_url", NSNull()),
        ]
    }

    // MARK: - Creating a request

    /// `POST requests`: needs a valid `api_key` (403 otherwise), a known `service_code` and a location (`lat` and
    /// `long`, `address_string` or `address_id`); 400 when one is missing or malformed.
    package func create(_ params: [String: String], _ format: Format) async throws -> Response {
        guard let key = params["api_key"], !key.isEmpty, let issued = try await desk.store.apiKey(hash: Self.hash(key)) else {
            return error(403, "api_key missing or invalid", format)
        }
        guard let code = params["service_code"], !code.isEmpty else { return error(400, "service_code missing", format) }
        guard Catalog.categories.contains(where: { $0.code == code }) else { return error(400, "service_code \(code) is not a service", format) }
        let latText = params["lat"].flatMap { $0.isEmpty ? nil : $0 }
        let longText = params["long"].flatMap { $0.isEmpty ? nil : $0 }
        var latitude: Double?
        var longitude: Double?
        if latText != nil || longText != nil {
            guard let lat = latText.flatMap(Double.init), let long = longText.flatMap(Double.init), (-90...90).contains(lat),
                (-180...180).contains(long)
            else { return error(400, "lat and long must both be given, in degrees (WGS84)", format) }
            latitude = lat
            longitude = long
        }
        let address = [params["address_string"], params["address_id"]].compactMap { $0 }.first { !$0.isEmpty }
        guard latitude != nil || address != nil else { return error(400, "a location is required: lat and long, address_string or address_id", format) }
        var description = (params["description"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard description.count <= 4000 else { return error(400, "description is longer than 4000 characters", format) }
        if let landmark = params["attribute[\(Self.landmark)]"], !landmark.isEmpty { description += (description.isEmpty ? "" : "\n") + "Landmark: \(landmark)" }
        let name = [params["first_name"], params["last_name"]].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        let reporter = [params["email"], params["phone"], params["device_id"]].compactMap { $0 }.first { !$0.isEmpty }
        let locale = params["locale"].map(LocaleID.init(rawValue:)).flatMap { desk.corpus.packs[$0] != nil ? $0 : nil } ?? desk.snapshot.defaultLocale
        let at = now()
        let record = ComplaintRecord(
            reference: "", year: 0, serial: 0, category: code, status: ComplaintStatus.received.rawValue, locale: locale.rawValue,
            channel: "open311", citizen: desk.hasher.pseudonym(reporter ?? "open311:\(issued.name)"),
            location: address ?? latitude.map { String(format: "%.6f,%.6f", $0, longitude ?? 0) }, description: description,
            name: name.isEmpty ? nil : name, latitude: latitude, longitude: longitude, createdAt: at, updatedAt: at)
        let snapshot = desk.snapshot
        var (filing, primary) = try await snapshot.civicFiling(for: record, locale: locale)
        var filed: ComplaintRecord
        var conflicts = 0
        while true {
            do {
                filed = try await desk.store.fileComplaint(record, civic: filing)
                break
            } catch is DuplicateConflict where conflicts < 2 {
                // The same problem was filed meanwhile (see `DeskSnapshot.handle`): decide the link again.
                conflicts += 1
                (filing, primary) = try await snapshot.civicFiling(for: record, locale: locale)
            }
        }
        let notice = primary.map { "already reported as \($0.reference); linked to it, expected by \(Open311.datetime(filing.dueAt))" }
            ?? "expected by \(Open311.datetime(filing.dueAt))"
        let item: Open311XML.Fields = [
            ("service_request_id", filed.reference), ("token", filing.token), ("service_notice", notice),
            ("account_id", params["account_id"].flatMap { $0.isEmpty ? nil : $0 } ?? NSNull()),
        ]
        var response = list([item], root: "service_requests", item: "request", format)
        response.status = 201
        return response
    }

    // MARK: - Encoding

    package static let xmlType = "text/xml; charset=utf-8"
    package static let jsonType = "application/json; charset=utf-8"

    /// An error in the specification's format.
    package func error(_ status: Int, _ description: String, _ format: Format) -> Response {
        var response = list([[("code", status), ("description", description)]], root: "errors", item: "error", format)
        response.status = status
        return response
    }

    private func list(_ items: [Open311XML.Fields], root: String, item: String, _ format: Format) -> Response {
        format == .xml
            ? Response(status: 200, body: Open311XML.document(root: root, item: item, items), contentType: Self.xmlType)
            : json(items.map(Self.object))
    }

    private func json(_ value: Any) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
        return Response(status: 200, body: String(decoding: data, as: UTF8.self), contentType: Self.jsonType)
    }

    /// Fields as a JSON object (lists become arrays).
    package static func object(_ fields: Open311XML.Fields) -> [String: Any] {
        func convert(_ value: Any) -> Any {
            switch value {
            case let nested as Open311XML.Fields: return object(nested)
            case let list as Open311XML.List: return list.values.map(convert)
            default: return value
            }
        }
        return Dictionary(fields.map { ($0.0, convert($0.1)) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: - Parsing

    static func list(_ text: String?) -> [String]? {
        guard let text, !text.isEmpty else { return nil }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A w3c datetime: `2026-01-01T00:00:00Z`, with an offset or fractional seconds, or a plain date.
    package static func parseDate(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds], [.withFullDate]] {
            f.formatOptions = options
            if let date = f.date(from: text) { return date }
        }
        return nil
    }

    /// How an API key is stored: its SHA-256, in hex.
    package static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
