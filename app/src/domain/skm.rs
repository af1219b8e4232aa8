//! The SKM survey (*Survei Kepuasan Masyarakat*, PermenPAN-RB 14/2017) as people fill it in:
//! a respondent's answers and profile, the checks a response passes before it counts, the
//! paper-response import format, one-time codes, priorities among the unsur and the follow-up
//! plan (*rencana tindak lanjut*). The index itself is [`crate::domain::instrument::ikm`].

use super::account::FieldProblem;
use super::instrument::round_half_up;
use super::org::{ImportProblem, ImportProblemKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Longest survey period name.
pub const PERIOD_NAME_MAX: usize = 200;
/// Longest suggestion (*saran*) a respondent may write.
pub const SUGGESTION_MAX: usize = 2000;
/// Longest name of the service used.
pub const SERVICE_MAX: usize = 200;
/// Largest population estimate accepted (more than every Indonesian's yearly visits).
pub const POPULATION_MAX: u64 = 100_000_000;
/// Most one-time codes made at once.
pub const CODES_MAX: u32 = 2000;
/// Characters of one-time and public codes: no 0/O, 1/I/L, so a code read off a receipt is
/// typed right.
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Length of a one-time code.
pub const ONE_TIME_CODE_LEN: usize = 8;
/// Youngest and oldest respondent age accepted.
pub const AGE_RANGE: (u32, u32) = (10, 110);

/// Sex as the regulation's questionnaire asks it.
pub const SEXES: [(&str, &str); 2] = [("L", "Laki-laki"), ("P", "Perempuan")];

/// Highest education, as in the regulation's sample questionnaire.
pub const EDUCATIONS: [(&str, &str); 8] = [
    ("SD", "SD ke bawah"),
    ("SMP", "SMP"),
    ("SMA", "SMA/SMK"),
    ("D1-D3", "D1–D3"),
    ("D4", "D4"),
    ("S1", "S1"),
    ("S2", "S2"),
    ("S3", "S3"),
];

/// Main occupation, as in the regulation's sample questionnaire.
pub const OCCUPATIONS: [(&str, &str); 7] = [
    ("PNS", "PNS"),
    ("TNI", "TNI"),
    ("POLRI", "POLRI"),
    ("SWASTA", "Pegawai swasta"),
    ("WIRAUSAHA", "Wirausaha"),
    ("PELAJAR", "Pelajar/Mahasiswa"),
    ("LAINNYA", "Lainnya"),
];

/// Where a response came from.
pub const SOURCE_ONLINE: &str = "daring";
/// A paper questionnaire typed in or imported.
pub const SOURCE_PAPER: &str = "kertas";

/// Looks up a code among `(code, label)` options, accepting the code or the label in any case.
pub fn option_code(options: &[(&'static str, &'static str)], raw: &str) -> Option<&'static str> {
    let raw = raw.trim();
    options
        .iter()
        .find(|(code, label)| code.eq_ignore_ascii_case(raw) || label.eq_ignore_ascii_case(raw))
        .map(|(code, _)| *code)
}

/// The label of an option code, or the code itself when unknown.
pub fn option_label(options: &[(&'static str, &'static str)], code: &str) -> String {
    options
        .iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| code.to_owned(), |(_, l)| (*l).to_owned())
}

/// A respondent's profile. Every part is optional: the regulation asks, a respondent may skip.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Age in years.
    pub age: Option<u32>,
    /// `L` or `P`.
    pub sex: Option<String>,
    /// One of [`EDUCATIONS`].
    pub education: Option<String>,
    /// One of [`OCCUPATIONS`].
    pub occupation: Option<String>,
}

/// A response before it is checked: answers as typed or picked (one per unsur, in order), the
/// profile fields as text, the service used and the suggestion.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawResponse {
    /// One entry per unsur, `"1"`–`"4"` (empty when unanswered).
    pub answers: Vec<String>,
    /// Age as typed.
    pub age: String,
    /// Sex code or label.
    pub sex: String,
    /// Education code or label.
    pub education: String,
    /// Occupation code or label.
    pub occupation: String,
    /// The service used.
    pub service: String,
    /// Suggestion.
    pub suggestion: String,
}

/// A checked response, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// Answers 1–4, one per unsur.
    pub answers: Vec<u8>,
    /// Profile.
    pub profile: Profile,
    /// Service used, trimmed.
    pub service: Option<String>,
    /// Suggestion, trimmed.
    pub suggestion: Option<String>,
}

