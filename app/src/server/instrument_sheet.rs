//! Instrument versions as XLSX workbooks, in the shape organisation-bureau staff keep (one row per
//! indicator), read back without loss: `from_xlsx(&to_xlsx(v)?) == v` for every valid version.
//!
//! # Layout
//!
//! Every sheet has one bold, frozen header row; columns are found by header name, so their order
//! is free, and empty rows are skipped. Rows are numbered as Excel shows them.
//!
//! - **Indikator** (first sheet), one row per indicator: `jalur_bagian` (the code path of its
//!   section, codes from the top joined by `/`, e.g. `IN/IN.KP`), `kode`, `teks`, `teks_en`,
//!   `panduan`, `panduan_en`, `bukti_diharapkan` (one item per line), `bukti_wajib` (`ya`/`tidak`),
//!   `bobot`, `skala` (the name of an answer scale on *Skala Jawaban*; empty when the indicator's
//!   own scale is written there under its code; or an inline answer type as JSON, `{"type": …}`),
//!   `catatan`. Rows of one section keep their order.
//! - **Bagian**, one row per section, parents before children, in document order: `jalur`,
//!   `kode` (the last code of `jalur`), `nama`, `nama_en`, `bobot`, `agregasi`, `catatan`.
//! - **Skala Jawaban**, answer types one row per level or option: `skala` (template name) or
//!   `indikator` (code of the one indicator whose own scale this is), `jenis` (`ordinal`,
//!   `ya_tidak`, `pilihan`, `angka`, `persentase`), `nilai` (level value, `ya`/`tidak`, or option
//!   code), `label`, `label_en`, `uraian`, `skor`; numbers and percentages take one row with
//!   `satuan`, `min`, `maks` and their scoring rule as JSON in `aturan`.
//! - **Predikat**, one row per band: `kode`, `nama`, `nama_en`, `batas_bawah`, `batas_atas`,
//!   `zona`, `warna` (the cell is painted in the colour).
//! - **Pengurangan**, one row per deduction: `kode`, `nama`, `nama_en`, `uraian`, `maks_poin`.
//! - **Instrumen**, `kunci`/`nilai` rows for the instrument, version, provenance (one `sumber` row
//!   per source), scale, rules and pemda rule; `keterangan` explains each and is not read.
//! - **Petunjuk**, how to fill the workbook in Indonesian; not read.
//!
//! Rule values are Indonesian words (`rata_rata_tertimbang`, `harus_100` …); the YAML names
//! (`weighted_mean`, `must_sum_to_100` …) are accepted too. Numbers are written as numbers and read
//! from number or text cells, with a decimal point or an Indonesian decimal comma (`21,85`).
//!
//! Reading reports every problem at once, each with its sheet, row and column: what could not be
//! read (a cell that is not a number, an unknown rule word or answer type, an unknown or missing
//! column, a missing sheet) and the version's validation problems (see
//! [`InstrumentVersion::validate`]), traced back to the cell they came from. Problems caused by a
//! cell already reported (e.g. the weight sum of siblings when one weight is not a number) are left
//! out; while a sheet or required column is missing the version is incomplete and is not
//! validated.
//!
//! Not carried: a blank optional text (`Some("")` reads back as `None`), blank sources, and
//! expected-evidence items that contain a line break or are empty. Template names and codes in
//! reference columns are read trimmed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::domain::instrument::diff::section_paths;
use crate::domain::instrument::{
    parse_decimal, Aggregation, AnswerType, Band, BandTable, ChoiceOption, Deduction, Indicator,
    Instrument, InstrumentVersion, MissingPolicy, NotApplicablePolicy, NumberRule, OrdinalLevel,
    PemdaRule, ProblemKind, Provenance, ResultScale, ScaleMapping, Section, WeightPolicy,
};

/// One problem found in a workbook, where Excel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetProblem {
    /// Sheet name; empty when the file itself cannot be read.
    pub sheet: String,
    /// Row as Excel numbers it (1 is the header row); 0 when not about one row.
    pub row: usize,
    /// Header of the column; empty when not about one column.
    pub column: String,
    /// What is wrong, in Indonesian.
    pub message: String,
}

impl fmt::Display for SheetProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = self.sheet.clone();
        if self.row > 0 {
            place.push_str(&format!(" baris {}", self.row));
        }
        if !self.column.is_empty() {
            place.push_str(if place.is_empty() {
                "kolom "
            } else {
                ", kolom "
            });
            place.push_str(&self.column);
        }
        if place.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{place}: {}", self.message)
        }
    }
}

/// A column of a sheet: header, width in characters, whether long text wraps, whether reading
/// requires it, and what goes in it (shown on the Petunjuk sheet).
struct Column {
    name: &'static str,
    width: f64,
    wrap: bool,
    required: bool,
    help: &'static str,
}

const fn column(
    name: &'static str,
    width: f64,
    wrap: bool,
    required: bool,
    help: &'static str,
) -> Column {
    Column {
        name,
        width,
        wrap,
        required,
        help,
    }
}

/// A sheet of the workbook.
struct SheetSpec {
    name: &'static str,
    /// Reading fails without it (Skala Jawaban and Pengurangan may be left out when empty).
    required: bool,
    about: &'static str,
    columns: &'static [Column],
}

const INDIKATOR: SheetSpec = SheetSpec {
    name: "Indikator",
    required: true,
    about: "Satu baris per indikator. Urutan baris di dalam satu bagian adalah urutan indikator.",
    columns: &[
        column("jalur_bagian", 14.0, false, true, "Jalur kode bagian tempat indikator berada: kode dari atas dipisah garis miring, mis. IN/IN.KP. Harus ada di kolom jalur lembar Bagian."),
        column("kode", 12.0, false, true, "Kode indikator, unik dalam versi ini dan tanpa spasi. Jawaban disimpan menurut kode ini, jadi jangan ubah kode indikator yang sudah dinilai."),
        column("teks", 60.0, true, true, "Pertanyaan atau persyaratan dalam Bahasa Indonesia."),
        column("teks_en", 40.0, true, false, "Teks dalam bahasa Inggris (boleh kosong)."),
        column("panduan", 50.0, true, false, "Cara menjawab atau menilai indikator."),
        column("panduan_en", 40.0, true, false, "Panduan dalam bahasa Inggris (boleh kosong)."),
        column("bukti_diharapkan", 40.0, true, false, "Bukti yang diharapkan penilai, satu per baris (Alt+Enter di Excel)."),
        column("bukti_wajib", 11.0, false, false, "ya bila jawaban wajib disertai bukti; kosong berarti tidak."),
        column("bobot", 9.0, false, false, "Bobot di antara indikator sebagian. Kosongkan semua untuk bobot sama rata. Boleh memakai koma desimal (21,85)."),
        column("skala", 18.0, false, false, "Nama skala jawaban di lembar Skala Jawaban. Kosongkan bila skala khusus indikator ini ditulis di lembar Skala Jawaban dengan kolom indikator berisi kode indikator ini."),
        column("catatan", 30.0, true, false, "Catatan penyusun, mis. bagian yang diasumsikan."),
    ],
};

const BAGIAN: SheetSpec = SheetSpec {
    name: "Bagian",
    required: true,
    about: "Satu baris per bagian (dimensi, aspek, variabel …). Induk ditulis sebelum anaknya; urutan baris adalah urutan bagian.",
    columns: &[
        column("jalur", 16.0, false, true, "Kode bagian dari atas dipisah garis miring: IN untuk dimensi teratas, IN/IN.KP untuk bagian di bawahnya."),
        column("kode", 12.0, false, true, "Kode bagian, sama dengan bagian terakhir jalur; unik dan tanpa spasi."),
        column("nama", 40.0, true, true, "Nama bagian dalam Bahasa Indonesia."),
        column("nama_en", 30.0, true, false, "Nama dalam bahasa Inggris (boleh kosong)."),
        column("bobot", 9.0, false, false, "Bobot di antara bagian sejajar. Kosongkan semua untuk bobot sama rata."),
        column("agregasi", 20.0, false, false, "Cara nilai anak digabung: rata_rata_tertimbang atau jumlah. Kosong berarti mengikuti aturan instrumen."),
        column("catatan", 30.0, true, false, "Catatan penyusun."),
    ],
};

const SKALA: SheetSpec = SheetSpec {
    name: "Skala Jawaban",
    required: false,
    about: "Skala jawaban, satu baris per tingkat atau pilihan. Baris dengan nama skala yang sama membentuk satu skala; isi kolom skala (skala bersama yang dirujuk kolom skala lembar Indikator) atau kolom indikator (skala khusus satu indikator), tidak keduanya.",
    columns: &[
        column("skala", 18.0, false, true, "Nama skala bersama."),
        column("indikator", 12.0, false, true, "Kode indikator, untuk skala khusus indikator itu."),
        column("jenis", 12.0, false, true, "ordinal (tingkat), ya_tidak, pilihan, angka, atau persentase; sama di setiap baris satu skala."),
        column("nilai", 8.0, false, false, "ordinal: nilai tingkat (0, 1, 2 …); ya_tidak: ya atau tidak; pilihan: kode pilihan."),
        column("label", 30.0, true, false, "Label tingkat atau pilihan."),
        column("label_en", 25.0, true, false, "Label dalam bahasa Inggris (boleh kosong)."),
        column("uraian", 50.0, true, false, "ordinal: arti tingkat (rubrik)."),
        column("skor", 8.0, false, false, "Skor tingkat atau pilihan. ordinal: kosong berarti skor = nilai; ya_tidak: kosong berarti ya 1, tidak 0."),
        column("satuan", 10.0, false, false, "angka: satuan, mis. hari."),
        column("min", 8.0, false, false, "angka: isian terendah yang diterima."),
        column("maks", 8.0, false, false, "angka: isian tertinggi yang diterima."),
        column("aturan", 50.0, true, false, "angka dan persentase: aturan skor dalam JSON, mis. {\"kind\":\"linear\",\"from\":0,\"to\":100,\"max_score\":1} atau {\"kind\":\"thresholds\",\"steps\":[{\"at_least\":80,\"score\":1}],\"below\":0}."),
    ],
};

