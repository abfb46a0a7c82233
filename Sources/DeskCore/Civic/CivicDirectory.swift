import Foundation
import Intents

/// How a department (or its supervisor) is reached: e-mail through the SMTP relay, SMS through a gateway, another
/// city system's Open311 endpoint (the complaint is forwarded to it; departments' `contact` only), or not at all
/// (the complaint is only routed and shown to staff).
package enum DepartmentContact: Sendable, Equatable, CustomStringConvertible {
    case email(String)
    case sms(String)
    case open311(Open311Endpoint)
    case none

    package var description: String {
        switch self {
        case .email(let address): "email \(address)"
        case .sms: "sms"
        case .open311(let endpoint): "open311 \(endpoint.baseURL)"
        case .none: "none"
        }
    }
}

/// A GeoReport v2 endpoint of another city system that a department's new complaints are forwarded to
/// (`POST {baseURL}/requests.json`). Its API key is not here: only the name of the environment variable (or of the
/// server configuration's `civic.open311_keys` entry) that holds it.
package struct Open311Endpoint: Sendable, Equatable {
    /// The base URL, e.g. `https://311.example.org/open311/v2` (no trailing slash).
    package var baseURL: String
    /// The remote system's service for these complaints.
    package var serviceCode: String
    /// Where the API key is: an environment variable, or a key of `civic.open311_keys` in the server configuration.
    package var apiKeyEnv: String
    package var jurisdictionID: String?

    package init(baseURL: String, serviceCode: String, apiKeyEnv: String, jurisdictionID: String? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.serviceCode = serviceCode
        self.apiKeyEnv = apiKeyEnv
        self.jurisdictionID = jurisdictionID
    }
}

/// A body that fixes problems: its name, how it is told of a new complaint, and who gets the escalations.
package struct Department: Sendable, Equatable {
    package var code: String
    package var name: String
    package var contact: DepartmentContact
    package var supervisor: DepartmentContact
}

/// One of the city's localities or wards, with the spellings citizens use in every locale and script.
package struct Area: Sendable, Equatable {
    package var code: String
    package var spellings: [String]
}

/// A routing rule: complaints of these categories (any when empty), in these areas (any when empty) and saying one
/// of these words (any when empty) go to `department`. The first rule that matches wins.
package struct RoutingRule: Sendable, Equatable {
    package var categories: [String]
    package var areas: [String]
    package var words: [String]
    package var department: String
    /// Line in departments.yaml (for `deskbot check` and `complaints show`).
    package var line: Int?
}

/// `corpora/departments.yaml` and the service levels of `settings.yaml`: everything the civic workflow reads.
package struct CivicDirectory: Sendable {
    package var departments: [String: Department] = [:]
    package var areas: [Area] = []
    package var rules: [RoutingRule] = []
    package var defaultDepartment: String?
    /// The gateway (channel) that carries SMS to departments (`kannel`, `twilio`, `africastalking`).
    package var smsChannel: String = "sms"
    /// Days to fix, per complaint category; `serviceLevelDefault` for the others.
    package var serviceLevels: [String: Int] = [:]
    package var serviceLevelDefault: Int = 14
    /// A new complaint of the same category and locality as an open one filed within this window is linked to it.
    package var duplicateWindow: TimeInterval = 14 * 86400

    package init() {}

    package static let empty = CivicDirectory()

    package func serviceLevelDays(_ category: String) -> Int { serviceLevels[category] ?? serviceLevelDefault }

    /// When a complaint of `category` filed at `filed` is due.
    package func due(_ category: String, filed: Date) -> Date {
        filed.addingTimeInterval(TimeInterval(serviceLevelDays(category)) * 86400)
    }
}

package extension Corpus {
    /// The departments, areas, rules and service levels loaded with the corpora (empty when there is no
    /// departments.yaml).
    var civic: CivicDirectory { documents[CivicLoader.documentName] as? CivicDirectory ?? .empty }
}
