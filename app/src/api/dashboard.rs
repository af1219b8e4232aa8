//! Dashboards and rankings: a cycle's dashboard (also read by the leadership summary), the
//! official results a coordinator records, and the mentor's regional overview.

use super::cycles::{CycleRow, Projection};
use super::ApiError;
use crate::domain::instrument::Band;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The result scale of the cycle's instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    /// Lowest value.
    pub min: f64,
    /// Highest value.
    pub max: f64,
    /// Decimals results are published with.
    pub decimals: u8,
}

/// Achievement per top-level section (dimension/aspect), averaged over the lokus units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dimension {
    /// Section code.
    pub code: String,
    /// Name (Indonesian).
    pub name: String,
    /// Weight as a percentage of the total, where the instrument gives one.
    pub weight: Option<f64>,
    /// Self-assessed achievement, 0–100 %.
    pub projected: Option<f64>,
    /// Verified achievement, 0–100 %.
    pub verified: Option<f64>,
}

/// Counts of a cycle's items.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Items in scope.
    pub total: usize,
    /// Answered.
    pub answered: usize,
    /// With at least one live evidence document.
    pub with_evidence: usize,
    /// Reviewed by a mentor (accepted or sent back).
    pub reviewed: usize,
    /// Accepted.
    pub accepted: usize,
    /// Unanswered past their due date.
    pub overdue: usize,
}

/// One unit's projected and official score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitResult {
    /// Unit id.
    pub unit_id: Uuid,
    /// Unit name.
    pub name: String,
    /// Its OPD's name.
    pub opd: String,
    /// Assessed this year.
    pub is_lokus: bool,
    /// Self-assessed projection (rounded as published).
    pub projected: Option<f64>,
    /// Band of the projection.
    pub band: Option<Band>,
    /// Verified projection.
    pub verified: Option<f64>,
    /// The official result, once recorded.
    pub official: Option<f64>,
    /// Band of the official result.
    pub official_band: Option<Band>,
    /// Answered items.
    pub answered: usize,
    /// Items.
    pub total: usize,
}

/// An OPD in the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpdRank {
    /// 1-based rank (shared on a tie).
    pub rank: usize,
    /// OPD id.
    pub opd_id: Uuid,
    /// Name.
    pub name: String,
    /// Mean projection of its units.
    pub value: Option<f64>,
    /// Band of `value`.
    pub band: Option<Band>,
    /// Answered items.
    pub answered: usize,
    /// Items.
    pub total: usize,
    /// Accepted items.
    pub accepted: usize,
    /// Overdue items.
    pub overdue: usize,
}

/// An unanswered item past its due date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverdueItem {
    /// Assignment id.
    pub id: Uuid,
    /// Indicator code.
    pub code: String,
    /// Indicator text.
    pub text: String,
    /// Unit.
    pub unit: String,
    /// OPD.
    pub opd: String,
    /// Due date (`20 Maret 2024`).
    pub due_on: String,
}

/// The pemda's result in one cycle of the same instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendRow {
    /// Cycle id.
    pub cycle_id: Uuid,
    /// Cycle name.
    pub name: String,
    /// Year of the cycle's end.
    pub year: i32,
    /// Projected from self-assessment.
    pub projected: Option<f64>,
    /// Projected from verified answers.
    pub verified: Option<f64>,
    /// Official.
    pub official: Option<f64>,
    /// This is the cycle on screen.
    pub current: bool,
}

