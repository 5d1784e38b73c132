import Testing
@testable import HTTP

@Suite struct QueryTests {
    func parameter(_ target: String, _ name: String) -> String? {
        HTTPRequest(method: .get, target: target).queryParameter(name)
    }

    @Test func decodesPercentAndPlus() {
        #expect(parameter("/a?token=a%2Bb+c%20d", "token") == "a+b c d")
        #expect(parameter("/a?name=%E4%B8%AD%E6%96%87", "name") == "中文")
    }

    @Test func firstValueWinsAndKeysAreDecoded() {
        #expect(parameter("/a?x=1&x=2", "x") == "1")
        #expect(parameter("/a?my%20key=v", "my key") == "v")
    }

    @Test func missingEmptyAndBareParameters() {
        #expect(parameter("/a", "x") == nil)
        #expect(parameter("/a?", "x") == nil)
        #expect(parameter("/a?y=1", "x") == nil)
        #expect(parameter("/a?x", "x") == "")
        #expect(parameter("/a?x=", "x") == "")
        #expect(parameter("/a?&&x=3&", "x") == "3")
        #expect(parameter("/a?x==1", "x") == "=1")
    }

    @Test func malformedEscapesStayLiteral() {
        #expect(parameter("/a?x=%zz%4", "x") == "%zz%4")
        #expect(parameter("/a?x=%ff", "x") == "\u{FFFD}")
    }

    @Test func pathIsNotDecoded() {
        let request = HTTPRequest(method: .get, target: "/a%2Fb?q=1")
        #expect(request.path == "/a%2Fb")
        #expect(request.query == "q=1")
    }
}
