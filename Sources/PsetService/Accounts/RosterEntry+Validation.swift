extension RosterEntry {
    /// The longest id a person may have.
    static let maxIDLength = 128

    /// Checks every entry before any is imported: each id is given, has no white space around it and no control
    /// characters, is at most `maxIDLength` characters, and appears once.
    ///
    /// - Parameter place: names an entry by its index in a message, as "line 3" or "person 2".
    static func validate(_ entries: [RosterEntry], place: (Int) -> String) throws(RosterError) {
        var seen = Set<String>()
        for (index, entry) in entries.enumerated() {
            let id = entry.id
            guard !id.allSatisfy(\.isWhitespace) else { throw RosterError("\(place(index)): the id is empty") }
            guard id.count <= maxIDLength else {
                throw RosterError("\(place(index)): the id is longer than \(maxIDLength) characters")
            }
            guard id.first?.isWhitespace == false, id.last?.isWhitespace == false,
                !id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else { throw RosterError("\(place(index)): the id has white space around it or control characters in it") }
            guard seen.insert(id).inserted else { throw RosterError("\(place(index)): \(id) appears twice") }
        }
    }
}
