//! Rules for a pemda's organisation: tenant slugs, codes of OPDs, units and services, and the
//! bulk import of the OPD/unit list (one row per unit, OPD columns repeated).

use super::account::FieldProblem;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Longest tenant slug.
pub const SLUG_MAX: usize = 64;
/// Longest OPD/unit/service code.
pub const CODE_MAX: usize = 32;
/// Longest organisation name.
pub const ORG_NAME_MAX: usize = 200;

/// The three kinds of pemda.
pub const TENANT_KINDS: [&str; 3] = ["provinsi", "kabupaten", "kota"];

/// A slug: 2–64 of `a-z`, `0-9` and inner hyphens (it appears in every tenant URL).
pub fn check_slug(slug: &str) -> Result<(), FieldProblem> {
    if slug.is_empty() {
        return Err(FieldProblem::Required);
    }
    if slug.len() > SLUG_MAX {
        return Err(FieldProblem::TooLong);
    }
    let ok = slug.len() >= 2
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    if ok {
        Ok(())
    } else {
        Err(FieldProblem::Invalid)
    }
}

/// Normalises a code: trimmed and upper-cased.
pub fn normalize_code(code: &str) -> String {
    code.trim().to_uppercase()
}

/// A code: 1–32 of `A-Z`, `0-9`, `-`, `_`, `.` (after [`normalize_code`]).
pub fn check_code(code: &str) -> Result<(), FieldProblem> {
    if code.is_empty() {
        return Err(FieldProblem::Required);
    }
    if code.len() > CODE_MAX {
        return Err(FieldProblem::TooLong);
    }
    if code
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
    {
        Ok(())
    } else {
        Err(FieldProblem::Invalid)
    }
}

/// An organisation name: not blank, at most [`ORG_NAME_MAX`] characters, no control characters.
pub fn check_org_name(name: &str) -> Result<(), FieldProblem> {
    let name = name.trim();
    if name.is_empty() {
        Err(FieldProblem::Required)
    } else if name.chars().count() > ORG_NAME_MAX {
        Err(FieldProblem::TooLong)
    } else if name.chars().any(char::is_control) {
        Err(FieldProblem::Invalid)
    } else {
        Ok(())
    }
}

/// The import/export columns, in order. The header row must name them (any case).
pub const IMPORT_COLUMNS: [&str; 7] = [
    "kode_opd",
    "nama_opd",
    "kepala_opd",
    "kode_unit",
    "nama_unit",
    "kepala_unit",
    "lokus",
];

/// One checked row: an OPD, and optionally one of its units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgRow {
    /// OPD code.
    pub opd_code: String,
    /// OPD name.
    pub opd_name: String,
    /// OPD head, if given.
    pub opd_head: Option<String>,
    /// The unit on this row, if any.
    pub unit: Option<UnitRow>,
}

/// A unit on an import row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRow {
    /// Unit code (unique in the tenant).
    pub code: String,
    /// Unit name.
    pub name: String,
    /// Unit head, if given.
    pub head: Option<String>,
    /// Chosen for assessment.
    pub lokus: bool,
}

/// One problem in an import file: where (1-based row as the spreadsheet shows it, column name)
/// and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    /// The row number as a spreadsheet shows it (the header is row 1).
    pub row: usize,
    /// The column's name, or empty for the whole row/file.
    pub column: String,
    /// What is wrong.
    pub kind: ImportProblemKind,
}

/// What is wrong with a cell or row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportProblemKind {
    /// The cell is refused.
    Field(FieldProblem),
    /// A required column is missing from the header.
    MissingColumn,
    /// The same unit code appears on another row.
    DuplicateUnit {
        /// The other row.
        other_row: usize,
    },
    /// The same OPD code has a different name on another row.
    ConflictingOpd {
        /// The other row.
        other_row: usize,
    },
    /// The unit code already belongs to another OPD in this pemda.
    UnitOfOtherOpd {
        /// That OPD's code.
        opd_code: String,
    },
    /// `lokus` is not one of ya/tidak/1/0/true/false.
    NotYesNo,
    /// The file could not be read as CSV or XLSX.
    Unreadable(String),
    /// The file has no data rows.
    Empty,
}

fn parse_yes_no(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "" | "tidak" | "t" | "no" | "n" | "0" | "false" => Some(false),
        "ya" | "y" | "yes" | "1" | "true" => Some(true),
        _ => None,
    }
}

