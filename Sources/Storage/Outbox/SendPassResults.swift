/// What one dispatcher pass committed (`OutboxStore.recordAnswersAndStartAttempts`): each
/// answer's and each start's outcome, in the order they were given.
public struct SendPassResults: Sendable {
    public var answers: [Result<OutboxMessage, any Error>]
    public var starts: [Result<OutboxMessage, any Error>]

    public init(answers: [Result<OutboxMessage, any Error>], starts: [Result<OutboxMessage, any Error>]) {
        self.answers = answers
        self.starts = starts
    }
}
