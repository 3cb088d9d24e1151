import CQPDF
import Foundation

/// A thin, checked wrapper over libqpdf's C API (`qpdf/qpdf-c.h`). qpdf reports errors of
/// object-handle functions by storing them and returning a default value, so every step of the
/// finishing pass ends with `try check(...)`, which turns a stored error into a thrown one.
/// Not thread-safe: one session per document, used by one thread.
final class QPDFSession {
    typealias Handle = qpdf_oh

    private let data: qpdf_data

    init(bytes: [UInt8], description: String) throws {
        guard let data = qpdf_init() else {
            throw AccessibilityError.qpdf(step: "initialise libqpdf", message: "qpdf_init returned NULL")
        }
        self.data = data
        qpdf_silence_errors(data)
        // Warnings stay readable through the API; they must not be printed to stderr.
        qpdf_set_suppress_warnings(data, QPDF_TRUE)
        let code = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                qpdf_read_memory(data, description, chars, UInt64(buffer.count), nil)
            }
        }
        if code & qpdfErrorsBit != 0 || qpdf_has_error(data) != 0 {
            // `deinit` runs for a fully initialised object whose init throws; it frees `data`.
            let message = Self.takeError(data)
            throw AccessibilityError.qpdf(step: "read the PDF written by Cairo", message: message)
        }
    }

    deinit {
        guard !Accessibility.leavesMemoryToProcessExit else { return }
        var pointer: qpdf_data? = data
        qpdf_cleanup(&pointer)
    }

    private static func takeError(_ data: qpdf_data) -> String {
        guard qpdf_has_error(data) != 0, let error = qpdf_get_error(data),
              let text = qpdf_get_error_full_text(data, error) else { return "unknown qpdf error" }
        return String(cString: text)
    }

    /// Throws if qpdf stored an error since the last check.
    func check(_ step: String) throws {
        if qpdf_has_error(data) != 0 {
            throw AccessibilityError.qpdf(step: step, message: Self.takeError(data))
        }
    }

    // MARK: Document

    var root: Handle { qpdf_get_root(data) }
    var trailer: Handle { qpdf_get_trailer(data) }

    var pages: [Handle] {
        let count = qpdf_get_num_pages(data)
        guard count > 0 else { return [] }
        return (0..<Int(count)).map { qpdf_get_page_n(data, $0) }
    }

    // MARK: Inspecting objects

    func isNull(_ h: Handle) -> Bool { qpdf_oh_is_null(data, h) != 0 }
    func isDictionary(_ h: Handle) -> Bool { qpdf_oh_is_dictionary(data, h) != 0 }
    func isArray(_ h: Handle) -> Bool { qpdf_oh_is_array(data, h) != 0 }
    func isStream(_ h: Handle) -> Bool { qpdf_oh_is_stream(data, h) != 0 }
    func isInteger(_ h: Handle) -> Bool { qpdf_oh_is_integer(data, h) != 0 }
    func isName(_ h: Handle, _ name: String) -> Bool { qpdf_oh_is_name_and_equals(data, h, name) != 0 }

    func hasKey(_ h: Handle, _ key: String) -> Bool { qpdf_oh_has_key(data, h, key) != 0 }
    func get(_ h: Handle, _ key: String) -> Handle { qpdf_oh_get_key(data, h, key) }

    func name(_ h: Handle) -> String? {
        guard qpdf_oh_is_name(data, h) != 0, let c = qpdf_oh_get_name(data, h) else { return nil }
        return String(cString: c)
    }

    func int(_ h: Handle) -> Int? {
        guard qpdf_oh_is_integer(data, h) != 0 else { return nil }
        return Int(qpdf_oh_get_int_value(data, h))
    }

    func utf8String(_ h: Handle) -> String? {
        guard qpdf_oh_is_string(data, h) != 0 else { return nil }
        var length = 0
        guard let c = qpdf_oh_get_binary_utf8_value(data, h, &length) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: c, count: length), as: UTF8.self)
    }

    /// The number of items of an array; nil if `h` is not an array.
    func arrayCount(_ h: Handle) -> Int? {
        qpdf_oh_is_array(data, h) != 0 ? Int(qpdf_oh_get_array_n_items(data, h)) : nil
    }

    func item(_ array: Handle, _ index: Int) -> Handle { qpdf_oh_get_array_item(data, array, Int32(index)) }

    func items(_ h: Handle) -> [Handle] {
        guard isArray(h) else { return [] }
        let n = Int(qpdf_oh_get_array_n_items(data, h))
        return (0..<n).map { qpdf_oh_get_array_item(data, h, Int32($0)) }
    }

    func keys(_ h: Handle) -> [String] {
        guard isDictionary(h) || isStream(h) else { return [] }
        let dict = isStream(h) ? qpdf_oh_get_dict(data, h) : h
        var result: [String] = []
        qpdf_oh_begin_dict_key_iter(data, dict)
        while qpdf_oh_dict_more_keys(data) != 0 {
            if let key = qpdf_oh_dict_next_key(data) { result.append(String(cString: key)) }
        }
        return result
    }

    /// Object number and generation of an indirect object; nil for direct objects.
    func objectID(_ h: Handle) -> ObjectID? {
        let number = Int(qpdf_oh_get_object_id(data, h))  // 0 for direct objects
        guard number > 0 else { return nil }
        return ObjectID(number: number, generation: Int(qpdf_oh_get_generation(data, h)))
    }

    func streamDictionary(_ h: Handle) -> Handle { qpdf_oh_get_dict(data, h) }

    func unparse(_ h: Handle) -> String {
        guard let c = qpdf_oh_unparse(data, h) else { return "?" }
        return String(cString: c)
    }

    /// The decoded content of all of a page's content streams, concatenated.
    func pageContent(_ page: Handle) throws -> [UInt8] {
        var buffer: UnsafeMutablePointer<UInt8>?
        var length = 0
        let code = qpdf_oh_get_page_content_data(data, page, &buffer, &length)
        defer { free(buffer) }
        if code & qpdfErrorsBit != 0 { try check("read a page's content stream") }
        guard let buffer else { return [] }
        return Array(UnsafeBufferPointer(start: buffer, count: length))
    }

    // MARK: Creating and editing objects

    func newName(_ name: String) -> Handle { qpdf_oh_new_name(data, name) }
    func newText(_ text: String) -> Handle { qpdf_oh_new_unicode_string(data, text) }
    func newInteger(_ value: Int) -> Handle { qpdf_oh_new_integer(data, Int64(value)) }
    func newBool(_ value: Bool) -> Handle { qpdf_oh_new_bool(data, value ? QPDF_TRUE : QPDF_FALSE) }
    func newNull() -> Handle { qpdf_oh_new_null(data) }
    func newArray() -> Handle { qpdf_oh_new_array(data) }

    func newDictionary(_ entries: [(String, Handle)] = []) -> Handle {
        let dict = qpdf_oh_new_dictionary(data)
        for (key, value) in entries { qpdf_oh_replace_key(data, dict, key, value) }
        return dict
    }

    func newArray(_ elements: [Handle]) -> Handle {
        let array = qpdf_oh_new_array(data)
        for element in elements { qpdf_oh_append_item(data, array, element) }
        return array
    }

    func makeIndirect(_ h: Handle) -> Handle { qpdf_make_indirect_object(data, h) }

    /// A new stream holding `bytes` unfiltered (the writer decides about compression).
    func newStream(_ bytes: [UInt8], dictionary entries: [(String, Handle)]) -> Handle {
        let stream = qpdf_oh_new_stream(data)
        replaceStreamData(stream, bytes)
        let dict = qpdf_oh_get_dict(data, stream)
        for (key, value) in entries { qpdf_oh_replace_key(data, dict, key, value) }
        return stream
    }

    func replaceStreamData(_ stream: Handle, _ bytes: [UInt8]) {
        let null = qpdf_oh_new_null(data)
        bytes.withUnsafeBufferPointer { buffer in
            qpdf_oh_replace_stream_data(data, stream, buffer.baseAddress, buffer.count, null, null)
        }
    }

    func set(_ h: Handle, _ key: String, _ value: Handle) { qpdf_oh_replace_key(data, h, key, value) }
    func remove(_ h: Handle, _ key: String) { qpdf_oh_remove_key(data, h, key) }
    func setItem(_ array: Handle, _ index: Int, _ value: Handle) {
        qpdf_oh_set_array_item(data, array, Int32(index), value)
    }
    func eraseItem(_ array: Handle, _ index: Int) { qpdf_oh_erase_item(data, array, Int32(index)) }
    func insertItem(_ array: Handle, _ index: Int, _ value: Handle) {
        qpdf_oh_insert_item(data, array, Int32(index), value)
    }
    func appendItem(_ array: Handle, _ value: Handle) { qpdf_oh_append_item(data, array, value) }

    // MARK: Writing

    /// The decoded data of a stream; nil when qpdf cannot decode it at `level` (e.g. an image with a
    /// lossy filter at the generalized level, which is also what the writer leaves encoded).
    func streamData(_ stream: Handle, level: qpdf_stream_decode_level_e = qpdf_dl_generalized) -> [UInt8]? {
        var buffer: UnsafeMutablePointer<UInt8>?
        var length = 0
        var filtered: QPDF_BOOL = QPDF_FALSE
        let code = qpdf_oh_get_stream_data(data, stream, level, &filtered, &buffer, &length)
        defer { free(buffer) }
        if code & qpdfErrorsBit != 0 || qpdf_has_error(data) != 0 {
            _ = Self.takeError(data)
            return nil
        }
        guard filtered != QPDF_FALSE else { return nil }
        guard let buffer else { return [] }
        return Array(UnsafeBufferPointer(start: buffer, count: length))
    }

    /// The indirect object `number` (generation 0); null if there is none.
    func object(_ number: Int) -> Handle { qpdf_get_object_by_id(data, Int32(number), 0) }

    /// Writes the document to memory: deterministic /ID, generated object streams, compressed
    /// streams (qpdf leaves the XMP metadata stream uncompressed by design).
    func write(minimumVersion: String, objectStreams: Bool = true) throws -> [UInt8] {
        let code = qpdf_init_write_memory(data)
        if code & qpdfErrorsBit != 0 { try check("prepare writing the finished PDF") }
        qpdf_set_deterministic_ID(data, QPDF_TRUE)
        qpdf_set_object_stream_mode(data, objectStreams ? qpdf_o_generate : qpdf_o_disable)
        qpdf_set_compress_streams(data, QPDF_TRUE)
        qpdf_set_stream_data_mode(data, qpdf_s_compress)
        qpdf_set_decode_level(data, qpdf_dl_generalized)
        qpdf_set_minimum_pdf_version(data, minimumVersion)
        // PDF/A (ISO 19005-2 §6.1.7.1): an end-of-line marker before `endstream`, so /Length is exact.
        qpdf_set_newline_before_endstream(data, QPDF_TRUE)
        let writeCode = qpdf_write(data)
        if writeCode & qpdfErrorsBit != 0 || qpdf_has_error(data) != 0 {
            throw AccessibilityError.qpdf(step: "write the finished PDF", message: Self.takeError(data))
        }
        let length = qpdf_get_buffer_length(data)
        guard let buffer = qpdf_get_buffer(data), length > 0 else {
            throw AccessibilityError.qpdf(step: "write the finished PDF", message: "qpdf produced no output")
        }
        return Array(UnsafeBufferPointer(start: buffer, count: length))
    }
}

struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    var number: Int
    var generation: Int
    var description: String { "\(number) \(generation) R" }
}

/// `QPDF_ERRORS` is `#define QPDF_ERRORS 1 << 1` in qpdf-c.h; spelled out here so it does not
/// depend on how the macro is imported.
private let qpdfErrorsBit: Int32 = 1 << 1