const PREDIKAT: SheetSpec = SheetSpec {
    name: "Predikat",
    required: true,
    about: "Tabel predikat (kategori, zona, mutu), satu baris per predikat. Batas ditulis dengan jumlah desimal skala dan harus menutup seluruh skala tanpa celah atau tumpang tindih.",
    columns: &[
        column("kode", 10.0, false, true, "Kode predikat, mis. A atau hijau."),
        column("nama", 30.0, true, true, "Nama predikat dalam Bahasa Indonesia."),
        column("nama_en", 25.0, true, false, "Nama dalam bahasa Inggris (boleh kosong)."),
        column("batas_bawah", 12.0, false, true, "Nilai terendah predikat (termasuk)."),
        column("batas_atas", 12.0, false, true, "Nilai tertinggi predikat (termasuk)."),
        column("zona", 10.0, false, false, "Zona, mis. hijau, kuning, merah."),
        column("warna", 10.0, false, false, "Warna tampilan, mis. #2e7d32."),
    ],
};

const PENGURANGAN: SheetSpec = SheetSpec {
    name: "Pengurangan",
    required: false,
    about: "Pengurangan nilai yang dapat diterapkan penilai pada nilai unit, mis. variabel substantif Ombudsman.",
    columns: &[
        column("kode", 20.0, false, true, "Kode pengurangan, unik dan tanpa spasi."),
        column("nama", 30.0, true, true, "Nama dalam Bahasa Indonesia."),
        column("nama_en", 25.0, true, false, "Nama dalam bahasa Inggris (boleh kosong)."),
        column("uraian", 60.0, true, false, "Kapan pengurangan berlaku."),
        column("maks_poin", 10.0, false, false, "Poin terbanyak yang dapat dikurangkan; kosong berarti sampai seluruh skala."),
    ],
};

const INSTRUMEN: SheetSpec = SheetSpec {
    name: "Instrumen",
    required: true,
    about: "Identitas dan aturan versi, satu baris per kunci (daftar kunci di bawah).",
    columns: &[
        column("kunci", 26.0, false, true, "Nama kunci; jangan diubah."),
        column("nilai", 60.0, true, true, "Isinya."),
        column(
            "keterangan",
            70.0,
            true,
            false,
            "Penjelasan; tidak dibaca saat unggah.",
        ),
    ],
};

const PETUNJUK: &str = "Petunjuk";

/// The sheets read, in the order problems are listed.
const SHEETS: [&SheetSpec; 6] = [
    &INDIKATOR,
    &BAGIAN,
    &SKALA,
    &PREDIKAT,
    &PENGURANGAN,
    &INSTRUMEN,
];

/// A key of the Instrumen sheet.
struct Key {
    name: &'static str,
    required: bool,
    help: &'static str,
}

const KEYS: &[Key] = &[
    Key { name: "kode_instrumen", required: true, help: "Kode tetap instrumen, mis. ombudsman-kepatuhan." },
    Key { name: "nama_instrumen", required: true, help: "Nama resmi instrumen." },
    Key { name: "penerbit", required: true, help: "Penerbit instrumen, mis. Ombudsman Republik Indonesia." },
    Key { name: "deskripsi", required: false, help: "Apa yang dinilai instrumen ini." },
    Key { name: "versi", required: true, help: "Label versi, mis. 2023." },
    Key { name: "dari_sumber_publik", required: false, help: "ya bila isi disusun dari dokumen publik, bukan berkas resmi instrumen." },
    Key { name: "catatan_sumber", required: false, help: "Apa yang diasumsikan atau belum pasti." },
    Key { name: "sumber", required: false, help: "Satu sumber (peraturan, paparan, laporan) per baris; kunci ini boleh diulang." },
    Key { name: "skala_min", required: true, help: "Nilai hasil terendah, mis. 0." },
    Key { name: "skala_maks", required: true, help: "Nilai hasil tertinggi, mis. 100." },
    Key { name: "skala_desimal", required: false, help: "Jumlah desimal hasil dan batas predikat; kosong berarti 2." },
    Key { name: "skala_pemetaan", required: false, help: "linear: nilai = min + f × (maks − min); proporsional: nilai = f × maks, dibatasi min (SKM, PEKPPP)." },
    Key { name: "agregasi", required: false, help: "Cara nilai anak digabung bila bagian tidak menentukan sendiri: rata_rata_tertimbang atau jumlah (poin dijumlahkan, bobot diabaikan)." },
    Key { name: "tidak_dijawab", required: false, help: "Indikator tanpa jawaban: dikecualikan (bobot lain dinormalkan) atau dihitung_nol." },
    Key { name: "tidak_berlaku", required: false, help: "Jawaban tidak berlaku: dikecualikan, dihitung_nol, atau dihitung_penuh." },
    Key { name: "aturan_bobot", required: false, help: "dinormalkan (bobot dibagi jumlahnya) atau harus_100 (bobot sejajar harus berjumlah 100)." },
    Key { name: "nilai_pemda", required: false, help: "Nilai pemda dari nilai unit lokus: rata_rata_unit atau rata_rata_unit_tertimbang." },
];

/// Rule values: (value, Indonesian word written, YAML name also accepted).
type Words<T> = [(T, &'static str, &'static str)];

const AGGREGATIONS: &Words<Aggregation> = &[
    (
        Aggregation::WeightedMean,
        "rata_rata_tertimbang",
        "weighted_mean",
    ),
    (Aggregation::Sum, "jumlah", "sum"),
];
const MAPPINGS: &Words<ScaleMapping> = &[
    (ScaleMapping::Linear, "linear", "linear"),
    (ScaleMapping::Proportional, "proporsional", "proportional"),
];
const MISSING: &Words<MissingPolicy> = &[
    (MissingPolicy::Exclude, "dikecualikan", "exclude"),
    (MissingPolicy::CountAsZero, "dihitung_nol", "count_as_zero"),
];
const NOT_APPLICABLE: &Words<NotApplicablePolicy> = &[
    (NotApplicablePolicy::Exclude, "dikecualikan", "exclude"),
    (
        NotApplicablePolicy::CountAsZero,
        "dihitung_nol",
        "count_as_zero",
    ),
    (
        NotApplicablePolicy::CountAsFull,
        "dihitung_penuh",
        "count_as_full",
    ),
];
const WEIGHT_POLICIES: &Words<WeightPolicy> = &[
    (WeightPolicy::Normalise, "dinormalkan", "normalise"),
    (WeightPolicy::MustSumTo100, "harus_100", "must_sum_to_100"),
];
const PEMDA_RULES: &Words<PemdaRule> = &[
    (PemdaRule::MeanOfUnits, "rata_rata_unit", "mean_of_units"),
    (
        PemdaRule::WeightedMeanOfUnits,
        "rata_rata_unit_tertimbang",
        "weighted_mean_of_units",
    ),
];

/// The kinds of answer type, as the `jenis` column names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ordinal,
    YesNo,
    Choice,
    Number,
    Percentage,
}

const KINDS: &Words<Kind> = &[
    (Kind::Ordinal, "ordinal", "ordinal"),
    (Kind::YesNo, "ya_tidak", "yes_no"),
    (Kind::Choice, "pilihan", "choice"),
    (Kind::Number, "angka", "number"),
    (Kind::Percentage, "persentase", "percentage"),
];

impl Kind {
    /// The Skala Jawaban columns (besides skala, indikator, jenis) a scale of this kind uses.
    fn columns(self) -> &'static [&'static str] {
        match self {
            Kind::Ordinal => &["nilai", "label", "label_en", "uraian", "skor"],
            Kind::YesNo => &["nilai", "skor"],
            Kind::Choice => &["nilai", "label", "label_en", "skor"],
            Kind::Number => &["satuan", "min", "maks", "aturan"],
            Kind::Percentage => &["aturan"],
        }
    }
}

const SCALE_DETAIL_COLUMNS: [&str; 9] = [
    "nilai", "label", "label_en", "uraian", "skor", "satuan", "min", "maks", "aturan",
];

fn word_of<T: PartialEq + Copy>(words: &Words<T>, value: T) -> &'static str {
    words
        .iter()
        .find(|(v, _, _)| *v == value)
        .map_or("", |(_, word, _)| word)
}

fn parse_word<T: Copy>(words: &Words<T>, text: &str) -> Option<T> {
    let t = text.trim().to_lowercase().replace([' ', '-'], "_");
    words
        .iter()
        .find(|(_, id, en)| *id == t || *en == t)
        .map(|(v, _, _)| *v)
}

fn word_list<T>(words: &Words<T>) -> String {
    words
        .iter()
        .map(|(_, word, _)| *word)
        .collect::<Vec<_>>()
        .join(", ")
}

const YES: &[&str] = &["ya", "y", "yes", "true", "benar", "1"];
const NO: &[&str] = &["tidak", "t", "no", "n", "false", "salah", "0"];

fn yes_no(value: bool) -> &'static str {
    if value {
        "ya"
    } else {
        "tidak"
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// A cell to write.
enum Cell {
    Text(String),
    Number(f64),
    Blank,
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

fn opt_text(s: Option<&String>) -> Cell {
    s.map_or(Cell::Blank, |s| text(s))
}

fn number(x: Option<f64>) -> Cell {
    x.map_or(Cell::Blank, Cell::Number)
}

/// Writes a sheet: bold frozen header, column widths, wrapped long text, cells top-aligned.
fn write_table<'a>(
    book: &'a mut Workbook,
    spec: &SheetSpec,
    rows: &[Vec<Cell>],
    frozen_columns: u16,
) -> Result<&'a mut Worksheet, XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xE8_EE_F4))
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    let top = Format::new().set_align(FormatAlign::Top);
    let wrap = Format::new().set_align(FormatAlign::Top).set_text_wrap();
    let sheet = book.add_worksheet();
    sheet.set_name(spec.name)?;
    for (c, col) in spec.columns.iter().enumerate() {
        let c = c as u16;
        sheet.set_column_width(c, col.width)?;
        sheet.set_column_format(c, if col.wrap { &wrap } else { &top })?;
        sheet.write_string_with_format(0, c, col.name, &header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) if !s.is_empty() => {
                    sheet.write_string(r, c, s)?;
                }
                Cell::Number(x) => {
                    sheet.write_number(r, c, *x)?;
                }
                _ => {}
            }
        }
    }
    sheet.set_freeze_panes(1, frozen_columns)?;
    if !rows.is_empty() {
        sheet.autofilter(0, 0, rows.len() as u32, spec.columns.len() as u16 - 1)?;
    }
    Ok(sheet)
}

