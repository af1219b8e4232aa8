//! SKM surveys for the signed-in side: survey periods per unit, their results and follow-up
//! plans, one-time codes and the import of paper responses. The public form and the published
//! results are plain pages the server renders itself (see `server/src/survey.rs`).

use super::ApiError;
use crate::domain::instrument::Band;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Largest paper-response file accepted.
pub const IMPORT_MAX_BYTES: usize = 5 * 1024 * 1024;

/// Where a survey period stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodState {
    /// Before its first day: the form says when it opens.
    Scheduled,
    /// Taking answers.
    Open,
    /// Past its last day.
    Ended,
    /// Closed by the coordinator.
    Closed,
}

impl PeriodState {
    /// Whether the public form takes answers.
    pub fn is_open(self) -> bool {
        self == PeriodState::Open
    }

    /// Whether the results are final (and published).
    pub fn is_final(self) -> bool {
        matches!(self, PeriodState::Ended | PeriodState::Closed)
    }
}

/// A survey period in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodRow {
    /// Period id.
    pub id: Uuid,
    /// Unit id.
    pub unit_id: Uuid,
    /// Unit name.
    pub unit: String,
    /// The unit's OPD.
    pub opd: String,
    /// Period name.
    pub name: String,
    /// Public code (`/s/{code}`).
    pub code: String,
    /// First day (`2026-01-01`).
    pub starts_on: String,
    /// Last day.
    pub ends_on: String,
    /// The dates as read (`1 Juli 2026 – 31 Desember 2026`).
    pub dates: String,
    /// Year of the last day (results over time are by year).
    pub year: i32,
    /// Estimated users in the period.
    pub population: u64,
    /// Krejcie–Morgan minimum sample for that population.
    pub minimum: u64,
    /// Responses so far.
    pub responses: u64,
    /// IKM (exact weight, rounded as published), once there are responses.
    pub ikm: Option<f64>,
    /// Mutu of the IKM.
    pub band: Option<Band>,
    /// Where the period stands.
    pub state: PeriodState,
    /// Answers need a one-time code.
    pub require_code: bool,
}

/// IKM of a unit, an OPD or the pemda in one year, from every respondent of its periods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultRow {
    /// Year.
    pub year: i32,
    /// `pemda`, `opd` or `unit`.
    pub level: String,
    /// Name.
    pub name: String,
    /// OPD of a unit.
    pub opd: Option<String>,
    /// Respondents.
    pub respondents: u64,
    /// IKM, exact weight.
    pub ikm: Option<f64>,
    /// Its mutu.
    pub band: Option<Band>,
}

/// A unit the caller may open a survey period for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitChoice {
    /// Unit id.
    pub id: Uuid,
    /// Unit name.
    pub name: String,
    /// OPD name.
    pub opd: String,
}

/// The pemda's surveys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkmOverview {
    /// Periods, newest first.
    pub periods: Vec<PeriodRow>,
    /// IKM by year for the pemda, each OPD and each unit.
    pub results: Vec<ResultRow>,
    /// Units the caller may open a period for (empty: no form).
    pub units: Vec<UnitChoice>,
    /// Published SKM instrument versions: id, label.
    pub versions: Vec<(Uuid, String)>,
    /// Link to the published results.
    pub public_url: String,
}

/// One unsur's result in a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElementResult {
    /// `U1`…
    pub code: String,
    /// Short name (`Persyaratan`).
    pub name: String,
    /// NRR, 1–4.
    pub nrr: f64,
    /// NRR × 25.
    pub converted: f64,
    /// Mutu of the converted value.
    pub band: Option<Band>,
    /// A priority for improvement.
    pub priority: bool,
}

/// Count of respondents per answer of one profile question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileCount {
    /// Question (`Jenis kelamin`).
    pub question: String,
    /// Answer label and count, in the questionnaire's order; unanswered last.
    pub counts: Vec<(String, u64)>,
}

/// A respondent's suggestion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// When (`20 Maret 2026`).
    pub on: String,
    /// Service used.
    pub service: Option<String>,
    /// The text.
    pub text: String,
}

/// One action of the follow-up plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    /// Id.
    pub id: Uuid,
    /// Unsur code.
    pub element: String,
    /// Unsur name.
    pub element_name: String,
    /// What will be done.
    pub action: String,
    /// Who is responsible.
    pub owner: String,
    /// Due date (`2026-03-31`), for the edit form.
    pub due_on: Option<String>,
    /// Due date as read (`31 Maret 2026`).
    pub due_label: Option<String>,
    /// Status code.
    pub status: String,
    /// Status as read.
    pub status_label: String,
    /// Note.
    pub note: Option<String>,
    /// Revision the edit form carries.
    pub revision: i32,
    /// Past its due date and not done.
    pub overdue: bool,
}

