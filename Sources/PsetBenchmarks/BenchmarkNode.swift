import ArgumentParser
import Logging
import PsetCourse
import PsetService
import ServiceLifecycle

/// One `pset serve` node run by a benchmark on a free loopback port, with no rate limit.
final class BenchmarkNode: Sendable {
    let course: Course
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// Starts the node with `workers` grading workers of its own (0: only `pset worker` hosts grade) and waits
    /// until it listens.
    init(course: Course, workers: Int = 0) async throws {
        var limits = ServiceLimits()
        limits.requestsPerSecond = 1_000_000
        limits.burst = 1_000_000
        var logger = Logger(label: "pset.bench")
        logger.logLevel = .warning
        let server = PsetServer(
            course: course, configuration: ServerConfiguration(port: 0, workers: workers, limits: limits),
            logger: logger)
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(
            configuration: .init(services: [server.application { _, port in sink.yield(port) }], logger: logger))
        self.course = course
        self.group = group
        self.task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw ValidationError("the server did not start") }
        self.port = port
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