/// Writes a version as a workbook (layout in the module documentation).
pub fn to_xlsx(version: &InstrumentVersion) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sections = section_paths(version);

    let mut rows = Vec::new();
    let mut inline = Vec::new();
    for (path, s) in &sections {
        for i in &s.indicators {
            let skala = match (&i.answer, &i.answer_template) {
                (_, Some(name)) => text(name),
                // Kept as JSON so even an unknown type survives; known types go on Skala Jawaban.
                (Some(AnswerType::Unknown), None) => {
                    Cell::Text(serde_json::to_string(&AnswerType::Unknown).unwrap_or_default())
                }
                _ => Cell::Blank,
            };
            if let Some(answer) = i.answer.as_ref().filter(|a| **a != AnswerType::Unknown) {
                inline.push((i.code.as_str(), answer));
            }
            rows.push(vec![
                text(path),
                text(&i.code),
                text(&i.text_id),
                opt_text(i.text_en.as_ref()),
                opt_text(i.guidance_id.as_ref()),
                opt_text(i.guidance_en.as_ref()),
                text(&i.evidence_expected.join("\n")),
                text(if i.evidence_required { "ya" } else { "" }),
                number(i.weight),
                skala,
                opt_text(i.note.as_ref()),
            ]);
        }
    }
    write_table(&mut book, &INDIKATOR, &rows, 2)?;

    let rows: Vec<Vec<Cell>> = sections
        .iter()
        .map(|(path, s)| {
            vec![
                text(path),
                text(&s.code),
                text(&s.name_id),
                opt_text(s.name_en.as_ref()),
                number(s.weight),
                s.aggregation
                    .map_or(Cell::Blank, |a| text(word_of(AGGREGATIONS, a))),
                opt_text(s.note.as_ref()),
            ]
        })
        .collect();
    write_table(&mut book, &BAGIAN, &rows, 1)?;

    let mut rows = Vec::new();
    for (name, answer) in &version.answer_templates {
        scale_rows(&mut rows, name, "", answer);
    }
    for (code, answer) in inline {
        scale_rows(&mut rows, "", code, answer);
    }
    write_table(&mut book, &SKALA, &rows, 3)?;

    let rows: Vec<Vec<Cell>> = version
        .bands
        .bands
        .iter()
        .map(|b| {
            vec![
                text(&b.code),
                text(&b.name_id),
                opt_text(b.name_en.as_ref()),
                Cell::Number(b.lower),
                Cell::Number(b.upper),
                opt_text(b.zone.as_ref()),
                opt_text(b.colour.as_ref()),
            ]
        })
        .collect();
    let sheet = write_table(&mut book, &PREDIKAT, &rows, 1)?;
    let colour_column = PREDIKAT.columns.iter().position(|c| c.name == "warna");
    for (r, b) in version.bands.bands.iter().enumerate() {
        if let Some((colour, rgb)) = b.colour.as_ref().and_then(|c| Some((c, parse_rgb(c)?))) {
            let [_, red, green, blue] = rgb.to_be_bytes().map(u32::from);
            let dark = red * 299 + green * 587 + blue * 114 < 140_000;
            let format = Format::new()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(rgb))
                .set_font_color(if dark { Color::White } else { Color::Black });
            let column = colour_column.unwrap_or_default() as u16;
            sheet.write_string_with_format(r as u32 + 1, column, colour, &format)?;
        }
    }

    let rows: Vec<Vec<Cell>> = version
        .deductions
        .iter()
        .map(|d| {
            vec![
                text(&d.code),
                text(&d.name_id),
                opt_text(d.name_en.as_ref()),
                opt_text(d.description_id.as_ref()),
                number(d.max_points),
            ]
        })
        .collect();
    write_table(&mut book, &PENGURANGAN, &rows, 1)?;

    write_table(&mut book, &INSTRUMEN, &settings_rows(version), 1)?;
    write_guide(&mut book)?;
    book.save_to_buffer()
}

/// `#rrggbb` as a number.
fn parse_rgb(colour: &str) -> Option<u32> {
    let hex = colour.strip_prefix('#')?;
    (hex.len() == 6)
        .then(|| u32::from_str_radix(hex, 16).ok())
        .flatten()
}

/// The Skala Jawaban rows of one answer type, owned by template `name` or by indicator `code`.
fn scale_rows(rows: &mut Vec<Vec<Cell>>, name: &str, code: &str, answer: &AnswerType) {
    let kind = match answer {
        AnswerType::Ordinal { .. } => word_of(KINDS, Kind::Ordinal),
        AnswerType::YesNo { .. } => word_of(KINDS, Kind::YesNo),
        AnswerType::Choice { .. } => word_of(KINDS, Kind::Choice),
        AnswerType::Number { .. } => word_of(KINDS, Kind::Number),
        AnswerType::Percentage { .. } => word_of(KINDS, Kind::Percentage),
        // Only a template can get here; reading it back reports the unknown type.
        AnswerType::Unknown => "tidak_dikenal",
    };
    // nilai, label, label_en, uraian, skor, satuan, min, maks, aturan
    let mut row = |detail: [Cell; 9]| {
        let mut cells = vec![text(name), text(code), text(kind)];
        cells.extend(detail);
        rows.push(cells);
    };
    let rule_json = |rule: &NumberRule| Cell::Text(serde_json::to_string(rule).unwrap_or_default());
    use Cell::Blank;
    match answer {
        AnswerType::Ordinal { levels } => {
            for l in levels {
                row([
                    Cell::Number(f64::from(l.value)),
                    text(&l.label_id),
                    opt_text(l.label_en.as_ref()),
                    opt_text(l.description_id.as_ref()),
                    number(l.score),
                    Blank,
                    Blank,
                    Blank,
                    Blank,
                ]);
            }
        }
        AnswerType::YesNo { yes, no } => {
            for (word, score) in [(yes_no(true), yes), (yes_no(false), no)] {
                row([
                    text(word),
                    Blank,
                    Blank,
                    Blank,
                    Cell::Number(*score),
                    Blank,
                    Blank,
                    Blank,
                    Blank,
                ]);
            }
        }
        AnswerType::Choice { options } => {
            for o in options {
                row([
                    text(&o.code),
                    text(&o.label_id),
                    opt_text(o.label_en.as_ref()),
                    Blank,
                    Cell::Number(o.score),
                    Blank,
                    Blank,
                    Blank,
                    Blank,
                ]);
            }
        }
        AnswerType::Number {
            unit,
            min,
            max,
            rule,
        } => row([
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            opt_text(unit.as_ref()),
            number(*min),
            number(*max),
            rule_json(rule),
        ]),
        AnswerType::Percentage { rule } => row([
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            rule_json(rule),
        ]),
        AnswerType::Unknown => row([
            Blank, Blank, Blank, Blank, Blank, Blank, Blank, Blank, Blank,
        ]),
    }
}

/// The Instrumen sheet: one row per key, with its explanation.
fn settings_rows(v: &InstrumentVersion) -> Vec<Vec<Cell>> {
    let mut sources: Vec<Cell> = v.provenance.sources.iter().map(|s| text(s)).collect();
    if sources.is_empty() {
        sources.push(Cell::Blank);
    }
    let mut rows = Vec::new();
    for key in KEYS {
        let values = match key.name {
            "kode_instrumen" => vec![text(&v.instrument.code)],
            "nama_instrumen" => vec![text(&v.instrument.name)],
            "penerbit" => vec![text(&v.instrument.publisher)],
            "deskripsi" => vec![opt_text(v.instrument.description.as_ref())],
            "versi" => vec![text(&v.version)],
            "dari_sumber_publik" => vec![text(yes_no(v.provenance.compiled_from_public_sources))],
            "catatan_sumber" => vec![opt_text(v.provenance.note.as_ref())],
            "sumber" => std::mem::take(&mut sources),
            "skala_min" => vec![Cell::Number(v.scale.min)],
            "skala_maks" => vec![Cell::Number(v.scale.max)],
            "skala_desimal" => vec![Cell::Number(f64::from(v.scale.decimals))],
            "skala_pemetaan" => vec![text(word_of(MAPPINGS, v.scale.mapping))],
            "agregasi" => vec![text(word_of(AGGREGATIONS, v.aggregation))],
            "tidak_dijawab" => vec![text(word_of(MISSING, v.missing))],
            "tidak_berlaku" => vec![text(word_of(NOT_APPLICABLE, v.not_applicable))],
            "aturan_bobot" => vec![text(word_of(WEIGHT_POLICIES, v.weights))],
            "nilai_pemda" => vec![text(word_of(PEMDA_RULES, v.pemda))],
            other => unreachable!("key {other} has no value"),
        };
        for value in values {
            rows.push(vec![text(key.name), value, text(key.help)]);
        }
    }
    rows
}

/// The Petunjuk sheet: how to fill the workbook, generated from the sheet and key lists.
fn write_guide(book: &mut Workbook) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(PETUNJUK)?;
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold().set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    sheet.set_column_width(0, 26)?;
    sheet.set_column_width(1, 110)?;
    sheet.set_column_format(1, &wrap)?;
    let mut r = 0u32;
    sheet.write_string_with_format(r, 0, "Petunjuk pengisian instrumen", &title)?;
    r += 2;
    for line in [
        "Berkas ini memuat satu versi instrumen penilaian. Ubah isi lembar-lembarnya, lalu unggah kembali berkas ini di Patuh. Lembar Petunjuk ini tidak dibaca saat unggah.",
        "Baris pertama setiap lembar adalah judul kolom: jangan ubah namanya. Urutan kolom boleh diubah dan baris kosong diabaikan. Kolom bertanda wajib harus ada.",
        "Angka boleh ditulis dengan koma desimal (21,85) atau titik desimal (21.85), tanpa pemisah ribuan.",
        "Saat unggah, semua kesalahan dilaporkan sekaligus dengan nama lembar, nomor baris, dan nama kolomnya. Versi hanya tersimpan bila tidak ada kesalahan.",
        "Kode indikator menjadi kunci jawaban: versi baru sebaiknya memakai kode yang sama untuk indikator yang sama agar hasil dapat dibandingkan.",
    ] {
        sheet.write_string(r, 1, line)?;
        r += 1;
    }
    for spec in SHEETS {
        r += 1;
        sheet.write_string_with_format(r, 0, format!("Lembar {}", spec.name), &bold)?;
        let optional = if spec.required {
            ""
        } else {
            " Lembar ini boleh dihapus bila kosong."
        };
        sheet.write_string(r, 1, format!("{}{optional}", spec.about))?;
        r += 1;
        for col in spec.columns {
            sheet.write_string(r, 0, col.name)?;
            let required = if col.required { " (wajib)" } else { "" };
            sheet.write_string(r, 1, format!("{}{required}", col.help))?;
            r += 1;
        }
    }
    r += 1;
    sheet.write_string_with_format(r, 0, "Kunci lembar Instrumen", &bold)?;
    r += 1;
    for key in KEYS {
        sheet.write_string(r, 0, key.name)?;
        let required = if key.required { " (wajib)" } else { "" };
        sheet.write_string(r, 1, format!("{}{required}", key.help))?;
        r += 1;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Reading

static EMPTY: Data = Data::Empty;

/// Where a value of the version was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    sheet: &'static str,
    row: usize,
    column: &'static str,
}

