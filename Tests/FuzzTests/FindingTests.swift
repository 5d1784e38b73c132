import Testing

@Suite struct FindingTests {
    @Test func inputsAreShownEscapedAndInHex() {
        let input: [UInt8] = [0x61, 0x22, 0x0D, 0x0A, 0xFF, 0xE4, 0xBB, 0xB7, 0x00, 0xE4, 0xBB]
        #expect(Finding.escaped(input) == #""a\"\r\n\xff价\u{0}\xe4\xbb""#)
        #expect(Finding.hexDigits(input) == "61220d0affe4bbb700e4bb")
    }

    @Test func settingsComeFromTheEnvironment() throws {
        let unset = try FuzzSettings(environment: [:])
        #expect(unset.executions == nil && unset.seed == FuzzSettings.defaultSeed)
        let set = try FuzzSettings(environment: ["WXHOOK_FUZZ_ITERATIONS": "250000", "WXHOOK_FUZZ_SEED": "0x2A"])
        #expect(set.executions == 250_000 && set.seed == 42)
        #expect(try FuzzSettings(environment: ["WXHOOK_FUZZ_SEED": "42"]).seed == 42)
        #expect(FuzzSettings.text(ofSeed: 42) == "0x2a")
        #expect(throws: InvalidSetting.self) { try FuzzSettings(environment: ["WXHOOK_FUZZ_ITERATIONS": "0"]) }
        #expect(throws: InvalidSetting.self) { try FuzzSettings(environment: ["WXHOOK_FUZZ_ITERATIONS": "lots"]) }
        #expect(throws: InvalidSetting.self) { try FuzzSettings(environment: ["WXHOOK_FUZZ_SEED": "0xZZ"]) }
    }
}
