import PsetService
import PsetStore
import Testing

@Suite("Roster files and tokens")
struct RosterTests {
    @Test("A roster CSV is read by its header, with quoted fields and the optional LMS columns (empty cells as \"\")")
    func parses() throws {
        let text = """
            Role,ID,Name,Email,Section,SIS_User_ID,lms_id
            student,s1,"Doe, Jane",jane@example.edu,A,S1,101
            TA,t1,Tess,,B,,
            """
        let entries = try RosterEntry.parse(csv: text)
        #expect(
            entries == [
                RosterEntry(
                    id: "s1", name: "Doe, Jane", email: "jane@example.edu", section: "A", sisUserID: "S1", lmsID: "101"),
                RosterEntry(id: "t1", name: "Tess", section: "B", role: .ta, sisUserID: "", lmsID: ""),
            ])
    }

    @Test(
        "A roster with a missing column, bad role or repeated id is refused whole",
        arguments: [
            (
                "id,name,email,role\ns1,A,a@x,student\n",
                "the roster's header lacks section; it needs id,name,email,section,role"
            ),
            ("id,name,email,section,role\ns1,A,a@x,1,prof\n", "line 2: the role must be student or ta, not 'prof'"),
            ("id,name,email,section,role\ns1,A,,1,student\ns1,B,,1,student\n", "line 3: s1 appears twice"),
            ("", "the roster is empty; it needs a header row"),
        ])
    func refuses(text: String, message: String) {
        #expect(throws: RosterError.self) { try RosterEntry.parse(csv: text) }
        do {
            _ = try RosterEntry.parse(csv: text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("Tokens carry 256 random bits and are stored as their SHA-256")
    func tokens() {
        let token = AccessToken.generate()
        #expect(token.hasPrefix("pset_") && token.count == 48)
        #expect(AccessToken.generate() != token)
        #expect(AccessToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
