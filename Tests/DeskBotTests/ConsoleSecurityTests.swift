import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// A console on an in-memory store with an injected clock, driven through Hummingbird's test client.
struct ConsoleFixture: Sendable {
    let store: SQLiteDeskStore
    let clock: TestClock
    let desk: Desk
    let console: Console
    let services: DeskServices
    let config: ServerConfiguration

    init(settings: ServerConfiguration.Console = ServerConfiguration.Console(), corpora: String? = nil) throws {
        let store = try SQLiteDeskStore.inMemory()
        let clock = TestClock(Repo.fixedNow)
        let desk = try Repo.desk(store: store, now: { clock.now })
        var config = ServerConfiguration()
        config.console = settings
        let services = DeskServices(desk: desk, config: config, logger: Logger(label: "test"))
        let console = Console(desk: desk, settings: settings, corpora: corpora, logger: Logger(label: "test"), now: { clock.now })
        self.store = store
        self.clock = clock
        self.desk = desk
        self.console = console
        self.services = services
        self.config = config
    }

    /// An account with a cheap hash (the rounds are in the stored hash; login verifies with them).
    func addStaff(_ name: String, role: StaffRole, password: String = "correct horse battery") async throws {
        try await StaffAccounts(store: store, hasher: PasswordHasher(testingRounds: 1000)).add(name: name, role: role, password: password, at: clock.now)
    }

    func test(_ body: @escaping @Sendable (ConsoleClient) async throws -> Void) async throws {
        let app = Application(router: buildRouter(pipeline: services.pipeline, config: config, console: console))
        try await app.test(.router) { client in try await body(ConsoleClient(client: client)) }
    }
}

/// A browser's part: cookies kept between requests, CSRF tokens read from the pages.
final class ConsoleClient: Sendable {
    let client: any TestClientProtocol
    private let cookies = Mutex<[String: String]>([:])

    init(client: any TestClientProtocol) { self.client = client }

    struct Page: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String
        var csrf: String? {
            guard let range = body.range(of: "name=\"csrf\" value=\"") else { return nil }
            return String(body[range.upperBound...].prefix { $0 != "\"" })
        }
        var setCookies: [String] { headers[values: .setCookie] }
    }

    @discardableResult
    func get(_ uri: String) async throws -> Page { try await send(uri, .get, nil) }

    @discardableResult
    func post(_ uri: String, _ form: [(String, String)]) async throws -> Page { try await send(uri, .post, form) }

    func send(_ uri: String, _ method: HTTPRequest.Method, _ form: [(String, String)]?) async throws -> Page {
        var headers: HTTPFields = [:]
        let jar = cookies.withLock { $0 }
        if !jar.isEmpty { headers[.cookie] = jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let response = try await client.execute(
            uri: uri, method: method, headers: headers, body: form.map { ByteBuffer(string: FormBody.encode($0)) })
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            cookies.withLock { if value.isEmpty { $0[name] = nil } else { $0[name] = value } }
        }
        return Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }

    /// Logs in through the form (its CSRF token and cookie included).
    @discardableResult
    func login(_ name: String, _ password: String = "correct horse battery") async throws -> Page {
        let form = try await get("/admin/login")
        return try await post("/admin/login", [("csrf", form.csrf ?? ""), ("username", name), ("password", password)])
    }
}

@Suite struct ConsoleSecurityTests {
    @Test func loginSetsAHardenedSessionCookie() async throws {
        let f = try ConsoleFixture()
        try await f.addStaff("amina", role: .clerk)
        try await f.test { c in
            // Given the login form, When the right password is sent
            let page = try await c.login("amina")
            // Then a session cookie: HttpOnly, SameSite=Strict, Secure, scoped to /admin, with an expiry
            #expect(page.status == .seeOther)
            let cookie = try #require(page.setCookies.first { $0.hasPrefix("deskbot_session=") })
            for attribute in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/admin", "Max-Age=28800"] { #expect(cookie.contains(attribute)) }
            // And the dashboard opens
            #expect(try await c.get("/admin").status == .ok)
        }
        // The database keeps only the token's digest
        let sessions = try await f.store.dbWriter.read { db in try StaffSessionRecord.fetchAll(db) }
        #expect(sessions.count == 1)
        #expect(sessions[0].id.count == 64)
    }

