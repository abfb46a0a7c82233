import DeskCore
import Foundation
import Hummingbird

/// `/admin/login`, `/admin/logout` and the console language.
extension Console {
    func addLoginRoutes(_ router: Router<AppRequestContext>) {
        router.get("admin/login") { _, _ in loginPage(error: nil, status: .ok) }

        router.post("admin/login") { request, context in
            var request = request
            let form = try await Self.form(&request, context)
            // Double-submit CSRF for the login form: the hidden field must match the form's cookie.
            guard let given = form.value("csrf"), let cookie = ConsoleAuth.cookie(ConsoleAuth.loginCookie, in: request),
                !cookie.isEmpty, ConsoleToken.equal(given, cookie)
            else { return loginPage(error: "csrf", status: .forbidden) }
            let name = form.value("username")?.trimmingCharacters(in: .whitespaces) ?? ""
            let password = form.value("password") ?? ""
            switch try await auth.login(name: name, password: password, from: context.remoteIP ?? "-") {
            case .success(let token, _):
                var response = Response.redirect(to: "/admin", type: .normal)
                response.headers[values: .setCookie] = [auth.sessionCookie(token), auth.clearedCookie(ConsoleAuth.loginCookie)]
                return response
            case .refused: return loginPage(error: "login_failed", status: .unauthorized)
            case .locked: return loginPage(error: "locked", status: .forbidden)
            case .rateLimited: return loginPage(error: "rate_limited", status: .tooManyRequests)
            }
        }

        router.post("admin/logout") { request, context in
            try await guarded(nil, request, context) { call in
                try await auth.logout(call.staff)
                var response = Response.redirect(to: "/admin/login", type: .normal)
                response.headers[.setCookie] = auth.clearedCookie(ConsoleAuth.sessionCookie)
                return response
            }
        }

        router.post("admin/preferences") { request, context in
            try await guarded(nil, request, context) { call in
                let language = call.field("language")
                guard ConsoleLabels.languages.contains(language) else { throw HTTPError(.badRequest, message: "unknown language") }
                var account = call.staff.account
                account.language = language
                try await store.saveStaff(account)
                try await audit(call, "console language", call.staff.name, language)
                return .redirect(to: "/admin", type: .normal)
            }
        }
    }

    /// The login form with a fresh CSRF token (and its cookie).
    func loginPage(error: String?, status: HTTPResponse.Status) -> Response {
        let token = ConsoleToken.make()
        var headers = HTTPFields()
        headers[.setCookie] = auth.loginCookie(token)
        let labels = ConsoleLabels.labels("en")
        return renderer.page(
            "login", title: labels["login"] ?? "Log in", data: ["csrf": token],
            chrome: .init(language: "en", staff: nil, error: error.map { labels[$0] ?? $0 }), status: status, headers: headers)
    }
}