impl Place {
    fn new(sheet: &'static str, row: usize, column: &'static str) -> Self {
        Place { sheet, row, column }
    }

    /// "Indikator baris 5", for a message naming another place.
    fn describe(&self) -> String {
        if self.row > 0 {
            format!("{} baris {}", self.sheet, self.row)
        } else {
            self.sheet.to_owned()
        }
    }
}

/// Validation problems to leave out because a reading problem already explains them.
enum Taint {
    /// Problems at exactly this path.
    Exact(String),
    /// Problems at this path or below it.
    Subtree(String),
    /// Every sibling-weight problem (when a version-wide rule could not be read).
    Weights,
}

impl Taint {
    fn covers(&self, path: &str, kind: &ProblemKind) -> bool {
        match self {
            Taint::Exact(p) => path == p,
            Taint::Subtree(p) => path
                .strip_prefix(p.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '['])),
            Taint::Weights => matches!(
                kind,
                ProblemKind::MixedWeights
                    | ProblemKind::WeightsDoNotSumTo100 { .. }
                    | ProblemKind::NonPositiveWeight
            ),
        }
    }
}

/// One data row of a sheet.
struct Row<'a> {
    sheet: &'static str,
    /// As Excel numbers it.
    number: usize,
    cells: &'a [Data],
    columns: &'a BTreeMap<&'static str, usize>,
}

impl Row<'_> {
    fn cell(&self, column: &str) -> &Data {
        self.columns
            .get(column)
            .and_then(|c| self.cells.get(*c))
            .unwrap_or(&EMPTY)
    }

    fn text(&self, column: &str) -> String {
        match self.cell(column) {
            Data::String(s) => s.clone(),
            other => other.to_string(),
        }
    }

    /// The text, `None` when blank.
    fn opt_text(&self, column: &str) -> Option<String> {
        Some(self.text(column)).filter(|t| !t.trim().is_empty())
    }

    /// The trimmed text (for codes, names and rule words that are references).
    fn word(&self, column: &str) -> String {
        self.text(column).trim().to_owned()
    }

    fn is_blank(&self, column: &str) -> bool {
        self.opt_text(column).is_none()
    }

    fn place(&self, column: &'static str) -> Place {
        Place::new(self.sheet, self.number, column)
    }
}

/// A sheet's header and data rows.
struct Table<'a> {
    sheet: &'static str,
    columns: BTreeMap<&'static str, usize>,
    rows: Vec<(usize, &'a [Data])>,
}

impl Table<'_> {
    fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(|(number, cells)| Row {
            sheet: self.sheet,
            number: *number,
            cells,
            columns: &self.columns,
        })
    }
}

/// A section read from the Bagian sheet, before the tree is built.
struct FlatSection {
    row: usize,
    section: Section,
    weight_unread: bool,
    aggregation_unread: bool,
    children: Vec<usize>,
    indicators: Vec<usize>,
}

/// An indicator read from the Indikator sheet, before it is placed in its section.
struct FlatIndicator {
    row: usize,
    indicator: Indicator,
    weight_unread: bool,
    /// The inline JSON answer in the skala cell could not be read.
    answer_unread: bool,
}

/// An answer type read from Skala Jawaban, with where its parts came from (paths relative to
/// the answer type's own path).
struct ReadScale {
    answer: AnswerType,
    places: Vec<(String, Place)>,
    /// Every cell read; otherwise `answer` is `Unknown` and its problems are already reported.
    ok: bool,
    first_row: usize,
}

/// The state of one reading: problems so far and where each value came from.
#[derive(Default)]
struct Reading {
    problems: Vec<SheetProblem>,
    places: BTreeMap<String, Place>,
    taints: Vec<Taint>,
    /// A sheet or column is missing: the version is incomplete and is not validated.
    structural: bool,
}

/// Reads a workbook written by [`to_xlsx`] (or filled by hand in its layout) and validates the
/// version; on failure every problem found, in sheet and row order.
pub fn from_xlsx(bytes: &[u8]) -> Result<InstrumentVersion, Vec<SheetProblem>> {
    let unreadable = |e: &dyn fmt::Display| {
        vec![SheetProblem {
            sheet: String::new(),
            row: 0,
            column: String::new(),
            message: format!("berkas tidak dapat dibaca sebagai XLSX ({e})"),
        }]
    };
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut ranges = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| unreadable(&e))?;
        ranges.push((name, range));
    }
    let mut r = Reading::default();
    let tables: Vec<Option<Table>> = SHEETS
        .iter()
        .map(|spec| {
            let range = ranges
                .iter()
                .find(|(name, _)| name.trim().eq_ignore_ascii_case(spec.name))
                .map(|(_, range)| range);
            r.table(spec, range)
        })
        .collect();
    let [indicators, sections, scales, bands, deductions, settings] = &tables[..] else {
        unreachable!("one table per sheet")
    };
    let mut version = r.settings(settings.as_ref());
    version.bands = r.bands(bands.as_ref());
    version.deductions = r.deductions(deductions.as_ref());
    let (templates, inline) = r.scales(scales.as_ref());
    version.answer_templates = templates;
    version.sections = r.tree(sections.as_ref(), indicators.as_ref(), inline);
    r.finish(version)
}

impl Reading {
    fn problem(&mut self, place: Place, message: impl Into<String>) {
        self.problems.push(SheetProblem {
            sheet: place.sheet.to_owned(),
            row: place.row,
            column: place.column.to_owned(),
            message: message.into(),
        });
    }

    fn place(&mut self, path: impl Into<String>, place: Place) {
        self.places.insert(path.into(), place);
    }