    @Test func wrongPasswordAndUnknownUserGetTheSameAnswer() async throws {
        let f = try ConsoleFixture()
        try await f.addStaff("amina", role: .clerk)
        try await f.test { c in
            let wrong = try await c.login("amina", "not the password")
            let unknown = try await c.login("nobody", "not the password")
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.body.contains("Wrong username or password."))
            #expect(try await c.get("/admin").status == .seeOther)
        }
    }

    @Test func formsWithoutTheirCSRFTokenAreRefused() async throws {
        let f = try ConsoleFixture()
        try await f.addStaff("amina", role: .clerk)
        try await f.test { c in
            // The login form itself: no token, or one that does not match its cookie → 403
            _ = try await c.get("/admin/login")
            #expect(try await c.post("/admin/login", [("username", "amina"), ("password", "correct horse battery")]).status == .forbidden)
            #expect(try await c.post("/admin/login", [("csrf", "forged"), ("username", "amina"), ("password", "correct horse battery")]).status == .forbidden)
            // Signed in: a form without the session's token, or with another one, is refused and changes nothing
            try await c.login("amina")
            #expect(try await c.post("/admin/preferences", [("language", "ur")]).status == .forbidden)
            #expect(try await c.post("/admin/preferences", [("csrf", "x"), ("language", "ur")]).status == .forbidden)
            #expect(try await f.store.staff(name: "amina")?.language == "en")
            // With the token it is accepted
            let token = try #require(try await c.get("/admin").csrf)
            #expect(try await c.post("/admin/preferences", [("csrf", token), ("language", "ur")]).status == .seeOther)
            #expect(try await f.store.staff(name: "amina")?.language == "ur")
            // And the console is now in Urdu, right to left
            let urdu = try await c.get("/admin")
            #expect(urdu.body.contains("dir=\"rtl\""))
            #expect(urdu.body.contains("شکایات"))
        }
    }

    @Test func repeatedFailuresLockTheAccountUntilTheLockExpires() async throws {
        var settings = ServerConfiguration.Console()
        settings.maxFailedLogins = 3
        settings.lockoutMinutes = 15
        let f = try ConsoleFixture(settings: settings)
        try await f.addStaff("amina", role: .clerk)
        try await f.test { c in
            // Given three wrong passwords in a row
            for _ in 0..<2 { #expect(try await c.login("amina", "guess").status == .unauthorized) }
            #expect(try await c.login("amina", "guess").status == .forbidden)
            // Then even the right password is refused while the lock lasts
            let locked = try await c.login("amina")
            #expect(locked.status == .forbidden)
            #expect(locked.body.contains("locked"))
            f.clock.advance(14 * 60)
            #expect(try await c.login("amina").status == .forbidden)
            // When the lock has expired, the right password works
            f.clock.advance(2 * 60)
            #expect(try await c.login("amina").status == .seeOther)
        }
        let actions = try await f.store.auditLog(limit: 20).map(\.action)
        #expect(actions.contains("account locked"))
        #expect(actions.filter { $0 == "login failed" }.count == 2)
    }

    @Test func loginAttemptsAreRateLimited() async throws {
        var settings = ServerConfiguration.Console()
        settings.loginAttemptsPerMinute = 4
        settings.maxFailedLogins = 100
        let f = try ConsoleFixture(settings: settings)
        try await f.test { (c: ConsoleClient) async throws -> Void in
            for _ in 0..<4 {
                let refused = try await c.login("nobody", "guess")
                #expect(refused.status == .unauthorized)
            }
            let limited = try await c.login("nobody", "guess")
            #expect(limited.status == .tooManyRequests)
            f.clock.advance(61)
            let later = try await c.login("nobody", "guess")
            #expect(later.status == .unauthorized)
        }
    }

    @Test func sessionsExpire() async throws {
        var settings = ServerConfiguration.Console()
        settings.sessionMinutes = 30
        let f = try ConsoleFixture(settings: settings)
        try await f.addStaff("amina", role: .clerk)
        try await f.test { c in
            try await c.login("amina")
            f.clock.advance(29 * 60)
            #expect(try await c.get("/admin").status == .ok)
            // After the session's lifetime the cookie no longer opens the console
            f.clock.advance(2 * 60)
            let page = try await c.get("/admin")
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/admin/login")
        }
        #expect(try await f.store.dbWriter.read { db in try StaffSessionRecord.fetchCount(db) } == 0)
    }

    @Test func disablingAnAccountEndsItsSessions() async throws {
        let f = try ConsoleFixture()
        try await f.addStaff("amina", role: .clerk)
        try await f.test { c in
            try await c.login("amina")
            try await StaffAccounts(store: f.store).setDisabled("amina", true)
            #expect(try await c.get("/admin").status == .seeOther)
            #expect(try await c.login("amina").status == .unauthorized)
        }
    }

    @Test func rolesAreEnforcedOnTheServer() async throws {
        let f = try ConsoleFixture(corpora: Repo.corpora)
        try await f.addStaff("clerk1", role: .clerk)
        try await f.addStaff("super1", role: .supervisor)
        try await f.addStaff("admin1", role: .admin)
        try await f.test { c in
            try await c.login("clerk1")
            let token = try #require(try await c.get("/admin").csrf)
            #expect(try await c.get("/admin/complaints").status == .ok)
            #expect(try await c.get("/admin/handoffs").status == .ok)
            // A clerk can neither edit the knowledge base nor manage accounts, even with a valid form
            #expect(try await c.get("/admin/knowledge").status == .forbidden)
            #expect(try await c.get("/admin/knowledge/en/faq/office_hours").status == .forbidden)
            #expect(try await c.post("/admin/knowledge/en/faq/office_hours", [("csrf", token), ("answer", "hacked")]).status == .forbidden)
            #expect(try await c.get("/admin/unmatched").status == .forbidden)
            #expect(try await c.get("/admin/staff").status == .forbidden)
            #expect(try await c.post("/admin/staff", [("csrf", token), ("name", "evil"), ("role", "admin"), ("password", "0123456789ab")]).status == .forbidden)
            #expect(try await c.get("/admin/audit").status == .forbidden)
            #expect(try await f.store.staff(name: "evil") == nil)
        }
        try await f.test { c in
            try await c.login("super1")
            #expect(try await c.get("/admin/knowledge").status == .ok)
            #expect(try await c.get("/admin/unmatched").status == .ok)
            #expect(try await c.get("/admin/staff").status == .forbidden)
        }
        try await f.test { c in
            try await c.login("admin1")
            #expect(try await c.get("/admin/staff").status == .ok)
            let audit = try await c.get("/admin/audit")
            #expect(audit.status == .ok)
            #expect(audit.body.contains("clerk1"))
        }
    }

    @Test func passwordsAreStoredAsPBKDF2Hashes() throws {
        let hash = try PasswordHasher(testingRounds: 1000).hash("correct horse battery")
        #expect(hash.hasPrefix("pbkdf2-sha512$1000$"))
        #expect(!hash.contains("correct"))
        #expect(PasswordHasher.verify("correct horse battery", against: hash))
        #expect(!PasswordHasher.verify("correct horse batterY", against: hash))
        #expect(!PasswordHasher.verify("anything", against: "garbage"))
        // Two hashes of one password differ (random salt)
        #expect(try PasswordHasher(testingRounds: 1000).hash("same") != (try PasswordHasher(testingRounds: 1000).hash("same")))
    }
}
