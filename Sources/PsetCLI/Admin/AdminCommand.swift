import ArgumentParser

extension Pset {
    struct Admin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Staff commands: roster, people, students, tokens, extensions, grade export and push, regrade, queue, variants.",
            discussion:
                "They work on the database (--db or PSET_DB) on the server machine, or over HTTP with a TA's token "
                + "(`pset login`, or PSET_SERVER and PSET_TOKEN).",
            subcommands: [
                Roster.self, Token.self, Extend.self, Export.self, Regrade.self, Queue.self, VariantCommand.self,
                Extensions.self, People.self, Student.self, Push.self, Worker.self,
            ])
    }
}