fn optional(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// Checks a whole file: `header` and data `rows` of raw cells. Returns every problem at once, or
/// the rows to import when there is none. Data row `i` is reported as spreadsheet row `i + 2`.
pub fn check_import(
    header: &[String],
    rows: &[Vec<String>],
) -> Result<Vec<OrgRow>, Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let index: HashMap<String, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().to_lowercase(), i))
        .collect();
    for column in ["kode_opd", "nama_opd"] {
        if !index.contains_key(column) {
            problems.push(ImportProblem {
                row: 1,
                column: column.to_owned(),
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
    let mut opd_first: HashMap<String, (usize, String)> = HashMap::new();
    let mut unit_first: HashMap<String, usize> = HashMap::new();
    let data_rows: Vec<(usize, &Vec<String>)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (i + 2, r))
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .collect();
    if data_rows.is_empty() {
        return Err(vec![ImportProblem {
            row: 2,
            column: String::new(),
            kind: ImportProblemKind::Empty,
        }]);
    }
    for (n, row) in data_rows {
        let mut bad = |column: &str, kind: ImportProblemKind| {
            problems.push(ImportProblem {
                row: n,
                column: column.to_owned(),
                kind,
            })
        };
        let opd_code = normalize_code(&cell(row, "kode_opd"));
        let opd_name = cell(row, "nama_opd");
        if let Err(p) = check_code(&opd_code) {
            bad("kode_opd", ImportProblemKind::Field(p));
        }
        if let Err(p) = check_org_name(&opd_name) {
            bad("nama_opd", ImportProblemKind::Field(p));
        }
        let opd_head = optional(&cell(row, "kepala_opd"));
        if let Some(Err(p)) = opd_head.as_deref().map(check_org_name) {
            bad("kepala_opd", ImportProblemKind::Field(p));
        }
        match opd_first.get(&opd_code) {
            Some((other, name)) if !name.eq_ignore_ascii_case(&opd_name) => {
                bad(
                    "nama_opd",
                    ImportProblemKind::ConflictingOpd { other_row: *other },
                );
            }
            Some(_) => {}
            None => {
                opd_first.insert(opd_code.clone(), (n, opd_name.clone()));
            }
        }

        let unit_code = normalize_code(&cell(row, "kode_unit"));
        let unit_name = cell(row, "nama_unit");
        let lokus_raw = cell(row, "lokus");
        let unit = if unit_code.is_empty() && unit_name.is_empty() {
            None
        } else {
            if let Err(p) = check_code(&unit_code) {
                bad("kode_unit", ImportProblemKind::Field(p));
            }
            if let Err(p) = check_org_name(&unit_name) {
                bad("nama_unit", ImportProblemKind::Field(p));
            }
            let head = optional(&cell(row, "kepala_unit"));
            if let Some(Err(p)) = head.as_deref().map(check_org_name) {
                bad("kepala_unit", ImportProblemKind::Field(p));
            }
            let lokus = parse_yes_no(&lokus_raw).unwrap_or_else(|| {
                bad("lokus", ImportProblemKind::NotYesNo);
                false
            });
            if let Some(other) = unit_first.get(&unit_code) {
                bad(
                    "kode_unit",
                    ImportProblemKind::DuplicateUnit { other_row: *other },
                );
            } else {
                unit_first.insert(unit_code.clone(), n);
            }
            Some(UnitRow {
                code: unit_code,
                name: unit_name,
                head,
                lokus,
            })
        };
        out.push(OrgRow {
            opd_code,
            opd_name,
            opd_head,
            unit,
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn slugs_and_codes() {
        assert_eq!(check_slug("kab-kutai-kartanegara"), Ok(()));
        assert_eq!(check_slug("Kab Kukar"), Err(FieldProblem::Invalid));
        assert_eq!(check_slug("-kukar"), Err(FieldProblem::Invalid));
        assert_eq!(check_slug(&"a".repeat(65)), Err(FieldProblem::TooLong));
        assert_eq!(normalize_code(" dukcapil "), "DUKCAPIL");
        assert_eq!(check_code("PKM-01"), Ok(()));
        assert_eq!(check_code("PKM 01"), Err(FieldProblem::Invalid));
    }

    #[test]
    fn a_good_file_becomes_rows() {
        let header = s(&IMPORT_COLUMNS);
        let rows = vec![
            s(&[
                "dukcapil",
                "Dinas Kependudukan dan Pencatatan Sipil",
                "",
                "LOKET",
                "Loket Utama",
                "",
                "ya",
            ]),
            s(&[
                "DUKCAPIL",
                "Dinas Kependudukan dan Pencatatan Sipil",
                "",
                "",
                "",
                "",
                "",
            ]),
            s(&["", "", "", "", "", "", ""]),
        ];
        let out = check_import(&header, &rows).unwrap();
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].opd_code, "DUKCAPIL");
        assert!(out[0].unit.as_ref().unwrap().lokus);
        assert!(out[1].unit.is_none());
    }

    #[test]
    fn every_problem_is_reported_with_row_and_column() {
        let header = s(&IMPORT_COLUMNS);
        let rows = vec![
            s(&[
                "DINKES",
                "Dinas Kesehatan",
                "",
                "PKM",
                "Puskesmas",
                "",
                "mungkin",
            ]),
            s(&[
                "DINKES",
                "Dinas Sosial",
                "",
                "PKM",
                "Puskesmas Dua",
                "",
                "ya",
            ]),
            s(&["BAD CODE", "", "", "", "", "", ""]),
        ];
        let problems = check_import(&header, &rows).unwrap_err();
        let at = |row, col: &str| problems.iter().any(|p| p.row == row && p.column == col);
        assert!(at(2, "lokus"), "{problems:?}");
        assert!(at(3, "nama_opd"), "conflicting OPD name");
        assert!(at(3, "kode_unit"), "duplicate unit code");
        assert!(at(4, "kode_opd") && at(4, "nama_opd"));
    }

    #[test]
    fn missing_columns_and_empty_files_are_refused() {
        let problems = check_import(&s(&["nama"]), &[]).unwrap_err();
        assert_eq!(problems.len(), 2);
        let problems = check_import(&s(&IMPORT_COLUMNS), &[]).unwrap_err();
        assert_eq!(problems[0].kind, ImportProblemKind::Empty);
    }
}