impl Response {
    /// The answers as stored: one digit per unsur (`"443434344"`).
    pub fn answer_digits(&self) -> String {
        self.answers.iter().map(|a| char::from(b'0' + a)).collect()
    }

    /// A fingerprint of everything the respondent chose and wrote, to spot the same response
    /// sent twice (whitespace and case in free text do not count).
    pub fn fingerprint_source(&self) -> String {
        let norm = |s: &Option<String>| {
            s.as_deref()
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        format!(
            "{}|{}|{}|{}|{}|{}|{}",
            self.answer_digits(),
            self.profile.age.map(|a| a.to_string()).unwrap_or_default(),
            self.profile.sex.as_deref().unwrap_or_default(),
            self.profile.education.as_deref().unwrap_or_default(),
            self.profile.occupation.as_deref().unwrap_or_default(),
            norm(&self.service),
            norm(&self.suggestion),
        )
    }
}

/// Reads stored answer digits back; `None` when the text is not digits 1–4.
pub fn parse_digits(digits: &str) -> Option<Vec<u8>> {
    digits
        .bytes()
        .map(|b| (b'1'..=b'4').contains(&b).then(|| b - b'0'))
        .collect()
}

/// What is wrong with one field of a response: the field (`u1`…`u9`, `umur`, `jenis_kelamin`,
/// `pendidikan`, `pekerjaan`, `layanan`, `saran`) and the problem.
pub type ResponseProblem = (String, FieldProblem);

fn trimmed(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn text(
    field: &str,
    value: &str,
    max: usize,
    problems: &mut Vec<ResponseProblem>,
) -> Option<String> {
    let value = trimmed(value);
    if let Some(v) = &value {
        if v.chars().count() > max {
            problems.push((field.to_owned(), FieldProblem::TooLong));
        } else if v
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            problems.push((field.to_owned(), FieldProblem::Invalid));
        }
    }
    value
}

/// Checks a response against `unsur` elements: every unsur answered 1–4, an age within
/// [`AGE_RANGE`], known option codes, free text within its length. Returns every problem, not
/// only the first, so the form can mark them all.
pub fn check_response(raw: &RawResponse, unsur: usize) -> Result<Response, Vec<ResponseProblem>> {
    let mut problems = Vec::new();
    let mut answers = Vec::with_capacity(unsur);
    for i in 0..unsur {
        let field = format!("u{}", i + 1);
        match raw.answers.get(i).map(|s| s.trim()).unwrap_or_default() {
            "" => problems.push((field, FieldProblem::Required)),
            s => match s.parse::<u8>() {
                Ok(v @ 1..=4) => answers.push(v),
                _ => problems.push((field, FieldProblem::Invalid)),
            },
        }
    }
    if raw.answers.len() > unsur && raw.answers[unsur..].iter().any(|a| !a.trim().is_empty()) {
        problems.push((format!("u{}", unsur + 1), FieldProblem::Invalid));
    }
    let age = match raw.age.trim() {
        "" => None,
        s => match s.parse::<u32>() {
            Ok(a) if (AGE_RANGE.0..=AGE_RANGE.1).contains(&a) => Some(a),
            _ => {
                problems.push(("umur".to_owned(), FieldProblem::Invalid));
                None
            }
        },
    };
    let mut pick = |field: &str, options: &[(&'static str, &'static str)], raw: &str| {
        if raw.trim().is_empty() {
            return None;
        }
        let code = option_code(options, raw);
        if code.is_none() {
            problems.push((field.to_owned(), FieldProblem::Invalid));
        }
        code.map(str::to_owned)
    };
    let sex = pick("jenis_kelamin", &SEXES, &raw.sex);
    let education = pick("pendidikan", &EDUCATIONS, &raw.education);
    let occupation = pick("pekerjaan", &OCCUPATIONS, &raw.occupation);
    let service = text("layanan", &raw.service, SERVICE_MAX, &mut problems);
    let suggestion = text("saran", &raw.suggestion, SUGGESTION_MAX, &mut problems);
    if problems.is_empty() {
        Ok(Response {
            answers,
            profile: Profile {
                age,
                sex,
                education,
                occupation,
            },
            service,
            suggestion,
        })
    } else {
        Err(problems)
    }
}

/// Normalises a one-time or public code as typed: upper case, spaces and hyphens dropped.
pub fn normalize_code(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// A code of `len` characters from [`CODE_ALPHABET`], drawn from `random` bytes (one byte per
/// character; the bias of `% 31` over 256 values is irrelevant for codes that are also checked
/// against the database).
pub fn code_from_bytes(random: &[u8], len: usize) -> String {
    random
        .iter()
        .take(len)
        .map(|b| char::from(CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()]))
        .collect()
}

/// A survey period's dates and population, checked: a name, `starts_on` ≤ `ends_on`, a
/// population of at least one.
pub fn check_period(
    name: &str,
    starts_on: Option<chrono::NaiveDate>,
    ends_on: Option<chrono::NaiveDate>,
    population: &str,
) -> Result<(String, chrono::NaiveDate, chrono::NaiveDate, u64), ResponseProblem> {
    let name = name.trim();
    if name.is_empty() {
        return Err(("name".to_owned(), FieldProblem::Required));
    }
    if name.chars().count() > PERIOD_NAME_MAX {
        return Err(("name".to_owned(), FieldProblem::TooLong));
    }
    let starts = starts_on.ok_or(("starts_on".to_owned(), FieldProblem::Required))?;
    let ends = ends_on.ok_or(("ends_on".to_owned(), FieldProblem::Required))?;
    if ends < starts {
        return Err(("ends_on".to_owned(), FieldProblem::Invalid));
    }
    let population = population
        .trim()
        .replace(['.', ' '], "")
        .parse::<u64>()
        .ok()
        .filter(|p| (1..=POPULATION_MAX).contains(p))
        .ok_or(("population".to_owned(), FieldProblem::Invalid))?;
    Ok((name.to_owned(), starts, ends, population))
}

/// An unsur's place among the others: its NRR, its converted value (NRR × 25) and whether it is
/// a priority for improvement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElementStanding {
    /// 0-based index of the unsur.
    pub index: usize,
    /// NRR, 1–4.
    pub nrr: f64,
    /// NRR × 25, on the IKM scale (rounded to two decimals).
    pub converted: f64,
    /// Among the lowest three, or below *Baik* on its own.
    pub priority: bool,
}

