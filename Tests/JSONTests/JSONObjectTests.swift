import Testing
import JSON

struct JSONObjectTests {
    @Test func keepsInsertionOrder() {
        var object = JSONObject()
        object["z"] = 1
        object["a"] = 2
        object["m"] = 3
        #expect(object.keys == ["z", "a", "m"])
        #expect(object.values == [1, 2, 3])
        #expect(object.count == 3)
        #expect(JSON.string(.object(object)) == #"{"z":1,"a":2,"m":3}"#)
    }

    @Test func parseKeepsDuplicatesInOrderAndLookupSeesTheLast() throws {
        let object = try #require(JSON.parse(#"{"a":1,"b":2,"a":3}"#).objectValue)
        #expect(object.keys == ["a", "b", "a"])
        #expect(object.count == 3)
        #expect(object["a"] == 3)
        #expect(object.dictionary == ["a": 3, "b": 2])
    }

    @Test func settingReplacesInPlaceAndNilRemovesEveryDuplicate() {
        var object = JSONObject([("a", 1), ("b", 2), ("a", 3)])
        object["b"] = "two"
        #expect(object.keys == ["a", "b", "a"])
        #expect(object["b"] == "two")
        object["a"] = 4
        #expect(Array(object.values) == [1, "two", 4])
        object["a"] = nil
        #expect(object.keys == ["b"])
        #expect(object.contains(key: "a") == false)
        #expect(object.removeValue(forKey: "b") == "two")
        #expect(object.isEmpty)
        #expect(object.removeValue(forKey: "b") == nil)
    }

    @Test func appendAddsWithoutLookingAndLiteralsKeepTheirOrder() {
        var object: JSONObject = ["y": 1, "x": 2]
        object.append("y", 3)
        #expect(object.keys == ["y", "x", "y"])
        #expect(object["y"] == 3)
    }

    @Test func iteratesAsKeyValuePairs() {
        let object: JSONObject = ["a": 1, "b": "x"]
        var seen: [String] = []
        for (key, value) in object { seen.append("\(key)=\(value)") }
        #expect(seen == ["a=1", #"b="x""#])
        #expect(object.map(\.key) == ["a", "b"])
        #expect(object.underestimatedCount == 2)
    }

    @Test func equalityAndHashingFollowOrder() {
        let ab: JSONObject = ["a": 1, "b": 2]
        let ba: JSONObject = ["b": 2, "a": 1]
        #expect(ab == JSONObject([("a", 1), ("b", 2)]))
        #expect(ab != ba)
        #expect(Set([ab, JSONObject([("a", 1), ("b", 2)])]).count == 1)
        #expect(ab.description == #"{"a":1,"b":2}"#)
    }
}
