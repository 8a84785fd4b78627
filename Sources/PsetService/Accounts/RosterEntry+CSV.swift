import Foundation
import PsetStore

extension RosterEntry {
    /// The columns a roster must have, in any order; others are optional or ignored.
    static let requiredColumns = ["id", "name", "email", "section", "role"]

    /// Reads a roster CSV: a header row naming at least `id`, `name`, `email`, `section` and `role`, and
    /// optionally `sis_user_id`, `sis_login_id` and `lms_id`.
    public static func parse(csv text: String) throws(RosterError) -> [RosterEntry] {
        let rows = CSVTable.parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        guard let header = rows.first else { throw RosterError("the roster is empty; it needs a header row") }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var column: [String: Int] = [:]
        for (index, name) in names.enumerated() where column[name] == nil { column[name] = index }
        let missing = requiredColumns.filter { column[$0] == nil }
        guard missing.isEmpty else {
            throw RosterError(
                "the roster's header lacks \(missing.joined(separator: ", ")); it needs id,name,email,section,role")
        }
        var entries: [RosterEntry] = []
        for (offset, row) in rows.dropFirst().enumerated() {
            let line = offset + 2
            func value(_ name: String) -> String? {
                guard let index = column[name], index < row.count else { return nil }
                let text = row[index].trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? nil : text
            }
            let id = value("id") ?? ""
            guard let roleText = value("role"), let role = Person.Role(rawValue: roleText.lowercased()) else {
                throw RosterError("line \(line): the role must be student or ta, not '\(value("role") ?? "")'")
            }
            entries.append(
                RosterEntry(
                    id: id, name: value("name") ?? id, email: value("email") ?? "", section: value("section") ?? "",
                    role: role, sisUserID: value("sis_user_id"), sisLoginID: value("sis_login_id"),
                    lmsID: value("lms_id")))
        }
        try validate(entries) { "line \($0 + 2)" }
        return entries
    }
}
