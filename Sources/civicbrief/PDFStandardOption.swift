import ArgumentParser
import Document

/// `--pdf-standard a-3a|a-2a`.
extension PDFStandard: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// The help text every command with `--pdf-standard` shows.
let pdfStandardHelp = ArgumentHelp(
    "PDF/A-3a with the data embedded (default) or PDF/A-2a without attachments; always PDF/UA-1. Overrides the template's pdf_standard.",
    valueName: "a-3a|a-2a")
