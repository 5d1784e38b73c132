import JSON

/// The callbacks 云真机 POSTs. The document names the events and correlation fields but not the
/// envelope: every name here is the **assumed** envelope of docs/providers.md, kept in this one
/// place.
enum YunzhenjiCallbackPayload {
    struct Message {
        var appID: String
        var wxid: String
        var msgID: String
        var serverID: String?
        var apiSendID: String?
        var conversation: String
        var sender: String
        var isSelf: Bool
        var isGroup: Bool
        var atList: [String]
        var msgType: String
        var content: JSONValue
        var timestamp: Int64
    }

    /// `chatMsg`: a message the WeCom client handled (a customer's, or our own incl. API echoes).
    static func chatMessage(_ message: Message) -> [UInt8] {
        var data = JSONObject()
        data.append("msg_id", .string(message.msgID))
        if let serverID = message.serverID { data.append("api_send_svrid", .string(serverID)) }
        if let apiSendID = message.apiSendID { data.append("api_send_id", .string(apiSendID)) }
        data.append("conversation_id", .string(message.conversation))
        data.append("sender_wxid", .string(message.sender))
        data.append("is_self", .bool(message.isSelf))
        data.append("is_group", .bool(message.isGroup))
        data.append("at_list", .array(message.atList.map { .string($0) }))
        data.append("msg_type", .string(message.msgType))
        data.append("content", message.content)
        data.append("timestamp", .int(message.timestamp))
        return envelope("chatMsg", message, data)
    }

    /// `chatMsgSendFail`: the same envelope, `data.errmsg` saying why.
    static func sendFailure(_ message: Message, error: String) -> [UInt8] {
        var data = JSONObject()
        data.append("msg_id", .string(message.msgID))
        if let serverID = message.serverID { data.append("api_send_svrid", .string(serverID)) }
        if let apiSendID = message.apiSendID { data.append("api_send_id", .string(apiSendID)) }
        data.append("conversation_id", .string(message.conversation))
        data.append("msg_type", .string(message.msgType))
        data.append("errmsg", .string(error))
        data.append("timestamp", .int(message.timestamp))
        return envelope("chatMsgSendFail", message, data)
    }

    private static func envelope(_ event: String, _ message: Message, _ data: JSONObject) -> [UInt8] {
        JSON.serialize(.object(JSONObject([
            ("event", .string(event)), ("app_id", .string(message.appID)), ("wxid", .string(message.wxid)),
            ("data", .object(data)),
        ])))
    }
}
