// PDFOutput module
