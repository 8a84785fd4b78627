import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `pset worker` run by the test against a server on loopback, with its stderr in a file.
final class WorkerProcess {
    let process = Process()
    let log: URL

    /// Starts `pset worker --server URL --token T --slots N` (or with the token in `PSET_WORKER_TOKEN`); it does
    /// not wait for anything.
    init(
        server: String, token: String, tokenInEnvironment: Bool = false, slots: Int = 1, directory: URL,
        environment: [String: String]
    ) throws {
        log = directory.appendingPathComponent("worker-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = PsetProcess.binary
        process.arguments =
            ["worker", "--server", server] + (tokenInEnvironment ? [] : ["--token", token]) + ["--slots", "\(slots)"]
        var environment = environment
        environment.removeValue(forKey: "PSET_DB")
        if tokenInEnvironment { environment["PSET_WORKER_TOKEN"] = token }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// What it has written to stderr so far.
    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// `kill -9`: no chance to send or give back anything.
    func crash() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then waits for it to finish what it holds.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { crash() }
    }
}

/// Posts submissions straight to the API, so a test knows exactly which ones the server acknowledged.
enum SubmissionPoster {
    /// `POST /v1/problems/ID/submissions` with `files` as `token`; the attempt's id on a 202, else `nil`.
    static func submit(_ problem: String, files: [String: String], to server: String, token: String) -> Int64? {
        guard
            let url = URL(
                string: "\(server)/v1/problems/\(problem.replacingOccurrences(of: "/", with: "%2F"))/submissions")
        else { return nil }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let body: [String: Any] = ["files": files.map { ["name": $0.key, "contents": $0.value] }]
        request.httpBody = try? JSONSerialization.data(withJSONObject: body)
        request.timeoutInterval = 10
        return post(request)
    }

    private static func post(_ request: URLRequest) -> Int64? {
        final class Box: @unchecked Sendable { var id: Int64? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, _ in
            defer { done.signal() }
            guard (response as? HTTPURLResponse)?.statusCode == 202, let data,
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { return }
            box.id = (object["submission"] as? NSNumber)?.int64Value
        }.resume()
        done.wait()
        return box.id
    }
}
