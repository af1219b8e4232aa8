//! Evaluation cycles: the coordinator's cycles, board and assignments; the PIC's tasks and
//! answers; each OPD's work package from draft to submitted.

use super::ApiError;
use crate::domain::cycle::{CycleStatus, PackageStatus};
use crate::domain::instrument::{Answer, AnswerType, Band, Improvement, Indicator};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A cycle in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CycleRow {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// `code@version` of the pinned instrument version.
    pub instrument: String,
    /// Instrument name.
    pub instrument_name: String,
    /// State.
    pub status: CycleStatus,
    /// Period start (YYYY-MM-DD).
    pub starts_on: String,
    /// Period end.
    pub ends_on: String,
    /// Self-assessment deadline.
    pub self_deadline: String,
    /// Mentor review window.
    pub review_from: Option<String>,
    /// Mentor review window end.
    pub review_until: Option<String>,
    /// Official assessment date.
    pub official_on: Option<String>,
    /// Revision, sent back with a state change.
    pub revision: i32,
}

/// What a new cycle can be made of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CycleOptions {
    /// Published instrument versions: id, `code@version`, name.
    pub versions: Vec<(Uuid, String, String)>,
    /// The pemda's units (lokus ones are preselected).
    pub units: Vec<UnitOption>,
    /// Earlier cycles to copy scope and assignments from.
    pub previous: Vec<(Uuid, String)>,
}

/// A unit to put in a cycle's scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitOption {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Its OPD's name.
    pub opd: String,
    /// Chosen for assessment this year.
    pub is_lokus: bool,
}

/// Score, band and the distance to the next band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    /// Rounded as published.
    pub value: f64,
    /// Band.
    pub band: Option<Band>,
    /// Next band up.
    pub next_band: Option<Band>,
    /// Points to the next band.
    pub points_needed: Option<f64>,
    /// The changes that gain most, best first (at most five).
    pub improvements: Vec<Improvement>,
}

/// One unit's projected score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitProjection {
    /// Unit id.
    pub unit_id: Uuid,
    /// Unit name.
    pub name: String,
    /// Lokus unit (counts for the pemda).
    pub is_lokus: bool,
    /// Answered of all its indicators.
    pub answered: usize,
    /// All its indicators.
    pub total: usize,
    /// The projection; `None` when it cannot be computed.
    pub projection: Option<Projection>,
    /// Answers a mentor accepted.
    pub accepted: usize,
    /// The projection with the mentors' verified answers in place of the self-assessed ones
    /// where there are any; `None` before any verification.
    pub verified: Option<Projection>,
}

/// Progress of one OPD in one top-level section.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// Assignments.
    pub total: usize,
    /// Answered.
    pub answered: usize,
    /// Past due and not answered.
    pub overdue: usize,
    /// Accepted by a mentor.
    pub accepted: usize,
    /// Sent back for revision.
    pub revision: usize,
}

/// One OPD's row of the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardRow {
    /// OPD id.
    pub opd_id: Uuid,
    /// OPD name.
    pub opd: String,
    /// Its work package.
    pub package_id: Option<Uuid>,
    /// The package's state.
    pub package_status: Option<PackageStatus>,
    /// One cell per top-level section, in the board's order.
    pub cells: Vec<Cell>,
    /// The row's total.
    pub total: Cell,
}

/// The coordinator's board: OPD × section progress and the projected scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Board {
    /// The cycle.
    pub cycle: CycleRow,
    /// Top-level sections: code, name.
    pub sections: Vec<(String, String)>,
    /// One row per OPD.
    pub rows: Vec<BoardRow>,
    /// Assignments without an OPD or without a PIC.
    pub unassigned: usize,
    /// Units in scope.
    pub units: Vec<UnitProjection>,
    /// The pemda's projection from its lokus units.
    pub pemda: Option<Projection>,
    /// The same with verified answers where a mentor gave one.
    pub pemda_verified: Option<Projection>,
    /// The caller may change the cycle.
    pub can_manage: bool,
    /// The database queries this page took (shown to keep the count bounded).
    pub queries: usize,
}

/// A person who can be made PIC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// User id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Their OPD's name, if any.
    pub opd: Option<String>,
}

/// One assignment in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentRow {
    /// Id.
    pub id: Uuid,
    /// Cycle.
    pub cycle_id: Uuid,
    /// Cycle name.
    pub cycle: String,
    /// Unit name.
    pub unit: String,
    /// OPD name.
    pub opd: Option<String>,
    /// PIC name.
    pub pic: Option<String>,
    /// Indicator code.
    pub code: String,
    /// Indicator text (Indonesian).
    pub text: String,
    /// Due date.
    pub due_on: Option<String>,
    /// Past due and not answered.
    pub overdue: bool,
    /// Due within a few days and not answered.
    pub due_soon: bool,
    /// Answered.
    pub answered: bool,
    /// Marked ready.
    pub ready: bool,
}