/// The converted value below which an unsur on its own is under *Baik* (mutu B starts at 76.61).
pub const PRIORITY_BELOW: f64 = 76.61;

/// Ranks the unsur by NRR: the three lowest are priorities, and so is every unsur whose own
/// converted value is below [`PRIORITY_BELOW`]. Returned lowest first (ties in unsur order).
pub fn priorities(nrr: &[f64]) -> Vec<ElementStanding> {
    let mut order: Vec<usize> = (0..nrr.len()).collect();
    order.sort_by(|a, b| nrr[*a].total_cmp(&nrr[*b]).then(a.cmp(b)));
    order
        .into_iter()
        .enumerate()
        .map(|(rank, index)| {
            let converted = round_half_up(nrr[index] * 25.0, 2);
            ElementStanding {
                index,
                nrr: nrr[index],
                converted,
                priority: rank < 3 || converted < PRIORITY_BELOW,
            }
        })
        .collect()
}

/// The state of a follow-up action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpStatus {
    /// Planned, not started.
    Direncanakan,
    /// Under way.
    Berjalan,
    /// Done.
    Selesai,
}

impl FollowUpStatus {
    /// All states in order.
    pub const ALL: [FollowUpStatus; 3] = [
        FollowUpStatus::Direncanakan,
        FollowUpStatus::Berjalan,
        FollowUpStatus::Selesai,
    ];

    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            FollowUpStatus::Direncanakan => "direncanakan",
            FollowUpStatus::Berjalan => "berjalan",
            FollowUpStatus::Selesai => "selesai",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Indonesian label.
    pub fn label_id(self) -> &'static str {
        match self {
            FollowUpStatus::Direncanakan => "Direncanakan",
            FollowUpStatus::Berjalan => "Sedang berjalan",
            FollowUpStatus::Selesai => "Selesai",
        }
    }
}

/// Columns of the paper-response import, in order. `u1`…`u9` are required (one per unsur);
/// the others may be missing or empty.
pub const IMPORT_PROFILE_COLUMNS: [&str; 6] = [
    "umur",
    "jenis_kelamin",
    "pendidikan",
    "pekerjaan",
    "layanan",
    "saran",
];

/// The import header for `unsur` elements: `U1`…`Un`, then the profile columns.
pub fn import_header(unsur: usize) -> Vec<String> {
    (1..=unsur)
        .map(|i| format!("U{i}"))
        .chain(IMPORT_PROFILE_COLUMNS.iter().map(|c| (*c).to_owned()))
        .collect()
}

