//! The report as a PDF: cover, summary, one part per OPD with every item and its comments.
//!
//! `pdf-writer` produces the PDF syntax; this module adds what it leaves to its user: text
//! layout (line wrapping with Helvetica's published glyph widths, page breaks) and writing the
//! file object by object, so only the current page is ever in memory. The text uses the
//! standard Helvetica fonts in WinAnsi encoding, which every reader has and which covers
//! Indonesian; the rare character outside it prints as `?`.

use super::{num, Report};
use crate::domain::format::{change_id, date_id, decimal_id};
use crate::server::error::{ServiceError, ServiceResult};
use pdf_writer::{Chunk, Content, Name, Rect, Ref, Str, TextStr};
use std::io::Write;

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;
const BOTTOM: f32 = 60.0;
const CATALOG: Ref = Ref::new(1);
const PAGES: Ref = Ref::new(2);
const REGULAR: Ref = Ref::new(3);
const BOLD: Ref = Ref::new(4);
const INFO: Ref = Ref::new(5);
const FIRST_FREE: i32 = 6;

/// Helvetica advance widths (1/1000 em) for ASCII 32..=126, from Adobe's `Helvetica.afm`.
#[rustfmt::skip]
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// A character in WinAnsi (Windows-1252), `?` when it has none.
pub(crate) fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '™' => 0x99,
        '→' | '↳' => b'>',
        '\t' => b' ',
        _ => b'?',
    }
}

/// Width of `text` in points at `size`; bold is estimated a tenth wider, which errs on the
/// side of wrapping early.
pub(crate) fn width(text: &str, size: f32, bold: bool) -> f32 {
    let units: u32 = text
        .chars()
        .map(|c| match win_ansi(c) {
            b @ 32..=126 => u32::from(HELVETICA[usize::from(b - 32)]),
            _ => 556,
        })
        .sum();
    let w = units as f32 * size / 1000.0;
    if bold {
        w * 1.1
    } else {
        w
    }
}

/// Breaks `text` into lines no wider than `max` (words longer than a line are cut).
pub(crate) fn wrap(text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, size, bold) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut rest = word.to_owned();
            while width(&rest, size, bold) > max {
                let mut cut = rest.chars().count().saturating_sub(1).max(1);
                while cut > 1
                    && width(&rest.chars().take(cut).collect::<String>(), size, bold) > max
                {
                    cut -= 1;
                }
                lines.push(rest.chars().take(cut).collect());
                rest = rest.chars().skip(cut).collect();
            }
            line = rest;
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// Writes indirect objects one at a time and remembers where each starts.
struct ObjectWriter<W: Write> {
    out: W,
    position: usize,
    offsets: Vec<(i32, usize)>,
    next: i32,
}

impl<W: Write> ObjectWriter<W> {
    fn new(mut out: W) -> std::io::Result<Self> {
        let header = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
        out.write_all(header)?;
        Ok(Self {
            out,
            position: header.len(),
            offsets: Vec::new(),
            next: FIRST_FREE,
        })
    }

    fn fresh(&mut self) -> Ref {
        let r = Ref::new(self.next);
        self.next += 1;
        r
    }

    /// Writes a chunk that holds exactly one object, `id`.
    fn put(&mut self, id: Ref, chunk: &Chunk) -> std::io::Result<()> {
        self.offsets.push((id.get(), self.position));
        self.out.write_all(chunk.as_bytes())?;
        self.position += chunk.len();
        Ok(())
    }

