import Foundation

/// A staff account of the web console. The password is kept only as a salted hash (`passwordHash`, PHC-style
/// `pbkdf2-sha512$rounds$salt$hash`, made by the console's `PasswordHasher`).
package struct StaffAccountRecord: Codable, Sendable, Equatable {
    package var name: String
    /// `clerk`, `supervisor` or `admin`.
    package var role: String
    package var passwordHash: String
    /// The console's own labels: `en` or `ur`.
    package var language: String
    package var disabled: Bool
    /// Failed logins since the last success; at the limit the account is locked until `lockedUntil`.
    package var failedLogins: Int
    package var lockedUntil: Date?
    package var createdAt: Date

    package init(
        name: String, role: String, passwordHash: String, language: String = "en", disabled: Bool = false, failedLogins: Int = 0,
        lockedUntil: Date? = nil, createdAt: Date
    ) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.language = language
        self.disabled = disabled
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
    }
}

/// A server-side console session. `id` is the SHA-256 of the cookie's token (the token itself is never stored);
/// `csrf` is the token every form of the session carries.
package struct StaffSessionRecord: Codable, Sendable, Equatable {
    package var id: String
    package var staff: String
    package var csrf: String
    package var createdAt: Date
    package var expiresAt: Date

    package init(id: String, staff: String, csrf: String, createdAt: Date, expiresAt: Date) {
        self.id = id
        self.staff = staff
        self.csrf = csrf
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// One staff action: who did what to which thing, and when. Never holds a password, a phone number or message text.
package struct AuditRecord: Codable, Sendable, Equatable {
    package var id: Int64?
    package var staff: String
    package var action: String
    package var subject: String
    package var detail: String?
    package var at: Date

    package init(id: Int64? = nil, staff: String, action: String, subject: String, detail: String? = nil, at: Date) {
        self.id = id
        self.staff = staff
        self.action = action
        self.subject = subject
        self.detail = detail
        self.at = at
    }
}

/// A conversation handed to a person: while it is `waiting` or `answered` the bot does not answer it.
package struct HandoffRecord: Codable, Sendable, Equatable {
    package enum Status: String, Sendable, CaseIterable {
        case waiting, answered, closed
    }

    package var id: Int64?
    /// The conversation's key (`<channel>:<citizen>`).
    package var conversation: String
    package var channel: String
    package var citizen: String
    package var locale: String
    package var status: String
    package var openedAt: Date
    package var answeredAt: Date?
    package var closedAt: Date?
    package var closedBy: String?

    package init(
        id: Int64? = nil, conversation: String, channel: String, citizen: String, locale: String, status: String = Status.waiting.rawValue,
        openedAt: Date, answeredAt: Date? = nil, closedAt: Date? = nil, closedBy: String? = nil
    ) {
        self.id = id
        self.conversation = conversation
        self.channel = channel
        self.citizen = citizen
        self.locale = locale
        self.status = status
        self.openedAt = openedAt
        self.answeredAt = answeredAt
        self.closedAt = closedAt
        self.closedBy = closedBy
    }

    package var isOpen: Bool { status != Status.closed.rawValue }
}

/// A message in a handoff: from the citizen (`author` = `citizen`) or a staff member's answer (`author` = their name).
package struct HandoffMessageRecord: Codable, Sendable, Equatable {
    package var id: Int64?
    package var handoffId: Int64
    package var author: String
    package var text: String
    package var at: Date
    /// The provider message it came from (a redelivery adds nothing).
    package var inboundId: String?

    package init(id: Int64? = nil, handoffId: Int64, author: String, text: String, at: Date, inboundId: String? = nil) {
        self.id = id
        self.handoffId = handoffId
        self.author = author
        self.text = text
        self.at = at
        self.inboundId = inboundId
    }

    package static let citizen = "citizen"
}