/// A cycle's dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Tenant name.
    pub tenant: String,
    /// The cycle.
    pub cycle: CycleRow,
    /// Result scale.
    pub scale: Scale,
    /// The instrument's bands, lowest first.
    pub bands: Vec<Band>,
    /// Pemda projection from self-assessment (with the gap and ranked actions).
    pub pemda: Option<Projection>,
    /// The same from verified answers.
    pub pemda_verified: Option<Projection>,
    /// The official pemda result.
    pub official: Option<f64>,
    /// Band of the official result.
    pub official_band: Option<Band>,
    /// Per-dimension breakdown.
    pub dimensions: Vec<Dimension>,
    /// Progress counts.
    pub progress: Progress,
    /// Units in scope, lokus first.
    pub units: Vec<UnitResult>,
    /// OPDs ranked by projection.
    pub opds: Vec<OpdRank>,
    /// Overdue items (at most 20), and how many in all is `progress.overdue`.
    pub overdue: Vec<OverdueItem>,
    /// The pemda across cycles of the same instrument, oldest first.
    pub trend: Vec<TrendRow>,
    /// The previous cycle's result (official if recorded, else projected), for "change from
    /// last year".
    pub previous: Option<(String, f64)>,
    /// The caller may record official results.
    pub can_record: bool,
    /// Database queries the dashboard took.
    pub queries: usize,
}

/// A pemda in the mentor's regional overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionalRow {
    /// Rank within its province (by official, else verified, else projected result).
    pub rank: Option<usize>,
    /// Tenant slug.
    pub slug: String,
    /// Tenant name.
    pub name: String,
    /// Province.
    pub province: String,
    /// The cycle shown.
    pub cycle_id: Uuid,
    /// Cycle name.
    pub cycle: String,
    /// Projected (self).
    pub projected: Option<f64>,
    /// Its band.
    pub band: Option<Band>,
    /// Verified projection.
    pub verified: Option<f64>,
    /// Official result.
    pub official: Option<f64>,
    /// Answered / total items.
    pub answered: usize,
    /// Items.
    pub total: usize,
    /// Items waiting for a mentor.
    pub backlog: usize,
}

/// The mentor's regional overview for one instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Regional {
    /// Instruments with cycles among the granted pemda: code, name.
    pub instruments: Vec<(String, String)>,
    /// The instrument shown.
    pub instrument: Option<String>,
    /// Result scale of the latest version of it.
    pub scale: Option<Scale>,
    /// Bands of that version.
    pub bands: Vec<Band>,
    /// Sort key applied (`peringkat`, `nama`, `kemajuan`, `antrean`).
    pub sort: String,
    /// One row per granted pemda with a cycle of the instrument.
    pub rows: Vec<RegionalRow>,
    /// Granted pemda without such a cycle.
    pub without_cycle: Vec<String>,
}

/// A cycle's dashboard.
#[server(prefix = "/api", endpoint = "dasbor")]
pub async fn get_dashboard(slug: String, id: Uuid) -> Result<Dashboard, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::dashboard::dashboard(&state, &scope, id).await?)
        }
        .await,
    )
}

/// Records the official results of a cycle: `pemda` and one value per unit (`unit_ids[i]` ↔
/// `unit_values[i]`), written as published (decimal comma or point). An empty value removes a
/// recorded result.
#[server(prefix = "/api", endpoint = "dasbor/hasil-resmi")]
pub async fn save_official(
    slug: String,
    id: Uuid,
    pemda: Option<String>,
    unit_ids: Option<Vec<Uuid>>,
    unit_values: Option<Vec<String>>,
    note: Option<String>,
) -> Result<usize, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            let units: Vec<(Uuid, String)> = unit_ids
                .unwrap_or_default()
                .into_iter()
                .zip(unit_values.unwrap_or_default())
                .collect();
            Ok(crate::server::dashboard::record_official(
                &state,
                &scope,
                id,
                pemda.unwrap_or_default(),
                units,
                note,
            )
            .await?)
        }
        .await,
    )
}

/// The mentor's regional overview: `instrument` code (default: the most used), `sort` key.
#[server(prefix = "/api", endpoint = "mentor/ikhtisar")]
pub async fn get_regional(
    instrument: Option<String>,
    sort: Option<String>,
) -> Result<Regional, ApiError> {
    super::error::finish(
        async move {
            let (state, user) = super::ssr::user().await?;
            Ok(crate::server::dashboard::regional(
                &state,
                &user,
                instrument.filter(|s| !s.is_empty()),
                sort.filter(|s| !s.is_empty()),
            )
            .await?)
        }
        .await,
    )
}
