import PsetModel

extension Bank {
    /// The course's problem bank, compiled into the program.
    public static let builtIn = Bank(sets: [ipc, threads, models])
}
