import Foundation

/// The JSON form of the course's views wherever they travel: `--json` output, the HTTP API, its client,
/// and the gradebook export.
///
/// One definition, so the CLI prints the same bytes in local and server mode: dates as ISO 8601, keys sorted.
public enum ViewCoding {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