/// What the assignment page offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignOptions {
    /// The cycle.
    pub cycle: CycleRow,
    /// Top-level sections: code, name.
    pub sections: Vec<(String, String)>,
    /// OPDs: id, name.
    pub opds: Vec<(Uuid, String)>,
    /// Units in scope: id, name.
    pub units: Vec<(Uuid, String)>,
    /// People in the pemda who can answer.
    pub people: Vec<Person>,
    /// Assignments with no OPD or no PIC (at most 200 listed).
    pub unassigned: Vec<AssignmentRow>,
    /// How many there are in all.
    pub unassigned_total: usize,
}

/// One event of a history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRow {
    /// When, in the pemda's zone.
    pub at: crate::model::time::Stamp,
    /// Who.
    pub actor: Option<String>,
    /// What, e.g. `answer.saved`, `package.submitted`.
    pub kind: String,
    /// State before.
    pub from: Option<String>,
    /// State after.
    pub to: Option<String>,
    /// Why.
    pub note: Option<String>,
}

/// One indicator to answer, with everything the PIC needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// Assignment id.
    pub id: Uuid,
    /// The cycle.
    pub cycle_id: Uuid,
    /// Cycle name.
    pub cycle: String,
    /// Unit name.
    pub unit: String,
    /// OPD name.
    pub opd: Option<String>,
    /// PIC name.
    pub pic: Option<String>,
    /// Due date.
    pub due_on: Option<String>,
    /// Section path (names).
    pub section: String,
    /// The indicator.
    pub indicator: Indicator,
    /// How it is answered.
    pub answer_type: Option<AnswerType>,
    /// The saved answer.
    pub answer: Option<Answer>,
    /// Notes.
    pub notes: Option<String>,
    /// Marked ready.
    pub ready: bool,
    /// Revision, sent back with a save.
    pub revision: i32,
    /// Who last answered, and when.
    pub answered: Option<(String, crate::model::time::Stamp)>,
    /// The work package.
    pub package_id: Option<Uuid>,
    /// Its state.
    pub package_status: Option<PackageStatus>,
    /// The caller may change the answer now.
    pub can_edit: bool,
    /// History of this item and its package, newest first.
    pub history: Vec<EventRow>,
}

/// An OPD's work package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackageView {
    /// Id.
    pub id: Uuid,
    /// Cycle.
    pub cycle_id: Uuid,
    /// Cycle name.
    pub cycle: String,
    /// OPD name.
    pub opd: String,
    /// State.
    pub status: PackageStatus,
    /// Its assignments.
    pub items: Vec<AssignmentRow>,
    /// The caller may submit it.
    pub can_submit: bool,
    /// The caller may reopen it.
    pub can_reopen: bool,
    /// History, newest first.
    pub history: Vec<EventRow>,
}

/// The pemda's cycles, newest first, and whether the caller may create one.
#[server(prefix = "/api", endpoint = "siklus/daftar")]
pub async fn get_cycles(slug: String) -> Result<(Vec<CycleRow>, bool), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::cycles::list(&state, &scope).await?)
        }
        .await,
    )
}

/// Published instrument versions, units and earlier cycles, for a new cycle.
#[server(prefix = "/api", endpoint = "siklus/pilihan")]
pub async fn get_cycle_options(slug: String) -> Result<CycleOptions, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::cycles::options(&state, &scope).await?)
        }
        .await,
    )
}

/// Creates a cycle in draft, with one assignment per unit × indicator (each unit's OPD answers,
/// due at the self-assessment deadline). `units` are the unit ids in scope; `copy_from` takes
/// scope, assignments and answers (as a starting point) from an earlier cycle.
#[server(prefix = "/api", endpoint = "siklus/baru")]
#[allow(clippy::too_many_arguments)]
pub async fn create_cycle(
    slug: String,
    name: String,
    version_id: Uuid,
    starts_on: String,
    ends_on: String,
    self_deadline: String,
    review_from: Option<String>,
    review_until: Option<String>,
    official_on: Option<String>,
    units: Option<Vec<Uuid>>,
    copy_from: Option<String>,
) -> Result<Uuid, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            let id = crate::server::cycles::create(
                &state,
                &scope,
                crate::server::cycles::NewCycle {
                    name,
                    version_id,
                    starts_on,
                    ends_on,
                    self_deadline,
                    review_from,
                    review_until,
                    official_on,
                    units: units.unwrap_or_default(),
                    copy_from: copy_from.and_then(|c| c.parse().ok()),
                },
            )
            .await?;
            leptos_axum::redirect(&format!("/t/{slug}/siklus/{id}"));
            Ok(id)
        }
        .await,
    )
}

/// Moves a cycle draft → active → closed.
#[server(prefix = "/api", endpoint = "siklus/status")]
pub async fn set_cycle_status(
    slug: String,
    id: Uuid,
    status: CycleStatus,
    revision: i32,
) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            crate::server::cycles::set_status(&state, &scope, id, status, revision).await?;
            Ok(())
        }
        .await,
    )
}