    /// The cross-reference table and trailer.
    fn finish(mut self) -> std::io::Result<W> {
        self.offsets.sort_unstable();
        let size = self.next;
        let xref = self.position;
        let mut table = format!("xref\n0 {size}\n0000000000 65535 f \n");
        let mut expected = 1;
        for (id, offset) in &self.offsets {
            while expected < *id {
                table.push_str("0000000000 65535 f \n");
                expected += 1;
            }
            table.push_str(&format!("{offset:010} 00000 n \n"));
            expected += 1;
        }
        while expected < size {
            table.push_str("0000000000 65535 f \n");
            expected += 1;
        }
        table.push_str(&format!(
            "trailer\n<< /Size {size} /Root {} 0 R /Info {} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            CATALOG.get(),
            INFO.get()
        ));
        self.out.write_all(table.as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Text layout over pages.
struct Layout<W: Write> {
    objects: ObjectWriter<W>,
    pages: Vec<Ref>,
    content: Content,
    y: f32,
    page: usize,
    footer: String,
}

impl<W: Write> Layout<W> {
    fn new(out: W, footer: String) -> std::io::Result<Self> {
        Ok(Self {
            objects: ObjectWriter::new(out)?,
            pages: Vec::new(),
            content: Content::new(),
            y: PAGE_H - MARGIN,
            page: 1,
            footer,
        })
    }

    fn text_at(&mut self, x: f32, y: f32, text: &str, size: f32, bold: bool) {
        let bytes: Vec<u8> = text.chars().map(win_ansi).collect();
        self.content
            .begin_text()
            .set_font(Name(if bold { b"F2" } else { b"F1" }), size)
            .next_line(x, y)
            .show(Str(&bytes))
            .end_text();
    }

    /// Ends the current page: footer, content stream and page object go to the file.
    fn flush_page(&mut self) -> std::io::Result<()> {
        let footer = format!("{} · Halaman {}", self.footer, self.page);
        self.content.set_fill_gray(0.4);
        self.text_at(MARGIN, 30.0, &footer, 8.0, false);
        let content = std::mem::replace(&mut self.content, Content::new()).finish();
        let content_id = self.objects.fresh();
        let mut chunk = Chunk::new();
        chunk.stream(content_id, &content);
        self.objects.put(content_id, &chunk)?;
        let page_id = self.objects.fresh();
        let mut chunk = Chunk::new();
        {
            let mut page = chunk.page(page_id);
            page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
                .parent(PAGES)
                .contents(content_id);
            let mut resources = page.resources();
            let mut fonts = resources.fonts();
            fonts.pair(Name(b"F1"), REGULAR);
            fonts.pair(Name(b"F2"), BOLD);
        }
        self.objects.put(page_id, &chunk)?;
        self.pages.push(page_id);
        self.page += 1;
        self.y = PAGE_H - MARGIN;
        Ok(())
    }

    fn new_page(&mut self) -> std::io::Result<()> {
        self.flush_page()
    }

    fn ensure(&mut self, height: f32) -> std::io::Result<()> {
        if self.y - height < BOTTOM {
            self.new_page()?;
        }
        Ok(())
    }

    /// A wrapped paragraph at `indent`.
    fn para(&mut self, text: &str, size: f32, bold: bool, indent: f32) -> std::io::Result<()> {
        let leading = size * 1.3;
        for line in wrap(text, size, bold, PAGE_W - 2.0 * MARGIN - indent) {
            self.ensure(leading)?;
            self.y -= leading;
            self.content.set_fill_gray(0.0);
            self.text_at(MARGIN + indent, self.y, &line, size, bold);
        }
        Ok(())
    }

    fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    /// A row of cells at fixed x positions (each cut to its column).
    fn row(&mut self, cells: &[(f32, &str)], size: f32, bold: bool) -> std::io::Result<()> {
        let leading = size * 1.4;
        self.ensure(leading)?;
        self.y -= leading;
        self.content.set_fill_gray(0.0);
        for (n, (x, text)) in cells.iter().enumerate() {
            let room = cells
                .get(n + 1)
                .map_or(PAGE_W - MARGIN, |next| MARGIN + next.0 - 6.0)
                - (MARGIN + x);
            let line = wrap(text, size, bold, room)
                .into_iter()
                .next()
                .unwrap_or_default();
            self.text_at(MARGIN + x, self.y, &line, size, bold);
        }
        Ok(())
    }

    /// A horizontal rule.
    fn rule(&mut self) {
        self.y -= 4.0;
        self.content
            .set_stroke_gray(0.75)
            .set_line_width(0.5)
            .move_to(MARGIN, self.y)
            .line_to(PAGE_W - MARGIN, self.y)
            .stroke();
        self.y -= 4.0;
    }

    fn finish(mut self, title: &str) -> std::io::Result<W> {
        self.flush_page()?;
        let mut chunk = Chunk::new();
        chunk
            .type1_font(REGULAR)
            .base_font(Name(b"Helvetica"))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
        self.objects.put(REGULAR, &chunk)?;
        let mut chunk = Chunk::new();
        chunk
            .type1_font(BOLD)
            .base_font(Name(b"Helvetica-Bold"))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
        self.objects.put(BOLD, &chunk)?;
        let mut chunk = Chunk::new();
        chunk
            .pages(PAGES)
            .kids(self.pages.iter().copied())
            .count(self.pages.len() as i32);
        self.objects.put(PAGES, &chunk)?;
        let mut chunk = Chunk::new();
        chunk
            .indirect(CATALOG)
            .dict()
            .pair(Name(b"Type"), Name(b"Catalog"))
            .pair(Name(b"Pages"), PAGES)
            .pair(Name(b"Lang"), TextStr("id"));
        self.objects.put(CATALOG, &chunk)?;
        let mut chunk = Chunk::new();
        chunk
            .indirect(INFO)
            .dict()
            .pair(Name(b"Title"), TextStr(title))
            .pair(Name(b"Producer"), TextStr("Patuh"));
        self.objects.put(INFO, &chunk)?;
        self.objects.finish()
    }
}

/// Writes the PDF to `out`.
pub(super) fn write<W: Write>(report: &Report, out: W) -> ServiceResult<()> {
    render(report, out)
        .map(|_| ())
        .map_err(|e| ServiceError::Internal(format!("pdf report: {e}")))
}

fn render<W: Write>(report: &Report, out: W) -> std::io::Result<W> {
    let d = &report.dashboard;
    let dec = d.scale.decimals;
    let title = format!("Laporan {} — {}", d.cycle.name, d.tenant);
    let mut l = Layout::new(out, title.clone())?;

    // Cover.
    l.gap(180.0);
    l.para("LAPORAN PENILAIAN", 12.0, true, 0.0)?;
    l.gap(6.0);
    l.para(&d.cycle.name, 24.0, true, 0.0)?;
    l.gap(6.0);
    l.para(&d.tenant, 16.0, false, 0.0)?;
    l.gap(16.0);
    l.para(
        &format!(
            "Instrumen: {} ({})",
            d.cycle.instrument_name, d.cycle.instrument
        ),
        11.0,
        false,
        0.0,
    )?;
    let period = |s: &str| {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(date_id)
            .unwrap_or_else(|_| s.to_owned())
    };
    l.para(
        &format!(
            "Periode: {} – {}",
            period(&d.cycle.starts_on),
            period(&d.cycle.ends_on)
        ),
        11.0,
        false,
        0.0,
    )?;
    l.para(
        &format!("Dibuat: {}", report.time(report.made_at)),
        11.0,
        false,
        0.0,
    )?;
    l.new_page()?;

    // Summary.
    l.para("Ringkasan", 16.0, true, 0.0)?;
    l.gap(6.0);
    let band = |b: &Option<crate::domain::instrument::Band>| {
        b.as_ref()
            .map(|b| format!("{} {}", b.code, b.name_id))
            .unwrap_or_else(|| "–".to_owned())
    };
    l.row(
        &[
            (0.0, "Nilai pemda"),
            (200.0, "Nilai"),
            (270.0, "Predikat"),
            (400.0, "Kurang ke predikat berikutnya"),
        ],
        9.5,
        true,
    )?;
    l.rule();
    for (label, p) in [
        ("Proyeksi penilaian mandiri", &d.pemda),
        ("Proyeksi terverifikasi mentor", &d.pemda_verified),
    ] {
        let value = num(p.as_ref().map(|p| p.value), dec);
        let b = band(&p.as_ref().and_then(|p| p.band.clone()));
        let gap = p
            .as_ref()
            .and_then(|p| p.points_needed.zip(p.next_band.as_ref()))
            .map(|(n, nb)| format!("{} poin ke {}", decimal_id(n, dec), nb.code))
            .unwrap_or_else(|| "–".to_owned());
        l.row(
            &[(0.0, label), (200.0, &value), (270.0, &b), (400.0, &gap)],
            9.5,
            false,
        )?;
    }
    let official = num(d.official, dec);
    let official_band = band(&d.official_band);
    l.row(
        &[
            (0.0, "Hasil resmi"),
            (200.0, &official),
            (270.0, &official_band),
            (400.0, ""),
        ],
        9.5,
        false,
    )?;
    if let (Some((name, before)), Some(now)) = (
        &d.previous,
        d.official.or(d.pemda.as_ref().map(|p| p.value)),
    ) {
        l.gap(4.0);
        l.para(
            &format!(
                "Perubahan dari {name} ({}): {}",
                decimal_id(*before, dec),
                change_id(now - before, dec)
            ),
            9.5,
            false,
            0.0,
        )?;
    }
    l.gap(10.0);
    l.para(
        &format!(
            "Kemajuan: {} dari {} butir terjawab, {} dengan bukti, {} ditinjau, {} diterima, {} terlambat.",
            d.progress.answered,
            d.progress.total,
            d.progress.with_evidence,
            d.progress.reviewed,
            d.progress.accepted,
            d.progress.overdue
        ),
        9.5,
        false,
        0.0,
    )?;
    if !d.dimensions.is_empty() {
        l.gap(10.0);
        l.para("Capaian per dimensi", 12.0, true, 0.0)?;
        l.row(
            &[
                (0.0, "Dimensi"),
                (260.0, "Bobot"),
                (330.0, "Mandiri"),
                (410.0, "Terverifikasi"),
            ],
            9.5,
            true,
        )?;
        l.rule();
        for dim in &d.dimensions {
            let pct = |v: Option<f64>| {
                v.map_or_else(|| "–".to_owned(), |v| format!("{} %", decimal_id(v, 1)))
            };
            let name = format!("{} {}", dim.code, dim.name);
            let (w, p, v) = (pct(dim.weight), pct(dim.projected), pct(dim.verified));
            l.row(
                &[(0.0, &name), (260.0, &w), (330.0, &p), (410.0, &v)],
                9.5,
                false,
            )?;
        }
    }
    l.gap(10.0);
    l.para("Unit layanan", 12.0, true, 0.0)?;
    l.row(
        &[
            (0.0, "Unit"),
            (230.0, "Proyeksi"),
            (300.0, "Predikat"),
            (360.0, "Terverifikasi"),
            (430.0, "Resmi"),
        ],
        9.5,
        true,
    )?;
    l.rule();
    for u in &d.units {
        let name = if u.is_lokus {
            format!("{} (lokus)", u.name)
        } else {
            u.name.clone()
        };
        let (p, b, v, o) = (
            num(u.projected, dec),
            u.band
                .as_ref()
                .map(|b| b.code.clone())
                .unwrap_or_else(|| "–".to_owned()),
            num(u.verified, dec),
            num(u.official, dec),
        );
        l.row(
            &[
                (0.0, &name),
                (230.0, &p),
                (300.0, &b),
                (360.0, &v),
                (430.0, &o),
            ],
            9.5,
            false,
        )?;
    }
    l.gap(10.0);
    l.para("Peringkat OPD", 12.0, true, 0.0)?;
    l.row(
        &[
            (0.0, "#"),
            (24.0, "OPD"),
            (300.0, "Nilai"),
            (360.0, "Predikat"),
            (420.0, "Terjawab"),
        ],
        9.5,
        true,
    )?;
    l.rule();
    for o in &d.opds {
        let rank = if o.rank > 0 {
            o.rank.to_string()
        } else {
            "–".to_owned()
        };
        let (v, b, p) = (
            num(o.value, dec),
            o.band
                .as_ref()
                .map(|b| b.code.clone())
                .unwrap_or_else(|| "–".to_owned()),
            format!("{}/{}", o.answered, o.total),
        );
        l.row(
            &[
                (0.0, &rank),
                (24.0, &o.name),
                (300.0, &v),
                (360.0, &b),
                (420.0, &p),
            ],
            9.5,
            false,
        )?;
    }
    if let Some(p) = &d.pemda {
        if !p.improvements.is_empty() {
            l.gap(10.0);
            l.para("Langkah yang paling menaikkan nilai pemda", 12.0, true, 0.0)?;
            for (n, imp) in p.improvements.iter().enumerate() {
                let unit = imp
                    .unit
                    .as_ref()
                    .map(|u| format!(" ({u})"))
                    .unwrap_or_default();
                let from = imp
                    .current
                    .as_ref()
                    .map_or("belum dijawab".to_owned(), |c| c.label.clone());
                l.para(
                    &format!(
                        "{}. {}{unit}: {from} → {}, +{} poin",
                        n + 1,
                        imp.indicator,
                        imp.best.label,
                        decimal_id(imp.gain_best, dec)
                    ),
                    9.5,
                    false,
                    0.0,
                )?;
            }
        }
    }
    if d.trend.len() > 1 {
        l.gap(10.0);
        l.para("Tren", 12.0, true, 0.0)?;
        l.row(
            &[
                (0.0, "Siklus"),
                (260.0, "Proyeksi"),
                (330.0, "Terverifikasi"),
                (420.0, "Resmi"),
            ],
            9.5,
            true,
        )?;
        l.rule();
        for t in &d.trend {
            let (p, v, o) = (
                num(t.projected, dec),
                num(t.verified, dec),
                num(t.official, dec),
            );
            l.row(
                &[(0.0, &t.name), (260.0, &p), (330.0, &v), (420.0, &o)],
                9.5,
                false,
            )?;
        }
    }

    // One part per OPD.
    for part in &report.opds {
        l.new_page()?;
        l.para(&part.name, 15.0, true, 0.0)?;
        l.para(&format!("{} butir", part.items.len()), 9.0, false, 0.0)?;
        let mut unit = String::new();
        for item in &part.items {
            if item.unit != unit {
                unit = item.unit.clone();
                l.gap(8.0);
                l.para(&unit, 12.0, true, 0.0)?;
                l.rule();
            }
            l.ensure(48.0)?;
            l.gap(4.0);
            l.para(&format!("{} {}", item.code, item.text), 9.5, true, 0.0)?;
            let score = |v: Option<f64>| match v {
                Some(v) => format!("{}/{}", decimal_id(v, 2), decimal_id(item.max_score, 2)),
                None => "–".to_owned(),
            };
            l.para(
                &format!(
                    "Jawaban: {} (skor {}) · Status: {}{}",
                    item.answer.as_deref().unwrap_or("belum dijawab"),
                    score(item.score),
                    item.review,
                    item.verified_score
                        .map(|v| format!(" · Skor terverifikasi: {}", score(Some(v))))
                        .unwrap_or_default()
                ),
                9.0,
                false,
                10.0,
            )?;
            if let Some(v) = &item.verified {
                l.para(&format!("Jawaban terverifikasi: {v}"), 9.0, false, 10.0)?;
            }
            if let Some(n) = &item.review_note {
                l.para(&format!("Catatan mentor: {n}"), 9.0, false, 10.0)?;
            }
            let who = [
                (!item.pic.is_empty()).then(|| format!("PIC: {}", item.pic)),
                item.answered_at.map(|t| {
                    format!(
                        "dijawab {}{}",
                        report.time(t),
                        item.answered_by
                            .as_ref()
                            .map(|b| format!(" oleh {b}"))
                            .unwrap_or_default()
                    )
                }),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
            if !who.is_empty() {
                l.para(&who, 8.5, false, 10.0)?;
            }
            if let Some(n) = &item.notes {
                l.para(&format!("Catatan PIC: {n}"), 9.0, false, 10.0)?;
            }
            for e in &item.evidence {
                l.para(
                    &format!("Bukti: {} (rev. {}) {}", e.name, e.revision, e.url),
                    8.5,
                    false,
                    10.0,
                )?;
            }
            for c in &item.comments {
                l.para(
                    &format!(
                        "{}{}, {}{}: {}",
                        if c.reply { "   > " } else { "Komentar " },
                        c.author,
                        c.at,
                        if c.internal { " [catatan mentor]" } else { "" },
                        c.body
                    ),
                    8.5,
                    false,
                    10.0,
                )?;
            }
        }
    }
    l.finish(&title)
}

#[cfg(test)]
mod tests {
    use super::{width, win_ansi, wrap};

    #[test]
    fn text_wraps_within_the_line_and_encodes_indonesian() {
        let text = "Standar pelayanan telah dipublikasikan di ruang layanan dan laman resmi pemerintah daerah";
        let lines = wrap(text, 10.0, false, 150.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| width(l, 10.0, false) <= 150.0));
        assert_eq!(lines.join(" "), text);
        // A word longer than the line is cut, not lost.
        let long = "x".repeat(200);
        assert_eq!(wrap(&long, 10.0, false, 100.0).concat(), long);
        assert_eq!(win_ansi('é'), 0xE9);
        assert_eq!(win_ansi('–'), 0x96);
        assert_eq!(win_ansi('中'), b'?');
    }
}
