import Support
import Foundation

/// Writes a file a command makes besides its PDF (the document JSON, the statement audit, a merged run
/// manifest) with the one atomic writer. A bad path is the user's to fix (exit 2), said as the PDF's
/// is: `PATH: cannot write WHAT (problem) — fix`.
func writeOutput(_ bytes: [UInt8], to path: String, what: String) throws {
    do throws(OutputError) { try AtomicFile.write(bytes, to: path) } catch {
        printError("\(displayedPath(error.path)): cannot write \(what) (\(error.problem)) — \(error.fix)")
        throw Exit.invalidInput
    }
}

/// `value` as JSON with a final line break, for `writeOutput`. Encoding fails only on a bug (exit 3).
func encodedJSON<T: Encodable>(_ value: T, formatting: JSONEncoder.OutputFormatting) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = formatting
    do { return Array(try encoder.encode(value)) + [0x0A] } catch {
        printError("civicbrief: internal error: cannot encode \(T.self) as JSON (\(error)) — please report it")
        throw Exit.internalError
    }
}
