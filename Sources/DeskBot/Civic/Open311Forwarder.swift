import DeskCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Forwards a complaint to a department's Open311 endpoint (another city system): GeoReport v2
/// `POST {base}/requests.json`, form-encoded, with the API key from the environment variable (or the server
/// configuration's `civic.open311_keys` entry) the department names. The key is never logged or stored.
struct Open311Forwarder: Sendable {
    enum Outcome: Equatable {
        /// Created there: its `service_request_id` (or `token:…` when the endpoint gives only a token).
        case forwarded(remoteID: String)
        /// Refused (a 4xx with the specification's error list): not sent again.
        case refused(String)
        /// 5xx, 429, timeout, connection refused, no key: tried again later with backoff.
        case retry(String)
    }

    let session: URLSession
    /// The API key for an `api_key_env` name (nil: not configured).
    let apiKey: @Sendable (String) -> String?

    func forward(_ message: DepartmentMessageRecord) async -> Outcome {
        guard let forward = Open311Forward(text: message.text) else { return .refused("the queued request cannot be read") }
        guard let key = apiKey(forward.apiKeyEnv), !key.isEmpty else {
            return .retry("no API key: set the environment variable \(forward.apiKeyEnv) (or civic.open311_keys.\(forward.apiKeyEnv))")
        }
        guard let url = URL(string: message.address + "/requests.json") else { return .refused("`\(message.address)` is not a URL") }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.httpBody = Data(forward.body(apiKey: key).utf8)
        let data: Data
        let status: Int
        do {
            let (body, response) = try await session.data(for: request)
            data = body
            status = (response as? HTTPURLResponse)?.statusCode ?? 0
        } catch {
            return .retry(OutboxDeliverer.describe(error))
        }
        switch status {
        case 200..<300:
            // The specification answers a POST with a service_request_id or a token; anything else (a redirect to a
            // page, a proxy) is not a GeoReport v2 endpoint, and posting again would not help.
            guard let id = Self.remoteID(data) else { return .refused("HTTP \(status) without a service_request_id or token (not a GeoReport v2 endpoint?)") }
            return .forwarded(remoteID: id)
        case 408, 429: return .retry("HTTP \(status)")
        case 400..<500: return .refused("HTTP \(status): \(Self.errorDescription(data) ?? "no description")")
        default: return .retry("HTTP \(status)")
        }
    }

    /// `[{"service_request_id": "…"}]`, or `[{"token": "…"}]` when the endpoint creates requests later.
    static func remoteID(_ data: Data) -> String? {
        guard let item = (try? JSONSerialization.jsonObject(with: data) as? [[String: Any]])?.first else { return nil }
        if let id = item["service_request_id"].flatMap(text), !id.isEmpty { return id }
        if let token = item["token"].flatMap(text), !token.isEmpty { return "token:" + token }
        return nil
    }

    /// The specification's error list `[{"code": 403, "description": "…"}]`, shortened to one line.
    static func errorDescription(_ data: Data) -> String? {
        guard let items = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return nil }
        let text = items.compactMap { $0["description"].flatMap(Self.text) }.joined(separator: "; ")
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.isEmpty ? nil : String(line.prefix(300))
    }

    private static func text(_ value: Any) -> String? {
        switch value {
        case let s as String: s
        case let n as NSNumber: n.stringValue
        default: nil
        }
    }
}
