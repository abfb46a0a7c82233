import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders console pages: a page template into the layout, with the staff member's labels and direction.
struct ConsoleRenderer: Sendable {
    let library: MustacheLibrary

    /// The templates are constants of this program (`ConsoleTemplates`); one that does not parse is a programming
    /// error caught by the console tests, so it stops the program instead of serving broken pages.
    init() {
        var library = MustacheLibrary()
        for (name, text) in ConsoleTemplates.all {
            do { try library.register(text, named: name) } catch { fatalError("console template `\(name)` does not parse: \(error)") }
        }
        self.library = library
    }

    /// What the layout needs besides the page: who is signed in (nil on the login and public pages).
    struct Chrome {
        var language = "en"
        var staff: ConsoleAuth.Staff?
        var flash: String?
        var error: String?
        var handoffCount = 0
        /// The public open-data page (not the staff console).
        var isPublic = false
    }

    func page(_ name: String, title: String, data: [String: Any], chrome: Chrome, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let labels = ConsoleLabels.labels(chrome.language)
        var data = data
        data["t"] = labels
        if let staff = chrome.staff { data["csrf"] = staff.csrf }
        let content = library.render(data, withTemplate: name) ?? ""
        var layout: [String: Any] = [
            "lang": chrome.language, "dir": ConsoleLabels.direction(chrome.language), "title": title, "t": labels,
            "css": ConsoleTemplates.css, "content": content, "public": chrome.isPublic,
        ]
        if let flash = chrome.flash { layout["flash"] = flash }
        if let error = chrome.error { layout["error"] = error }
        if let staff = chrome.staff {
            layout["user"] = staff.name
            layout["role"] = staff.role.rawValue
            layout["csrf"] = staff.csrf
            layout["canEdit"] = staff.role.may(.editKnowledge)
            layout["canManage"] = staff.role.may(.manageStaff)
            if chrome.handoffCount > 0 { layout["handoffCount"] = chrome.handoffCount }
            layout["languages"] = ConsoleLabels.languages.map {
                ["code": $0, "label": $0 == "ur" ? "اردو" : "English", "selected": $0 == chrome.language] as [String: Any]
            }
        }
        let html = library.render(layout, withTemplate: "layout") ?? ""
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        // No framing by other sites, no external anything: only this server's own styles and forms.
        fields[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        fields[.xContentTypeOptions] = "nosniff"
        fields[.referrerPolicy] = "same-origin"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

extension HTTPField.Name {
    // Both are valid header names (checked by the initializer at first use; a literal here cannot fail).
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
