import DeskCore
import Foundation
import Hummingbird

/// Logins, sessions and CSRF for the console. Sessions live in the store (`staffSession`, keyed by the SHA-256 of
/// the cookie's token), expire `sessionMinutes` after login, and end when the account is disabled.
struct ConsoleAuth: Sendable {
    static let sessionCookie = "deskbot_session"
    static let loginCookie = "deskbot_login_csrf"

    let store: any DeskStore
    let settings: ServerConfiguration.Console
    let now: @Sendable () -> Date
    let limiter: LoginLimiter

    init(store: any DeskStore, settings: ServerConfiguration.Console, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.settings = settings
        self.now = now
        limiter = LoginLimiter(perMinute: settings.loginAttemptsPerMinute)
    }

    /// A signed-in staff member and their session.
    struct Staff: Sendable {
        let account: StaffAccountRecord
        let session: StaffSessionRecord
        var role: StaffRole { StaffRole(rawValue: account.role) ?? .clerk }
        var name: String { account.name }
        var csrf: String { session.csrf }
    }

    enum LoginResult: Sendable {
        case success(token: String, Staff)
        /// Wrong name or password (the same answer for both), or a disabled account.
        case refused
        /// Too many failures: the account is locked until then.
        case locked(until: Date)
        /// Too many attempts from this address.
        case rateLimited
    }

    // MARK: - Login

    func login(name: String, password: String, from address: String) async throws -> LoginResult {
        let at = now()
        guard await limiter.allow(address, at: at) else { return .rateLimited }
        guard var account = try await store.staff(name: name), !account.disabled else {
            PasswordHasher.dummyVerify(password)
            return .refused
        }
        if let until = account.lockedUntil, until > at { return .locked(until: until) }
        guard PasswordHasher.verify(password, against: account.passwordHash) else {
            account.failedLogins += 1
            var result = LoginResult.refused
            if account.failedLogins >= settings.maxFailedLogins {
                let until = at.addingTimeInterval(Double(settings.lockoutMinutes) * 60)
                account.lockedUntil = until
                account.failedLogins = 0
                result = .locked(until: until)
                try await store.appendAudit(AuditRecord(staff: name, action: "account locked", subject: name, detail: "after \(settings.maxFailedLogins) failed logins", at: at))
            } else {
                try await store.appendAudit(AuditRecord(staff: name, action: "login failed", subject: name, at: at))
            }
            try await store.saveStaff(account)
            return result
        }
        account.failedLogins = 0
        account.lockedUntil = nil
        try await store.saveStaff(account)
        let token = ConsoleToken.make()
        let session = StaffSessionRecord(
            id: ConsoleToken.digest(token), staff: name, csrf: ConsoleToken.make(), createdAt: at,
            expiresAt: at.addingTimeInterval(Double(settings.sessionMinutes) * 60))
        try await store.createStaffSession(session)
        try await store.appendAudit(AuditRecord(staff: name, action: "login", subject: name, at: at))
        return .success(token: token, Staff(account: account, session: session))
    }

    func logout(_ staff: Staff) async throws {
        try await store.deleteStaffSession(id: staff.session.id)
        try await store.appendAudit(AuditRecord(staff: staff.name, action: "logout", subject: staff.name, at: now()))
    }

    // MARK: - Sessions

    /// The staff member whose valid session the request's cookie names, or `nil`.
    func staff(for request: Request) async throws -> Staff? {
        guard let token = Self.cookie(Self.sessionCookie, in: request), !token.isEmpty else { return nil }
        guard let session = try await store.staffSession(id: ConsoleToken.digest(token)) else { return nil }
        guard session.expiresAt > now() else {
            try await store.deleteStaffSession(id: session.id)
            return nil
        }
        guard let account = try await store.staff(name: session.staff), !account.disabled else { return nil }
        return Staff(account: account, session: session)
    }

    /// `Set-Cookie` for a new session: HttpOnly, SameSite=Strict, Path=/admin, Secure unless configured off.
    func sessionCookie(_ token: String) -> String {
        "\(Self.sessionCookie)=\(token); Path=/admin; Max-Age=\(settings.sessionMinutes * 60); HttpOnly; SameSite=Strict"
            + (settings.secureCookies ? "; Secure" : "")
    }

    func clearedCookie(_ name: String) -> String {
        "\(name)=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Strict" + (settings.secureCookies ? "; Secure" : "")
    }

    /// The login form's CSRF token, kept in a cookie of its own (double submit: there is no session yet).
    func loginCookie(_ token: String) -> String {
        "\(Self.loginCookie)=\(token); Path=/admin; Max-Age=3600; HttpOnly; SameSite=Strict" + (settings.secureCookies ? "; Secure" : "")
    }

    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for part in header.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces)
                if pair.hasPrefix(name + "=") { return String(pair.dropFirst(name.count + 1)) }
            }
        }
        return nil
    }
}

/// Login attempts per address in a sliding minute (all accounts together); the account lock-out is in the store.
actor LoginLimiter {
    let perMinute: Int
    private var attempts: [String: [Date]] = [:]

    init(perMinute: Int) { self.perMinute = perMinute }

    func allow(_ address: String, at now: Date) -> Bool {
        var recent = (attempts[address] ?? []).filter { now.timeIntervalSince($0) < 60 }
        guard recent.count < perMinute else {
            attempts[address] = recent
            return false
        }
        recent.append(now)
        attempts[address] = recent
        if attempts.count > 10_000 { attempts = attempts.filter { !$0.value.isEmpty && now.timeIntervalSince($0.value.last ?? now) < 60 } }
        return true
    }
}
