import Testing
@testable import Core

@Suite struct ConstantTimeTests {
    @Test func equalityIsExact() {
        #expect(ConstantTime.equals("s3cret", "s3cret"))
        #expect(!ConstantTime.equals("s3cret", "s3creT"))
        #expect(!ConstantTime.equals("s3cre", "s3cret"))     // a prefix is not the secret
        #expect(!ConstantTime.equals("s3crett", "s3cret"))   // nor is a longer string
        #expect(!ConstantTime.equals("", "s3cret"))
        #expect(ConstantTime.equals("", ""))
        #expect(ConstantTime.equals("密钥", "密钥"))
    }

    /// Lengths are folded into the difference: one that differs by a multiple of 256 must not
    /// cancel out.
    @Test func lengthsThatDifferByAMultipleOf256AreStillDifferent() {
        let expected = String(repeating: "a", count: 300)
        #expect(!ConstantTime.equals(String(repeating: "a", count: 44), expected))
        #expect(!ConstantTime.equals(String(repeating: "a", count: 556), expected))
    }
}

@Suite struct IdentifierTests {
    @Test func idsSortByTimeAndCarryThePrefix() {
        let early = Identifier.make(prefix: "e_", unixMillis: 1_763_700_000_000, random: .max)
        let late = Identifier.make(prefix: "e_", unixMillis: 1_763_700_000_001, random: 0)
        #expect(early.hasPrefix("e_"))
        #expect(early.count == 2 + 23)
        #expect(early < late)
    }

    @Test func randomPartMakesIdsUnique() {
        let ids = (0..<10_000).map { _ in Identifier.make(prefix: "m_", unixMillis: 1_763_700_000_000) }
        #expect(Set(ids).count == ids.count)
    }
}

@Suite struct ChatKindTests {
    @Test func chatroomSuffixMeansGroup() {
        #expect(ChatKind.guess(conversation: "123@chatroom") == .group)
        #expect(ChatKind.guess(conversation: "wxid_abc") == .private)
    }
}
