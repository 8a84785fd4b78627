/// Where in the bank's source a set or problem was declared, so validation errors point at it.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    init(_ file: StaticString, _ line: UInt) {
        self.init(file: "\(file)", line: Int(line))
    }

    public var description: String { "\(file):\(line)" }
}