    /// Finds a sheet's header and rows; reports a missing required sheet or column and any
    /// unknown or repeated column.
    fn table<'a>(
        &mut self,
        spec: &'static SheetSpec,
        range: Option<&'a calamine::Range<Data>>,
    ) -> Option<Table<'a>> {
        let sheet_place = Place::new(spec.name, 0, "");
        let Some(range) = range else {
            if spec.required {
                self.structural = true;
                self.problem(sheet_place, "lembar ini tidak ada");
            }
            return None;
        };
        let Some((first_row, _)) = range.start() else {
            if spec.required {
                self.structural = true;
                self.problem(
                    sheet_place,
                    "lembar ini kosong; baris pertama harus berisi judul kolom",
                );
            }
            return None;
        };
        let mut rows = range.rows();
        let header = rows.next().unwrap_or_default();
        let header_row = first_row as usize + 1;
        let mut columns = BTreeMap::new();
        for (i, cell) in header.iter().enumerate() {
            let name = cell.to_string().trim().to_lowercase();
            if name.is_empty() {
                continue;
            }
            match spec.columns.iter().find(|c| c.name == name) {
                Some(c) if columns.contains_key(c.name) => {
                    self.problem(
                        Place::new(spec.name, header_row, c.name),
                        "kolom ini muncul dua kali",
                    );
                }
                Some(c) => {
                    columns.insert(c.name, i);
                }
                None => {
                    let known: Vec<&str> = spec.columns.iter().map(|c| c.name).collect();
                    self.problems.push(SheetProblem {
                        sheet: spec.name.to_owned(),
                        row: header_row,
                        column: cell.to_string().trim().to_owned(),
                        message: format!(
                            "kolom tidak dikenal; kolom yang dikenal: {}",
                            known.join(", ")
                        ),
                    });
                }
            }
        }
        for c in spec.columns.iter().filter(|c| c.required) {
            if !columns.contains_key(c.name) {
                self.structural = true;
                self.problem(
                    Place::new(spec.name, header_row, c.name),
                    "kolom wajib ini tidak ada",
                );
            }
        }
        let rows = rows
            .enumerate()
            .map(|(i, cells)| (header_row + 1 + i, cells))
            .filter(|(_, cells)| cells.iter().any(|c| !c.to_string().trim().is_empty()))
            .collect();
        Some(Table {
            sheet: spec.name,
            columns,
            rows,
        })
    }

    /// A number cell; `Err` (reported) when it holds something else.
    fn number(&mut self, row: &Row, column: &'static str) -> Result<Option<f64>, ()> {
        let value = match row.cell(column) {
            Data::Empty => return Ok(None),
            Data::Float(x) => Some(*x),
            Data::Int(x) => Some(*x as f64),
            Data::String(s) if s.trim().is_empty() => return Ok(None),
            Data::String(s) => parse_decimal(s),
            _ => None,
        };
        value.map(Some).ok_or_else(|| {
            let shown = row.text(column);
            self.problem(
                row.place(column),
                format!("\"{shown}\" bukan angka; tulis mis. 21,85 atau 21.85"),
            );
        })
    }

    /// A number cell that must be filled.
    fn required_number(&mut self, row: &Row, column: &'static str) -> Result<f64, ()> {
        match self.number(row, column)? {
            Some(x) => Ok(x),
            None => {
                self.problem(row.place(column), "wajib diisi dengan angka");
                Err(())
            }
        }
    }

    /// A whole number in `0..=max`, as level values and decimals are.
    fn whole(&mut self, row: &Row, column: &'static str, max: u32) -> Result<Option<u32>, ()> {
        match self.number(row, column)? {
            None => Ok(None),
            Some(x) if x.fract() == 0.0 && (0.0..=f64::from(max)).contains(&x) => {
                Ok(Some(x as u32))
            }
            Some(_) => {
                self.problem(
                    row.place(column),
                    format!("harus bilangan bulat 0 sampai {max}"),
                );
                Err(())
            }
        }
    }

    /// A yes/no cell; blank is `None`.
    fn flag(&mut self, row: &Row, column: &'static str) -> Result<Option<bool>, ()> {
        if let Data::Bool(b) = row.cell(column) {
            return Ok(Some(*b));
        }
        let t = row.word(column).to_lowercase();
        if t.is_empty() {
            Ok(None)
        } else if YES.contains(&t.as_str()) {
            Ok(Some(true))
        } else if NO.contains(&t.as_str()) {
            Ok(Some(false))
        } else {
            self.problem(row.place(column), format!("\"{t}\" bukan ya atau tidak"));
            Err(())
        }
    }

    /// A rule word from `words`; blank is `None`.
    fn rule_word<T: Copy>(
        &mut self,
        row: &Row,
        column: &'static str,
        words: &Words<T>,
    ) -> Result<Option<T>, ()> {
        let t = row.word(column);
        if t.is_empty() {
            return Ok(None);
        }
        parse_word(words, &t).map(Some).ok_or_else(|| {
            self.problem(
                row.place(column),
                format!(
                    "\"{t}\" tidak dikenal; pilih salah satu: {}",
                    word_list(words)
                ),
            );
        })
    }

    /// The Instrumen sheet's rows by key (`sumber` rows go to `sources`), reporting unknown,
    /// repeated and missing keys.
    fn setting_rows<'a>(
        &mut self,
        table: Option<&'a Table>,
        sources: &mut Vec<String>,
    ) -> BTreeMap<&'static str, Row<'a>> {
        let mut values: BTreeMap<&'static str, Row> = BTreeMap::new();
        let Some(table) = table else {
            return values;
        };
        for row in table.rows() {
            let key = row.word("kunci").to_lowercase();
            let Some(spec) = KEYS.iter().find(|k| k.name == key) else {
                let message = if key.is_empty() {
                    "kunci kosong".to_owned()
                } else {
                    format!("kunci \"{key}\" tidak dikenal; daftar kunci ada di lembar Petunjuk")
                };
                self.problem(row.place("kunci"), message);
                continue;
            };
            if spec.name == "sumber" {
                if let Some(s) = row.opt_text("nilai") {
                    let path = format!("provenance.sources[{}]", sources.len());
                    self.place(path, row.place("nilai"));
                    sources.push(s);
                }
            } else if let Some(first) = values.get(spec.name) {
                let message = format!("kunci ini sudah ada di baris {}", first.number);
                self.problem(row.place("kunci"), message);
            } else {
                values.insert(spec.name, row);
            }
        }
        for key in KEYS.iter().filter(|k| k.required) {
            if !values.contains_key(key.name) {
                self.problem(
                    Place::new(INSTRUMEN.name, 0, "kunci"),
                    format!("baris dengan kunci \"{}\" tidak ada", key.name),
                );
                let path = match key.name {
                    "kode_instrumen" => "instrument.code",
                    "nama_instrumen" => "instrument.name",
                    "versi" => "version",
                    _ => continue,
                };
                self.taints.push(Taint::Exact(path.to_owned()));
            }
        }
        values
    }

    /// The text of setting `key`, remembering where `path` was read.
    fn setting_text(
        &mut self,
        values: &BTreeMap<&'static str, Row>,
        key: &str,
        path: &str,
    ) -> Option<String> {
        let row = values.get(key)?;
        self.place(path, row.place("nilai"));
        Some(row.text("nilai"))
    }

    /// The rule word of setting `key`; its default when absent or blank.
    fn setting_word<T: Copy + Default>(
        &mut self,
        values: &BTreeMap<&'static str, Row>,
        key: &str,
        words: &Words<T>,
    ) -> Result<T, ()> {
        match values.get(key) {
            Some(row) => Ok(self.rule_word(row, "nilai", words)?.unwrap_or_default()),
            None => Ok(T::default()),
        }
    }

    /// The Instrumen sheet: identity, provenance, scale and rules (bands, deductions, templates
    /// and sections are left empty).
    fn settings(&mut self, table: Option<&Table>) -> InstrumentVersion {
        let mut sources = Vec::new();
        let values = self.setting_rows(table, &mut sources);
        let code = self.setting_text(&values, "kode_instrumen", "instrument.code");
        let name = self.setting_text(&values, "nama_instrumen", "instrument.name");
        let publisher = self.setting_text(&values, "penerbit", "instrument.publisher");
        let description = self.setting_text(&values, "deskripsi", "instrument.description");
        let label = self.setting_text(&values, "versi", "version");
        let note = self.setting_text(&values, "catatan_sumber", "provenance.note");
        let compiled = match values.get("dari_sumber_publik") {
            Some(row) => self.flag(row, "nilai").ok().flatten().unwrap_or(false),
            None => false,
        };

        if let Some(row) = values.get("skala_min") {
            self.place("scale", row.place("nilai"));
        }
        let bound = |r: &mut Self, key| match values.get(key) {
            Some(row) => r.required_number(row, "nilai").map(Some),
            None => Ok(None),
        };
        let (min, max) = (bound(self, "skala_min"), bound(self, "skala_maks"));
        let decimals = match values.get("skala_desimal") {
            Some(row) => self.whole(row, "nilai", u32::from(u8::MAX)),
            None => Ok(None),
        };
        let mapping = self.setting_word(&values, "skala_pemetaan", MAPPINGS);
        let scale = match (min, max, decimals, mapping) {
            (Ok(Some(min)), Ok(Some(max)), Ok(decimals), Ok(mapping)) => ResultScale {
                min,
                max,
                decimals: decimals.map_or(2, |d| d as u8),
                mapping,
            },
            _ => {
                // Without a readable scale neither it nor the bands can be checked.
                self.taints.push(Taint::Subtree("scale".into()));
                self.taints.push(Taint::Subtree("bands".into()));
                ResultScale {
                    min: f64::NAN,
                    max: f64::NAN,
                    decimals: 2,
                    mapping: ScaleMapping::default(),
                }
            }
        };
        let aggregation = self.setting_word(&values, "agregasi", AGGREGATIONS);
        let weights = self.setting_word(&values, "aturan_bobot", WEIGHT_POLICIES);
        if aggregation.is_err() || weights.is_err() {
            self.taints.push(Taint::Weights);
        }
        let missing = self.setting_word(&values, "tidak_dijawab", MISSING);
        let not_applicable = self.setting_word(&values, "tidak_berlaku", NOT_APPLICABLE);
        let pemda = self.setting_word(&values, "nilai_pemda", PEMDA_RULES);
        let nonblank = |t: Option<String>| t.filter(|t| !t.trim().is_empty());
        InstrumentVersion {
            instrument: Instrument {
                code: code.unwrap_or_default(),
                name: name.unwrap_or_default(),
                publisher: publisher.unwrap_or_default(),
                description: nonblank(description),
            },
            version: label.unwrap_or_default(),
            provenance: Provenance {
                compiled_from_public_sources: compiled,
                note: nonblank(note),
                sources,
            },
            scale,
            aggregation: aggregation.unwrap_or_default(),
            missing: missing.unwrap_or_default(),
            not_applicable: not_applicable.unwrap_or_default(),
            weights: weights.unwrap_or_default(),
            pemda: pemda.unwrap_or_default(),
            bands: BandTable::default(),
            deductions: Vec::new(),
            answer_templates: BTreeMap::new(),
            sections: Vec::new(),
        }
    }

    /// The Predikat sheet.
    fn bands(&mut self, table: Option<&Table>) -> BandTable {
        let mut bands = Vec::new();
        for row in table.into_iter().flat_map(Table::rows) {
            let path = format!("bands[{}]", bands.len());
            self.place(&path, row.place(""));
            for (field, column) in [
                ("code", "kode"),
                ("name_id", "nama"),
                ("lower", "batas_bawah"),
                ("upper", "batas_atas"),
            ] {
                self.place(format!("{path}.{field}"), row.place(column));
            }
            let lower = self.required_number(&row, "batas_bawah");
            let upper = self.required_number(&row, "batas_atas");
            if lower.is_err() || upper.is_err() {
                self.taints.push(Taint::Subtree(path));
                self.taints.push(Taint::Exact("bands".into()));
            }
            bands.push(Band {
                code: row.text("kode"),
                name_id: row.text("nama"),
                name_en: row.opt_text("nama_en"),
                lower: lower.unwrap_or(f64::NAN),
                upper: upper.unwrap_or(f64::NAN),
                zone: row.opt_text("zona"),
                colour: row.opt_text("warna"),
            });
        }
        BandTable { bands }
    }

    /// The Pengurangan sheet.
    fn deductions(&mut self, table: Option<&Table>) -> Vec<Deduction> {
        let mut deductions = Vec::new();
        for row in table.into_iter().flat_map(Table::rows) {
            let path = format!("deductions[{}]", deductions.len());
            self.place(&path, row.place(""));
            for (field, column) in [
                ("code", "kode"),
                ("name_id", "nama"),
                ("max_points", "maks_poin"),
            ] {
                self.place(format!("{path}.{field}"), row.place(column));
            }
            let max_points = self.number(&row, "maks_poin").unwrap_or_else(|()| {
                self.taints.push(Taint::Exact(format!("{path}.max_points")));
                None
            });
            deductions.push(Deduction {
                code: row.text("kode"),
                name_id: row.text("nama"),
                name_en: row.opt_text("nama_en"),
                description_id: row.opt_text("uraian"),
                max_points,
            });
        }
        deductions
    }

    /// The Skala Jawaban sheet: templates by name, and indicators' own scales by indicator code.
    fn scales(
        &mut self,
        table: Option<&Table>,
    ) -> (BTreeMap<String, AnswerType>, BTreeMap<String, ReadScale>) {
        // (is a template, name or indicator code, rows) in order of first appearance.
        let mut groups: Vec<(bool, String, Vec<Row>)> = Vec::new();
        for row in table.into_iter().flat_map(Table::rows) {
            let (name, code) = (row.word("skala"), row.word("indikator"));
            let key = match (name.is_empty(), code.is_empty()) {
                (false, true) => (true, name),
                (true, false) => (false, code),
                (false, false) => {
                    self.problem(
                        row.place("indikator"),
                        "isi kolom skala atau kolom indikator, tidak keduanya",
                    );
                    continue;
                }
                (true, true) => {
                    self.problem(
                        row.place("skala"),
                        "isi nama skala, atau kode indikator untuk skala khusus indikator itu",
                    );
                    continue;
                }
            };
            match groups
                .iter_mut()
                .find(|(template, k, _)| (*template, k) == (key.0, &key.1))
            {
                Some(group) => group.2.push(row),
                None => groups.push((key.0, key.1, vec![row])),
            }
        }
        let mut templates = BTreeMap::new();
        let mut inline = BTreeMap::new();
        for (is_template, key, rows) in groups {
            let scale = self.scale(&rows);
            if is_template {
                let path = format!("answer_templates.{key}");
                for (suffix, place) in &scale.places {
                    self.place(format!("{path}{suffix}"), *place);
                }
                if !scale.ok {
                    self.taints.push(Taint::Subtree(path));
                }
                templates.insert(key, scale.answer);
            } else {
                inline.insert(key, scale);
            }
        }
        (templates, inline)
    }

    /// One answer type from its Skala Jawaban rows.
    fn scale(&mut self, rows: &[Row]) -> ReadScale {
        let first = &rows[0];
        let mut read = ReadScale {
            answer: AnswerType::Unknown,
            places: vec![(String::new(), first.place(""))],
            ok: false,
            first_row: first.number,
        };
        let word = first.word("jenis");
        let Some(kind) = parse_word(KINDS, &word) else {
            let message = if word.is_empty() {
                format!("jenis skala wajib diisi: {}", word_list(KINDS))
            } else {
                format!(
                    "jenis \"{word}\" tidak dikenal; pilih salah satu: {}",
                    word_list(KINDS)
                )
            };
            self.problem(first.place("jenis"), message);
            return read;
        };
        let kind_word = word_of(KINDS, kind);
        let problems_before = self.problems.len();
        for row in &rows[1..] {
            if parse_word(KINDS, &row.word("jenis")) != Some(kind) {
                let message = format!(
                    "jenis harus sama dengan baris {} ({kind_word})",
                    first.number
                );
                self.problem(row.place("jenis"), message);
            }
        }
        for row in rows {
            for column in SCALE_DETAIL_COLUMNS {
                if !kind.columns().contains(&column) && !row.is_blank(column) {
                    let message = format!("kolom ini tidak dipakai untuk jenis {kind_word}");
                    self.problem(row.place(column), message);
                }
            }
        }
        let answer = match kind {
            Kind::Ordinal => {
                read.places.push((".levels".into(), first.place("nilai")));
                let mut levels = Vec::new();
                for (i, row) in rows.iter().enumerate() {
                    let at = format!(".levels[{i}]");
                    read.places.push((at.clone(), row.place("")));
                    for (field, column) in
                        [("value", "nilai"), ("label_id", "label"), ("score", "skor")]
                    {
                        read.places
                            .push((format!("{at}.{field}"), row.place(column)));
                    }
                    let value = match self.whole(row, "nilai", u32::MAX) {
                        Ok(Some(v)) => v,
                        Ok(None) => {
                            self.problem(
                                row.place("nilai"),
                                "nilai tingkat wajib diisi (0, 1, 2 …)",
                            );
                            0
                        }
                        Err(()) => 0,
                    };
                    levels.push(OrdinalLevel {
                        value,
                        label_id: row.text("label"),
                        label_en: row.opt_text("label_en"),
                        description_id: row.opt_text("uraian"),
                        score: self.number(row, "skor").unwrap_or(None),
                    });
                }
                AnswerType::Ordinal { levels }
            }
            Kind::YesNo => {
                read.places[0].1 = first.place("skor");
                let (mut yes, mut no) = (None, None);
                for row in rows {
                    let score = self.number(row, "skor").unwrap_or(None);
                    match self.flag(row, "nilai") {
                        Ok(Some(true)) if yes.is_none() => yes = Some(score),
                        Ok(Some(false)) if no.is_none() => no = Some(score),
                        Ok(Some(_)) => self.problem(
                            row.place("nilai"),
                            "jawaban ini sudah ada di baris sebelumnya",
                        ),
                        Ok(None) => self.problem(row.place("nilai"), "tulis ya atau tidak"),
                        Err(()) => {}
                    }
                }
                AnswerType::YesNo {
                    yes: yes.flatten().unwrap_or(1.0),
                    no: no.flatten().unwrap_or(0.0),
                }
            }
            Kind::Choice => {
                read.places.push((".options".into(), first.place("nilai")));
                let mut options = Vec::new();
                for (i, row) in rows.iter().enumerate() {
                    let at = format!(".options[{i}]");
                    read.places.push((at.clone(), row.place("")));
                    for (field, column) in
                        [("code", "nilai"), ("label_id", "label"), ("score", "skor")]
                    {
                        read.places
                            .push((format!("{at}.{field}"), row.place(column)));
                    }
                    options.push(ChoiceOption {
                        code: row.text("nilai"),
                        label_id: row.text("label"),
                        label_en: row.opt_text("label_en"),
                        score: self.required_number(row, "skor").unwrap_or(0.0),
                    });
                }
                AnswerType::Choice { options }
            }
            Kind::Number | Kind::Percentage => {
                for row in &rows[1..] {
                    let message = format!("skala {kind_word} ditulis dalam satu baris saja");
                    self.problem(row.place(""), message);
                }
                read.places.push((".rule".into(), first.place("aturan")));
                let rule = self.number_rule(first).unwrap_or(NumberRule::Thresholds {
                    steps: Vec::new(),
                    below: 0.0,
                });
                if kind == Kind::Number {
                    AnswerType::Number {
                        unit: first.opt_text("satuan"),
                        min: self.number(first, "min").unwrap_or(None),
                        max: self.number(first, "maks").unwrap_or(None),
                        rule,
                    }
                } else {
                    AnswerType::Percentage { rule }
                }
            }
        };
        read.ok = self.problems.len() == problems_before;
        if read.ok {
            read.answer = answer;
        }
        read
    }

    /// The scoring rule of a number or percentage, JSON (or YAML) in the aturan cell.
    fn number_rule(&mut self, row: &Row) -> Option<NumberRule> {
        let t = row.text("aturan");
        if t.trim().is_empty() {
            self.problem(
                row.place("aturan"),
                "aturan skor wajib diisi (JSON, contoh di lembar Petunjuk)",
            );
            return None;
        }
        serde_yaml_ng::from_str(&t)
            .map_err(|e| self.problem(row.place("aturan"), format!("aturan tidak terbaca: {e}")))
            .ok()
    }

    /// The Bagian and Indikator sheets as the section tree, indicators' own scales attached.
    fn tree(
        &mut self,
        sections: Option<&Table>,
        indicators: Option<&Table>,
        inline: BTreeMap<String, ReadScale>,
    ) -> Vec<Section> {
        let mut flat: Vec<FlatSection> = Vec::new();
        let mut by_path: BTreeMap<String, usize> = BTreeMap::new();
        // Paths of sections not placed; their problem is reported, not their descendants'.
        let mut dropped: BTreeSet<String> = BTreeSet::new();
        let mut top = Vec::new();
        for row in sections.into_iter().flat_map(Table::rows) {
            let path = row.word("jalur");
            let code = row.text("kode");
            let code_trimmed = code.trim();
            if path.is_empty() || code_trimmed.is_empty() {
                let column = if path.is_empty() { "jalur" } else { "kode" };
                self.problem(row.place(column), "wajib diisi");
                dropped.insert(path);
                continue;
            }
            let parent = if path == code_trimmed {
                Some(None)
            } else {
                path.strip_suffix(code_trimmed)
                    .and_then(|p| p.strip_suffix('/'))
                    .map(|p| Some(p.to_owned()))
            };
            let Some(parent) = parent else {
                let message =
                    format!("jalur harus berakhir dengan kode bagian, mis. INDUK/{code_trimmed}");
                self.problem(row.place("jalur"), message);
                dropped.insert(path);
                continue;
            };
            if let Some(&first) = by_path.get(&path) {
                let message = format!("jalur ini sudah dipakai di baris {}", flat[first].row);
                self.problem(row.place("jalur"), message);
                continue;
            }
            let parent = match parent {
                None => None,
                Some(p) => match by_path.get(&p) {
                    Some(&i) => Some(i),
                    None => {
                        if !dropped.contains(&p) {
                            let message =
                                format!("bagian induk \"{p}\" belum ditulis di baris sebelumnya");
                            self.problem(row.place("jalur"), message);
                        }
                        dropped.insert(path);
                        continue;
                    }
                },
            };
            let weight = self.number(&row, "bobot");
            let aggregation = self.rule_word(&row, "agregasi", AGGREGATIONS);
            let index = flat.len();
            match parent {
                Some(p) => flat[p].children.push(index),
                None => top.push(index),
            }
            by_path.insert(path, index);
            flat.push(FlatSection {
                row: row.number,
                section: Section {
                    code,
                    name_id: row.text("nama"),
                    name_en: row.opt_text("nama_en"),
                    weight: weight.unwrap_or(None),
                    aggregation: aggregation.unwrap_or(None),
                    note: row.opt_text("catatan"),
                    sections: Vec::new(),
                    indicators: Vec::new(),
                },
                weight_unread: weight.is_err(),
                aggregation_unread: aggregation.is_err(),
                children: Vec::new(),
                indicators: Vec::new(),
            });
        }

        let mut items = Vec::new();
        let mut codes = BTreeSet::new();
        for row in indicators.into_iter().flat_map(Table::rows) {
            let code = row.text("kode");
            codes.insert(code.trim().to_owned());
            let path = row.word("jalur_bagian");
            let Some(&section) = by_path.get(&path) else {
                if !dropped.contains(&path) {
                    let message = if path.is_empty() {
                        "wajib diisi".to_owned()
                    } else {
                        format!("bagian \"{path}\" tidak ada di kolom jalur lembar Bagian")
                    };
                    self.problem(row.place("jalur_bagian"), message);
                }
                continue;
            };
            let weight = self.number(&row, "bobot");
            let required = self.flag(&row, "bukti_wajib").unwrap_or(None);
            let skala = row.word("skala");
            let (answer, template, answer_unread) = if skala.starts_with('{') {
                match serde_yaml_ng::from_str::<AnswerType>(&skala) {
                    Ok(answer) => (Some(answer), None, false),
                    Err(e) => {
                        let message = format!("skala JSON tidak terbaca: {e}");
                        self.problem(row.place("skala"), message);
                        (Some(AnswerType::Unknown), None, true)
                    }
                }
            } else if skala.is_empty() {
                (None, None, false)
            } else {
                (None, Some(skala), false)
            };
            let evidence = row
                .text("bukti_diharapkan")
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned)
                .collect();
            flat[section].indicators.push(items.len());
            items.push(FlatIndicator {
                row: row.number,
                indicator: Indicator {
                    code,
                    text_id: row.text("teks"),
                    text_en: row.opt_text("teks_en"),
                    guidance_id: row.opt_text("panduan"),
                    guidance_en: row.opt_text("panduan_en"),
                    evidence_expected: evidence,
                    evidence_required: required.unwrap_or(false),
                    weight: weight.unwrap_or(None),
                    answer,
                    answer_template: template,
                    note: row.opt_text("catatan"),
                },
                weight_unread: weight.is_err(),
                answer_unread,
            });
        }

        let mut used = BTreeSet::new();
        let parts = Parts {
            flat: &flat,
            items: &items,
            inline: &inline,
        };
        let tree = self.build(&parts, &top, "", &mut used);
        for (code, scale) in &inline {
            if !used.contains(code) && !codes.contains(code) {
                self.problem(
                    Place::new(SKALA.name, scale.first_row, "indikator"),
                    format!("tidak ada indikator berkode \"{code}\" di lembar Indikator"),
                );
            }
        }
        tree
    }

    /// The sections `indices` (children of the section at `parent`, "" for the top) with their
    /// sub-sections and indicators, remembering where each part was read.
    fn build(
        &mut self,
        parts: &Parts,
        indices: &[usize],
        parent: &str,
        used: &mut BTreeSet<String>,
    ) -> Vec<Section> {
        let group = if parent.is_empty() {
            "sections".to_owned()
        } else {
            format!("{parent}.sections")
        };
        if let Some(&first) = indices.first() {
            self.place(
                &group,
                Place::new(BAGIAN.name, parts.flat[first].row, "bobot"),
            );
        }
        let mut out = Vec::new();
        for (i, &index) in indices.iter().enumerate() {
            let f = &parts.flat[index];
            let path = format!("{group}[{i}]");
            let at = |column| Place::new(BAGIAN.name, f.row, column);
            self.place(&path, at(""));
            for (field, column) in [
                ("code", "kode"),
                ("name_id", "nama"),
                ("weight", "bobot"),
                ("aggregation", "agregasi"),
            ] {
                self.place(format!("{path}.{field}"), at(column));
            }
            if f.weight_unread {
                self.taints.push(Taint::Exact(format!("{path}.weight")));
                self.taints.push(Taint::Exact(group.clone()));
            }
            if f.aggregation_unread {
                self.taints.push(Taint::Exact(format!("{path}.sections")));
                self.taints.push(Taint::Exact(format!("{path}.indicators")));
            }
            let mut section = f.section.clone();
            section.sections = self.build(parts, &f.children, &path, used);
            section.indicators = self.indicators_of(parts, f, &path, used);
            out.push(section);
        }
        out
    }

    /// The indicators of section `f` at `path`, their own scales attached.
    fn indicators_of(
        &mut self,
        parts: &Parts,
        f: &FlatSection,
        path: &str,
        used: &mut BTreeSet<String>,
    ) -> Vec<Indicator> {
        let group = format!("{path}.indicators");
        if let Some(&first) = f.indicators.first() {
            let row = parts.items[first].row;
            self.place(&group, Place::new(INDIKATOR.name, row, "bobot"));
        }
        let mut out = Vec::new();
        for (j, &k) in f.indicators.iter().enumerate() {
            let item = &parts.items[k];
            let path = format!("{group}[{j}]");
            let at = |column| Place::new(INDIKATOR.name, item.row, column);
            self.place(&path, at(""));
            for (field, column) in [
                ("code", "kode"),
                ("text_id", "teks"),
                ("weight", "bobot"),
                ("answer", "skala"),
                ("answer_template", "skala"),
            ] {
                self.place(format!("{path}.{field}"), at(column));
            }
            if item.weight_unread {
                self.taints.push(Taint::Exact(format!("{path}.weight")));
                self.taints.push(Taint::Exact(group.clone()));
            }
            if item.answer_unread {
                self.taints.push(Taint::Subtree(format!("{path}.answer")));
            }
            let mut indicator = item.indicator.clone();
            let code = indicator.code.trim().to_owned();
            if let Some(scale) = parts.inline.get(&code) {
                used.insert(code);
                if indicator.answer.is_none() && indicator.answer_template.is_none() {
                    let base = format!("{path}.answer");
                    for (suffix, place) in &scale.places {
                        self.place(format!("{base}{suffix}"), *place);
                    }
                    if !scale.ok {
                        self.taints.push(Taint::Subtree(base));
                    }
                    indicator.answer = Some(scale.answer.clone());
                } else {
                    let message = format!(
                        "kolom skala terisi, padahal lembar Skala Jawaban baris {} memuat skala khusus indikator ini; pakai salah satu",
                        scale.first_row
                    );
                    self.problem(at("skala"), message);
                }
            }
            out.push(indicator);
        }
        out
    }

    /// Where the value at `path` was read: the path itself or its nearest ancestor that was.
    fn place_of(&self, path: &str) -> Place {
        let mut p = path;
        loop {
            if let Some(place) = self.places.get(p) {
                return *place;
            }
            match p.rfind(['.', '[']) {
                Some(cut) => p = &p[..cut],
                None => break,
            }
        }
        let sheet = match p {
            "bands" => PREDIKAT.name,
            "deductions" => PENGURANGAN.name,
            "answer_templates" => SKALA.name,
            "sections" => BAGIAN.name,
            _ => INSTRUMEN.name,
        };
        Place::new(sheet, 0, "")
    }

    /// The row of the first band matching `which`.
    fn band_place(
        &self,
        version: &InstrumentVersion,
        which: impl Fn(&Band) -> bool,
        column: &'static str,
    ) -> Option<Place> {
        let i = version.bands.bands.iter().position(which)?;
        let row = self.places.get(&format!("bands[{i}]"))?.row;
        Some(Place::new(PREDIKAT.name, row, column))
    }

    /// A validation problem as a place in the workbook and a message in Indonesian.
    fn explain(
        &self,
        version: &InstrumentVersion,
        path: &str,
        kind: &ProblemKind,
    ) -> (Place, String) {
        let place = self.place_of(path);
        match kind {
            ProblemKind::DuplicateCode { code, first } => (
                place,
                format!(
                    "kode \"{code}\" sudah dipakai di {}",
                    self.place_of(first).describe()
                ),
            ),
            ProblemKind::AnswerTypeNotGiven => (
                Place {
                    column: "skala",
                    ..place
                },
                "skala jawaban belum ditentukan: isi kolom skala dengan nama skala di lembar Skala Jawaban, atau tulis skala khusus indikator ini di lembar itu (bukan keduanya)".to_owned(),
            ),
            ProblemKind::UnknownTemplate(name) => (
                place,
                format!("skala \"{name}\" tidak ada di lembar Skala Jawaban"),
            ),
            ProblemKind::BandOverlap { second, .. } => (
                self.band_place(version, |b| b.code == *second, "batas_bawah")
                    .unwrap_or(place),
                kind.message_id(),
            ),
            ProblemKind::BandGap { from, to } => {
                let step = 10f64.powi(-i32::from(version.scale.decimals));
                let near = |a: f64, b: f64| (a - b).abs() < step / 2.0;
                let at = self
                    .band_place(version, |b| near(b.lower, to + step), "batas_bawah")
                    .or_else(|| self.band_place(version, |b| near(b.upper, from - step), "batas_atas"))
                    .unwrap_or(place);
                (at, kind.message_id())
            }
            ProblemKind::MixedWeights | ProblemKind::WeightsDoNotSumTo100 { .. }
                if !path.ends_with(".weight") =>
            {
                (place, format!("{} (bobot baris-baris sejajar mulai baris ini)", kind.message_id()))
            }
            _ => (place, kind.message_id()),
        }
    }

    /// Validates the version read, unless a sheet or column was missing, and returns it or
    /// every problem in sheet and row order.
    fn finish(
        mut self,
        version: InstrumentVersion,
    ) -> Result<InstrumentVersion, Vec<SheetProblem>> {
        if !self.structural {
            if let Err(errors) = version.validate() {
                for p in errors.0 {
                    if self.taints.iter().any(|t| t.covers(&p.path, &p.kind)) {
                        continue;
                    }
                    let (place, message) = self.explain(&version, &p.path, &p.kind);
                    self.problem(place, message);
                }
            }
        }
        if self.problems.is_empty() {
            return Ok(version);
        }
        let order = |sheet: &str| {
            SHEETS
                .iter()
                .position(|s| s.name == sheet)
                .map_or(0, |i| i + 1)
        };
        self.problems.sort_by_key(|p| (order(&p.sheet), p.row));
        Err(self.problems)
    }
}

