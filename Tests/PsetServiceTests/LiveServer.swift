import Foundation
import Logging
import PsetService
import ServiceLifecycle

/// Runs a server on a free loopback port for the duration of `body`, then shuts it down gracefully.
func withLiveServer<Value: Sendable>(
    _ server: PsetServer, _ body: @Sendable (_ port: Int) async throws -> Value
) async throws -> Value {
    let (ports, sink) = AsyncStream.makeStream(of: Int.self)
    let app = server.application { _, port in sink.yield(port) }
    let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "test")))
    return try await withThrowingTaskGroup(of: Value?.self) { tasks in
        tasks.addTask {
            try await group.run()
            return nil
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        do {
            let value = try await body(port)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return value
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
    }
}
