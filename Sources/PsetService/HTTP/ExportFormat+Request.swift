import Hummingbird

extension ExportFormat {
    /// The format a request's `format` query parameter names, csv when it names none; another is a 400.
    init(of request: Request) throws {
        let name = request.uri.queryParameters.get("format") ?? ExportFormat.csv.rawValue
        guard let format = ExportFormat(rawValue: name) else {
            throw HTTPError(.badRequest, message: "unknown format '\(name)'; use csv, canvas or json")
        }
        self = format
    }
}
