"""Bulk import of patents and trademarks from CSV (UTF-8, UTF-8 with BOM, GBK) and XLSX.

A file is read whole, every row is validated, and only a file without a single bad row is
written, in one transaction; a bad file writes nothing and lists every bad row with its
row number and what to fix. Rows are keyed by their number, so importing the same file again
changes nothing."""
