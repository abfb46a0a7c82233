import Foundation

/// The `console:` section of the server configuration: the staff console's session and login settings.
extension ServerConfiguration {
    struct Console: Sendable, Decodable {
        /// Session cookies carry `Secure` (sent over HTTPS only). Turn off only for plain-HTTP tests on 127.0.0.1.
        var secureCookies = true
        /// A session ends this long after login.
        var sessionMinutes = 8 * 60
        /// Failed logins in a row that lock an account, and for how long.
        var maxFailedLogins = 5
        var lockoutMinutes = 15
        /// Login attempts per minute from one address (all accounts), before 429.
        var loginAttemptsPerMinute = 10
        /// An open complaint older than this many days is overdue in the queue.
        var overdueDays = 14

        enum CodingKeys: String, CodingKey, CaseIterable {
            case secureCookies = "secure_cookies", sessionMinutes = "session_minutes", maxFailedLogins = "max_failed_logins"
            case lockoutMinutes = "lockout_minutes", loginAttemptsPerMinute = "login_attempts_per_minute", overdueDays = "overdue_days"
        }

        init() {}
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            secureCookies = try c.decodeIfPresent(Bool.self, forKey: .secureCookies) ?? secureCookies
            sessionMinutes = try c.decodeIfPresent(Int.self, forKey: .sessionMinutes) ?? sessionMinutes
            maxFailedLogins = try c.decodeIfPresent(Int.self, forKey: .maxFailedLogins) ?? maxFailedLogins
            lockoutMinutes = try c.decodeIfPresent(Int.self, forKey: .lockoutMinutes) ?? lockoutMinutes
            loginAttemptsPerMinute = try c.decodeIfPresent(Int.self, forKey: .loginAttemptsPerMinute) ?? loginAttemptsPerMinute
            overdueDays = try c.decodeIfPresent(Int.self, forKey: .overdueDays) ?? overdueDays
        }

        /// The keys and ranges `ServerConfiguration.schema` validates.
        static let schema: ConfigValue = .section([
            "secure_cookies": .bool, "session_minutes": .int(1...7 * 24 * 60), "max_failed_logins": .int(1...100),
            "lockout_minutes": .int(1...24 * 60), "login_attempts_per_minute": .int(1...10_000), "overdue_days": .int(1...365),
        ])
    }
}
