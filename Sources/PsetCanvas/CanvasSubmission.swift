/// One student's submission of an assignment as Canvas lists it: whose it is and the score it holds.
public struct CanvasSubmission: Sendable, Decodable, Equatable {
    /// The student's user as Canvas includes it with `include[]=user`.
    public struct User: Sendable, Decodable, Equatable {
        public var id: Int
        public var sisUserID: String?

        enum CodingKeys: String, CodingKey {
            case id
            case sisUserID = "sis_user_id"
        }
    }

    public var userID: Int
    /// The score in points; `nil` while ungraded.
    public var score: Double?
    public var user: User?

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case score
        case user
    }

    public init(userID: Int, score: Double?, sisUserID: String?) {
        self.userID = userID
        self.score = score
        self.user = User(id: userID, sisUserID: sisUserID)
    }
}
