/// Turns the marked-content sequences of page furniture into artifacts.
///
/// Cairo 1.16 cannot write artifacts, so the PDF stage draws furniture inside the placeholder
/// structure type (`Private`); Cairo writes that as `/Private << /MCID n >> BDC … EMC`. This
/// rewrites exactly those BDC operators (matched by tag *and* MCID) to
/// `/Artifact << /Type /Pagination >> BDC`; the content and the closing EMC stay byte-identical.
enum ArtifactRewriter {
    static let artifactOpening = Array("/Artifact << /Type /Pagination >> BDC".utf8)

    struct Failure: Error, Equatable, Sendable {
        var offset: Int?
        var message: String
    }

    /// - Parameters:
    ///   - content: the decoded page content.
    ///   - placeholderTag: the structure type used for furniture ("Private").
    ///   - mcids: the MCIDs of the furniture placeholders on this page.
    /// - Returns: the rewritten content; throws unless every MCID was found exactly once under
    ///   the placeholder tag, and if real (MCID-carrying) content would end up inside an artifact.
    static func rewrite(_ content: [UInt8], placeholderTag: String, mcids: Set<Int>) throws(Failure) -> [UInt8] {
        let tokens: [ContentToken]
        do {
            tokens = try ContentStreamTokenizer.tokenize(content)
        } catch {
            throw Failure(offset: error.offset, message: error.message)
        }

        var replacements: [Range<Int>] = []
        var converted: Set<Int> = []
        // One entry per open marked-content sequence: is it (inside) an artifact?
        var openSequences: [Bool] = []
        var operandStart = 0

        for (index, token) in tokens.enumerated() {
            guard token.isOperator, case .keyword(let op) = token.kind else {
                if token.kind == .comment, operandStart == index { operandStart = index + 1 }
                continue
            }
            defer { operandStart = index + 1 }
            let insideArtifact = openSequences.last ?? false
            switch op {
            case "BMC":
                openSequences.append(insideArtifact)
            case "BDC":
                let operands = tokens[operandStart..<index].filter { $0.kind != .comment }
                let tag: String? = if case .name(let n)? = operands.first?.kind { n } else { nil }
                let mcid = markedContentID(in: operands, content: content)
                if let mcid, mcids.contains(mcid) {
                    guard tag == placeholderTag else {
                        throw Failure(offset: token.range.lowerBound,
                                      message: "MCID \(mcid) belongs to a /\(placeholderTag) element but is tagged /\(tag ?? "?") in the content stream")
                    }
                    guard !insideArtifact else {
                        throw Failure(offset: token.range.lowerBound, message: "furniture MCID \(mcid) is nested in another artifact")
                    }
                    guard converted.insert(mcid).inserted else {
                        throw Failure(offset: token.range.lowerBound, message: "MCID \(mcid) occurs twice on the page")
                    }
                    replacements.append(tokens[operandStart].range.lowerBound..<token.range.upperBound)
                    openSequences.append(true)
                } else {
                    if insideArtifact, let mcid {
                        throw Failure(offset: token.range.lowerBound,
                                      message: "tagged content (MCID \(mcid)) is drawn inside page furniture; it would be hidden from assistive technology")
                    }
                    openSequences.append(insideArtifact)
                }
            case "EMC":
                guard openSequences.popLast() != nil else {
                    throw Failure(offset: token.range.lowerBound, message: "EMC without a matching BMC/BDC")
                }
            default:
                break
            }
        }
        guard openSequences.isEmpty else {
            throw Failure(offset: nil, message: "\(openSequences.count) marked-content sequence(s) are not closed")
        }
        let missing = mcids.subtracting(converted)
        guard missing.isEmpty else {
            throw Failure(offset: nil, message: "no marked content found for furniture MCID(s) \(missing.sorted())")
        }

        var output: [UInt8] = []
        output.reserveCapacity(content.count + replacements.count * 16)
        var cursor = 0
        for range in replacements {
            output.append(contentsOf: content[cursor..<range.lowerBound])
            output.append(contentsOf: artifactOpening)
            cursor = range.upperBound
        }
        output.append(contentsOf: content[cursor...])
        return output
    }

    /// The /MCID of a BDC property list given inline (`<< /MCID 3 … >>`), nil otherwise.
    static func markedContentID(in operands: [ContentToken], content: [UInt8]) -> Int? {
        var depth = 0
        for (i, token) in operands.enumerated() {
            switch token.kind {
            case .dictionaryStart, .arrayStart: depth += 1
            case .dictionaryEnd, .arrayEnd: depth -= 1
            case .name("MCID") where depth == 1 && i + 1 < operands.count:
                let value = operands[i + 1]
                guard value.kind == .number else { return nil }
                return Int(String(decoding: content[value.range], as: UTF8.self))
            default: break
            }
        }
        return nil
    }
}
