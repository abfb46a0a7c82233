import DeskCore
import Hummingbird

/// The request context of every route: the core storage, and the body limit from the configuration.
struct AppRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var bodyLimit: Int = 64 * 1024
    /// The peer's IP address (the console's login rate limit).
    var remoteIP: String?

    init(source: Source) {
        coreContext = .init(source: source)
        remoteIP = source.channel.remoteAddress?.ipAddress
    }

    var maxUploadSize: Int { bodyLimit }
}
