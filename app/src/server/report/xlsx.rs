//! The report as an XLSX workbook: a summary sheet, then one sheet per OPD (constant-memory
//! mode: each row goes to a temporary file as it is written).
//!
//! Numbers stay numbers (Excel shows them with the reader's decimal separator, a comma in
//! Indonesian Excel); dates are real dates shown the Indonesian way (`20 Maret 2024`) through
//! the Indonesian locale code in their number format.

use super::Report;
use crate::domain::format::decimal_id;
use crate::server::error::{ServiceError, ServiceResult};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::collections::HashSet;

fn fail(e: XlsxError) -> ServiceError {
    ServiceError::Internal(format!("xlsx report: {e}"))
}

/// Excel's rules for sheet names: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(code: &str, taken: &mut HashSet<String>) -> String {
    let clean: String = code
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(28)
        .collect();
    let base = if clean.trim().is_empty() || clean.eq_ignore_ascii_case("ringkasan") {
        "OPD".to_owned()
    } else {
        clean
    };
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.to_lowercase()) {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

/// Writes the workbook to `out`.
pub(super) fn write<W>(report: &Report, out: W) -> ServiceResult<()>
where
    W: std::io::Write + std::io::Seek + Send,
{
    write_inner(report, out).map_err(fail)
}

fn write_inner<W>(report: &Report, out: W) -> Result<(), XlsxError>
where
    W: std::io::Write + std::io::Seek + Send,
{
    let decimals = report.dashboard.scale.decimals;
    let number_format = if decimals == 0 {
        "0".to_owned()
    } else {
        format!("0.{}", "0".repeat(usize::from(decimals)))
    };
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_background_color(0xE8EEF4)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let number = Format::new().set_num_format(&number_format);
    let percent = Format::new().set_num_format("0.0");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let date_time = Format::new()
        .set_num_format("[$-421]d mmmm yyyy hh:mm")
        .set_align(FormatAlign::Top);

    let mut wb = Workbook::new();
    let mut taken: HashSet<String> = HashSet::new();
    taken.insert("ringkasan".to_owned());
    {
        let s = wb.add_worksheet();
        s.set_name("Ringkasan")?;
        s.set_column_width(0, 44)?;
        for col in 1..=6 {
            s.set_column_width(col, 16)?;
        }
        summary(s, report, &title, &bold, &header, &number, &percent)?;
    }
    for part in &report.opds {
        let s = wb.add_worksheet_with_constant_memory()?;
        s.set_name(sheet_name(&part.code, &mut taken))?;
        let widths = [
            28.0, 10.0, 50.0, 8.0, 20.0, 28.0, 10.0, 10.0, 28.0, 12.0, 18.0, 36.0, 30.0, 20.0,
            20.0, 8.0, 60.0, 70.0,
        ];
        for (col, w) in widths.iter().enumerate() {
            s.set_column_width(col as u16, *w)?;
        }
        s.write_with_format(0, 0, &part.name, &title)?;
        let answered_at = format!(
            "Dijawab pada ({})",
            crate::server::clock::label(report.zone)
        );
        let headings = [
            "Unit",
            "Kode",
            "Indikator",
            "Dimensi",
            "PIC",
            "Jawaban",
            "Skor mandiri",
            "Skor maks.",
            "Jawaban terverifikasi",
            "Skor terverifikasi",
            "Status tinjauan",
            "Alasan / justifikasi mentor",
            "Catatan PIC",
            answered_at.as_str(),
            "Dijawab oleh",
            "Siap",
            "Bukti dukung",
            "Komentar",
        ];
        for (col, h) in headings.iter().enumerate() {
            s.write_with_format(2, col as u16, *h, &header)?;
        }
        for (n, item) in part.items.iter().enumerate() {
            let row = 3 + n as u32;
            s.write_with_format(row, 0, &item.unit, &wrap)?;
            s.write_with_format(row, 1, &item.code, &wrap)?;
            s.write_with_format(row, 2, &item.text, &wrap)?;
            s.write_with_format(row, 3, &item.section, &wrap)?;
            s.write_with_format(row, 4, &item.pic, &wrap)?;
            s.write_with_format(row, 5, item.answer.as_deref().unwrap_or(""), &wrap)?;
            if let Some(v) = item.score {
                s.write_with_format(row, 6, v, &number)?;
            }
            s.write_with_format(row, 7, item.max_score, &number)?;
            s.write_with_format(row, 8, item.verified.as_deref().unwrap_or(""), &wrap)?;
            if let Some(v) = item.verified_score {
                s.write_with_format(row, 9, v, &number)?;
            }
            s.write_with_format(row, 10, &item.review, &wrap)?;
            s.write_with_format(row, 11, item.review_note.as_deref().unwrap_or(""), &wrap)?;
            s.write_with_format(row, 12, item.notes.as_deref().unwrap_or(""), &wrap)?;
            if let Some(t) = item.answered_at {
                let w = report.local(t);
                use chrono::{Datelike, Timelike};
                let dt = ExcelDateTime::from_ymd(w.year() as u16, w.month() as u8, w.day() as u8)?
                    .and_hms(w.hour() as u16, w.minute() as u8, w.second())?;
                s.write_datetime_with_format(row, 13, &dt, &date_time)?;
            }
            s.write_with_format(row, 14, item.answered_by.as_deref().unwrap_or(""), &wrap)?;
            s.write_with_format(row, 15, if item.ready { "Ya" } else { "Tidak" }, &wrap)?;
            let evidence = item
                .evidence
                .iter()
                .map(|e| {
                    let expiry = e
                        .expires_on
                        .as_ref()
                        .map(|x| format!(", berlaku s.d. {x}"))
                        .unwrap_or_default();
                    format!("{} (rev. {}{expiry}): {}", e.name, e.revision, e.url)
                })
                .collect::<Vec<_>>()
                .join("\n");
            s.write_with_format(row, 16, &evidence, &wrap)?;
            let comments = item
                .comments
                .iter()
                .map(|c| {
                    format!(
                        "{}{}, {}{}: {}",
                        if c.reply { "↳ " } else { "" },
                        c.author,
                        c.at,
                        if c.internal { " [catatan mentor]" } else { "" },
                        c.body
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            s.write_with_format(row, 17, &comments, &wrap)?;
        }
    }
    wb.save_to_writer(out)?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn summary(
    s: &mut Worksheet,
    report: &Report,
    title: &Format,
    bold: &Format,
    header: &Format,
    number: &Format,
    percent: &Format,
) -> Result<(), XlsxError> {
    let d = &report.dashboard;
    let decimals = d.scale.decimals;
    s.write_with_format(0, 0, format!("Laporan {}", d.cycle.name), title)?;
    let facts: [(&str, String); 5] = [
        ("Pemda", d.tenant.clone()),
        ("Siklus", d.cycle.name.clone()),
        (
            "Instrumen",
            format!("{} ({})", d.cycle.instrument_name, d.cycle.instrument),
        ),
        ("Dibuat", report.time(report.made_at)),
        (
            "Skala",
            format!(
                "{} – {}",
                decimal_id(d.scale.min, decimals),
                decimal_id(d.scale.max, decimals)
            ),
        ),
    ];
    for (n, (k, v)) in facts.iter().enumerate() {
        s.write_with_format(2 + n as u32, 0, *k, bold)?;
        s.write(2 + n as u32, 1, v)?;
    }
    let mut row = 8;
    for h in [
        "Nilai pemda",
        "Nilai",
        "Predikat",
        "Predikat berikutnya",
        "Kurang (poin)",
    ]
    .iter()
    .enumerate()
    {
        s.write_with_format(row, h.0 as u16, *h.1, header)?;
    }
    row += 1;
    let lines = [
        ("Proyeksi penilaian mandiri", d.pemda.as_ref()),
        ("Proyeksi terverifikasi mentor", d.pemda_verified.as_ref()),
    ];
    for (label, p) in lines {
        s.write(row, 0, label)?;
        if let Some(p) = p {
            s.write_with_format(row, 1, p.value, number)?;
            s.write(
                row,
                2,
                p.band
                    .as_ref()
                    .map(|b| format!("{} {}", b.code, b.name_id))
                    .unwrap_or_default(),
            )?;
            s.write(
                row,
                3,
                p.next_band
                    .as_ref()
                    .map(|b| format!("{} {}", b.code, b.name_id))
                    .unwrap_or_default(),
            )?;
            if let Some(n) = p.points_needed {
                s.write_with_format(row, 4, n, number)?;
            }
        }
        row += 1;
    }
    s.write(row, 0, "Hasil resmi")?;
    if let Some(v) = d.official {
        s.write_with_format(row, 1, v, number)?;
        s.write(
            row,
            2,
            d.official_band
                .as_ref()
                .map(|b| format!("{} {}", b.code, b.name_id))
                .unwrap_or_default(),
        )?;
    }
    row += 2;

    s.write_with_format(row, 0, "Dimensi", header)?;
    s.write_with_format(row, 1, "Bobot (%)", header)?;
    s.write_with_format(row, 2, "Capaian mandiri (%)", header)?;
    s.write_with_format(row, 3, "Capaian terverifikasi (%)", header)?;
    row += 1;
    for dim in &d.dimensions {
        s.write(row, 0, format!("{} {}", dim.code, dim.name))?;
        for (col, v) in [(1, dim.weight), (2, dim.projected), (3, dim.verified)] {
            if let Some(v) = v {
                s.write_with_format(row, col, v, percent)?;
            }
        }
        row += 1;
    }
    row += 1;

    for (col, h) in [
        "Unit",
        "OPD",
        "Lokus",
        "Proyeksi",
        "Predikat",
        "Terverifikasi",
        "Hasil resmi",
        "Terjawab",
    ]
    .iter()
    .enumerate()
    {
        s.write_with_format(row, col as u16, *h, header)?;
    }
    row += 1;
    for u in &d.units {
        s.write(row, 0, &u.name)?;
        s.write(row, 1, &u.opd)?;
        s.write(row, 2, if u.is_lokus { "Ya" } else { "Tidak" })?;
        if let Some(v) = u.projected {
            s.write_with_format(row, 3, v, number)?;
        }
        s.write(
            row,
            4,
            u.band.as_ref().map(|b| b.code.clone()).unwrap_or_default(),
        )?;
        if let Some(v) = u.verified {
            s.write_with_format(row, 5, v, number)?;
        }
        if let Some(v) = u.official {
            s.write_with_format(row, 6, v, number)?;
        }
        s.write(row, 7, format!("{}/{}", u.answered, u.total))?;
        row += 1;
    }
    row += 1;

    for (col, h) in [
        "Peringkat OPD",
        "OPD",
        "Nilai rata-rata",
        "Predikat",
        "Terjawab",
        "Diterima",
        "Terlambat",
    ]
    .iter()
    .enumerate()
    {
        s.write_with_format(row, col as u16, *h, header)?;
    }
    row += 1;
    for o in &d.opds {
        if o.rank > 0 {
            s.write(row, 0, o.rank as u32)?;
        }
        s.write(row, 1, &o.name)?;
        if let Some(v) = o.value {
            s.write_with_format(row, 2, v, number)?;
        }
        s.write(
            row,
            3,
            o.band.as_ref().map(|b| b.code.clone()).unwrap_or_default(),
        )?;
        s.write(row, 4, format!("{}/{}", o.answered, o.total))?;
        s.write(row, 5, o.accepted as u32)?;
        s.write(row, 6, o.overdue as u32)?;
        row += 1;
    }
    row += 1;

    if let Some(p) = &d.pemda {
        s.write_with_format(row, 0, "Langkah yang paling menaikkan nilai pemda", header)?;
        s.write_with_format(row, 1, "Dari", header)?;
        s.write_with_format(row, 2, "Menjadi", header)?;
        s.write_with_format(row, 3, "Tambahan poin", header)?;
        row += 1;
        for imp in &p.improvements {
            let unit = imp
                .unit
                .as_ref()
                .map(|u| format!(" ({u})"))
                .unwrap_or_default();
            s.write(row, 0, format!("{}{unit}", imp.indicator))?;
            s.write(
                row,
                1,
                imp.current
                    .as_ref()
                    .map(|c| c.label.clone())
                    .unwrap_or_else(|| "belum dijawab".to_owned()),
            )?;
            s.write(row, 2, &imp.best.label)?;
            s.write_with_format(row, 3, imp.gain_best, number)?;
            row += 1;
        }
        row += 1;
    }

    s.write_with_format(row, 0, "Tren", header)?;
    s.write_with_format(row, 1, "Tahun", header)?;
    s.write_with_format(row, 2, "Proyeksi", header)?;
    s.write_with_format(row, 3, "Terverifikasi", header)?;
    s.write_with_format(row, 4, "Hasil resmi", header)?;
    row += 1;
    for t in &d.trend {
        s.write(row, 0, &t.name)?;
        s.write(row, 1, t.year)?;
        for (col, v) in [(2, t.projected), (3, t.verified), (4, t.official)] {
            if let Some(v) = v {
                s.write_with_format(row, col, v, number)?;
            }
        }
        row += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::sheet_name;
    use std::collections::HashSet;

    #[test]
    fn sheet_names_follow_excel_rules() {
        let mut taken = HashSet::from(["ringkasan".to_owned()]);
        assert_eq!(sheet_name("DUKCAPIL", &mut taken), "DUKCAPIL");
        assert_eq!(sheet_name("dukcapil", &mut taken), "dukcapil-2");
        assert_eq!(sheet_name("A/B:C", &mut taken), "ABC");
        assert_eq!(sheet_name("Ringkasan", &mut taken), "OPD");
        assert!(sheet_name(&"X".repeat(40), &mut taken).chars().count() <= 31);
    }
}
