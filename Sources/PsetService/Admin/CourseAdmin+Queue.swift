import PsetCourse
import PsetStore

extension CourseAdmin {
    /// The grading queue: counts per state, and every job queued, running or failed, oldest first.
    public func queue() throws -> QueueReport {
        QueueReport(counts: try course.database.queueCounts(), jobs: try course.database.queuedJobs())
    }
}
