import Foundation
import Hummingbird
import Logging
import NIOCore
import PsetCourse
import PsetStore

/// Turns every error into a JSON body with a status: the course's refusals into 4xx with their message,
/// anything unexpected into a 500 that names no internals (the details go to the log).
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ServiceContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            guard error.body == nil else { throw error }
            let message =
                error.status == .notFound
                ? "no such route: \(request.method) \(request.uri.path); GET /openapi.json lists them"
                : "the request was refused: \(error.status.reasonPhrase)"
            throw HTTPError(error.status, headers: error.headers, message: message)
        } catch let error as CourseError {
            throw HTTPError(Self.status(of: error), message: error.description)
        } catch let error as AdminError {
            switch error {
            case .unknownPerson, .unknownSet: throw HTTPError(.notFound, message: error.description)
            case .notAStudent, .notAfterDue, .invalidWorkerName:
                throw HTTPError(.badRequest, message: error.description)
            case .workerExists: throw HTTPError(.conflict, message: error.description)
            }
        } catch let error as RosterError {
            throw HTTPError(.badRequest, message: error.description)
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            throw HTTPError(error.status, message: "the request was refused: \(error.status.reasonPhrase)")
        } catch {
            context.logger.error("internal error on \(request.method) \(request.uri.path): \(error)")
            throw HTTPError(
                .internalServerError, message: "the server could not complete this request; the error is in its log")
        }
    }

    static func status(of error: CourseError) -> HTTPResponse.Status {
        switch error {
        case .unknownProblem, .unknownPerson, .noAttempt: .notFound
        case .noAttemptsLeft, .notGradedYet: .conflict
        case .notAQuestion, .notACodingTask, .invalidAnswer, .missingFile, .unexpectedFile, .duplicateFile,
            .invalidSeed:
            .badRequest
        }
    }
}

/// Refuses a body larger than the limit before reading it, when its length is declared.
struct BodySizeMiddleware: RouterMiddleware {
    typealias Context = ServiceContext
    let limits: ServiceLimits

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limits.maxBodyBytes {
            throw HTTPError.tooLarge(limits)
        }
        return try await next(request, context)
    }
}

/// Identifies the caller by the SHA-256 of their bearer token; no token, or an unknown one, is a 401.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = ServiceContext
    let database: any CourseStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let token = try request.bearerToken(
            missing: "send a token: Authorization: Bearer TOKEN (`pset login URL --token TOKEN`)")
        guard let person = try database.person(withTokenHash: AccessToken.hash(token)) else {
            throw HTTPError.invalidToken("this token is not valid (revoked or mistyped); ask a TA for a new one")
        }
        var context = context
        context.person = person
        return try await next(request, context)
    }
}

/// Limits how often one student may call the API; TAs are not limited.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = ServiceContext
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if let person = context.person, person.role == .student, let wait = await limiter.take(person.id) {
            let seconds = Int(wait.rounded(.up))
            throw HTTPError(
                .tooManyRequests, headers: [.retryAfter: String(max(1, seconds))],
                message: "too many requests from \(person.id); try again in \(max(1, seconds)) second(s)")
        }
        return try await next(request, context)
    }
}

extension HTTPError {
    /// The 413 for a body over the limit.
    static func tooLarge(_ limits: ServiceLimits) -> HTTPError {
        HTTPError(.contentTooLarge, message: "the request is larger than \(limits.maxBodyBytes / 1024) KiB")
    }
}

extension Request {
    /// Reads a JSON body of at most the limit, within the body time limit: a body declared as another type, or
    /// undeclared and not JSON, is a 415; too large a 413; too slow a 408; malformed JSON or the wrong shape a
    /// 400 saying what is wrong.
    func decodeJSON<Value: Decodable>(_ type: Value.Type, limits: ServiceLimits) async throws -> Value {
        let declared = headers[.contentType]
        if let declared, !Self.isJSON(declared) {
            throw HTTPError(
                .unsupportedMediaType,
                message: "the request body must be JSON (Content-Type: application/json), not \(declared.prefix(80))")
        }
        let buffer = try await collectBody(limits: limits)
        do {
            return try ViewCoding.decoder.decode(Value.self, from: Data(buffer.readableBytesView))
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            guard declared != nil else {
                throw HTTPError(
                    .unsupportedMediaType,
                    message: "the request body is not JSON; send JSON with Content-Type: application/json")
            }
            throw HTTPError(.badRequest, message: "the request body is not valid JSON")
        } catch let error as DecodingError {
            throw HTTPError(.badRequest, message: "the request body is not what this route takes: \(error.summary)")
        }
    }

    /// The body, read whole before the body time limit runs out.
    private func collectBody(limits: ServiceLimits) async throws -> ByteBuffer {
        let body = self.body
        let read = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                do {
                    return try await body.collect(upTo: limits.maxBodyBytes)
                } catch is CancellationError {
                    return nil
                } catch is NIOTooManyBytesError {
                    throw HTTPError.tooLarge(limits)
                }
            }
            group.addTask {
                try? await Task.sleep(for: limits.bodyTimeout)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        guard let read else {
            throw HTTPError(
                .requestTimeout, message: "the request body took longer than \(limits.bodyTimeout) to arrive")
        }
        return read
    }

    /// `application/json`, or a type of the `+json` family, with any parameters.
    static func isJSON(_ contentType: String) -> Bool {
        let type = contentType.prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces).lowercased()
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }
}

extension DecodingError {
    /// One line naming the field and the problem, without Swift type names.
    var summary: String {
        func path(_ context: Context) -> String {
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "the body" : "'\(path)'"
        }
        switch self {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing '\(key.stringValue)'" + (context.codingPath.isEmpty ? "" : " in \(parent)")
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context)) has the wrong type"
        case .dataCorrupted(let context): return "\(path(context)) is not valid"
        @unknown default: return "it could not be read"
        }
    }
}
