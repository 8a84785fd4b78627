import Foundation
import Hummingbird
import Logging
import NIOCore
import PsetCourse
import ServiceLifecycle
import UnixSignals

/// `pset serve`: the HTTP API, the web pages and the grading workers, run together in one service group.
public struct PsetServer: Sendable {
    public let course: Course
    public let configuration: ServerConfiguration
    public let events = QueueEvents()

    /// What `run` throws when a second signal stopped the server at once.
    public struct StopNow: Error, CustomStringConvertible {
        public var description: String { "stopped at once by a second signal" }
    }
    public let logger: Logger
    /// The dashboard's class figures, kept for the server's life.
    let overview: ClassOverview

    public init(course: Course, configuration: ServerConfiguration = ServerConfiguration(), logger: Logger? = nil) {
        self.course = course
        self.configuration = configuration
        self.logger = logger ?? Logger(label: "pset.serve")
        self.overview = ClassOverview(course: course)
    }

    /// The routes: the public document and health check, then `/v1` behind authentication and rate limits, then
    /// the web pages behind their session cookie; a known path asked with a method it does not take is a 405.
    public func router() -> Router<ServiceContext> {
        let router = Router(context: ServiceContext.self)
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: BodySizeMiddleware(limits: configuration.limits))
        DocumentController().addRoutes(to: router)
        let limiter = RateLimiter(rate: configuration.limits.requestsPerSecond, burst: configuration.limits.burst)
        let api = router.group("v1")
            .add(middleware: BearerAuthMiddleware(database: course.database))
            .add(middleware: RateLimitMiddleware(limiter: limiter))
        StudentController(course: course, limits: configuration.limits, events: events).addRoutes(to: api)
        AdminController(admin: CourseAdmin(course: course), limits: configuration.limits)
            .addRoutes(to: api.group("admin"))
        let pages = router.group()
            .add(middleware: WebErrorMiddleware())
            .add(middleware: WebSessionMiddleware(database: course.database, clock: { [course] in course.now }))
        WebController(course: course, admin: CourseAdmin(course: course), overview: overview)
            .addRoutes(to: pages)
        router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
        return router
    }

    /// The grading workers, as a service of the application's group.
    public var gradingQueue: GradingQueue {
        GradingQueue(
            course: course, workers: configuration.workers, events: events, logger: logger,
            gradingTimeout: configuration.gradingTimeout, lease: configuration.lease, heartbeat: configuration.heartbeat
        )
    }

    /// The application: the HTTP server with the grading workers beside it; `onServerRunning` gets the
    /// address actually bound (useful with port 0).
    public func application(
        onServerRunning: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: TimeAmount(configuration.limits.idleTimeout))),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "pset"),
            services: (configuration.workers > 0 ? [gradingQueue] : [])
                + [ClassOverviewWarmer(overview: overview, logger: logger)],
            onServerRunning: { channel in
                await onServerRunning(configuration.host, channel.localAddress?.port ?? configuration.port)
            },
            logger: logger)
    }

    /// Runs until SIGTERM or SIGINT, then stops taking requests and jobs and lets the gradings in flight finish
    /// (`onStopping` hears which); a second signal stops at once, putting those gradings back in the queue, and
    /// throws `StopNow`.
    public func run(
        onServerRunning: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in },
        onStopping: @escaping @Sendable (_ inFlight: [InFlightGrading]) async -> Void = { _ in }
    ) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    ShutdownSignals(events: events, report: onStopping), application(onServerRunning: onServerRunning),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
