import Yams

/// Checks that a GeoJSON geometry can outline an area (RFC 7946 §3.1): a `Polygon` or `MultiPolygon`
/// whose rings are closed lists of at least four positions of two or three finite numbers. The first
/// thing wrong is reported at its position; a geometry that passes is stored as JSON text.
enum GeoJSONGeometry {
    struct Problem: Error {
        var line: Int, column: Int
        var message: String
        var fix: String

        init(node: Node, message: String, fix: String) {
            line = node.mark?.line ?? 1; column = node.mark?.column ?? 1
            self.message = message; self.fix = fix
        }
    }

    static let areaTypes = ["Polygon", "MultiPolygon"]

    static func validate(_ geometry: Node) -> Problem? {
        guard let mapping = geometry.mapping else {
            return Problem(node: geometry, message: "the geometry is not an object", fix: "write {\"type\": \"Polygon\", \"coordinates\": [...]}")
        }
        guard let typeNode = mapping["type"], let type = typeNode.scalar?.string else {
            return Problem(node: geometry, message: "the geometry has no type", fix: "give \"type\": \"Polygon\" or \"MultiPolygon\"")
        }
        guard areaTypes.contains(type) else {
            return Problem(node: typeNode, message: "a \(quoted(type)) geometry cannot outline an area",
                           fix: "export the areas as Polygon or MultiPolygon features")
        }
        guard let coordinates = mapping["coordinates"] else {
            return Problem(node: geometry, message: "the \(type) has no coordinates", fix: "give \"coordinates\": [...] as RFC 7946 describes")
        }
        do {
            if type == "Polygon" {
                try polygon(coordinates)
            } else {
                let polygons = try list(coordinates, of: "polygons")
                for p in polygons { try polygon(p) }
            }
        } catch let problem as Problem {
            return problem
        } catch {
            return Problem(node: coordinates, message: "the coordinates are not valid", fix: "check them against RFC 7946")
        }
        return nil
    }

    private static func list(_ node: Node, of what: String, atLeast minimum: Int = 1) throws -> [Node] {
        guard let items = node.sequence else {
            throw Problem(node: node, message: "\(describe(node)) where a list of \(what) belongs", fix: "write [...] as RFC 7946 describes")
        }
        guard items.count >= minimum else {
            throw Problem(node: node, message: "a list of \(items.count) \(what) where at least \(minimum) belong",
                          fix: minimum == 4 ? "a ring needs at least four positions, the last repeating the first" : "give at least \(minimum)")
        }
        return Array(items)
    }

    private static func polygon(_ node: Node) throws {
        for ring in try list(node, of: "rings") {
            let positions = try list(ring, of: "positions", atLeast: 4)
            let values = try positions.map(position)
            if let first = values.first, let last = values.last, first != last {
                throw Problem(node: positions[positions.count - 1], message: "the ring is not closed: its last position differs from its first",
                              fix: "repeat the first position at the end of the ring")
            }
        }
    }

    private static func position(_ node: Node) throws -> [Double] {
        guard let items = node.sequence else {
            throw Problem(node: node, message: "\(describe(node)) where a position [x, y] belongs", fix: "write each position as [longitude, latitude]")
        }
        guard items.count == 2 || items.count == 3 else {
            throw Problem(node: node, message: "a position with \(items.count) numbers", fix: "write each position as [longitude, latitude] (or with a third number, the height)")
        }
        return try items.map { item in
            guard let scalar = item.scalar, scalar.style == .plain, let d = Double(scalar.string), d.isFinite,
                  scalar.string.first.map({ $0 == "-" || $0.isNumber }) == true else {
                throw Problem(node: item, message: "\(describe(item)) where a coordinate (a number) belongs",
                              fix: "write coordinates as JSON numbers, e.g. 10.68, not \"10.68\" or null")
            }
            return d
        }
    }

    /// What a node is, for messages: "the text \"10.6\"", "null", "an object".
    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s):
            if s.style == .plain && s.string == "null" { return "null" }
            if s.style == .plain, Double(s.string) != nil { return "the number \(quoted(s.string, limit: 20))" }
            return "the text \(quoted(s.string, limit: 20))"
        case .mapping: return "an object"
        case .sequence: return "a list"
        }
    }
}
