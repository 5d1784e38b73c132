import ServiceHarness

extension TestSettings {
    /// The real `wxhook serve` alone, one botadmin account, so that its memory and descriptors
    /// can be read from `/proc/PID` without the noise of other tests running in this process;
    /// and the whole machine (`LoadLimit`), so that no other live test shares the cores while it
    /// measures latency and memory.
    static func hostile(_ configure: (inout TestSettings) -> Void = { _ in }) -> TestSettings {
        var settings = TestSettings {
            $0.host = .process
            $0.accounts = [.shop]
            $0.dedupeWindowS = 3600
            $0.load = .whole
        }
        configure(&settings)
        return settings
    }
}

extension TestService {
    /// A botadmin webhook body, distinct per `n` (and per `tag`, so tests never share events).
    static func webhook(_ n: Int, tag: String = "h") -> String {
        #"{"secret":"\#(TestAccount.shopSecret)","msgtype":"text","conversation_id":"c-\#(tag)","sender":"u-\#(n)","text":{"content":"\#(tag) message \#(n)"}}"#
    }
}
