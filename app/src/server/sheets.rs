//! Reading and writing the spreadsheets people already keep: CSV (`csv`) and XLSX (`calamine`
//! to read, `rust_xlsxwriter` to write).

use crate::domain::org::{ImportProblem, ImportProblemKind};

/// A sheet as header and data rows of text cells.
pub type Table = (Vec<String>, Vec<Vec<String>>);

fn unreadable(e: impl std::fmt::Display) -> Vec<ImportProblem> {
    vec![ImportProblem {
        row: 1,
        column: String::new(),
        kind: ImportProblemKind::Unreadable(e.to_string()),
    }]
}

/// Reads the first sheet of an XLSX file, or a CSV file (comma or semicolon, as Indonesian
/// Excel exports it), chosen by content: XLSX files are ZIP archives.
pub fn read_table(bytes: &[u8]) -> Result<Table, Vec<ImportProblem>> {
    if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)
    } else {
        read_csv(bytes)
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, Vec<ImportProblem>> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).map_err(unreadable)?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("no worksheet"))?
        .map_err(unreadable)?;
    let mut rows = range.rows().map(|r| {
        r.iter()
            .map(|c| match c {
                calamine::Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                other => other.to_string(),
            })
            .collect::<Vec<String>>()
    });
    let header = rows.next().ok_or_else(|| unreadable("empty sheet"))?;
    Ok((header, rows.collect()))
}

fn read_csv(bytes: &[u8]) -> Result<Table, Vec<ImportProblem>> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| unreadable("not UTF-8 text"))?;
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(unreadable)?;
        records.push(
            record
                .iter()
                .map(|cell| meant(cell.to_owned()))
                .collect::<Vec<_>>(),
        );
    }
    let mut rows = records.into_iter();
    let header = rows.next().ok_or_else(|| unreadable("empty file"))?;
    Ok((header, rows.collect()))
}

/// The characters that make a spreadsheet program read a CSV cell as a formula (`=HYPERLINK(…)`,
/// `+cmd|…`, `@SUM(…)`) or start one after a tab or carriage return.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written to CSV: text that a spreadsheet would read as a formula gets a leading `'`
/// (OWASP's advice for CSV injection), which Excel and LibreOffice show as plain text.
/// [`read_table`] takes that `'` off again, so an exported file imports back unchanged.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if quoted_or_formula(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Whether `cell` starts with a formula character, perhaps after `'`s: such a cell gets one more
/// `'` in CSV, so that taking one off on reading gives back exactly what was written.
fn quoted_or_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_START)
}

/// The cell a person meant: the `'` that [`inert`] (or a careful person) put before a formula
/// character is dropped.
fn meant(cell: String) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if quoted_or_formula(rest) => rest.to_owned(),
        _ => cell,
    }
}

/// Writes rows (header first) as CSV; no cell can run as a formula when the file is opened in a
/// spreadsheet ([`inert`]).
pub fn write_csv(rows: &[Vec<String>]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row.iter().map(|cell| inert(cell).into_owned()))?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// Writes rows (header first, bold and frozen) as a one-sheet XLSX workbook. Every cell is a
/// text cell (`write_string`), which a spreadsheet never evaluates, whatever it starts with.
pub fn write_xlsx(
    sheet_name: &str,
    rows: &[Vec<String>],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name)?;
    let bold = Format::new().set_bold();
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if r == 0 {
                sheet.write_string_with_format(r, c, value, &bold)?;
            } else {
                sheet.write_string(r, c, value)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_and_xlsx_round_trip() {
        let rows = vec![
            vec!["kode_opd".to_owned(), "nama_opd".to_owned()],
            vec![
                "DINKES".to_owned(),
                "Dinas Kesehatan, Kab. Contoh".to_owned(),
            ],
        ];
        let csv = write_csv(&rows).unwrap();
        let (h, r) = read_table(&csv).unwrap();
        assert_eq!(h, rows[0]);
        assert_eq!(r, rows[1..]);
        let xlsx = write_xlsx("Organisasi", &rows).unwrap();
        let (h, r) = read_table(&xlsx).unwrap();
        assert_eq!(h, rows[0]);
        assert_eq!(r, rows[1..]);
    }

    #[test]
    fn formulas_are_inert_and_survive_the_round_trip() {
        let cells = [
            "=HYPERLINK(\"https://evil.example\",\"klik\")",
            "+62 812 0000",
            "-1+1",
            "@SUM(A1:A2)",
            "\t=1+1",
            "\r=1+1",
            "'=already quoted",
            "'apostrof",
            "Dinas Sosial",
        ];
        let rows = vec![
            (1..=cells.len()).map(|n| format!("kolom{n}")).collect(),
            cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>(),
        ];
        let csv = String::from_utf8(write_csv(&rows).unwrap()).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv.as_bytes());
        for record in reader.records().skip(1) {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(FORMULA_START),
                    "{cell:?} would run as a formula"
                );
            }
        }
        let (_, back) = read_table(csv.as_bytes()).unwrap();
        assert_eq!(back[0], rows[1]);
        let xlsx = write_xlsx("Organisasi", &rows).unwrap();
        let (_, back) = read_table(&xlsx).unwrap();
        assert_eq!(back[0], rows[1]);
    }

    #[test]
    fn semicolon_csv_from_indonesian_excel_is_read() {
        let (h, r) = read_table(b"\xEF\xBB\xBFkode_opd;nama_opd\nDINSOS;Dinas Sosial\n").unwrap();
        assert_eq!(h, vec!["kode_opd", "nama_opd"]);
        assert_eq!(r[0][1], "Dinas Sosial");
    }

    #[test]
    fn garbage_is_reported_not_panicked() {
        assert!(read_table(b"PK\x03\x04garbage").is_err());
        assert!(read_table(&[0xff, 0xfe, 0x00]).is_err());
    }
}
