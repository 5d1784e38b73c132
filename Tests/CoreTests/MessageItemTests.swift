import JSON
import Testing
@testable import Core

/// The API shape of message items (docs/api.md, "Message items").
@Suite struct MessageItemTests {
    @Test(arguments: [
        #"{"type":"text","text":"您好"}"#,
        #"{"type":"image","url":"https://x/a.png"}"#,
        #"{"type":"link","title":"t","url":"https://x","desc":"d","image_url":"https://x/i.png"}"#,
        #"{"type":"link","title":"t","url":"https://x"}"#,
        #"{"type":"file","title":"f.pdf","url":"https://x/f.pdf"}"#,
        #"{"type":"voice","url":"https://x/v.mp3","duration":12}"#,
        #"{"type":"miniprogram","appid":"wx1","title":"小程序","page_path":"/p"}"#,
    ])
    func roundTrip(text: String) throws {
        let json = try JSON.parse(text)
        let item = try MessageItem(json: json)
        #expect(item.json == json)
        #expect(try MessageItem(json: item.json) == item)
    }

    @Test(arguments: [
        (#"{"text":"x"}"#, "needs a \"type\""),
        (#"{"type":"video","url":"x"}"#, "unknown message type \"video\""),
        (#"{"type":"text"}"#, "non-empty string \"text\""),
        (#"{"type":"text","text":""}"#, "non-empty string \"text\""),
        (#"{"type":"text","text":5}"#, "non-empty string \"text\""),
        (#"{"type":"link","url":"x"}"#, "\"title\""),
        (#"{"type":"link","title":"t","url":"x","desc":3}"#, "\"desc\""),
        (#"{"type":"voice","url":"x","duration":0}"#, "1 to 60"),
        (#"{"type":"voice","url":"x","duration":61}"#, "1 to 60"),
        (#"["text"]"#, "must be an object"),
    ])
    func refusals(text: String, mentions: String) throws {
        #expect {
            _ = try MessageItem(json: try JSON.parse(text))
        } throws: { error in
            "\(error)".contains(mentions)
        }
    }

    @Test func providersCarryWhatTheyCan() {
        #expect(Provider.gowechat.supportedTypes == [.text, .image])
        #expect(Provider.yunzhenji.supportedTypes.contains(.voice))
        #expect(!Provider.botadmin.supportedTypes.contains(.file))
        #expect(Provider.yunzhenji.maxItemsPerRequest == 5)
        #expect(Provider.botadmin.maxItemsPerRequest == 1)
        #expect(Provider.yunzhenji.hasReceipts && !Provider.wecom.hasReceipts)
    }
}
