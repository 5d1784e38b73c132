import Core
import Foundation
import JSON
import Testing
@testable import Rules

@Suite struct TemplateTests {
    private let context = TemplateContext(sender: "王先生", conversation: "wx_1", account: "sales", text: "价格？",
                                          date: "2024-05-01", time: "09:30")

    @Test func everyVariableIsFilled() throws {
        let template = try Template(parsing: "{{sender}}|{{conversation}}|{{ account }}|{{text}}|{{date}} {{time}}")
        #expect(template.render(context) == "王先生|wx_1|sales|价格？|2024-05-01 09:30")
    }

    @Test func textWithoutVariablesIsKept() throws {
        #expect(try Template(parsing: "价格 {单价} {{ 未闭合").render(context) == "价格 {单价} {{ 未闭合")
        #expect(try Template(parsing: "").render(context) == "")
        #expect(try !Template(parsing: "plain").usesVariables)
    }

    @Test func unknownVariablesAreErrors() {
        #expect(throws: TemplateError(name: "user")) { try Template(parsing: "hi {{user}}") }
        #expect(throws: TemplateError(name: "")) { try Template(parsing: "{{}}") }
    }

    @Test func everyStringFieldOfAnItemIsATemplate() throws {
        let link = try MessageTemplate(.link(title: "给{{sender}}", url: "https://e.com/?c={{conversation}}",
                                             desc: "{{date}}", imageURL: nil))
        #expect(link.render(context) == .link(title: "给王先生", url: "https://e.com/?c=wx_1", desc: "2024-05-01", imageURL: nil))
        let card = try MessageTemplate(.miniprogram(["appid": "wx123", "title": "{{account}}的小程序", "pages": ["{{text}}", 3]]))
        #expect(card.render(context) == .miniprogram(["appid": "wx123", "title": "sales的小程序", "pages": ["价格？", 3]]))
    }

    @Test func dateAndTimeFollowTheTimeZone() {
        // 2024-05-01T01:30:00Z
        let instant: Double = 1_714_527_000
        #expect(LocalTime(unixSeconds: instant, timeZone: shanghai).date == "2024-05-01")
        #expect(LocalTime(unixSeconds: instant, timeZone: shanghai).time == "09:30")
        let newYork = TimeZone(identifier: "America/New_York")!
        #expect(LocalTime(unixSeconds: instant, timeZone: newYork).date == "2024-04-30")
        #expect(LocalTime(unixSeconds: instant, timeZone: newYork).time == "21:30")
        #expect(LocalTime(unixSeconds: 951_782_400, timeZone: TimeZone(identifier: "UTC")!).date == "2000-02-29")
        #expect(LocalTime(unixSeconds: -1, timeZone: TimeZone(identifier: "UTC")!).date == "1969-12-31")
        #expect(LocalTime(unixSeconds: -1, timeZone: TimeZone(identifier: "UTC")!).time == "23:59")
    }

    @Test func repliesRenderWithTheInputsValues() throws {
        let engine = try makeEngine(singleRule(#""name": "a", "keywords": ["价格"]"#).replacingOccurrences(
            of: #""text": "ok""#, with: #""text": "{{sender}}@{{account}} {{text}} {{date}} {{time}}""#))
        let answer = engine.test(MatchInput(text: " 价格？ ", account: "sales", sender: "王先生", conversation: "c"))
        #expect(answer.replies == [.text("王先生@sales  价格？  2024-05-01 09:30")])
    }

    @Test func randomModeSendsOneMessageChosenBySeed() throws {
        let engine = try makeEngine("""
        {"rules": [{"name": "r", "keywords": ["hi"], "reply": {"mode": "random", "messages": [
          {"type": "text", "text": "one"}, {"type": "text", "text": "two"}, {"type": "text", "text": "three"}
        ]}}]}
        """)
        var seen: [String: Int] = [:]
        for seed in 0..<300 {
            let replies = engine.test(MatchInput(text: "hi"), seed: UInt64(seed)).replies
            #expect(replies.count == 1)
            if case .text(let text) = replies.first { seen[text, default: 0] += 1 }
        }
        #expect(Set(seen.keys) == ["one", "two", "three"])
        #expect(seen.values.allSatisfy { $0 > 50 })
        #expect(engine.test(MatchInput(text: "hi"), seed: 7).replies == engine.test(MatchInput(text: "hi"), seed: 7).replies)
    }

    @Test func allModeSendsEveryMessageInOrder() throws {
        let engine = try makeEngine("""
        {"rules": [{"name": "r", "keywords": ["hi"], "reply": {"messages": [
          {"type": "text", "text": "one"}, {"type": "image", "url": "https://e.com/{{sender}}.png"}
        ]}}]}
        """)
        #expect(engine.test("hi").replies == [.text("one"), .image(url: "https://e.com/tester.png")])
    }
}
