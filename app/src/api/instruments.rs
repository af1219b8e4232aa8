//! The instrument library in the operator's console: browse, view a version as a tree, compare
//! two versions, import (YAML or XLSX), copy to a new draft, edit a draft, publish.

use super::ApiError;
use crate::domain::instrument::{InstrumentVersion, VersionDiff};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Largest instrument file accepted (the built-in Ombudsman instrument is about 40 KB as YAML).
pub const INSTRUMENT_MAX_BYTES: usize = 2 * 1024 * 1024;

/// Where in an instrument file a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProblemPlace {
    /// The file as a whole.
    File,
    /// A line (and column) of a YAML document.
    Line {
        /// Line, 1-based.
        line: usize,
        /// Column, 1-based, when known.
        column: Option<usize>,
    },
    /// A cell of a workbook.
    Cell {
        /// Sheet name.
        sheet: String,
        /// Row as Excel shows it (0 when the problem is about the sheet).
        row: usize,
        /// Column header (empty when about the whole row).
        column: String,
    },
}

/// One problem found in an instrument file; nothing is stored while there is any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstrumentProblem {
    /// Where.
    pub place: ProblemPlace,
    /// The path in the document, e.g. `sections[2].indicators[5].weight`, when known.
    pub path: Option<String>,
    /// What, in Indonesian.
    pub message_id: String,
    /// What, in English.
    pub message_en: String,
}

impl std::fmt::Display for InstrumentProblem {
    /// The Indonesian form, for the command line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.place {
            ProblemPlace::File => {}
            ProblemPlace::Line { line, column } => {
                write!(f, "baris {line}")?;
                if let Some(c) = column {
                    write!(f, ", kolom {c}")?;
                }
                write!(f, ": ")?;
            }
            ProblemPlace::Cell { sheet, row, column } => {
                write!(f, "lembar {sheet}")?;
                if *row > 0 {
                    write!(f, ", baris {row}")?;
                }
                if !column.is_empty() {
                    write!(f, ", kolom {column}")?;
                }
                write!(f, ": ")?;
            }
        }
        if let Some(path) = &self.path {
            write!(f, "{path}: ")?;
        }
        write!(f, "{}", self.message_id)
    }
}

/// Life-cycle state of a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum VersionStatus {
    /// Editable; not offered to cycles.
    Draft,
    /// Frozen: offered to cycles, never changed again.
    Published,
}

impl VersionStatus {
    /// The value stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            VersionStatus::Draft => "draft",
            VersionStatus::Published => "published",
        }
    }

    /// Reads a stored value (anything unknown is treated as published: never editable).
    pub fn from_code(code: &str) -> Self {
        if code == "draft" {
            VersionStatus::Draft
        } else {
            VersionStatus::Published
        }
    }
}

/// A version in the library list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionRow {
    /// Id.
    pub id: Uuid,
    /// Label, e.g. `2023`.
    pub version: String,
    /// Draft or published.
    pub status: VersionStatus,
    /// Shipped with Patuh.
    pub builtin: bool,
    /// Compiled from public sources (to be checked against the official instrument).
    pub public_sources: bool,
    /// Number of indicators.
    pub indicator_count: i32,
    /// Last change, on the platform's clock.
    pub updated_at: crate::model::time::Stamp,
    /// When published, on the platform's clock.
    pub published_at: Option<crate::model::time::Stamp>,
}

/// An instrument with its versions, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstrumentEntry {
    /// Code, e.g. `ombudsman-kepatuhan`.
    pub code: String,
    /// Name.
    pub name: String,
    /// Publisher.
    pub publisher: String,
    /// Versions.
    pub versions: Vec<VersionRow>,
}

/// One version in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionDetail {
    /// The version's row.
    pub row: VersionRow,
    /// Revision, sent back with every change (a stale edit is refused).
    pub revision: i32,
    /// Who changed it last (name), if a person.
    pub updated_by: Option<String>,
    /// The version it was copied from (id, label).
    pub copied_from: Option<(Uuid, String)>,
    /// The other versions of the same instrument (id, label), for comparing.
    pub siblings: Vec<(Uuid, String)>,
    /// The content.
    pub document: InstrumentVersion,
}

/// Two versions and what changed from the first to the second.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The older side: id and `code@version`.
    pub old: (Uuid, String),
    /// The newer side.
    pub new: (Uuid, String),
    /// The changes.
    pub diff: VersionDiff,
}

