/// The executor of the handler tasks a loop starts (`HandlerExecution.loop`): their jobs go to
/// the loop's mailbox and the loop runs them on its own thread between reads. A handler that
/// awaits the database is resumed by the writer straight onto the loop that writes its answer:
/// one wake-up per group commit for all of the loop's requests in it, instead of a pool thread
/// woken per request that then wakes the loop to write.
///
/// Once the loop has exited, a job still arriving (a handler that outlived the drain) runs on
/// the cooperative pool, so no task is left suspended for ever.
final class LoopExecutor: TaskExecutor {
    private let mailbox: Mailbox

    init(mailbox: Mailbox) {
        self.mailbox = mailbox
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        if !mailbox.post(.run(job)) {
            globalConcurrentExecutor.enqueue(ExecutorJob(job))
        }
    }

    /// Runs `job` here, on the loop's thread.
    func run(_ job: UnownedJob) {
        job.runSynchronously(on: asUnownedTaskExecutor())
    }

    /// Hands the jobs that were waiting when the loop exited to the pool.
    static func release(_ leftovers: [LoopMessage]) {
        for case .run(let job) in leftovers {
            globalConcurrentExecutor.enqueue(ExecutorJob(job))
        }
    }
}
