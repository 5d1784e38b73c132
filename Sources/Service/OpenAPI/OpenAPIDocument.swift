import HTTP
import JSON

/// `GET /openapi.json`: the OpenAPI 3.1 description of every route `serve` answers, kept by hand in
/// `openapi.json` beside this file and held true by tests: every route of the router is in it and
/// nothing else, and real answers of the main endpoints match its schemas. Served without auth,
/// like `/`, with this build's version.
enum OpenAPIDocument {
    /// The document as served: `info.version` set to `version`.
    static func bytes(version: String) -> [UInt8] {
        // The file is checked by the tests; a parse failure here is a build that never passed them.
        guard case .object(var document)? = try? JSON.parse(PackageResources.openapi_json),
              case .object(var info)? = document["info"] else {
            preconditionFailure("Sources/Service/OpenAPI/openapi.json is not a JSON object with info")
        }
        info["version"] = .string(version)
        document["info"] = .object(info)
        return JSON.serialize(.object(document))
    }
}
