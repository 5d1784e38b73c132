import Foundation
import Testing

/// `deploy/nginx.conf`: 云真机 sends its callback token in the query string, so nothing nginx
/// logs may carry a query — every access log uses the `wxhook` format, which names the path only.
@Suite struct NginxConfigTests {
    static let text = (try? String(contentsOfFile: DebianPackageTests.root + "/deploy/nginx.conf", encoding: .utf8)) ?? ""

    /// The configuration without comments, one directive per element (they end in `;`).
    static var directives: [String] {
        text.split(separator: "\n").map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
            .joined(separator: " ").split(separator: ";").map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
    }

    @Test func theLogFormatNamesThePathNeverTheQuery() throws {
        let format = try #require(Self.directives.first { $0.hasPrefix("log_format wxhook ") }, "no log_format wxhook")
        #expect(format.contains("$uri"))
        // $request is the request line, query included; $request_uri, $args, $query_string and
        // $arg_NAME are the query or carry it.
        for variable in ["$request ", "$request\"", "$request'", "$request_uri", "$args", "$query_string", "$arg_"] {
            #expect(!format.contains(variable), "the log format logs \(variable)")
        }
    }

    @Test func everyAccessLogUsesThatFormat() throws {
        let logs = Self.directives.filter { $0.hasPrefix("access_log ") }
        #expect(!logs.isEmpty)
        for log in logs {
            #expect(log == "access_log off" || log.hasSuffix(" wxhook"), "\(log) logs in nginx's default format, query included")
        }
    }
}