/// Checks an imported sheet (header and rows, one respondent per row) for `unsur` elements.
/// All or nothing: any problem refuses the file, and every problem is listed with its row
/// (1-based, the header is row 1) and column. Blank rows are skipped.
pub fn check_import(
    header: &[String],
    rows: &[Vec<String>],
    unsur: usize,
) -> Result<Vec<Response>, Vec<ImportProblem>> {
    let index: HashMap<String, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().to_lowercase().replace(' ', "_"), i))
        .collect();
    let mut problems = Vec::new();
    for i in 1..=unsur {
        let column = format!("u{i}");
        if !index.contains_key(&column) {
            problems.push(ImportProblem {
                row: 1,
                column: column.to_uppercase(),
                kind: ImportProblemKind::MissingColumn,
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let cell = |row: &[String], column: &str| -> String {
        index
            .get(column)
            .and_then(|&i| row.get(i))
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for (n, row) in rows.iter().enumerate() {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let raw = RawResponse {
            answers: (1..=unsur).map(|i| cell(row, &format!("u{i}"))).collect(),
            age: cell(row, "umur"),
            sex: cell(row, "jenis_kelamin"),
            education: cell(row, "pendidikan"),
            occupation: cell(row, "pekerjaan"),
            service: cell(row, "layanan"),
            suggestion: cell(row, "saran"),
        };
        match check_response(&raw, unsur) {
            Ok(r) => out.push(r),
            Err(found) => {
                problems.extend(found.into_iter().map(|(column, problem)| ImportProblem {
                    row: n + 2,
                    column: if column.starts_with('u') && column.len() <= 3 {
                        column.to_uppercase()
                    } else {
                        column
                    },
                    kind: ImportProblemKind::Field(problem),
                }))
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if out.is_empty() {
        return Err(vec![ImportProblem {
            row: 2,
            column: String::new(),
            kind: ImportProblemKind::Empty,
        }]);
    }
    Ok(out)
}

/// Respondents still needed to reach the minimum sample (0 once reached).
pub fn still_needed(responses: u64, minimum: u64) -> u64 {
    minimum.saturating_sub(responses)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn raw(answers: &[&str]) -> RawResponse {
        RawResponse {
            answers: answers.iter().map(|s| (*s).to_owned()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_response_passes_and_keeps_its_profile() {
        let mut r = raw(&["4", "3", "4", "4", "3", "4", "4", "2", "3"]);
        r.age = "34".into();
        r.sex = "perempuan".into();
        r.education = "s1".into();
        r.occupation = "Wirausaha".into();
        r.suggestion = "  Ruang tunggu   kurang kursi ".into();
        let ok = check_response(&r, 9).unwrap();
        assert_eq!(ok.answer_digits(), "434434423");
        assert_eq!(ok.profile.sex.as_deref(), Some("P"));
        assert_eq!(ok.profile.education.as_deref(), Some("S1"));
        assert_eq!(ok.profile.occupation.as_deref(), Some("WIRAUSAHA"));
        assert_eq!(
            ok.suggestion.as_deref(),
            Some("Ruang tunggu   kurang kursi")
        );
        assert_eq!(parse_digits("434434423").unwrap(), ok.answers);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut r = raw(&["4", "", "5", "4", "x", "4", "4", "4"]);
        r.age = "7".into();
        r.sex = "X".into();
        r.suggestion = "a".repeat(SUGGESTION_MAX + 1);
        let problems = check_response(&r, 9).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            ["u2", "u3", "u5", "u9", "umur", "jenis_kelamin", "saran"]
        );
        assert_eq!(problems[0].1, FieldProblem::Required);
        assert_eq!(problems[1].1, FieldProblem::Invalid);
        assert_eq!(problems[6].1, FieldProblem::TooLong);
    }

    #[test]
    fn the_same_answers_with_other_spacing_are_the_same_response() {
        let mut a = raw(&["4"; 9]);
        a.suggestion = "Antrean  Lama".into();
        let mut b = a.clone();
        b.suggestion = "antrean lama ".into();
        let fa = check_response(&a, 9).unwrap().fingerprint_source();
        let fb = check_response(&b, 9).unwrap().fingerprint_source();
        assert_eq!(fa, fb);
        b.answers[0] = "3".into();
        assert_ne!(fa, check_response(&b, 9).unwrap().fingerprint_source());
    }

    #[test]
    fn codes_are_normalised_and_drawn_from_the_unambiguous_alphabet() {
        assert_eq!(normalize_code(" ab-cd 23 "), "ABCD23");
        let code = code_from_bytes(&[0, 30, 31, 255, 7, 8, 9, 10], ONE_TIME_CODE_LEN);
        assert_eq!(code.len(), 8);
        assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)));
        assert!(!code.contains('0') && !code.contains('O') && !code.contains('I'));
    }

    #[test]
    fn priorities_are_the_three_lowest_and_anything_below_baik() {
        let nrr = [3.5, 2.9, 3.6, 3.0, 3.7, 3.8, 3.9, 3.1, 3.2];
        let p = priorities(&nrr);
        assert_eq!(p[0].index, 1);
        assert_eq!(p[0].converted, 72.5);
        let flagged: Vec<usize> = p.iter().filter(|e| e.priority).map(|e| e.index).collect();
        // 2.9, 3.0, 3.1 are the lowest three; 3.2 → 80.00 is Baik, so not flagged.
        assert_eq!(flagged, [1, 3, 7]);
        let low = priorities(&[2.0, 2.5, 2.8, 3.0, 4.0]);
        assert_eq!(low.iter().filter(|e| e.priority).count(), 4);
    }

    #[test]
    fn period_checks() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(
            check_period(" SKM 2026 ", d("2026-01-01"), d("2026-06-30"), "1.500").unwrap(),
            (
                "SKM 2026".to_owned(),
                d("2026-01-01").unwrap(),
                d("2026-06-30").unwrap(),
                1500
            )
        );
        assert_eq!(
            check_period("x", d("2026-02-01"), d("2026-01-01"), "10").unwrap_err(),
            ("ends_on".to_owned(), FieldProblem::Invalid)
        );
        assert_eq!(
            check_period("x", d("2026-01-01"), d("2026-01-01"), "0").unwrap_err(),
            ("population".to_owned(), FieldProblem::Invalid)
        );
        assert_eq!(
            check_period("", None, None, "").unwrap_err().0,
            "name".to_owned()
        );
    }

    #[test]
    fn import_reports_each_bad_cell_with_row_and_column() {
        let header: Vec<String> = import_header(9);
        let good: Vec<String> = ["4", "4", "3", "4", "3", "4", "4", "3", "4"]
            .iter()
            .map(|s| (*s).to_owned())
            .chain(["25", "L", "SMA", "SWASTA", "KTP-el", ""].map(str::to_owned))
            .collect();
        let mut bad = good.clone();
        bad[3] = "0".into();
        bad[10] = "Z".into();
        let blank = vec![String::new(); header.len()];
        let rows = vec![good.clone(), blank, bad];
        let problems = check_import(&header, &rows, 9).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert_eq!((problems[0].row, problems[0].column.as_str()), (4, "U4"));
        assert_eq!(
            (problems[1].row, problems[1].column.as_str()),
            (4, "jenis_kelamin")
        );
        let ok = check_import(&header, &[good.clone(), good], 9).unwrap();
        assert_eq!(ok.len(), 2);
        let missing = check_import(&header[1..], &[], 9).unwrap_err();
        assert_eq!(missing[0].column, "U1");
        assert_eq!(missing[0].kind, ImportProblemKind::MissingColumn);
        assert_eq!(
            check_import(&header, &[], 9).unwrap_err()[0].kind,
            ImportProblemKind::Empty
        );
    }

    proptest! {
        #[test]
        fn any_answers_1_to_4_pass_and_round_trip(answers in proptest::collection::vec(1u8..=4, 9)) {
            let texts: Vec<String> = answers.iter().map(u8::to_string).collect();
            let r = check_response(&RawResponse { answers: texts, ..Default::default() }, 9).unwrap();
            prop_assert_eq!(parse_digits(&r.answer_digits()).unwrap(), answers);
        }

        #[test]
        fn priorities_cover_every_unsur_once(nrr in proptest::collection::vec(1.0f64..=4.0, 1..12)) {
            let p = priorities(&nrr);
            let mut seen: Vec<usize> = p.iter().map(|e| e.index).collect();
            seen.sort_unstable();
            prop_assert_eq!(seen, (0..nrr.len()).collect::<Vec<_>>());
            prop_assert!(p.windows(2).all(|w| w[0].nrr <= w[1].nrr));
            prop_assert!(p.iter().take(3).all(|e| e.priority));
        }
    }
}
