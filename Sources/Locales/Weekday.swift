/// A day of the week, numbered as ICU numbers them (Sunday = 1 … Saturday = 7).
public enum Weekday: Int, Sendable, CaseIterable, Comparable {
    case sunday = 1, monday, tuesday, wednesday, thursday, friday, saturday

    /// The English name as written in `settings.yaml` (`monday`), case-insensitive.
    public init?(name: String) {
        guard let day = Weekday.allCases.first(where: { "\($0)" == name.lowercased() }) else { return nil }
        self = day
    }

    /// The days from `first` to `last`, wrapping past Saturday (`friday…monday` is Friday, Saturday, Sunday, Monday).
    public static func range(_ first: Weekday, _ last: Weekday) -> [Weekday] {
        var days = [first]
        var day = first
        while day != last {
            day = Weekday(rawValue: day.rawValue % 7 + 1) ?? .sunday
            days.append(day)
        }
        return days
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}
