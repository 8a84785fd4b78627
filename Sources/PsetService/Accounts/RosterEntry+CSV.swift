import Foundation
import PsetStore

extension RosterEntry {
    /// The columns a roster must have, in any order; others are optional or ignored.
    static let requiredColumns = ["id", "name", "email", "section", "role"]

    /// Reads a roster CSV: a header row naming at least `id`, `name`, `email`, `section` and `role`, and
    /// optionally `sis_user_id`, `sis_login_id` and `lms_id`.
    ///
    /// An optional column the header lacks leaves those ids `nil`, which keeps a known person's stored ones; an
    /// empty cell of a column it has is the empty string, which clears the stored id.
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
            func cell(_ name: String) -> String? {
                guard let index = column[name] else { return nil }
                return index < row.count ? row[index].trimmingCharacters(in: .whitespaces) : ""
            }
            func value(_ name: String) -> String? { cell(name).flatMap { $0.isEmpty ? nil : $0 } }
            let id = value("id") ?? ""
            guard let roleText = value("role"), let role = Person.Role(rawValue: roleText.lowercased()) else {
                throw RosterError("line \(line): the role must be student or ta, not '\(value("role") ?? "")'")
            }
            entries.append(
                RosterEntry(
                    id: id, name: value("name") ?? id, email: value("email") ?? "", section: value("section") ?? "",
                    role: role, sisUserID: cell("sis_user_id"), sisLoginID: cell("sis_login_id"),
                    lmsID: cell("lms_id")))
        }
        try validate(entries) { "line \($0 + 2)" }
        return entries
    }
}