/// What [`Reading::build`] assembles the tree from.
struct Parts<'a> {
    flat: &'a [FlatSection],
    items: &'a [FlatIndicator],
    inline: &'a BTreeMap<String, ReadScale>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::instrument::builtin::builtin_versions;
    use crate::domain::instrument::from_yaml;

    #[test]
    fn every_builtin_round_trips_exactly() {
        for v in builtin_versions() {
            let bytes = to_xlsx(&v).unwrap();
            let back = from_xlsx(&bytes)
                .unwrap_or_else(|p| panic!("{} {}: {p:#?}", v.instrument.code, v.version));
            assert_eq!(back, v, "{} {}", v.instrument.code, v.version);
        }
    }

    /// Every optional field, answer type and rule, and numbers that print long.
    const EVERYTHING: &str = r##"
instrument: { code: uji-lengkap, name: Instrumen uji, publisher: Biro Organisasi, description: "Baris satu\nbaris dua" }
version: '2025.1'
provenance: { compiled_from_public_sources: true, note: Catatan., sources: [Satu, Dua] }
scale: { min: 1, max: 5, decimals: 3, mapping: proportional }
aggregation: sum
missing: count_as_zero
not_applicable: count_as_full
weights: normalise
pemda: weighted_mean_of_units
bands:
- { code: atas, name_id: Atas, name_en: Top, lower: 3.333, upper: 5, zone: hijau, colour: '#2e7d32' }
- { code: bawah, name_id: Bawah, lower: 1, upper: 3.332, colour: '#fff59d' }
deductions:
- { code: potong, name_id: Potongan, name_en: Cut, description_id: Bila perlu, max_points: 0.125 }
- { code: bebas, name_id: Tanpa batas }
answer_templates:
  persen:
    type: percentage
    rule:
      kind: thresholds
      steps: [{ at_least: 33.333333333333336, score: 0.1 }, { at_least: 66.7, score: 0.30000000000000004 }]
      below: 1.0e-7
  pilih: { type: choice, options: [{ code: a, label_id: A, label_en: Ay, score: 0 }, { code: b, label_id: B, score: 2.5 }] }
