import Foundation
import Intents
import Locales

/// The civic workflow in a turn: a new complaint is routed, its locality found, linked to an open complaint about
/// the same problem (the citizen is told so), given its due date, and its department told — all written with the
/// turn's one commit (`TurnRecord.civic`).
package extension DeskSnapshot {
    var router: CivicRouter {
        let engine = engine
        return CivicRouter(directory: corpus.civic, words: { engine.words($0, in: $1) })
    }

    /// Called when the turn files a complaint: fills `turn.writes.civic`, and for a duplicate answers with
    /// `complaint_duplicate` instead of the filing reply.
    func civicFiling(_ reply: Reply, _ turn: inout Turn) async throws -> Reply {
        guard let complaint = turn.writes.complaint else { return reply }
        let (filing, primary) = try await civicFiling(for: complaint, locale: turn.language)
        turn.writes.civic = filing
        guard let primary else { return reply }
        return answer(
            "complaint_duplicate", turn,
            values: [
                "reference": Self.referenceMark, "primary": primary.reference,
                "expected": citizenDate(filing.dueAt, turn.language),
            ])
    }

    /// Routing, locality, duplicate and due date of a complaint about to be filed (chat, SMS, USSD or Open311).
    /// A duplicate gets its primary's due date and no department notice (the department has the first report).
    func civicFiling(for complaint: ComplaintRecord, locale: LocaleID) async throws -> (CivicFiling, ComplaintRecord?) {
        let civic = corpus.civic
        let router = router
        let place = complaint.location ?? ""
        let area = router.area(in: place, locale: locale) ?? router.area(in: complaint.description, locale: locale)
        let department = router.department(
            category: complaint.category, area: area, text: place + "\n" + complaint.description, locale: locale)
        var filing = CivicFiling(
            department: department?.code, area: area?.code, duplicateOf: nil,
            dueAt: civic.due(complaint.category, filed: complaint.createdAt))
        let since = complaint.createdAt.addingTimeInterval(-civic.duplicateWindow)
        // Decided here from what is committed; re-checked under a lock when the turn commits (`duplicateSince`).
        if area != nil { filing.duplicateSince = since }
        if let area,
            let primary = try await store.duplicateCandidate(category: complaint.category, area: area.code, since: since),
            let primaryID = primary.id
        {
            filing.duplicateOf = primaryID
            filing.dueAt = try await store.civicComplaints(references: [primary.reference]).first?.civic?.dueAt ?? filing.dueAt
            return (filing, primary)
        }
        if let department {
            let subject = "New complaint \(Self.referenceMark) (\(complaint.category)) for \(department.name)"
            let body = "\(complaint.category) complaint \(Self.referenceMark), filed \(Self.day(complaint.createdAt)), due \(Self.day(filing.dueAt))."
                + " Place: \(complaint.location ?? "-"). \(complaint.description)"
            filing.messages = messages(to: department.contact, of: department, role: "contact", subject: subject, body: body, complaint: complaint)
        }
        return (filing, nil)
    }

    /// Messages for a department contact: e-mail (first line the subject), SMS on the configured gateway, or the
    /// complaint forwarded to an Open311 endpoint (`complaint` given: a new or reassigned complaint).
    func messages(
        to contact: DepartmentContact, of department: Department, role: String, subject: String, body: String, complaint: ComplaintRecord? = nil
    ) -> [DepartmentMessage] {
        let recipient = "department-\(department.code)-\(role)"
        switch contact {
        case .email(let address): return [DepartmentMessage(channel: "email", recipient: recipient, address: address, text: subject + "\n" + body)]
        case .sms(let number): return [DepartmentMessage(channel: corpus.civic.smsChannel, recipient: recipient, address: number, text: body)]
        case .open311(let endpoint):
            guard let complaint else { return [] }
            return [
                DepartmentMessage(
                    channel: Open311Forward.channel, recipient: recipient, address: endpoint.baseURL,
                    text: Open311Forward(endpoint: endpoint, complaint: complaint).text)
            ]
        case .none: return []
        }
    }

    // MARK: - Dates

    /// A date as the citizen's language writes it, with ICU through the shim (`LocaleFormatter`, skeleton `yMMMMd`)
    /// in the locale pack's ICU locale (`icu_locale:` in locale.yaml, else its code; Roman Urdu as `en_PK`), so each
    /// language gets its own month names, order and — where its ICU default has them — digits: “November 26, 2026”,
    /// “26 نوفمبر ٢٠٢٦”, “26 نومبر 2026”, “26 नवंबर 2026”. The day is the one in the city's time zone (setting
    /// `timezone`, default UTC).
    func citizenDate(_ date: Date, _ locale: LocaleID) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = corpus.settings["timezone"].flatMap { TimeZone(identifier: $0.defaultText) } ?? TimeZone(identifier: "UTC") ?? calendar.timeZone
        let day = calendar.dateComponents([.year, .month, .day], from: date)
        let year = day.year ?? 1970
        let month = day.month ?? 1
        let dayOfMonth = day.day ?? 1
        let formatter = LocaleFormatter(icuLocale: LocaleFormatter.icuLocale(for: locale, override: corpus.packs[locale]?.info.icuLocale))
        // ICU refuses only a broken ICU locale id (`deskbot check` reports one): the ISO date says it still.
        return formatter.date(skeleton: Self.expectedDateSkeleton, year: year, month: month, day: dayOfMonth)
            ?? String(format: "%04d-%02d-%02d", year, month, dayOfMonth)
    }

    /// The fields of the expected date: year, full month name, day (ICU chooses their order and punctuation).
    static let expectedDateSkeleton = "yMMMMd"

    /// The expected date of a complaint for its status reply (its primary's when it is a linked duplicate).
    func expectedDate(of complaint: ComplaintRecord, _ locale: LocaleID) async throws -> String {
        let due = try await store.civicComplaints(references: [complaint.reference]).first?.civic?.dueAt
            ?? corpus.civic.due(complaint.category, filed: complaint.createdAt)
        return citizenDate(due, locale)
    }

    // MARK: - Linked duplicates

    /// After a staff status change: complaints linked to this one follow it and their citizens are told.
    func followPrimary(_ primary: ComplaintRecord, to status: ComplaintStatus, note: String?, at: Date) async throws {
        guard let id = primary.id else { return }
        _ = try await store.followPrimary(id, to: status, note: note, at: at) { linked, contact in
            guard let contact, !contact.optedOut else { return nil }
            let locale = LocaleID(linked.locale)
            let message = text(
                "notify_status_changed", locale,
                ["reference": linked.reference, "status": text("status_\(status.rawValue)", locale), "note": note ?? ""])
            return OutboxRecord(
                id: nil, channel: linked.channel, citizen: linked.citizen, text: message, locale: linked.locale, createdAt: at,
                attempts: 0, nextAttemptAt: at, deliveredAt: nil)
        }
    }
}
