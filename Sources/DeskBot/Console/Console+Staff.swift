import DeskCore
import Foundation
import Hummingbird

/// Staff accounts and the audit log (admins only).
extension Console {
    func addStaffRoutes(_ router: Router<AppRequestContext>) {
        router.get("admin/staff") { request, context in
            try await guarded(.manageStaff, request, context) { call in
                let flash = call.query("msg").flatMap { Self.flashKeys.contains($0) ? $0 : nil }
                return try await staffPage(call, flash: flash)
            }
        }
        router.post("admin/staff") { request, context in
            try await guarded(.manageStaff, request, context) { call in
                let name = call.field("name").trimmingCharacters(in: .whitespaces)
                let password = call.field("password")
                guard StaffAccounts.validName(name) else { return try await staffPage(call, error: StaffAccounts.nameRule, status: .unprocessableContent) }
                guard let role = StaffRole(rawValue: call.field("role")) else { throw HTTPError(.badRequest, message: "unknown role") }
                guard password.count >= StaffAccounts.minimumPassword else {
                    return try await staffPage(call, error: StaffAccounts.passwordRule, status: .unprocessableContent)
                }
                let language = ConsoleLabels.languages.contains(call.field("language")) ? call.field("language") : "en"
                do {
                    try await StaffAccounts(store: store).add(name: name, role: role, password: password, language: language, at: now())
                } catch let error as StaffStoreError {
                    return try await staffPage(call, error: error.description, status: .conflict)
                }
                try await audit(call, "staff added", name, role.rawValue)
                return .redirect(to: "/admin/staff?msg=staff_added", type: .normal)
            }
        }
        router.post("admin/staff/:name/:action") { request, context in
            try await guarded(.manageStaff, request, context) { call in
                let name = call.parameter("name")
                let action = call.parameter("action")
                guard action == "disable" || action == "enable" else { throw HTTPError(.notFound) }
                guard name != call.staff.name else { return try await staffPage(call, error: "forbidden", status: .forbidden) }
                do {
                    try await StaffAccounts(store: store).setDisabled(name, action == "disable")
                } catch let error as StaffStoreError {
                    return try await staffPage(call, error: error.description, status: .notFound)
                }
                try await audit(call, "staff \(action)d", name)
                return .redirect(to: "/admin/staff?msg=staff_changed", type: .normal)
            }
        }
        router.get("admin/audit") { request, context in
            try await guarded(.readAudit, request, context) { call in
                let rows = try await store.auditLog(limit: 500).map { e -> [String: Any] in
                    ["at": Self.time(e.at), "staff": e.staff, "action": e.action, "subject": e.subject, "detail": e.detail ?? ""]
                }
                return try await page("audit", "audit", ["rows": rows], call)
            }
        }
    }

    func staffPage(_ call: Call, flash: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let at = now()
        let rows = try await store.staffAccounts().map { a -> [String: Any] in
            ["name": a.name, "role": a.role, "language": a.language, "disabled": a.disabled, "locked": (a.lockedUntil ?? at) > at, "csrf": call.staff.csrf]
        }
        return try await page("staff", "staff", ["rows": rows], call, flash: flash, error: error, status: status)
    }
}

/// Account operations shared by `deskbot staff` and the console.
struct StaffAccounts {
    let store: any DeskStore
    var hasher = PasswordHasher()

    static let minimumPassword = 10
    static let nameRule = "a staff name is 2–32 characters: a–z, 0–9, dot, dash, underscore"
    static let passwordRule = "a password has at least \(minimumPassword) characters"

    static func validName(_ name: String) -> Bool {
        (2...32).contains(name.count) && name.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || ".-_".contains($0) }
    }

    func add(name: String, role: StaffRole, password: String, language: String = "en", at: Date) async throws {
        try await store.addStaff(
            StaffAccountRecord(name: name, role: role.rawValue, passwordHash: try hasher.hash(password), language: language, createdAt: at))
    }

    /// Disabling also ends the account's sessions at once.
    func setDisabled(_ name: String, _ disabled: Bool) async throws {
        guard var account = try await store.staff(name: name) else { throw StaffStoreError.unknownStaff(name) }
        account.disabled = disabled
        if !disabled {
            account.failedLogins = 0
            account.lockedUntil = nil
        }
        try await store.saveStaff(account)
        if disabled { try await store.deleteStaffSessions(staff: name) }
    }
}
