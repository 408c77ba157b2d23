//! Writes the CSV interchange as one workbook: a sheet per file (named as
//! the file without `.csv`), the same columns in the same order, a row per
//! record. Every cell is a text cell holding what the CSV file would hold,
//! so that a reader of sheets gets back the same dataset.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use super::write::tables;
use crate::formats::ExportError;
use crate::model::Dataset;

/// The creation date every dataset workbook carries: a fixed one, so the
/// same dataset gives the same bytes.
const CREATED: &str = "2000-01-01";

/// Rows a sheet holds below its header (Excel's limit is 1,048,576 rows).
const MAX_RECORDS: usize = 1_048_575;

/// The longest text a cell holds (Excel's limit, in UTF-16 units).
const MAX_TEXT: usize = 32_767;

/// The dataset as an xlsx workbook: sheets `standards`, `progressions`,
/// `modules`, `scopes` and `plans` (the last three with their header only
/// when the data has none, for a person to fill in), and `crosswalk` and
/// `results` when the data holds any.
///
/// # Errors
/// [`ExportError::Xlsx`] when a file has more records than a sheet holds, a
/// value is longer than a cell holds (the workbook would not give the data
/// back), or the workbook cannot be assembled.
pub fn to_xlsx(ds: &Dataset) -> Result<Vec<u8>, ExportError> {
    let xlsx = |e: XlsxError| ExportError::Xlsx(e.to_string());
    let mut wb = Workbook::new();
    let created = ExcelDateTime::parse_from_str(CREATED).map_err(xlsx)?;
    wb.set_properties(&DocProperties::new().set_title("Coherence dataset").set_creation_datetime(&created));
    let head = Format::new().set_bold().set_border_bottom(FormatBorder::Thin);
    for t in tables(ds, true) {
        let name = t.file.name().trim_end_matches(".csv");
        if t.rows() > MAX_RECORDS {
            return Err(ExportError::Xlsx(format!(
                "{} has {} records, more than a sheet holds ({MAX_RECORDS}): export it as csv",
                t.file.name(),
                t.rows()
            )));
        }
        let mut ws = Worksheet::new();
        ws.set_name(name).map_err(xlsx)?;
        // Widths in characters: each column as wide as its header, and the text columns wider.
        for (c, col) in t.columns.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(0, c, col.name(), &head).map_err(xlsx)?;
            let wide = matches!(col.name(), "summary" | "note" | "statement" | "title" | "name" | "standards");
            ws.set_column_width(c, if wide { 40 } else { col.name().len().max(10) as u16 + 2 }).map_err(xlsx)?;
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx)?;
        for r in 0..t.rows() {
            for (c, &col) in t.columns.iter().enumerate() {
                let value = t.cell(r, col);
                if value.is_empty() {
                    continue;
                }
                // Excel counts a cell's text in UTF-16 units: a character outside the BMP is two.
                if value.encode_utf16().count() > MAX_TEXT {
                    return Err(ExportError::Xlsx(format!(
                        "{} line {}: a {} longer than a cell holds ({MAX_TEXT} UTF-16 units): export it as csv",
                        t.file.name(),
                        r + 2,
                        col.name()
                    )));
                }
                // A text cell, whatever it looks like: `007`, `1.10` and `=x` stay as written.
                ws.write_string(r as u32 + 1, c as u16, value.as_ref()).map_err(xlsx)?;
            }
        }
        wb.push_worksheet(ws);
    }
    wb.save_to_buffer().map_err(xlsx)
}
