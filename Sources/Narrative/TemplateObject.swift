import Foundation
import Stencil

/// A value of the Facts module (a struct) as templates see it. Stencil reads a struct's members by
/// reflecting it anew for every `{{ fact.current.formatted }}`, which was two thirds of the template
/// stage of a district profile; a `TemplateObject` reflects its value once, on first use, and hands on
/// nested structs wrapped the same way. Filters get the original value back (`unwrapOptional`).
final class TemplateObject: DynamicMemberLookup, @unchecked Sendable {
    let value: Any
    private var members: [String: Any]?

    init(_ value: Any) { self.value = value }

    subscript(dynamicMember member: String) -> Any? { table()[member] }

    /// Every member's name, also those without a value here (for "did you mean" suggestions).
    var memberNames: [String] { Mirror(reflecting: value).children.compactMap(\.label) }

    private func table() -> [String: Any] {
        if let members { return members }
        var table: [String: Any] = [:]
        for child in Mirror(reflecting: value).children {
            if let label = child.label, let converted = templateValue(child.value) { table[label] = converted }
        }
        members = table
        return table
    }
}

/// A value for a template: optionals unwrapped (nil stays nil), structs and arrays of structs wrapped
/// as `TemplateObject`, everything else as it is.
func templateValue(_ value: Any) -> Any? {
    switch value {
    case is String, is Double, is Int, is Bool, is TemplateObject, is TrustedMarkdown: return value
    default: break
    }
    // Enums reach templates as their raw text (`rule.measure == "share"`).
    if let raw = value as? any RawRepresentable, let text = raw.rawValue as? String { return text }
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .optional?: return mirror.children.first.flatMap { templateValue($0.value) }
    case .struct?: return TemplateObject(value)
    case .collection?: return mirror.children.map { templateValue($0.value) ?? $0.value }
    default: return value
    }
}
