import PsetModel

extension Bank {
    /// The coding tasks of the threads set, each declared in a file of its own beside this one.
    static let threadsTasks: [CodingProblem] = [counter, boundedBuffer, barrier, parallelSum, nextID, semaphoreBuffer]
}