/// The library: every instrument with its versions.
#[server(prefix = "/api", endpoint = "admin/instrumen")]
pub async fn get_library() -> Result<Vec<InstrumentEntry>, ApiError> {
    super::error::finish(
        async move {
            let (state, _op) = super::ssr::operator().await?;
            Ok(crate::server::instruments::library(&state.db).await?)
        }
        .await,
    )
}

/// One version with its content.
#[server(prefix = "/api", endpoint = "admin/instrumen-versi")]
pub async fn get_instrument_version(id: Uuid) -> Result<VersionDetail, ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            Ok(crate::server::instruments::detail(&state.db, &op, id).await?)
        }
        .await,
    )
}

/// A version's YAML source and revision, for the editor.
#[server(prefix = "/api", endpoint = "admin/instrumen-sumber")]
pub async fn get_instrument_source(id: Uuid) -> Result<(String, i32, VersionStatus), ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            Ok(crate::server::instruments::source(&state.db, &op, id).await?)
        }
        .await,
    )
}

/// What changed from version `old` to version `new`.
#[server(prefix = "/api", endpoint = "admin/instrumen-banding")]
pub async fn compare_instrument_versions(old: Uuid, new: Uuid) -> Result<Comparison, ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            Ok(crate::server::instruments::compare(&state.db, &op, old, new).await?)
        }
        .await,
    )
}

/// Copies a version into a new draft labelled `version`, and opens it.
#[server(prefix = "/api", endpoint = "admin/instrumen-salin")]
pub async fn copy_instrument_version(id: Uuid, version: String) -> Result<Uuid, ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            let new_id =
                crate::server::instruments::copy_to_draft(&state.db, (&op).into(), id, &version)
                    .await?;
            leptos_axum::redirect(&format!("/admin/instrumen/{new_id}?disalin=1"));
            Ok(new_id)
        }
        .await,
    )
}

/// Replaces a draft's content with `source` (YAML), refused when stale or invalid.
#[server(prefix = "/api", endpoint = "admin/instrumen-simpan")]
pub async fn save_instrument_draft(
    id: Uuid,
    revision: i32,
    source: String,
) -> Result<i32, ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            let revision = crate::server::instruments::save_draft(
                &state.db,
                (&op).into(),
                id,
                revision,
                source,
            )
            .await?;
            Ok(revision)
        }
        .await,
    )
}

/// Publishes a draft: it becomes frozen and available to cycles.
#[server(prefix = "/api", endpoint = "admin/instrumen-terbitkan")]
pub async fn publish_instrument_version(id: Uuid, revision: i32) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            crate::server::instruments::publish(&state.db, (&op).into(), id, revision).await?;
            Ok(())
        }
        .await,
    )
}

/// Discards a draft (published versions are never deleted).
#[server(prefix = "/api", endpoint = "admin/instrumen-buang")]
pub async fn discard_instrument_draft(id: Uuid, revision: i32) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            crate::server::instruments::discard_draft(&state.db, (&op).into(), id, revision)
                .await?;
            leptos_axum::redirect("/admin/instrumen?dibuang=1");
            Ok(())
        }
        .await,
    )
}

/// Imports a YAML or XLSX file (form fields `berkas`, optional `terbitkan`) as a draft, or as a
/// published version when `terbitkan` is on. Nothing is stored when the file has any problem.
#[server(prefix = "/api", endpoint = "admin/instrumen-impor", input = server_fn::codec::MultipartFormData)]
pub async fn import_instrument(data: server_fn::codec::MultipartData) -> Result<Uuid, ApiError> {
    super::error::finish(
        async move {
            use crate::domain::account::FieldProblem;
            // The operator check comes before reading a single byte of the upload.
            let (state, op) = super::ssr::operator().await?;
            let upload = super::ssr::read_upload(data, "berkas", INSTRUMENT_MAX_BYTES).await?;
            if upload.file.is_empty() {
                return Err(ApiError::Field {
                    field: "berkas".to_owned(),
                    problem: FieldProblem::Required,
                });
            }
            let publish = upload
                .text
                .get("terbitkan")
                .is_some_and(|v| matches!(v.as_str(), "on" | "true" | "1"));
            let parsed = crate::server::instruments::parse_file(&upload.file)
                .map_err(crate::server::error::ServiceError::Instrument)?;
            let id = crate::server::instruments::import(&state.db, (&op).into(), parsed, publish)
                .await?;
            leptos_axum::redirect(&format!("/admin/instrumen/{id}?impor=1"));
            Ok(id)
        }
        .await,
    )
}
