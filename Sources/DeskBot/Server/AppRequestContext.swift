import DeskCore
import Hummingbird

/// The request context of every route: the core storage, and the body limit from the configuration.
struct AppRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var bodyLimit: Int = 64 * 1024

    init(source: Source) {
        coreContext = .init(source: source)
    }

    var maxUploadSize: Int { bodyLimit }
}
