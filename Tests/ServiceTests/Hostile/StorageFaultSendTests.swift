import Foundation
import ServiceHarness
import TestSupport
import Testing

/// The storage fails while a send is out: the provider's answer cannot be committed when it
/// arrives. The service keeps it and commits it once the fault is gone, without a restart and
/// without sending the message again.
@Suite(.serialized) struct StorageFaultSendTests {
    @Test func anAnswerTheLockedStoreRefusedIsRecordedOnceTheLockGoes() async throws {
        let settings = TestSettings.endToEnd {
            $0.host = .process
            $0.load = .whole
        }
        try await TestService.with(settings) { stack in
            // The provider answers 3 s late, so the lock is taken while the request is out, also
            // on a machine busy enough to take a second or two to get there.
            try await stack.faults(["answer_delay_ms": 3000])
            let id = try await stack.send(.shop("c-locked"), text: "held answer")
            try await stack.waitForRequests(1)
            let lock = try await LockHolder.hold(stack.directory.file("data/wxhook.sqlite"))
            // Storing the answer waits out the busy timeout (5 s), fails, and is tried again.
            let refused = await Wait.until(30) { stack.serviceLog.contains("send answer not stored yet") }
            await lock.release()
            #expect(refused, "the answer was stored despite the lock: \(stack.serviceLog)")

            let view = try await stack.waitFor(id, timeout: 30)
            #expect(view.state == "sent", "\(view.story)")
            #expect(view.attempts == 1, "sent again instead of recording the first answer: \(view.story)")
            #expect(try await stack.simLog().filter { $0.path == "/api/send" }.count == 1)
        }
    }
}
