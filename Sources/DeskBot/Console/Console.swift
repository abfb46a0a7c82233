import DeskCore
import Foundation
import Hummingbird
import Logging

/// The staff web console under `/admin`, and the public `/open-data` page, served by `deskbot serve`.
///
/// Server-rendered HTML (mustache templates in `Templates/`), no external assets. Every `/admin` page but the
/// login needs a session; every form carries the session's CSRF token; each route checks the staff member's role
/// on the server; every change is written to the audit log.
struct Console: Sendable {
    let desk: Desk
    let auth: ConsoleAuth
    let renderer: ConsoleRenderer
    let settings: ServerConfiguration.Console
    /// The corpora folder the knowledge editor writes to (nil: editing is off).
    let corpora: String?
    let logger: Logger
    let now: @Sendable () -> Date
    let edits = EditLock()

    init(desk: Desk, settings: ServerConfiguration.Console, corpora: String?, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.desk = desk
        self.settings = settings
        self.corpora = corpora
        self.logger = logger
        self.now = now
        auth = ConsoleAuth(store: desk.store, settings: settings, now: now)
        renderer = ConsoleRenderer()
    }

    var store: any DeskStore { desk.store }

    /// Registers every console route.
    func addRoutes(to router: Router<AppRequestContext>) {
        addLoginRoutes(router)
        addComplaintRoutes(router)
        addHandoffRoutes(router)
        addKnowledgeRoutes(router)
        addUnmatchedRoutes(router)
        addStaffRoutes(router)
        addDashboardRoutes(router)
    }

    // MARK: - Guards

    /// What a guarded handler gets: the staff member, the request's form (POST) and route parameters.
    struct Call {
        let staff: ConsoleAuth.Staff
        let form: [(String, String)]
        let request: Request
        let context: AppRequestContext
        func parameter(_ name: String) -> String { context.parameters.get(name) ?? "" }
        func query(_ name: String) -> String? {
            request.uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : $0 }
        }
        func field(_ name: String) -> String { form.value(name) ?? "" }
    }

    /// Runs `handler` for a signed-in staff member with `permission`. GET without a session → the login page;
    /// POST needs the session's CSRF token (403 otherwise); a role without the permission → 403.
    func guarded(
        _ permission: StaffRole.Permission?, _ request: Request, _ context: AppRequestContext,
        _ handler: (Call) async throws -> Response
    ) async throws -> Response {
        var request = request
        let isPost = request.method == .post
        let form = isPost ? try await Self.form(&request, context) : []
        guard let staff = try await auth.staff(for: request) else {
            if isPost { return denied(.forbidden, "csrf", staff: nil) }
            return .redirect(to: "/admin/login", type: .normal)
        }
        if isPost {
            guard let given = form.value("csrf"), ConsoleToken.equal(given, staff.csrf) else {
                logger.notice("console form refused: bad CSRF token", metadata: ["staff": "\(staff.name)", "path": "\(request.uri.path)"])
                return denied(.forbidden, "csrf", staff: staff)
            }
        }
        if let permission, !staff.role.may(permission) {
            logger.notice("console request refused: role", metadata: ["staff": "\(staff.name)", "role": "\(staff.role.rawValue)", "path": "\(request.uri.path)"])
            return denied(.forbidden, "forbidden", staff: staff)
        }
        do {
            return try await handler(Call(staff: staff, form: form, request: request, context: context))
        } catch let error as HTTPError {
            throw error
        } catch {
            logger.error("console request failed", metadata: ["path": "\(request.uri.path)", "error": "\(type(of: error))"])
            throw HTTPError(.internalServerError, message: "the console could not do that")
        }
    }

    func denied(_ status: HTTPResponse.Status, _ label: String, staff: ConsoleAuth.Staff?) -> Response {
        let language = staff?.account.language ?? "en"
        let text = ConsoleLabels.labels(language)[label] ?? label
        return renderer.page(
            "message", title: text, data: [:], chrome: .init(language: language, staff: staff, error: text), status: status)
    }

    /// Renders a page for a staff member (their language, the open handoff count in the menu).
    func page(_ name: String, _ title: String, _ data: [String: Any], _ call: Call, flash: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let open = try await store.handoffs(openOnly: true).count
        let labels = ConsoleLabels.labels(call.staff.account.language)
        return renderer.page(
            name, title: labels[title] ?? title, data: data,
            chrome: .init(language: call.staff.account.language, staff: call.staff, flash: flash.map { labels[$0] ?? $0 }, error: error.map { labels[$0] ?? $0 }, handoffCount: open),
            status: status)
    }

    /// Writes one audit entry: who, what, on what, when. Never a password, an address or message text.
    func audit(_ call: Call, _ action: String, _ subject: String, _ detail: String? = nil) async throws {
        try await store.appendAudit(AuditRecord(staff: call.staff.name, action: action, subject: subject, detail: detail, at: now()))
    }

    static func form(_ request: inout Request, _ context: AppRequestContext) async throws -> [(String, String)] {
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: context.maxUploadSize) } catch {
            throw HTTPError(.contentTooLarge, message: "form too large")
        }
        return FormBody.parse(String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    static func time(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    /// `?msg=` keys a redirect may carry (only known labels are shown).
    static let flashKeys: Set<String> = ["status_changed", "handed_back", "answer_sent", "saved", "dismissed", "staff_added", "staff_changed"]
}

/// Serializes knowledge edits: one file edit, check and reload at a time.
actor EditLock {
    /// `work` is synchronous, so no other edit runs in between (an actor runs one such call at a time).
    func run<T: Sendable>(_ work: @Sendable () throws -> T) throws -> T { try work() }
}