/// A survey period with its results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodDetail {
    /// The period.
    pub row: PeriodRow,
    /// The public form's address (for the link and the QR code).
    pub form_url: String,
    /// The instrument version asked (`skm@2017`).
    pub version: String,
    /// Respondents still needed to reach the minimum sample.
    pub still_needed: u64,
    /// Online responses.
    pub online: u64,
    /// Paper responses.
    pub paper: u64,
    /// Per unsur, in order.
    pub elements: Vec<ElementResult>,
    /// IKM with the exact weight (1/n), rounded.
    pub ikm_exact: Option<f64>,
    /// IKM with the 0.111 weight of old spreadsheets, rounded.
    pub ikm_0111: Option<f64>,
    /// Mutu of the exact IKM.
    pub band: Option<Band>,
    /// Mutu of the 0.111 IKM.
    pub band_0111: Option<Band>,
    /// Unsur codes lowest first with their converted value, priorities only.
    pub priorities: Vec<(String, String, f64)>,
    /// Respondent profile.
    pub profile: Vec<ProfileCount>,
    /// Latest suggestions (at most 100).
    pub suggestions: Vec<Suggestion>,
    /// Suggestions in all.
    pub suggestions_total: u64,
    /// The follow-up plan.
    pub followups: Vec<FollowUp>,
    /// One-time codes made.
    pub codes_total: u64,
    /// Of which used.
    pub codes_used: u64,
    /// The caller may manage the period.
    pub can_manage: bool,
    /// Unsur codes and names, for the follow-up form.
    pub element_names: Vec<(String, String)>,
}

/// The pemda's survey periods, results by year and what the caller may create.
#[server(prefix = "/api", endpoint = "skm/daftar")]
pub async fn get_skm(slug: String) -> Result<SkmOverview, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::skm::overview(&state, &scope).await?)
        }
        .await,
    )
}

/// Opens a survey period for a unit. `population` may be written with thousands dots. Without
/// JavaScript the browser lands on the new period's page.
#[server(prefix = "/api", endpoint = "skm/periode-baru")]
#[allow(clippy::too_many_arguments)]
pub async fn create_skm_period(
    slug: String,
    unit_id: Uuid,
    version_id: Uuid,
    name: String,
    starts_on: String,
    ends_on: String,
    population: String,
    require_code: Option<String>,
) -> Result<Uuid, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            let id = crate::server::skm::create_period(
                &state,
                &scope,
                crate::server::skm::NewPeriod {
                    unit_id,
                    version_id,
                    name,
                    starts_on,
                    ends_on,
                    population,
                    require_code: require_code.is_some_and(|v| !v.is_empty()),
                },
            )
            .await?;
            leptos_axum::redirect(&format!("/t/{slug}/skm/{id}"));
            Ok(id)
        }
        .await,
    )
}

/// A survey period with its results.
#[server(prefix = "/api", endpoint = "skm/periode")]
pub async fn get_skm_period(slug: String, id: Uuid) -> Result<PeriodDetail, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::skm::detail(&state, &scope, id).await?)
        }
        .await,
    )
}

/// Closes a period to new answers (`closed` = `true`) or opens it again.
#[server(prefix = "/api", endpoint = "skm/tutup")]
pub async fn close_skm_period(slug: String, id: Uuid, closed: bool) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::skm::set_closed(&state, &scope, id, closed).await?)
        }
        .await,
    )
}

/// Makes `count` new one-time codes for a period (they are listed at `…/kode.csv`).
#[server(prefix = "/api", endpoint = "skm/kode")]
pub async fn make_skm_codes(slug: String, id: Uuid, count: String) -> Result<u32, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::skm::make_codes(&state, &scope, id, &count).await?)
        }
        .await,
    )
}

/// Adds (`followup_id` empty) or changes an action of the follow-up plan. A change carries the
/// revision it was made on; a newer one refuses it with who changed it and when.
#[server(prefix = "/api", endpoint = "skm/tindak-lanjut")]
#[allow(clippy::too_many_arguments)]
pub async fn save_skm_followup(
    slug: String,
    period_id: Uuid,
    followup_id: Option<String>,
    revision: Option<i32>,
    element: String,
    action: String,
    owner: String,
    due_on: Option<String>,
    status: Option<String>,
    note: Option<String>,
) -> Result<Uuid, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            let followup_id = match followup_id.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(s) => Some(s.parse::<Uuid>().map_err(|_| ApiError::NotFound)?),
            };
            Ok(crate::server::skm::save_followup(
                &state,
                &scope,
                crate::server::skm::FollowUpInput {
                    period_id,
                    followup_id,
                    revision,
                    element,
                    action,
                    owner,
                    due_on: due_on.unwrap_or_default(),
                    status: status.unwrap_or_default(),
                    note: note.unwrap_or_default(),
                },
            )
            .await?)
        }
        .await,
    )
}

/// Imports paper responses from an uploaded CSV or XLSX file (form fields `slug`, `period_id`
/// and `berkas`): one row per respondent, columns `U1`…`U9` and the profile. All or nothing:
/// any problem refuses the whole file and lists every problem with its row and column.
#[server(prefix = "/api", endpoint = "skm/impor", input = server_fn::codec::MultipartFormData)]
pub async fn import_skm(data: server_fn::codec::MultipartData) -> Result<u64, ApiError> {
    super::error::finish(
        async move {
            use crate::domain::account::FieldProblem;
            let upload = super::ssr::read_upload(data, "berkas", IMPORT_MAX_BYTES).await?;
            let slug = upload.text.get("slug").cloned().ok_or(ApiError::NotFound)?;
            let period_id = upload
                .text
                .get("period_id")
                .and_then(|s| s.parse::<Uuid>().ok())
                .ok_or(ApiError::NotFound)?;
            let (state, scope) = super::ssr::tenant(&slug).await?;
            if upload.file.is_empty() {
                return Err(ApiError::Field {
                    field: "berkas".to_owned(),
                    problem: FieldProblem::Required,
                });
            }
            let n = crate::server::skm::import(&state, &scope, period_id, &upload.file).await?;
            leptos_axum::redirect(&format!("/t/{slug}/skm/{period_id}?impor={n}"));
            Ok(n)
        }
        .await,
    )
}
