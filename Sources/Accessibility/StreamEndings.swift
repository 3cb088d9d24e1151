/// Keeps every stream's data from ending in a carriage return.
///
/// PDF/A wants an end-of-line marker before `endstream` and an exact /Length (ISO 19005-2 §6.1.7.1);
/// qpdf writes a line feed there. When the data itself ends in CR, the file is still correct, but a
/// checker cannot tell whether "CR LF endstream" is data + LF or a CR LF marker — page-validation
/// counts it as the marker and reports PDFA3A-STREAM-LENGTH-001. So no stream may end in CR:
/// - qpdf writes every decodable stream Flate-compressed, and zlib data ends with the Adler-32 of the
///   uncompressed bytes (low byte last), so the last byte is known before writing: where it is CR,
///   content streams and CMaps get a trailing line feed (insignificant whitespace), font programs a
///   trailing byte past their tables (/Length1 updated);
/// - the object and cross-reference streams qpdf generates are checked in the written file; on a hit
///   the file is written again with a different XMP padding (cross-reference stream) or without object
///   streams (an object stream), which changes those bytes. Both are deterministic.
enum StreamEndings {
    static let carriageReturn: UInt8 = 0x0D

    /// The last byte zlib writes for `bytes`: the low byte of their Adler-32.
    static func lastCompressedByte(_ bytes: [UInt8]) -> UInt8 {
        var a: UInt32 = 1
        var index = 0
        let count = bytes.count
        bytes.withUnsafeBufferPointer { buffer in
            // 5552 bytes keep the running sum below 2^32 before the modulo (zlib's NMAX).
            while index < count {
                let end = min(count, index + 5552)
                while index < end { a &+= UInt32(buffer[index]); index += 1 }
                a %= 65_521
            }
        }
        return UInt8(truncatingIfNeeded: a)
    }

    /// Appends to the streams of `session` whose compressed data would end in CR (see above).
    /// `cairoObjects` is the trailer's /Size of Cairo's file: the finishing pass adds only the metadata,
    /// the output intent's profile and the embedded files, which are written so that this cannot happen.
    static func avoidTrailingCarriageReturns(_ session: QPDFSession, cairoObjects: Int) {
        for number in 1..<max(1, cairoObjects) {
            let object = session.object(number)
            guard session.isStream(object) else { continue }
            let dictionary = session.streamDictionary(object)
            guard let data = session.streamData(object), lastCompressedByte(data) == carriageReturn else { continue }
            // A line feed changes the Adler-32 sum by 10: never CR again.
            session.replaceStreamData(object, data + [0x0A])
            if session.hasKey(dictionary, "/Length1") { session.set(dictionary, "/Length1", session.newInteger(data.count + 1)) }
        }
    }

    /// Whether a written file has a stream whose data ends in CR, and whether that is an object stream.
    static func trailingCarriageReturns(in file: [UInt8]) -> (any: Bool, inObjectStream: Bool) {
        let marker = Array("\r\nendstream".utf8)
        var found = false, objectStream = false
        file.withUnsafeBufferPointer { buffer in
            var i = 0
            let n = buffer.count - marker.count
            while i <= n {
                if buffer[i] == carriageReturn && buffer[i + 1] == 0x0A && buffer[i + 2] == UInt8(ascii: "e")
                    && Array(buffer[i..<i + marker.count]) == marker {
                    found = true
                    // The stream's dictionary is between the last "obj" before it and "stream".
                    var j = i
                    while j > 3, !(buffer[j - 3] == UInt8(ascii: "o") && buffer[j - 2] == UInt8(ascii: "b") && buffer[j - 1] == UInt8(ascii: "j")) { j -= 1 }
                    let header = String(decoding: buffer[j..<min(j + 200, buffer.count)], as: UTF8.self)
                    if header.contains("/ObjStm") { objectStream = true }
                }
                i += 1
            }
        }
        return (found, objectStream)
    }
}
