/// Answers a request; runs on the Swift cooperative pool.
public typealias HTTPHandler = @Sendable (HTTPRequest) async -> HTTPResponse

/// Maps method and path to a handler. Patterns are literal segments and `{name}` parameters
/// (`/hooks/botadmin/{account}`); at each segment a literal beats a parameter. HEAD falls back to
/// the GET handler (the server drops the body). A method no route serves is 501 (whatever the
/// path), an unknown path 404, a known path with another method 405 with `Allow`; all are JSON
/// errors. Empty segments are ignored, so a trailing slash does not matter.
public struct Router: Sendable {
    private var nodes: [RouteNode] = [RouteNode()]
    /// Every method some route serves: any other is not implemented anywhere.
    private var servedMethods: Set<HTTPMethod> = []

    public init() {}

    /// Registers a handler; registering the same method and pattern again replaces it.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping HTTPHandler) {
        var node = 0
        var parameterNames: [String] = []
        for segment in pattern.utf8.split(separator: ASCII.slash) {
            let text = String(Substring(segment))
            if let name = RouteNode.parameterName(text) {
                parameterNames.append(name)
                node = child(of: node, literal: nil)
            } else {
                node = child(of: node, literal: text)
            }
        }
        servedMethods.insert(method)
        let route = RouteNode.Route(method: method, pattern: pattern, parameterNames: parameterNames, handler: handler)
        if let existing = nodes[node].routes.firstIndex(where: { $0.method == method }) {
            nodes[node].routes[existing] = route
        } else {
            nodes[node].routes.append(route)
        }
    }

    /// The router as a handler: `HTTPServer(configuration:, handler: router.handle, …)`.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        switch resolve(request) {
        case .found(let handler, let request):
            return await handler(request)
        case .refused(let response):
            return response
        }
    }

    public enum Resolution: Sendable {
        /// The handler to call and the request with its path parameters filled in.
        case found(HTTPHandler, HTTPRequest)
        /// 501, 404 or 405, ready to send.
        case refused(HTTPResponse)
    }

    /// Finds the handler without calling it.
    public func resolve(_ request: HTTPRequest) -> Resolution {
        guard serves(request.method) else {
            return .refused(.jsonError(.notImplemented, "method not implemented"))
        }
        var values: [Substring.UTF8View] = []
        let segments = request.path.utf8.split(separator: ASCII.slash)
        guard let node = match(segments[...], from: 0, values: &values) else {
            return .refused(.jsonError(.notFound, "not found"))
        }
        let routes = nodes[node].routes
        let route = routes.first { $0.method == request.method }
            ?? (request.method == .head ? routes.first { $0.method == .get } : nil)
        guard let route else {
            var response = HTTPResponse.jsonError(.methodNotAllowed, "method not allowed")
            response.headers.add(name: "Allow", value: allowed(routes))
            return .refused(response)
        }
        var request = request
        for (name, value) in zip(route.parameterNames, values) {
            request.pathParameters[name] = PercentDecoding.decode(value, plusAsSpace: false)
        }
        return .found(route.handler, request)
    }

    /// The pattern of the route that serves `path` (`/hooks/botadmin/{account}`), whatever the
    /// method, or nil when no route does: a bounded label for metrics, never the raw path. It
    /// matches as `resolve` does, so a request is counted under the route that answered it.
    public func pattern(forPath path: String) -> String? {
        var values: [Substring.UTF8View] = []
        let segments = path.utf8.split(separator: ASCII.slash)
        guard let node = match(segments[...], from: 0, values: &values) else { return nil }
        return nodes[node].routes.first?.pattern
    }

    /// Every registered route, in the order the tree holds them (HEAD's fallback to GET is implied,
    /// not listed): what the API's description must cover.
    public var routes: [RoutePattern] {
        nodes.flatMap { node in node.routes.map { RoutePattern(method: $0.method, pattern: $0.pattern) } }
    }

    /// Depth-first: literal child first, then the parameter child, backtracking on a dead end.
    private func match(
        _ segments: ArraySlice<Substring.UTF8View>, from node: Int, values: inout [Substring.UTF8View]
    ) -> Int? {
        guard let segment = segments.first else {
            return nodes[node].routes.isEmpty ? nil : node
        }
        let rest = segments.dropFirst()
        for (literal, child) in nodes[node].literals where literal.utf8.elementsEqual(segment) {
            if let found = match(rest, from: child, values: &values) { return found }
        }
        if let child = nodes[node].parameter {
            values.append(segment)
            if let found = match(rest, from: child, values: &values) { return found }
            values.removeLast()
        }
        return nil
    }

    /// Whether any route answers `method`; HEAD is served wherever GET is.
    private func serves(_ method: HTTPMethod) -> Bool {
        servedMethods.contains(method) || (method == .head && servedMethods.contains(.get))
    }

    private func allowed(_ routes: [RouteNode.Route]) -> String {
        var methods = routes.map(\.method.rawValue)
        if methods.contains("GET"), !methods.contains("HEAD") { methods.append("HEAD") }
        return methods.joined(separator: ", ")
    }

    private mutating func child(of node: Int, literal: String?) -> Int {
        if let literal {
            if let existing = nodes[node].literals.first(where: { $0.0 == literal }) { return existing.1 }
            nodes.append(RouteNode())
            nodes[node].literals.append((literal, nodes.count - 1))
        } else {
            if let existing = nodes[node].parameter { return existing }
            nodes.append(RouteNode())
            nodes[node].parameter = nodes.count - 1
        }
        return nodes.count - 1
    }
}

/// A route as registered: its method and pattern (`POST /hooks/botadmin/{account}`).
public struct RoutePattern: Sendable, Hashable, CustomStringConvertible {
    public let method: HTTPMethod
    public let pattern: String

    public init(method: HTTPMethod, pattern: String) {
        self.method = method
        self.pattern = pattern
    }

    public var description: String { "\(method.rawValue) \(pattern)" }
}

/// One segment position in the route tree; children are indices into the router's node array.
struct RouteNode: Sendable {
    struct Route: Sendable {
        let method: HTTPMethod
        /// As registered, for `pattern(forPath:)`.
        let pattern: String
        /// The `{name}`s of this route's pattern, in order (routes sharing a node may name
        /// their parameters differently).
        let parameterNames: [String]
        let handler: HTTPHandler
    }

    var literals: [(String, Int)] = []
    var parameter: Int?
    var routes: [Route] = []

    static func parameterName(_ segment: String) -> String? {
        guard segment.utf8.count > 2, segment.utf8.first == UInt8(ascii: "{"),
              segment.utf8.last == UInt8(ascii: "}") else { return nil }
        return String(segment.dropFirst().dropLast())
    }
}