sections:
- code: S1
  name_id: Satu
  name_en: One
  weight: 21.85
  aggregation: weighted_mean
  note: Diasumsikan.
  sections:
  - code: S1.a
    name_id: Satu a
    indicators:
    - code: I1
      text_id: "Teks dengan\nbaris baru"
      text_en: Text
      guidance_id: Panduan
      guidance_en: Guidance
      evidence_expected: [SK penetapan, Foto kegiatan]
      evidence_required: true
      weight: 0.1
      answer: { type: number, unit: hari, min: 0, max: 30, rule: { kind: linear, from: 30, to: 1, max_score: 1 } }
      note: Catatan indikator
    - { code: I2, text_id: Dua, weight: 0.2, answer_template: persen }
- code: S2
  name_id: Dua
  weight: 78.15
  indicators:
  - { code: I3, text_id: Tiga, answer: { type: yes_no, yes: 2, no: 0.5 } }
  - { code: I4, text_id: Empat, answer_template: pilih }
  - code: I5
    text_id: Lima
    answer:
      type: ordinal
      levels: [{ value: 0, label_id: Nol, label_en: Zero, description_id: Tidak ada }, { value: 2, label_id: Dua, score: 7.5 }]
"##;

    #[test]
    fn every_field_and_answer_type_round_trips_exactly() {
        let v = from_yaml(EVERYTHING).unwrap();
        assert_eq!(from_xlsx(&to_xlsx(&v).unwrap()).unwrap(), v);
    }

    /// A cell of a hand-made workbook: text (empty text is left blank) or number.
    #[derive(Debug, Clone, Copy)]
    enum V {
        T(&'static str),
        N(f64),
    }
    use V::{N, T};

    type Sheet = (&'static str, Vec<Vec<V>>);

    fn workbook(sheets: &[Sheet]) -> Vec<u8> {
        let mut book = Workbook::new();
        for (name, rows) in sheets {
            let sheet = book.add_worksheet();
            sheet.set_name(*name).unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    match v {
                        T("") => {}
                        T(s) => {
                            sheet.write_string(r, c, *s).unwrap();
                        }
                        N(x) => {
                            sheet.write_number(r, c, *x).unwrap();
                        }
                    }
                }
            }
        }
        book.save_to_buffer().unwrap()
    }

    /// A small valid workbook as staff might type it: few columns, no Pengurangan sheet.
    fn small() -> Vec<Sheet> {
        vec![
            (
                "Indikator",
                vec![
                    vec![
                        T("jalur_bagian"),
                        T("kode"),
                        T("teks"),
                        T("bobot"),
                        T("skala"),
                    ],
                    vec![T("A/A1"), T("I1"), T("Satu"), N(50.0), T("ya_tidak")],
                    vec![T("A/A1"), T("I2"), T("Dua"), N(50.0), T("ya_tidak")],
                    vec![T("B"), T("I3"), T("Tiga"), T(""), T("tingkat")],
                    vec![T("B"), T("I4"), T("Empat"), T(""), T("tingkat")],
                ],
            ),
            (
                "Bagian",
                vec![
                    vec![T("jalur"), T("kode"), T("nama"), T("bobot")],
                    vec![T("A"), T("A"), T("Aspek A"), N(60.0)],
                    vec![T("A/A1"), T("A1"), T("Sub A1"), T("")],
                    vec![T("B"), T("B"), T("Aspek B"), N(40.0)],
                ],
            ),
            (
                "Skala Jawaban",
                vec![
                    vec![
                        T("skala"),
                        T("indikator"),
                        T("jenis"),
                        T("nilai"),
                        T("label"),
                        T("skor"),
                    ],
                    vec![T("ya_tidak"), T(""), T("ya_tidak"), T("ya"), T(""), N(1.0)],
                    vec![
                        T("ya_tidak"),
                        T(""),
                        T("ya_tidak"),
                        T("tidak"),
                        T(""),
                        N(0.0),
                    ],
                    vec![T("tingkat"), T(""), T("ordinal"), N(0.0), T("Tidak ada")],
                    vec![T("tingkat"), T(""), T("ordinal"), N(1.0), T("Sebagian")],
                    vec![T("tingkat"), T(""), T("ordinal"), N(2.0), T("Lengkap")],
                ],
            ),
            (
                "Predikat",
                vec![
                    vec![T("kode"), T("nama"), T("batas_bawah"), T("batas_atas")],
                    vec![T("baik"), T("Baik"), N(70.0), N(100.0)],
                    vec![T("kurang"), T("Kurang"), N(0.0), N(69.99)],
                ],
            ),
            (
                "Instrumen",
                vec![
                    vec![T("kunci"), T("nilai")],
                    vec![T("kode_instrumen"), T("uji")],
                    vec![T("nama_instrumen"), T("Instrumen uji")],
                    vec![T("penerbit"), T("Biro Organisasi")],
                    vec![T("versi"), N(2024.0)],
                    vec![T("skala_min"), N(0.0)],
                    vec![T("skala_maks"), N(100.0)],
                    vec![T("aturan_bobot"), T("harus_100")],
                ],
            ),
        ]
    }

    /// Puts `v` in `sheet` at Excel row `row` under header `column` (added when missing).
    fn set(sheets: &mut [Sheet], sheet: &str, row: usize, column: &'static str, v: V) {
        let rows = &mut sheets.iter_mut().find(|(n, _)| *n == sheet).unwrap().1;
        let c = match rows[0]
            .iter()
            .position(|h| matches!(h, T(t) if *t == column))
        {
            Some(c) => c,
            None => {
                rows[0].push(T(column));
                rows[0].len() - 1
            }
        };
        while rows.len() < row {
            rows.push(Vec::new());
        }
        let cells = &mut rows[row - 1];
        while cells.len() <= c {
            cells.push(T(""));
        }
        cells[c] = v;
    }

    fn places(problems: &[SheetProblem]) -> Vec<(&str, usize, &str)> {
        problems
            .iter()
            .map(|p| (p.sheet.as_str(), p.row, p.column.as_str()))
            .collect()
    }

    #[test]
    fn a_hand_made_workbook_is_read() {
        let v = from_xlsx(&workbook(&small())).unwrap();
        assert_eq!(
            (v.instrument.code.as_str(), v.version.as_str()),
            ("uji", "2024")
        );
        assert_eq!(v.weights, WeightPolicy::MustSumTo100);
        assert_eq!(v.sections[0].sections[0].indicators.len(), 2);
        assert_eq!(
            v.sections[1].indicators[1].answer_template.as_deref(),
            Some("tingkat")
        );
        assert_eq!(
            v.answer_templates["ya_tidak"],
            AnswerType::YesNo { yes: 1.0, no: 0.0 }
        );
        assert!(v.deductions.is_empty());
    }

    #[test]
    fn every_mistake_is_reported_where_it_was_made() {
        let mut s = small();
        set(&mut s, "Indikator", 2, "bobot", T("lima puluh"));
        set(&mut s, "Indikator", 3, "kode", T("I1"));
        set(&mut s, "Indikator", 5, "skala", T("tingkat_x"));
        set(&mut s, "Predikat", 3, "batas_atas", N(70.0));
        let problems = from_xlsx(&workbook(&s)).unwrap_err();
        assert_eq!(
            places(&problems),
            [
                ("Indikator", 2, "bobot"),
                ("Indikator", 3, "kode"),
                ("Indikator", 5, "skala"),
                ("Predikat", 2, "batas_bawah"),
            ],
            "{problems:#?}"
        );
        assert_eq!(
            problems[0].to_string(),
            "Indikator baris 2, kolom bobot: \"lima puluh\" bukan angka; tulis mis. 21,85 atau 21.85"
        );
        assert_eq!(
            problems[1].message,
            "kode \"I1\" sudah dipakai di Indikator baris 2"
        );
        assert!(problems[2].message.contains("tingkat_x"));
        assert!(problems[3].message.contains("kurang") && problems[3].message.contains("baik"));
    }

    #[test]
    fn missing_sheets_columns_and_unknown_names_are_reported_together() {
        let mut s = small();
        s.retain(|(name, _)| *name != "Predikat");
        set(&mut s, "Indikator", 1, "teks", T("teks_soal"));
        for row in 4..=6 {
            set(&mut s, "Skala Jawaban", row, "jenis", T("bintang"));
        }
        set(&mut s, "Instrumen", 7, "nilai", T("seratus"));
        set(&mut s, "Bagian", 3, "agregasi", T("median"));
        let problems = from_xlsx(&workbook(&s)).unwrap_err();
        assert_eq!(
            places(&problems),
            [
                ("Indikator", 1, "teks_soal"),
                ("Indikator", 1, "teks"),
                ("Bagian", 3, "agregasi"),
                ("Skala Jawaban", 4, "jenis"),
                ("Predikat", 0, ""),
                ("Instrumen", 7, "nilai"),
            ],
            "{problems:#?}"
        );
        assert_eq!(problems[4].to_string(), "Predikat: lembar ini tidak ada");
    }

    #[test]
    fn a_decimal_comma_weight_is_accepted() {
        let mut s = small();
        set(&mut s, "Bagian", 2, "bobot", T("60,5"));
        set(&mut s, "Bagian", 4, "bobot", T(" 39,5 "));
        let v = from_xlsx(&workbook(&s)).unwrap();
        let weights: Vec<_> = v.sections.iter().map(|s| s.weight).collect();
        assert_eq!(weights, [Some(60.5), Some(39.5)]);
    }

    #[test]
    fn weights_that_do_not_add_up_point_at_the_first_sibling() {
        let mut s = small();
        set(&mut s, "Indikator", 3, "bobot", N(40.0));
        let problems = from_xlsx(&workbook(&s)).unwrap_err();
        assert_eq!(places(&problems), [("Indikator", 2, "bobot")]);
        assert!(
            problems[0].message.starts_with("jumlah bobot 90"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn an_indicators_own_scale_is_found_by_its_code() {
        let mut s = small();
        set(&mut s, "Indikator", 4, "skala", T(""));
        set(&mut s, "Skala Jawaban", 7, "indikator", T("I3"));
        set(&mut s, "Skala Jawaban", 7, "jenis", T("yes_no"));
        set(&mut s, "Skala Jawaban", 7, "nilai", T("ya"));
        set(&mut s, "Skala Jawaban", 7, "skor", T("2,5"));
        let v = from_xlsx(&workbook(&s)).unwrap();
        assert_eq!(
            v.sections[1].indicators[0].answer,
            Some(AnswerType::YesNo { yes: 2.5, no: 0.0 })
        );

        set(&mut s, "Skala Jawaban", 8, "indikator", T("I9"));
        set(&mut s, "Skala Jawaban", 8, "jenis", T("ya_tidak"));
        set(&mut s, "Skala Jawaban", 8, "nilai", T("ya"));
        set(&mut s, "Indikator", 5, "skala", T(""));
        let problems = from_xlsx(&workbook(&s)).unwrap_err();
        assert_eq!(
            places(&problems),
            [("Indikator", 5, "skala"), ("Skala Jawaban", 8, "indikator")],
            "{problems:#?}"
        );
    }

    #[test]
    fn a_file_that_is_not_a_workbook_is_one_problem() {
        let problems = from_xlsx(b"bukan berkas excel").unwrap_err();
        assert_eq!(places(&problems), [("", 0, "")]);
    }
}
