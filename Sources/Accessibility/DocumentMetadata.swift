import Document
import Foundation
import PDFOutput

/// The Info dictionary and the XMP packet, written from the same values so they agree exactly
/// (PDF/UA-1 §7.1 and ISO 32000-1 §14.3.3: Info and XMP must be equivalent).
struct DocumentMetadata: Equatable, Sendable {
    var title: String
    var language: String
    var author: String?
    var subject: String?
    var keywords: String?
    var creator: String
    var producer: String
    var date: UTCDate
    /// PDF/A part and conformance written to the XMP identification (always with PDF/UA-1).
    var standard: PDFStandard = .default

    /// Used when neither the document nor SOURCE_DATE_EPOCH gives a date: output must never
    /// depend on the wall clock.
    static let fallbackEpoch = 946_684_800 // 2000-01-01T00:00:00Z

    init(_ metadata: PDFMetadata, environment: [String: String]) throws(AccessibilityError) {
        let title = metadata.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else {
            throw .invalidMetadata("the document has an empty title — PDF/UA-1 requires a title; give the document one")
        }
        let language = metadata.language.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.isPlausibleLanguageTag(language) else {
            throw .invalidMetadata("'\(metadata.language)' is not a BCP 47 language tag — use e.g. de-DE")
        }
        self.title = title
        self.language = language
        self.author = metadata.author.flatMap { $0.isEmpty ? nil : $0 }
        self.subject = metadata.subject.flatMap { $0.isEmpty ? nil : $0 }
        self.keywords = metadata.keywords.isEmpty ? nil : metadata.keywords.joined(separator: ", ")
        self.creator = metadata.creator
        self.producer = metadata.producer
        if let date = metadata.date {
            self.date = UTCDate(secondsSinceEpoch: Int(date.timeIntervalSince1970.rounded(.down)))
        } else if let raw = environment["SOURCE_DATE_EPOCH"] {
            guard let seconds = Int(raw.trimmingCharacters(in: .whitespaces)), seconds >= 0 else {
                throw .invalidMetadata("SOURCE_DATE_EPOCH='\(raw)' is not a whole number of seconds — unset it or give e.g. 1700000000")
            }
            self.date = UTCDate(secondsSinceEpoch: seconds)
        } else {
            self.date = UTCDate(secondsSinceEpoch: Self.fallbackEpoch)
        }
    }

    static func isPlausibleLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, (2...8).contains(primary.count),
              primary.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// The XMP packet (ISO 16684-1) with Dublin Core, PDF, XMP basic, PDF/A and PDF/UA identification,
    /// and the PDF/A extension schema that declares `pdfuaid:part` (PDF/A allows only predefined
    /// properties and ones an embedded extension schema describes, ISO 19005-2 §6.6.2.3).
    var xmpPacket: [UInt8] { xmpPacket(extraPadding: 0) }

    /// The packet with `extraPadding` more spaces of padding (the finishing pass's way to move the
    /// byte offsets after it, see `StreamEndings`).
    func xmpPacket(extraPadding: Int) -> [UInt8] {
        func esc(_ s: String) -> String { Self.xmlEscaped(s) }
        var lines: [String] = []
        lines.append("<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>")
        lines.append("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">")
        lines.append(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">")
        lines.append("  <rdf:Description rdf:about=\"\"")
        lines.append("    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"")
        lines.append("    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"")
        lines.append("    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">")
        lines.append("   <pdfaExtension:schemas>")
        lines.append("    <rdf:Bag>")
        lines.append("     <rdf:li rdf:parseType=\"Resource\">")
        lines.append("      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>")
        lines.append("      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>")
        lines.append("      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>")
        lines.append("      <pdfaSchema:property>")
        lines.append("       <rdf:Seq>")
        lines.append("        <rdf:li rdf:parseType=\"Resource\">")
        lines.append("         <pdfaProperty:name>part</pdfaProperty:name>")
        lines.append("         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>")
        lines.append("         <pdfaProperty:category>internal</pdfaProperty:category>")
        lines.append("         <pdfaProperty:description>Part of ISO 14289 (PDF/UA) the document conforms to</pdfaProperty:description>")
        lines.append("        </rdf:li>")
        lines.append("       </rdf:Seq>")
        lines.append("      </pdfaSchema:property>")
        lines.append("     </rdf:li>")
        lines.append("    </rdf:Bag>")
        lines.append("   </pdfaExtension:schemas>")
        lines.append("  </rdf:Description>")
        lines.append("  <rdf:Description rdf:about=\"\"")
        lines.append("    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"")
        lines.append("    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"")
        lines.append("    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"")
        lines.append("    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"")
        lines.append("    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">")
        lines.append("   <dc:format>application/pdf</dc:format>")
        lines.append("   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">\(esc(title))</rdf:li></rdf:Alt></dc:title>")
        lines.append("   <dc:language><rdf:Bag><rdf:li>\(esc(language))</rdf:li></rdf:Bag></dc:language>")
        if let author {
            lines.append("   <dc:creator><rdf:Seq><rdf:li>\(esc(author))</rdf:li></rdf:Seq></dc:creator>")
        }
        if let subject {
            lines.append("   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">\(esc(subject))</rdf:li></rdf:Alt></dc:description>")
        }
        lines.append("   <pdf:Producer>\(esc(producer))</pdf:Producer>")
        if let keywords {
            lines.append("   <pdf:Keywords>\(esc(keywords))</pdf:Keywords>")
        }
        lines.append("   <xmp:CreatorTool>\(esc(creator))</xmp:CreatorTool>")
        lines.append("   <xmp:CreateDate>\(date.xmp)</xmp:CreateDate>")
        lines.append("   <xmp:ModifyDate>\(date.xmp)</xmp:ModifyDate>")
        lines.append("   <xmp:MetadataDate>\(date.xmp)</xmp:MetadataDate>")
        lines.append("   <pdfaid:part>\(standard == .a2a ? 2 : 3)</pdfaid:part>")
        lines.append("   <pdfaid:conformance>A</pdfaid:conformance>")
        lines.append("   <pdfuaid:part>1</pdfuaid:part>")
        lines.append("  </rdf:Description>")
        lines.append(" </rdf:RDF>")
        lines.append("</x:xmpmeta>")
        // Padding lets an XMP editor update the packet in place (ISO 16684-1 §7.3.5).
        let padding = String(repeating: String(repeating: " ", count: 99) + "\n", count: 20)
        return Array((lines.joined(separator: "\n") + "\n" + padding + String(repeating: " ", count: extraPadding)
                      + "<?xpacket end=\"w\"?>").utf8)
    }

    static func xmlEscaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            // XML 1.0 forbids most control characters even as references; drop them.
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r":
                continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// A UTC timestamp formatted without Foundation's locale- and time-zone-dependent formatters.
struct UTCDate: Equatable, Sendable {
    var year, month, day, hour, minute, second: Int

    init(secondsSinceEpoch: Int) {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let secondsOfDay = secondsSinceEpoch - days * 86_400
        hour = secondsOfDay / 3600
        minute = (secondsOfDay % 3600) / 60
        second = secondsOfDay % 60
        // Civil-from-days (H. Hinnant), proleptic Gregorian calendar.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// ISO 32000-1 §7.9.4 date: `D:YYYYMMDDHHmmSS+00'00'`.
    var pdf: String {
        "D:\(pad(year, 4))\(pad(month, 2))\(pad(day, 2))\(pad(hour, 2))\(pad(minute, 2))\(pad(second, 2))+00'00'"
    }

    /// ISO 8601 as XMP writes it, with the same offset as the PDF date.
    var xmp: String {
        "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))+00:00"
    }
}
