import Foundation

/// A complaint forwarded to a department's Open311 endpoint (another city system), as it waits in the department
/// message queue: the GeoReport v2 `POST requests` fields, one `name: value` line each, the description last (it
/// may span lines), readable in `complaints show`. The API key is never in it: `api_key_env` names where the
/// deliverer finds it when it sends.
///
/// ```
/// api_key_env: WATER_311_KEY
/// service_code: water
/// jurisdiction_id: riverside.example.org
/// address_string: G-9 Markaz, street 41
/// description: No water since Monday (CMP-2026-000042 at the Riverside service desk)
/// ```
package struct Open311Forward: Sendable, Equatable {
    /// The department message channel of forwarded complaints.
    package static let channel = "open311"
    /// GeoReport v2 limits a description to 4000 characters.
    package static let descriptionLimit = 4000

    package var apiKeyEnv: String
    /// The form fields to post (without `api_key`), in order.
    package var fields: [(String, String)]

    package static func == (a: Self, b: Self) -> Bool {
        a.apiKeyEnv == b.apiKeyEnv && a.fields.map { "\($0.0)=\($0.1)" } == b.fields.map { "\($0.0)=\($0.1)" }
    }

    /// The fields for a complaint: the endpoint's service and jurisdiction, the complaint's pin (`lat`/`long`) and
    /// place (`address_string`), and its description with its reference (`DeskSnapshot.referenceMark` until filed).
    /// Nothing about the citizen (name, address) is sent.
    package init(endpoint: Open311Endpoint, complaint: ComplaintRecord) {
        apiKeyEnv = endpoint.apiKeyEnv
        var fields = [("service_code", endpoint.serviceCode)]
        if let jurisdiction = endpoint.jurisdictionID { fields.append(("jurisdiction_id", jurisdiction)) }
        if let lat = complaint.latitude, let long = complaint.longitude {
            fields += [("lat", String(format: "%.6f", lat)), ("long", String(format: "%.6f", long))]
        }
        let place = (complaint.location ?? "").split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        if !place.isEmpty { fields.append(("address_string", place)) }
        if complaint.latitude == nil && place.isEmpty { fields.append(("address_string", "-")) }  // the spec needs a location
        let suffix = " (\(complaint.reference.isEmpty ? DeskSnapshot.referenceMark : complaint.reference) at the service desk)"
        let description = String(complaint.description.prefix(Self.descriptionLimit - suffix.count))
        fields.append(("description", description + suffix))
        self.fields = fields
    }

    package init(apiKeyEnv: String, fields: [(String, String)]) {
        self.apiKeyEnv = apiKeyEnv
        self.fields = fields
    }

    /// The queued text.
    package var text: String {
        (["api_key_env: \(apiKeyEnv)"] + fields.map { "\($0.0): \($0.1)" }).joined(separator: "\n")
    }

    /// Reads a queued text back; nil when it is not one.
    package init?(text: String) {
        var apiKeyEnv: String?
        var fields: [(String, String)] = []
        let lines = text.components(separatedBy: "\n")
        for (i, line) in lines.enumerated() {
            guard let colon = line.range(of: ": ") else { return nil }
            let name = String(line[..<colon.lowerBound])
            let value = String(line[colon.upperBound...])
            if name == "api_key_env" {
                apiKeyEnv = value
            } else if name == "description" {
                // The description is last and keeps its own lines.
                fields.append((name, ([value] + lines[(i + 1)...]).joined(separator: "\n")))
                break
            } else {
                fields.append((name, value))
            }
        }
        guard let apiKeyEnv, !fields.isEmpty else { return nil }
        self.init(apiKeyEnv: apiKeyEnv, fields: fields)
    }

    /// The `application/x-www-form-urlencoded` body with the API key first.
    package func body(apiKey: String) -> String {
        ([("api_key", apiKey)] + fields).map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    /// Form encoding: unreserved characters as they are, a space as `+`, everything else percent-encoded (UTF-8).
    package static func encode(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~ ")
        return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").replacingOccurrences(of: " ", with: "+")
    }
}
