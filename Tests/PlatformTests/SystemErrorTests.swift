import Platform
import Testing

@Suite struct SystemErrorTests {
    @Test func namesTheCallTheReasonAndTheErrno() {
        let error = SystemError("connect", errno: 111)
        #expect(error.description == "connect: Connection refused (errno 111)")
        #expect(error.isConnectionRefused)
    }

    @Test func namesWhatTheCallWasAboutAndAHint() {
        let error = SystemError("bind", errno: 98, detail: "127.0.0.1:8080", hint: "choose another port")
        #expect(error.description == "bind 127.0.0.1:8080: Address already in use (errno 98); choose another port")
        #expect(error.isAddressInUse)
    }

    @Test func aMissingFileIsNotFound() {
        #expect(throws: SystemError.self) { try FileSystem.readWholeFile("/nonexistent/wxhook") }
        do throws(SystemError) {
            _ = try FileSystem.readWholeFile("/nonexistent/wxhook")
        } catch {
            #expect(error.isNotFound)
            #expect(error.call == "open")
            #expect(error.description.hasPrefix("open /nonexistent/wxhook: No such file or directory"))
        }
    }
}
