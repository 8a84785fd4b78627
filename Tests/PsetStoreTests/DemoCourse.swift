import Foundation
import PsetModel

@testable import PsetStore

extension AppDatabase {
    /// Records the store tests' bank (one set, one true-or-false question) and their one person, Ada.
    func addDemoCourse() throws {
        try syncBank(
            Bank(sets: [
                ProblemSet("demo") {
                    Title("Demo")
                    TrueFalse("demo/tf") {
                        Title("T")
                        Topics(.signals)
                        Points(2)
                        Prompt("?")
                        Answer(true)
                        Explanation("!")
                    }
                }
            ]))
        try addPersonIfAbsent(Person(id: "ada", name: "Ada"))
    }
}