/// Renames a cycle or moves its milestones; items due at the old deadline move with it.
#[server(prefix = "/api", endpoint = "siklus/ubah")]
#[allow(clippy::too_many_arguments)]
pub async fn update_cycle(
    slug: String,
    id: Uuid,
    revision: i32,
    name: String,
    starts_on: String,
    ends_on: String,
    self_deadline: String,
    review_from: Option<String>,
    review_until: Option<String>,
    official_on: Option<String>,
) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            crate::server::cycles::update(
                &state,
                &scope,
                id,
                revision,
                &name,
                (
                    &starts_on,
                    &ends_on,
                    &self_deadline,
                    review_from.as_deref(),
                    review_until.as_deref(),
                    official_on.as_deref(),
                ),
            )
            .await?;
            Ok(())
        }
        .await,
    )
}

/// The board of a cycle.
#[server(prefix = "/api", endpoint = "siklus/papan")]
pub async fn get_board(slug: String, id: Uuid) -> Result<Board, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::cycles::board(&state, &scope, id).await?)
        }
        .await,
    )
}

/// People, sections, OPDs, units and the unassigned items of a cycle.
#[server(prefix = "/api", endpoint = "siklus/penugasan")]
pub async fn get_assign_options(slug: String, id: Uuid) -> Result<AssignOptions, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::cycles::assign_options(&state, &scope, id).await?)
        }
        .await,
    )
}

/// Assigns every item matching the filters (top-level section, OPD, unit; empty = all) to a
/// PIC and/or a due date. Returns how many changed.
#[server(prefix = "/api", endpoint = "siklus/tugaskan")]
pub async fn assign_bulk(
    slug: String,
    id: Uuid,
    section: Option<String>,
    opd_id: Option<String>,
    unit_id: Option<String>,
    pic: Option<String>,
    due_on: Option<String>,
) -> Result<u64, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::cycles::assign_bulk(
                &state,
                &scope,
                id,
                crate::server::cycles::Selection {
                    section: section.filter(|s| !s.is_empty()),
                    opd_id: optional_id("opd_id", opd_id)?,
                    unit_id: optional_id("unit_id", unit_id)?,
                },
                optional_id("pic", pic)?,
                due_on.filter(|s| !s.is_empty()),
            )
            .await?)
        }
        .await,
    )
}

/// An optional id from a form: empty means "not given"; anything else must be an id, or the
/// form is refused on that field (an unreadable filter must never widen a write to everything).
#[cfg(feature = "ssr")]
fn optional_id(field: &str, value: Option<String>) -> Result<Option<Uuid>, ApiError> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| ApiError::Field {
            field: field.to_owned(),
            problem: crate::domain::account::FieldProblem::Invalid,
        }),
    }
}

/// Hands everything one person holds in the cycle to another (a staff change).
#[server(prefix = "/api", endpoint = "siklus/alihkan")]
pub async fn reassign_person(
    slug: String,
    id: Uuid,
    from: Uuid,
    to: Uuid,
) -> Result<u64, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::cycles::reassign(&state, &scope, id, from, to).await?)
        }
        .await,
    )
}

/// The caller's assignments in active cycles, by due date.
#[server(prefix = "/api", endpoint = "tugas/saya")]
pub async fn get_my_tasks(slug: String) -> Result<Vec<AssignmentRow>, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::cycles::my_tasks(&state, &scope).await?)
        }
        .await,
    )
}

/// One indicator to answer.
#[server(prefix = "/api", endpoint = "butir")]
pub async fn get_item(slug: String, id: Uuid) -> Result<Item, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::cycles::item(&state, &scope, id).await?)
        }
        .await,
    )
}

/// Saves an answer (as text: a level, ya/tidak, an option code, a number; empty clears it) with
/// notes and the ready mark, if nobody changed it since `revision`. Returns the new revision.
#[server(prefix = "/api", endpoint = "butir/simpan")]
pub async fn save_answer(
    slug: String,
    id: Uuid,
    revision: i32,
    answer: Option<String>,
    notes: Option<String>,
    ready: Option<String>,
) -> Result<i32, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::cycles::save_answer(
                &state,
                &scope,
                id,
                revision,
                answer.as_deref().unwrap_or(""),
                notes.as_deref(),
                ready.is_some_and(|r| matches!(r.as_str(), "on" | "true" | "1")),
            )
            .await?)
        }
        .await,
    )
}

/// An OPD's work package.
#[server(prefix = "/api", endpoint = "paket")]
pub async fn get_package(slug: String, id: Uuid) -> Result<PackageView, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::cycles::package(&state, &scope, id).await?)
        }
        .await,
    )
}

/// Submits a work package: every assigned indicator must be answered (the refusal lists the
/// missing ones); editing locks. A second submit does nothing.
#[server(prefix = "/api", endpoint = "paket/kirim")]
pub async fn submit_package(slug: String, id: Uuid) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            crate::server::cycles::submit(&state, &scope, id).await?;
            Ok(())
        }
        .await,
    )
}

/// The coordinator opens a submitted or accepted package for editing again, with a reason.
#[server(prefix = "/api", endpoint = "paket/buka")]
pub async fn reopen_package(slug: String, id: Uuid, note: String) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            crate::server::cycles::reopen(&state, &scope, id, &note).await?;
            Ok(())
        }
        .await,
    )
}
