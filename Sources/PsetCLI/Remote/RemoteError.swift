/// A request the server refused or could not be sent, with the server's own one-line message.
struct RemoteError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
