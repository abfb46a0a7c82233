import DeskCore
import Foundation
import Hummingbird

/// The staff dashboard (`/admin`) and the public open-data page (`/open-data`, `.csv`, `.json`): anonymised counts
/// only — `OpenData.rows` as `deskbot stats` computes them; no names, addresses or message text.
extension Console {
    func addDashboardRoutes(_ router: Router<AppRequestContext>) {
        router.get("admin") { request, context in
            try await guarded(nil, request, context) { call in
                let t = ConsoleLabels.labels(call.staff.account.language)
                let figures = try await ConsoleFigures.load(store, now: now())
                let data: [String: Any] = [
                    "weekly": figures.weeklyChart(t["complaints_per_week"] ?? ""),
                    "openResolved": figures.openResolvedChart(t["open_resolved"] ?? "", open: t["open"] ?? "open", resolved: t["resolved"] ?? "resolved"),
                    "median": figures.medianChart(t["median_days"] ?? ""),
                    "ratings": figures.ratingsChart(t["ratings"] ?? ""),
                    "notUnderstood": figures.notUnderstoodChart(t["not_understood"] ?? ""),
                ]
                return try await page("dashboard", "dashboard", data, call)
            }
        }
        router.get("open-data") { _, _ in
            let t = ConsoleLabels.labels("en")
            let figures = try await ConsoleFigures.load(store, now: now())
            let titles = ["category": t["by_category"], "month": t["by_month"], "locale": t["by_locale"], "status": t["by_status"]]
            let tables = ConsoleFigures.groupings.map { by -> [String: Any] in
                [
                    "by": by, "title": titles[by].flatMap { $0 } ?? by, "columns": OpenData.Row.columns(by),
                    "rows": (figures.rows[by] ?? []).map { ["cells": $0.fields] },
                ]
            }
            let data: [String: Any] = [
                "byCategory": figures.countChart("category", title: t["by_category"] ?? ""),
                "byMonth": figures.countChart("month", title: t["by_month"] ?? ""),
                "median": figures.medianChart(t["median_days"] ?? ""),
                "byLocale": figures.countChart("locale", title: t["by_locale"] ?? ""),
                "tables": tables,
            ]
            return renderer.page("opendata", title: t["opendata"] ?? "Open data", data: data, chrome: .init(isPublic: true))
        }
        router.get("open-data.csv") { request, _ in
            let by = try grouping(request)
            let rows = try await ConsoleFigures.load(store, now: now()).rows[by] ?? []
            return download(OpenData.csv(rows, by: by), type: "text/csv; charset=utf-8", name: "deskbot-open-data-\(by).csv")
        }
        router.get("open-data.json") { request, _ in
            let by = try grouping(request)
            let rows = try await ConsoleFigures.load(store, now: now()).rows[by] ?? []
            return download(try OpenData.json(rows), type: "application/json", name: "deskbot-open-data-\(by).json")
        }
    }

    func grouping(_ request: Request) throws -> String {
        let by = request.uri.queryParameters.get("by") ?? "category"
        guard ConsoleFigures.groupings.contains(by) else { throw HTTPError(.badRequest, message: "by must be category, status, month or locale") }
        return by
    }

    func download(_ text: String, type: String, name: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\"", .accessControlAllowOrigin: "*"],
            body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
