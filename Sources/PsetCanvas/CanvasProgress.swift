/// Canvas's record of an asynchronous job, such as a bulk grade update, as `GET /api/v1/progress/:id` returns it.
public struct CanvasProgress: Sendable, Decodable, Equatable {
    public var id: Int
    /// `queued`, `running`, `completed` or `failed`.
    public var workflowState: String
    public var message: String?

    enum CodingKeys: String, CodingKey {
        case id
        case workflowState = "workflow_state"
        case message
    }

    public init(id: Int, workflowState: String, message: String? = nil) {
        self.id = id
        self.workflowState = workflowState
        self.message = message
    }

    /// Whether Canvas has finished the job, one way or the other.
    public var isFinished: Bool { workflowState == "completed" || workflowState == "failed" }
}
