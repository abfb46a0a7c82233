import Foundation
import Intents
import Locales
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// The GeoReport v2 logic behind `/open311/v2/` (the Python client in scripts/open311-client.py drives it over HTTP).
@Suite struct Open311APITests {
    static func api() async throws -> (Open311API, String) {
        let clock = TestClock()
        let desk = try Civic.desk(try SQLiteDeskStore.inMemory(), clock: clock)
        let key = "o311_test_key"
        _ = try await desk.store.addAPIKey(APIKeyRecord(name: "test", hash: Open311API.hash(key), createdAt: clock.now))
        return (Open311API(desk: desk, baseURL: "http://127.0.0.1/open311/v2", now: clock.closure), key)
    }

    @Test func postNeedsAValidKeyAndAnswersInTheSpecsErrorFormat() async throws {
        let (api, key) = try await Self.api()
        let params = ["service_code": "water", "address_string": "G-9 Markaz", "description": "no water since Monday"]
        let json = try await api.create(params, .json)
        #expect(json.status == 403)
        let errors = try #require(try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [[String: Any]])
        #expect(errors.first?["code"] as? Int == 403)
        #expect(errors.first?["description"] is String)
        let xml = try await api.create(params.merging(["api_key": "wrong"]) { a, _ in a }, .xml)
        #expect(xml.status == 403)
        #expect(xml.body.contains("<errors><error><code>403</code><description>"))

        // With the key: created, routed, due by the service level.
        let created = try await api.create(params.merging(["api_key": key, "attribute[landmark]": "near the mosque"]) { a, _ in a }, .json)
        #expect(created.status == 201)
        let item = try #require((try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [[String: Any]])?.first)
        let id = try #require(item["service_request_id"] as? String)
        #expect(item["token"] is String)
        let stored = try #require(try await api.desk.store.civicComplaints(references: [id]).first)
        #expect(stored.civic?.department == "water")
        #expect(stored.civic?.area == "g9-markaz")
        #expect(stored.complaint.description.contains("Landmark: near the mosque"))

        // Missing location or service code: 400.
        #expect(try await api.create(["api_key": key, "service_code": "water"], .json).status == 400)
        #expect(try await api.create(["api_key": key, "address_string": "x"], .xml).status == 400)
        #expect(try await api.create(["api_key": key, "service_code": "water", "lat": "91", "long": "0"], .json).status == 400)
    }

    @Test func requestFieldsFollowTheSpecInBothFormats() async throws {
        let (api, key) = try await Self.api()
        let created = try await api.create(
            ["api_key": key, "service_code": "road", "lat": "33.6844", "long": "73.0479", "description": "pothole"], .xml)
        #expect(created.status == 201)
        let id = try #require(created.body.components(separatedBy: "<service_request_id>").dropFirst().first?.components(separatedBy: "<").first)
        let xml = try await api.request(id, .xml)
        // Every field, in the specification's order.
        var rest = Substring(xml.body)
        for field in Open311.requestFields {
            let range = try #require(rest.range(of: "<\(field)>") ?? rest.range(of: "<\(field)/>"), "\(field) in \(xml.body)")
            rest = rest[range.upperBound...]
        }
        #expect(xml.body.contains("<agency_responsible>Roads and Street Lighting</agency_responsible>"))
        #expect(xml.body.contains("<lat>33.6844</lat>"))
        let json = try await api.request(id, .json)
        let item = try #require((try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [[String: Any]])?.first)
        #expect(Set(item.keys) == Set(Open311.requestFields))
        #expect(item["status"] as? String == "open")
        #expect(item["expected_datetime"] as? String == Open311.datetime(Repo.fixedNow.addingTimeInterval(20 * 86400)))

        // Listing filters: more than 90 days is refused; a bad status too.
        #expect(try await api.requests(["start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"], .json).status == 400)
        #expect(try await api.requests(["status": "pending"], .xml).status == 400)
        #expect(try await api.requests(["service_code": "road", "status": "open"], .json).body.contains(id))
        #expect(!(try await api.requests(["service_code": "water"], .json).body.contains(id)))
        #expect(try await api.request("CMP-1999-000001", .json).status == 404)
    }
}
