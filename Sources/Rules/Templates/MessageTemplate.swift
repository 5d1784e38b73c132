import Core
import JSON

/// A reply's message item with every string field parsed as a template, so that rendering a
/// reply only fills in values.
public enum MessageTemplate: Sendable, Hashable {
    case text(Template)
    case image(url: Template)
    case link(title: Template, url: Template, desc: Template?, imageURL: Template?)
    case file(title: Template, url: Template)
    case voice(url: Template, duration: Int)
    case miniprogram(JSONTemplate)

    /// Parses every string field of `item`.
    public init(_ item: MessageItem) throws(TemplateError) {
        switch item {
        case .text(let text):
            self = .text(try Template(parsing: text))
        case .image(let url):
            self = .image(url: try Template(parsing: url))
        case .link(let title, let url, let desc, let imageURL):
            self = .link(title: try Template(parsing: title), url: try Template(parsing: url),
                         desc: try desc.map { text throws(TemplateError) in try Template(parsing: text) },
                         imageURL: try imageURL.map { text throws(TemplateError) in try Template(parsing: text) })
        case .file(let title, let url):
            self = .file(title: try Template(parsing: title), url: try Template(parsing: url))
        case .voice(let url, let duration):
            self = .voice(url: try Template(parsing: url), duration: duration)
        case .miniprogram(let fields):
            self = .miniprogram(try JSONTemplate(.object(fields)))
        }
    }

    /// Every template of the item.
    var templates: [Template] {
        switch self {
        case .text(let text): [text]
        case .image(let url): [url]
        case .link(let title, let url, let desc, let imageURL): [title, url] + [desc, imageURL].compactMap { $0 }
        case .file(let title, let url): [title, url]
        case .voice(let url, _): [url]
        case .miniprogram(let fields): fields.templates
        }
    }

    public func render(_ context: TemplateContext) -> MessageItem {
        switch self {
        case .text(let text): .text(text.render(context))
        case .image(let url): .image(url: url.render(context))
        case .link(let title, let url, let desc, let imageURL):
            .link(title: title.render(context), url: url.render(context),
                  desc: desc?.render(context), imageURL: imageURL?.render(context))
        case .file(let title, let url): .file(title: title.render(context), url: url.render(context))
        case .voice(let url, let duration): .voice(url: url.render(context), duration: duration)
        case .miniprogram(let fields):
            .miniprogram(fields.render(context).objectValue ?? JSONObject())
        }
    }
}

/// A JSON value whose strings are templates (the pass-through fields of a mini-program card).
public indirect enum JSONTemplate: Sendable, Hashable {
    case fixed(JSONValue)
    case string(Template)
    case array([JSONTemplate])
    case object([String], [JSONTemplate])

    public init(_ value: JSONValue) throws(TemplateError) {
        switch value {
        case .string(let text):
            let template = try Template(parsing: text)
            self = template.usesVariables ? .string(template) : .fixed(value)
        case .array(let elements):
            var parts: [JSONTemplate] = []
            for element in elements { parts.append(try JSONTemplate(element)) }
            self = parts.allSatisfy(\.isFixed) ? .fixed(value) : .array(parts)
        case .object(let object):
            var parts: [JSONTemplate] = []
            for (_, member) in object { parts.append(try JSONTemplate(member)) }
            self = parts.allSatisfy(\.isFixed) ? .fixed(value) : .object(object.keys, parts)
        default:
            self = .fixed(value)
        }
    }

    public func render(_ context: TemplateContext) -> JSONValue {
        switch self {
        case .fixed(let value): value
        case .string(let template): .string(template.render(context))
        case .array(let parts): .array(parts.map { $0.render(context) })
        case .object(let keys, let parts):
            .object(JSONObject(Array(zip(keys, parts.map { $0.render(context) }))))
        }
    }

    var templates: [Template] {
        switch self {
        case .fixed: []
        case .string(let template): [template]
        case .array(let parts), .object(_, let parts): parts.flatMap(\.templates)
        }
    }

    private var isFixed: Bool {
        if case .fixed = self { true } else { false }
    }
}
