import Testing

@testable import Intents

@Test func templatesFillSettingsPerLocaleAndKeepUnknownPlaceholders() {
    let t = Templates(settings: ["city": SettingValue("Riverside", perLocale: ["ur": "ریورسائیڈ"]), "open": SettingValue("08:30")])
    #expect(t.render("Welcome to {city}, open {open}", locale: "en") == "Welcome to Riverside, open 08:30")
    #expect(t.render("{city}", locale: "ur") == "ریورسائیڈ")
    #expect(t.render("ref {reference} {oops}", locale: "en", values: ["reference": "CMP-2026-000001"]) == "ref CMP-2026-000001 {oops}")
    #expect(Templates.placeholders(in: "a {x} b {y}") == ["x", "y"])
}
