import DeskCore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The Open311 GeoReport v2 routes under `/open311/v2/`: every path takes `.json` or `.xml` (XML when none).
/// Requests are logged by route and status only (never an api_key, address or description).
struct Open311Routes: Sendable {
    let api: Open311API
    let logger: Logger

    func add(to router: Router<AppRequestContext>) {
        let group = router.group("open311/v2")
        group.get("{file}") { request, context in try await root(request, context) }
        group.post("{file}") { request, context in try await root(request, context) }
        group.get("services/{file}") { _, context in
            let (code, format) = try Self.split(context.parameters.require("file"))
            return respond(api.service(code, format), route: "services/{code}")
        }
        group.get("requests/{file}") { _, context in
            let (id, format) = try Self.split(context.parameters.require("file"))
            return respond(try await api.request(id, format), route: "requests/{id}")
        }
        group.get("tokens/{file}") { _, context in
            let (token, format) = try Self.split(context.parameters.require("file"))
            return respond(try await api.token(token, format), route: "tokens/{id}")
        }
    }

    /// `discovery`, `services` and `requests` (GET and POST), each `.json` or `.xml`.
    private func root(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let (name, format) = try Self.split(context.parameters.require("file"))
        switch (name, request.method) {
        case ("discovery", .get): return respond(api.discovery(format), route: name)
        case ("services", .get): return respond(api.services(format), route: name)
        case ("requests", .get): return respond(try await api.requests(Self.query(request), format), route: name)
        case ("requests", .post):
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: context.maxUploadSize) } catch {
                return respond(api.error(413, "request body too large", format), route: name)
            }
            var params = Self.query(request)
            for (key, value) in Self.form(String(buffer: body)) { params[key] = value }
            return respond(try await api.create(params, format), route: "POST requests")
        case ("discovery", _), ("services", _), ("requests", _):
            return respond(api.error(405, "method not allowed", format), route: name)
        default:
            return respond(api.error(404, "no such resource: \(name)", format), route: "unknown")
        }
    }

    private func respond(_ r: Open311API.Response, route: String) -> Response {
        logger.info("open311", metadata: ["route": "\(route)", "status": "\(r.status)"])
        return Response(
            status: HTTPResponse.Status(code: r.status), headers: [.contentType: r.contentType],
            body: .init(byteBuffer: ByteBuffer(string: r.body)))
    }

    /// `requests.json` → ("requests", .json); no extension is XML, the specification's required format.
    static func split(_ file: String) -> (String, Open311API.Format) {
        for format in [Open311API.Format.json, .xml] where file.hasSuffix("." + format.rawValue) {
            return (String(file.dropLast(format.rawValue.count + 1)), format)
        }
        return (file, .xml)
    }

    static func query(_ request: Request) -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { out[String(key)] = String(value) }
        return out
    }

    /// An `application/x-www-form-urlencoded` body (`+` is a space).
    static func form(_ body: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            guard let key = parts.first.map(decode), !key.isEmpty else { continue }
            out[key] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return out
    }
}
