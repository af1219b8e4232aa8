//! Evaluation cycles: creating one on a published instrument version, assigning its items,
//! answering them with stale edits refused, and moving each OPD's work package through its
//! states, every transition recorded as an event.
//!
//! Pages that list many items (the board, "my tasks") read with a fixed number of queries
//! whatever the number of OPDs, units and indicators: everything is loaded in a few bulk reads
//! and joined in memory.

use super::accounts::user_name;
use super::audit;
use super::entities::{
    assignment, cycle, cycle_event, cycle_unit, instrument, instrument_version, membership, opd,
    review, unit, user, work_package,
};
use super::error::{ServiceError, ServiceResult};
use super::gaps;
use super::scope::TenantScope;
use super::state::AppState;
use crate::api::cycles::{
    AssignOptions, AssignmentRow, Board, BoardRow, Cell, CycleOptions, CycleRow, EventRow, Item,
    PackageView, Person, Projection, UnitOption, UnitProjection,
};
use crate::api::instruments::VersionStatus;
use crate::domain::account::FieldProblem;
use crate::domain::cycle::{
    urgency, CycleStatus, Milestones, PackageAction, PackageStatus, Urgency,
};
use crate::domain::instrument::{
    parse_answer, Answer, Answers, GapAnalysis, InstrumentVersion, LokusAnswers,
};
use crate::domain::review::ReviewStatus;
use crate::domain::role::{Permission, Role};
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// Items listed as unassigned at most (the count says how many there are in all).
const UNASSIGNED_LISTED: usize = 200;

fn field(field: &'static str, problem: FieldProblem) -> ServiceError {
    ServiceError::Field { field, problem }
}

fn date(field_name: &'static str, text: &str) -> ServiceResult<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        field(
            field_name,
            if text.trim().is_empty() {
                FieldProblem::Required
            } else {
                FieldProblem::Invalid
            },
        )
    })
}

fn optional_date(field_name: &'static str, text: Option<&str>) -> ServiceResult<Option<NaiveDate>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => date(field_name, t).map(Some),
        None => Ok(None),
    }
}

pub(crate) fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A cycle of the caller's tenant, or not found.
pub(crate) async fn load_cycle(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    id: Uuid,
) -> ServiceResult<cycle::Model> {
    cycle::Entity::find_by_id(id)
        .filter(cycle::Column::TenantId.eq(scope.tenant_id()))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The pinned version of a cycle: (`code@version`, instrument name, content).
pub(crate) async fn load_version(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ServiceResult<(String, String, InstrumentVersion)> {
    let v = instrument_version::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let i = instrument::Entity::find_by_id(v.instrument_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let doc = super::instruments::document(&v)?;
    Ok((format!("{}@{}", i.code, v.version), i.name, doc))
}

pub(crate) fn cycle_row(c: &cycle::Model, instrument: String, instrument_name: String) -> CycleRow {
    CycleRow {
        id: c.id,
        name: c.name.clone(),
        instrument,
        instrument_name,
        status: CycleStatus::from_code(&c.status),
        starts_on: ymd(c.starts_on),
        ends_on: ymd(c.ends_on),
        self_deadline: ymd(c.self_deadline),
        review_from: c.review_from.map(ymd),
        review_until: c.review_until.map(ymd),
        official_on: c.official_on.map(ymd),
        revision: c.revision,
    }
}

/// One entry of a cycle's history.
pub(crate) struct Event<'a> {
    pub(crate) cycle: Uuid,
    pub(crate) package: Option<Uuid>,
    pub(crate) item: Option<Uuid>,
    pub(crate) kind: &'a str,
    pub(crate) change: Option<(&'a str, &'a str)>,
    pub(crate) note: Option<String>,
}

pub(crate) async fn event(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    e: Event<'_>,
) -> ServiceResult<()> {
    cycle_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(scope.tenant_id()),
        cycle_id: Set(e.cycle),
        package_id: Set(e.package),
        assignment_id: Set(e.item),
        actor_user_id: Set(Some(scope.user_id())),
        at: Set(Utc::now()),
        kind: Set(e.kind.to_owned()),
        from_status: Set(e.change.map(|c| c.0.to_owned())),
        to_status: Set(e.change.map(|c| c.1.to_owned())),
        note: Set(e.note),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The pemda's cycles, newest first, and whether the caller may create one.
pub async fn list(state: &AppState, scope: &TenantScope) -> ServiceResult<(Vec<CycleRow>, bool)> {
    scope.require(Permission::ViewTenant)?;
    let cycles = cycle::Entity::find()
        .filter(cycle::Column::TenantId.eq(scope.tenant_id()))
        .order_by_desc(cycle::Column::StartsOn)
        .all(&state.db)
        .await?;
    let labels = version_labels(&state.db, cycles.iter().map(|c| c.instrument_version_id)).await?;
    Ok((
        cycles
            .iter()
            .map(|c| {
                let (l, n) = labels
                    .get(&c.instrument_version_id)
                    .cloned()
                    .unwrap_or_default();
                cycle_row(c, l, n)
            })
            .collect(),
        scope.can(Permission::ManageCycles),
    ))
}

/// `code@version` and instrument name of each version id.
async fn version_labels(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = Uuid>,
) -> ServiceResult<HashMap<Uuid, (String, String)>> {
    let ids: HashSet<Uuid> = ids.collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let versions = instrument_version::Entity::find()
        .filter(instrument_version::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let instruments: HashMap<Uuid, instrument::Model> = instrument::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    Ok(versions
        .into_iter()
        .filter_map(|v| {
            let i = instruments.get(&v.instrument_id)?;
            Some((v.id, (format!("{}@{}", i.code, v.version), i.name.clone())))
        })
        .collect())
}

/// Published versions, units and earlier cycles, for the new-cycle form.
pub async fn options(state: &AppState, scope: &TenantScope) -> ServiceResult<CycleOptions> {
    scope.require(Permission::ManageCycles)?;
    let instruments: HashMap<Uuid, instrument::Model> = instrument::Entity::find()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let mut versions: Vec<(Uuid, String, String)> = instrument_version::Entity::find()
        .filter(instrument_version::Column::Status.eq(VersionStatus::Published.code()))
        .order_by_desc(instrument_version::Column::Version)
        .all(&state.db)
        .await?
        .into_iter()
        .filter_map(|v| {
            let i = instruments.get(&v.instrument_id)?;
            Some((v.id, format!("{}@{}", i.code, v.version), i.name.clone()))
        })
        .collect();
    versions.sort_by(|a, b| a.2.cmp(&b.2).then(b.1.cmp(&a.1)));
    let opds: HashMap<Uuid, String> = opd::Entity::find()
        .filter(opd::Column::TenantId.eq(scope.tenant_id()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut units: Vec<UnitOption> = unit::Entity::find()
        .filter(unit::Column::TenantId.eq(scope.tenant_id()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| UnitOption {
            id: u.id,
            opd: opds.get(&u.opd_id).cloned().unwrap_or_default(),
            name: u.name,
            is_lokus: u.is_lokus,
        })
        .collect();
    units.sort_by(|a, b| (&a.opd, &a.name).cmp(&(&b.opd, &b.name)));
    let previous = cycle::Entity::find()
        .filter(cycle::Column::TenantId.eq(scope.tenant_id()))
        .order_by_desc(cycle::Column::StartsOn)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(CycleOptions {
        versions,
        units,
        previous,
    })
}

/// What a new cycle is made of.
#[derive(Debug, Clone)]
pub struct NewCycle {
    /// Name.
    pub name: String,
    /// A published instrument version.
    pub version_id: Uuid,
    /// Period start (YYYY-MM-DD).
    pub starts_on: String,
    /// Period end.
    pub ends_on: String,
    /// Self-assessment deadline.
    pub self_deadline: String,
    /// Review window start.
    pub review_from: Option<String>,
    /// Review window end.
    pub review_until: Option<String>,
    /// Official assessment date.
    pub official_on: Option<String>,
    /// Units in scope (empty with `copy_from`: the earlier cycle's scope).
    pub units: Vec<Uuid>,
    /// An earlier cycle of this pemda to copy scope, assignments and answers from.
    pub copy_from: Option<Uuid>,
}

/// Creates a cycle in draft with its assignments and work packages; returns its id.
pub async fn create(state: &AppState, scope: &TenantScope, new: NewCycle) -> ServiceResult<Uuid> {
    scope.require(Permission::ManageCycles)?;
    let name = new.name.trim().to_owned();
    if name.is_empty() {
        return Err(field("name", FieldProblem::Required));
    }
    if name.chars().count() > 200 {
        return Err(field("name", FieldProblem::TooLong));
    }
    let milestones = Milestones {
        starts_on: date("starts_on", &new.starts_on)?,
        ends_on: date("ends_on", &new.ends_on)?,
        self_deadline: date("self_deadline", &new.self_deadline)?,
        review_from: optional_date("review_from", new.review_from.as_deref())?,
        review_until: optional_date("review_until", new.review_until.as_deref())?,
        official_on: optional_date("official_on", new.official_on.as_deref())?,
    };
    milestones
        .check()
        .map_err(|(f, _)| field(f, FieldProblem::Invalid))?;
    let version = instrument_version::Entity::find_by_id(new.version_id)
        .one(&state.db)
        .await?
        .filter(|v| VersionStatus::from_code(&v.status) == VersionStatus::Published)
        .ok_or_else(|| field("version_id", FieldProblem::Invalid))?;
    let doc = super::instruments::document(&version)?;
    let previous = match new.copy_from {
        Some(id) => Some(load_cycle(&state.db, scope, id).await?),
        None => None,
    };
    let previous_items = match &previous {
        Some(p) => {
            assignment::Entity::find()
                .filter(assignment::Column::CycleId.eq(p.id))
                .all(&state.db)
                .await?
        }
        None => Vec::new(),
    };
    let mut unit_ids: Vec<Uuid> = new.units.clone();
    if unit_ids.is_empty() {
        if let Some(p) = &previous {
            unit_ids = cycle_unit::Entity::find()
                .filter(cycle_unit::Column::CycleId.eq(p.id))
                .all(&state.db)
                .await?
                .into_iter()
                .map(|u| u.unit_id)
                .collect();
        }
    }
    unit_ids.sort();
    unit_ids.dedup();
    if unit_ids.is_empty() {
        return Err(field("units", FieldProblem::Required));
    }
    // Only this tenant's units: another tenant's id is simply not found.
    let units = unit::Entity::find()
        .filter(unit::Column::TenantId.eq(scope.tenant_id()))
        .filter(unit::Column::Id.is_in(unit_ids.clone()))
        .all(&state.db)
        .await?;
    if units.len() != unit_ids.len() {
        return Err(ServiceError::NotFound);
    }
    // The earlier cycle's assignment and answer per (unit, indicator), as a starting point.
    let carried: HashMap<(Uuid, &str), &assignment::Model> = previous_items
        .iter()
        .map(|a| ((a.unit_id, a.indicator_code.as_str()), a))
        .collect();
    let indicators = doc.indicators();
    let now = Utc::now();
    let id = Uuid::now_v7();
    let txn = crate::server::db::begin(&state.db).await?;
    cycle::ActiveModel {
        id: Set(id),
        tenant_id: Set(scope.tenant_id()),
        name: Set(name.clone()),
        instrument_version_id: Set(version.id),
        starts_on: Set(milestones.starts_on),
        ends_on: Set(milestones.ends_on),
        self_deadline: Set(milestones.self_deadline),
        review_from: Set(milestones.review_from),
        review_until: Set(milestones.review_until),
        official_on: Set(milestones.official_on),
        status: Set(CycleStatus::Draft.code().to_owned()),
        copied_from: Set(previous.as_ref().map(|p| p.id)),
        revision: Set(1),
        created_at: Set(now),
        created_by: Set(Some(scope.user_id())),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    cycle_unit::Entity::insert_many(units.iter().map(|u| cycle_unit::ActiveModel {
        cycle_id: Set(id),
        unit_id: Set(u.id),
    }))
    .exec(&txn)
    .await?;
    let mut opd_ids: Vec<Uuid> = units.iter().map(|u| u.opd_id).collect();
    let mut rows = Vec::with_capacity(units.len() * indicators.len());
    for u in &units {
        for ind in &indicators {
            let before = carried.get(&(u.id, ind.code.as_str()));
            let opd_id = before.and_then(|b| b.opd_id).unwrap_or(u.opd_id);
            opd_ids.push(opd_id);
            rows.push(assignment::ActiveModel {
                id: Set(Uuid::now_v7()),
                tenant_id: Set(scope.tenant_id()),
                cycle_id: Set(id),
                unit_id: Set(u.id),
                indicator_code: Set(ind.code.clone()),
                opd_id: Set(Some(opd_id)),
                pic_user_id: Set(before.and_then(|b| b.pic_user_id)),
                due_on: Set(Some(milestones.self_deadline)),
                // Offered as a starting point: the answer is kept, its ready mark is not.
                answer: Set(before.and_then(|b| b.answer.clone())),
                notes: Set(before.and_then(|b| b.notes.clone())),
                ready: Set(false),
                revision: Set(1),
                answered_at: Set(None),
                answered_by: Set(None),
            });
        }
    }
    // Batches keep each statement under the databases' bound-parameter limits.
    for chunk in rows.chunks(500) {
        assignment::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    opd_ids.sort();
    opd_ids.dedup();
    work_package::Entity::insert_many(opd_ids.iter().map(|o| work_package::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(scope.tenant_id()),
        cycle_id: Set(id),
        opd_id: Set(*o),
        status: Set(PackageStatus::Draft.code().to_owned()),
        revision: Set(1),
        updated_at: Set(now),
        updated_by: Set(Some(scope.user_id())),
    }))
    .exec(&txn)
    .await?;
    event(
        &txn,
        scope,
        Event {
            cycle: id,
            package: None,
            item: None,
            kind: "cycle.created",
            change: Some(("", CycleStatus::Draft.code())),
            note: previous
                .as_ref()
                .map(|p| format!("salinan dari {}", p.name)),
        },
    )
    .await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "cycle.create",
            entity: "cycle",
            entity_id: Some(id.to_string()),
            summary: format!(
                "{name}: {} unit × {} indikator = {} butir",
                units.len(),
                indicators.len(),
                units.len() * indicators.len()
            ),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Moves a cycle draft → active → closed (one step at a time).
pub async fn set_status(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
    to: CycleStatus,
    revision: i32,
) -> ServiceResult<()> {
    scope.require(Permission::ManageCycles)?;
    let txn = crate::server::db::begin(&state.db).await?;
    let c = load_cycle(&txn, scope, id).await?;
    let from = CycleStatus::from_code(&c.status);
    if from == to {
        return Ok(());
    }
    let allowed = matches!(
        (from, to),
        (CycleStatus::Draft, CycleStatus::Active) | (CycleStatus::Active, CycleStatus::Closed)
    );
    if !allowed {
        return Err(field("status", FieldProblem::Invalid));
    }
    let updated = cycle::Entity::update_many()
        .col_expr(cycle::Column::Status, Expr::value(to.code()))
        .col_expr(cycle::Column::Revision, Expr::value(c.revision + 1))
        .col_expr(cycle::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(cycle::Column::Id.eq(id))
        .filter(cycle::Column::Revision.eq(revision))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ServiceError::Stale);
    }
    event(
        &txn,
        scope,
        Event {
            cycle: id,
            package: None,
            item: None,
            kind: "cycle.status",
            change: Some((from.code(), to.code())),
            note: None,
        },
    )
    .await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "cycle.status",
            entity: "cycle",
            entity_id: Some(id.to_string()),
            summary: format!("{}: {} → {}", c.name, from.code(), to.code()),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Renames a cycle or moves its milestones (not once closed), if it is still at `revision`.
/// Items still due at the old self-assessment deadline move with it.
pub async fn update(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
    revision: i32,
    name: &str,
    milestones: (&str, &str, &str, Option<&str>, Option<&str>, Option<&str>),
) -> ServiceResult<()> {
    scope.require(Permission::ManageCycles)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(field("name", FieldProblem::Required));
    }
    if name.chars().count() > 200 {
        return Err(field("name", FieldProblem::TooLong));
    }
    let m = Milestones {
        starts_on: date("starts_on", milestones.0)?,
        ends_on: date("ends_on", milestones.1)?,
        self_deadline: date("self_deadline", milestones.2)?,
        review_from: optional_date("review_from", milestones.3)?,
        review_until: optional_date("review_until", milestones.4)?,
        official_on: optional_date("official_on", milestones.5)?,
    };
    m.check()
        .map_err(|(f, _)| field(f, FieldProblem::Invalid))?;
    let txn = crate::server::db::begin(&state.db).await?;
    let c = load_cycle(&txn, scope, id).await?;
    if CycleStatus::from_code(&c.status) == CycleStatus::Closed {
        return Err(ServiceError::Locked);
    }
    let updated = cycle::Entity::update_many()
        .col_expr(cycle::Column::Name, Expr::value(name))
        .col_expr(cycle::Column::StartsOn, Expr::value(m.starts_on))
        .col_expr(cycle::Column::EndsOn, Expr::value(m.ends_on))
        .col_expr(cycle::Column::SelfDeadline, Expr::value(m.self_deadline))
        .col_expr(cycle::Column::ReviewFrom, Expr::value(m.review_from))
        .col_expr(cycle::Column::ReviewUntil, Expr::value(m.review_until))
        .col_expr(cycle::Column::OfficialOn, Expr::value(m.official_on))
        .col_expr(cycle::Column::Revision, Expr::value(c.revision + 1))
        .col_expr(cycle::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(cycle::Column::Id.eq(id))
        .filter(cycle::Column::Revision.eq(revision))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(ServiceError::Stale);
    }
    if m.self_deadline != c.self_deadline {
        assignment::Entity::update_many()
            .col_expr(assignment::Column::DueOn, Expr::value(m.self_deadline))
            .filter(assignment::Column::CycleId.eq(id))
            .filter(assignment::Column::DueOn.eq(c.self_deadline))
            .exec(&txn)
            .await?;
    }
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "cycle.update",
            entity: "cycle",
            entity_id: Some(id.to_string()),
            summary: format!(
                "{} → {name}; periode {} – {}; batas mandiri {} → {}",
                c.name,
                ymd(m.starts_on),
                ymd(m.ends_on),
                ymd(c.self_deadline),
                ymd(m.self_deadline)
            ),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Top-level section code of every indicator, and the sections in order.
pub(crate) fn section_of(
    doc: &InstrumentVersion,
) -> (Vec<(String, String)>, HashMap<String, usize>) {
    let mut order = Vec::new();
    let mut of = HashMap::new();
    fn walk(s: &crate::domain::instrument::Section, top: usize, of: &mut HashMap<String, usize>) {
        for i in &s.indicators {
            of.insert(i.code.clone(), top);
        }
        for c in &s.sections {
            walk(c, top, of);
        }
    }
    for (n, s) in doc.sections.iter().enumerate() {
        order.push((s.code.clone(), s.name_id.clone()));
        walk(s, n, &mut of);
    }
    (order, of)
}

pub(crate) fn parse_stored(a: &assignment::Model) -> Option<Answer> {
    a.answer
        .as_deref()
        .and_then(|j| serde_json::from_str(j).ok())
}

pub(crate) fn projection(gap: GapAnalysis) -> Projection {
    Projection {
        value: gap.rounded,
        band: gap.band,
        next_band: gap.next_band,
        points_needed: gap.points_needed,
        improvements: gap.improvements.into_iter().take(5).collect(),
    }
}

/// The board: progress per OPD × top-level section, overdue items, projected scores per unit
/// and for the pemda, self-assessed and verified. Eight queries, whatever the size of the pemda.
pub async fn board(state: &AppState, scope: &TenantScope, id: Uuid) -> ServiceResult<Board> {
    scope.require(Permission::ViewTenant)?;
    let db = &state.db;
    let c = load_cycle(db, scope, id).await?; // 1
    let (label, name, doc) = load_version(db, c.instrument_version_id).await?; // 2, 3
    let items = assignment::Entity::find() // 4
        .filter(assignment::Column::CycleId.eq(id))
        .all(db)
        .await?;
    let opds: HashMap<Uuid, String> = opd::Entity::find() // 5
        .filter(opd::Column::TenantId.eq(scope.tenant_id()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let packages = work_package::Entity::find() // 6
        .filter(work_package::Column::CycleId.eq(id))
        .all(db)
        .await?;
    let unit_ids: HashSet<Uuid> = items.iter().map(|a| a.unit_id).collect();
    let units = unit::Entity::find() // 7
        .filter(unit::Column::TenantId.eq(scope.tenant_id()))
        .filter(unit::Column::Id.is_in(unit_ids))
        .order_by_asc(unit::Column::Name)
        .all(db)
        .await?;
    let reviews: HashMap<Uuid, review::Model> = review::Entity::find() // 8
        .filter(review::Column::CycleId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.assignment_id, r))
        .collect();
    let (sections, top_of) = section_of(&doc);
    let today = scope.today();
    let mut rows: BTreeMap<(String, Uuid), BoardRow> = BTreeMap::new();
    let mut unassigned = 0;
    let super::dashboard::Tally {
        answers,
        verified,
        any_verified,
    } = super::dashboard::tally(&items, &reviews);
    let mut accepted_in: HashMap<Uuid, usize> = HashMap::new();
    for a in &items {
        let answered = a.answer.is_some();
        let r = reviews.get(&a.id);
        let status = r.and_then(|r| ReviewStatus::from_code(&r.status));
        let accepted = status == Some(ReviewStatus::Accepted);
        let sent_back = status == Some(ReviewStatus::RevisionRequested);
        *accepted_in.entry(a.unit_id).or_default() += usize::from(accepted);
        if a.opd_id.is_none() || a.pic_user_id.is_none() {
            unassigned += 1;
        }
        let Some(opd_id) = a.opd_id else { continue };
        let opd_name = opds.get(&opd_id).cloned().unwrap_or_default();
        let row = rows.entry((opd_name.clone(), opd_id)).or_insert_with(|| {
            let package = packages.iter().find(|p| p.opd_id == opd_id);
            BoardRow {
                opd_id,
                opd: opd_name,
                package_id: package.map(|p| p.id),
                package_status: package.map(|p| PackageStatus::from_code(&p.status)),
                cells: vec![Cell::default(); sections.len()],
                total: Cell::default(),
            }
        });
        let overdue = !answered && a.due_on.is_some_and(|d| d < today);
        let top = top_of.get(&a.indicator_code).copied();
        for cell in top
            .and_then(|t| row.cells.get_mut(t))
            .into_iter()
            .chain(std::iter::once(&mut row.total))
        {
            cell.total += 1;
            cell.answered += usize::from(answered);
            cell.overdue += usize::from(overdue);
            cell.accepted += usize::from(accepted);
            cell.revision += usize::from(sent_back);
        }
    }
    let empty = Answers::new();
    let per_unit: Vec<UnitProjection> = units
        .iter()
        .map(|u| {
            let a = answers.get(&u.id).unwrap_or(&empty);
            let total = items.iter().filter(|i| i.unit_id == u.id).count();
            UnitProjection {
                unit_id: u.id,
                name: u.name.clone(),
                is_lokus: u.is_lokus,
                answered: a.len(),
                total,
                projection: gaps::unit_gap(c.instrument_version_id, &doc, a).map(projection),
                accepted: accepted_in.get(&u.id).copied().unwrap_or(0),
                verified: any_verified
                    .then(|| {
                        gaps::unit_gap(
                            c.instrument_version_id,
                            &doc,
                            verified.get(&u.id).unwrap_or(&empty),
                        )
                    })
                    .flatten()
                    .map(projection),
            }
        })
        .collect();
    let lokus: Vec<(String, &Answers)> = units
        .iter()
        .filter(|u| u.is_lokus)
        .map(|u| (u.name.clone(), answers.get(&u.id).unwrap_or(&empty)))
        .collect();
    let lokus_answers: Vec<LokusAnswers<'_>> = lokus
        .iter()
        .map(|(n, a)| LokusAnswers {
            unit: n,
            weight: 1.0,
            answers: a,
            deductions: &[],
        })
        .collect();
    let pemda = if lokus_answers.is_empty() {
        None
    } else {
        gaps::pemda_gap(c.instrument_version_id, &doc, &lokus_answers).map(projection)
    };
    let lokus_verified: Vec<LokusAnswers<'_>> = lokus
        .iter()
        .zip(units.iter().filter(|u| u.is_lokus))
        .map(|((n, _), u)| LokusAnswers {
            unit: n,
            weight: 1.0,
            answers: verified.get(&u.id).unwrap_or(&empty),
            deductions: &[],
        })
        .collect();
    let pemda_verified = if lokus_verified.is_empty() || !any_verified {
        None
    } else {
        gaps::pemda_gap(c.instrument_version_id, &doc, &lokus_verified).map(projection)
    };
    Ok(Board {
        cycle: cycle_row(&c, label, name),
        sections,
        rows: rows.into_values().collect(),
        unassigned,
        units: per_unit,
        pemda,
        pemda_verified,
        can_manage: scope.can(Permission::ManageCycles),
        queries: 8,
    })
}

/// A filter on a cycle's items for bulk assignment.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Top-level section code.
    pub section: Option<String>,
    /// Answering OPD (or the unit's OPD).
    pub opd_id: Option<Uuid>,
    /// Unit.
    pub unit_id: Option<Uuid>,
}

/// The people of the pemda who can answer (OPD heads and staff, coordinators).
async fn people(db: &impl ConnectionTrait, scope: &TenantScope) -> ServiceResult<Vec<Person>> {
    let members = membership::Entity::find()
        .filter(membership::Column::TenantId.eq(scope.tenant_id()))
        .filter(membership::Column::DisabledAt.is_null())
        .filter(membership::Column::Role.is_in([
            Role::Coordinator.code(),
            Role::OpdHead.code(),
            Role::OpdStaff.code(),
        ]))
        .all(db)
        .await?;
    let users: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(members.iter().map(|m| m.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let opds: HashMap<Uuid, String> = opd::Entity::find()
        .filter(opd::Column::TenantId.eq(scope.tenant_id()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut out: Vec<Person> = Vec::new();
    for m in members {
        if out.iter().any(|p| p.id == m.user_id) {
            continue;
        }
        out.push(Person {
            id: m.user_id,
            name: users.get(&m.user_id).cloned().unwrap_or_default(),
            opd: m.opd_id.and_then(|o| opds.get(&o).cloned()),
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Rows for a list of assignments, with names resolved in bulk.
async fn assignment_rows(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    items: &[assignment::Model],
) -> ServiceResult<Vec<AssignmentRow>> {
    let cycle_ids: HashSet<Uuid> = items.iter().map(|a| a.cycle_id).collect();
    let cycles: HashMap<Uuid, cycle::Model> = cycle::Entity::find()
        .filter(cycle::Column::Id.is_in(cycle_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut docs: HashMap<Uuid, InstrumentVersion> = HashMap::new();
    for c in cycles.values() {
        if let std::collections::hash_map::Entry::Vacant(e) = docs.entry(c.instrument_version_id) {
            let (_, _, doc) = load_version(db, c.instrument_version_id).await?;
            e.insert(doc);
        }
    }
    let units: HashMap<Uuid, String> = unit::Entity::find()
        .filter(unit::Column::TenantId.eq(scope.tenant_id()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let opds: HashMap<Uuid, String> = opd::Entity::find()
        .filter(opd::Column::TenantId.eq(scope.tenant_id()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let pic_ids: HashSet<Uuid> = items.iter().filter_map(|a| a.pic_user_id).collect();
    let pics: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(pic_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let today = scope.today();
    Ok(items
        .iter()
        .map(|a| {
            let c = cycles.get(&a.cycle_id);
            let text = c
                .and_then(|c| docs.get(&c.instrument_version_id))
                .and_then(|d| d.indicator(&a.indicator_code))
                .map(|i| i.text_id.clone())
                .unwrap_or_default();
            let answered = a.answer.is_some();
            AssignmentRow {
                id: a.id,
                cycle_id: a.cycle_id,
                cycle: c.map(|c| c.name.clone()).unwrap_or_default(),
                unit: units.get(&a.unit_id).cloned().unwrap_or_default(),
                opd: a.opd_id.and_then(|o| opds.get(&o).cloned()),
                pic: a.pic_user_id.and_then(|p| pics.get(&p).cloned()),
                code: a.indicator_code.clone(),
                text,
                due_on: a.due_on.map(ymd),
                overdue: !answered && urgency(a.due_on, today) == Urgency::Overdue,
                due_soon: !answered && urgency(a.due_on, today) == Urgency::DueSoon,
                answered,
                ready: a.ready,
            }
        })
        .collect())
}

/// People, sections, OPDs, units and unassigned items of a cycle.
pub async fn assign_options(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
) -> ServiceResult<AssignOptions> {
    scope.require(Permission::ManageCycles)?;
    let db = &state.db;
    let c = load_cycle(db, scope, id).await?;
    let (label, name, doc) = load_version(db, c.instrument_version_id).await?;
    let (sections, _) = section_of(&doc);
    let items = assignment::Entity::find()
        .filter(assignment::Column::CycleId.eq(id))
        .order_by_asc(assignment::Column::IndicatorCode)
        .all(db)
        .await?;
    let unit_ids: HashSet<Uuid> = items.iter().map(|a| a.unit_id).collect();
    let units_in: Vec<unit::Model> = unit::Entity::find()
        .filter(unit::Column::TenantId.eq(scope.tenant_id()))
        .filter(unit::Column::Id.is_in(unit_ids))
        .order_by_asc(unit::Column::Name)
        .all(db)
        .await?;
    let opds = opd::Entity::find()
        .filter(opd::Column::TenantId.eq(scope.tenant_id()))
        .order_by_asc(opd::Column::Name)
        .all(db)
        .await?;
    let open: Vec<assignment::Model> = items
        .into_iter()
        .filter(|a| a.opd_id.is_none() || a.pic_user_id.is_none())
        .collect();
    let total = open.len();
    let listed: Vec<assignment::Model> = open.into_iter().take(UNASSIGNED_LISTED).collect();
    Ok(AssignOptions {
        cycle: cycle_row(&c, label, name),
        sections,
        opds: opds.into_iter().map(|o| (o.id, o.name)).collect(),
        units: units_in.into_iter().map(|u| (u.id, u.name)).collect(),
        people: people(db, scope).await?,
        unassigned: assignment_rows(db, scope, &listed).await?,
        unassigned_total: total,
    })
}

/// Sets PIC and/or due date on every item of the selection. Returns how many changed.
pub async fn assign_bulk(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
    selection: Selection,
    pic: Option<Uuid>,
    due_on: Option<String>,
) -> ServiceResult<u64> {
    scope.require(Permission::ManageCycles)?;
    let due = optional_date("due_on", due_on.as_deref())?;
    if pic.is_none() && due.is_none() {
        return Err(field("pic", FieldProblem::Required));
    }
    let txn = crate::server::db::begin(&state.db).await?;
    let c = load_cycle(&txn, scope, id).await?;
    if CycleStatus::from_code(&c.status) == CycleStatus::Closed {
        return Err(ServiceError::Locked);
    }
    if let Some(p) = pic {
        if !people(&txn, scope).await?.iter().any(|x| x.id == p) {
            return Err(ServiceError::NotFound);
        }
    }
    // An OPD or unit outside the cycle is refused on its field, not taken as "no items".
    for (name, column, wanted) in [
        ("opd_id", assignment::Column::OpdId, selection.opd_id),
        ("unit_id", assignment::Column::UnitId, selection.unit_id),
    ] {
        if let Some(wanted) = wanted {
            let known = assignment::Entity::find()
                .filter(assignment::Column::CycleId.eq(id))
                .filter(column.eq(wanted))
                .one(&txn)
                .await?
                .is_some();
            if !known {
                return Err(field(name, FieldProblem::Invalid));
            }
        }
    }
    let mut filter = Condition::all().add(assignment::Column::CycleId.eq(id));
    if let Some(code) = &selection.section {
        let (_, _, doc) = load_version(&txn, c.instrument_version_id).await?;
        let (sections, top_of) = section_of(&doc);
        let n = sections
            .iter()
            .position(|(c, _)| c == code)
            .ok_or_else(|| field("section", FieldProblem::Invalid))?;
        let codes: Vec<String> = top_of
            .into_iter()
            .filter(|(_, t)| *t == n)
            .map(|(c, _)| c)
            .collect();
        filter = filter.add(assignment::Column::IndicatorCode.is_in(codes));
    }
    if let Some(o) = selection.opd_id {
        filter = filter.add(assignment::Column::OpdId.eq(o));
    }
    if let Some(u) = selection.unit_id {
        filter = filter.add(assignment::Column::UnitId.eq(u));
    }
    let mut update = assignment::Entity::update_many()
        .col_expr(
            assignment::Column::Revision,
            Expr::col(assignment::Column::Revision).add(1),
        )
        .filter(filter);
    if let Some(p) = pic {
        update = update.col_expr(assignment::Column::PicUserId, Expr::value(p));
    }
    if let Some(d) = due {
        update = update.col_expr(assignment::Column::DueOn, Expr::value(d));
    }
    let n = update.exec(&txn).await?.rows_affected;
    event(
        &txn,
        scope,
        Event {
            cycle: id,
            package: None,
            item: None,
            kind: "assignment.bulk",
            change: None,
            note: Some(format!("{n} butir")),
        },
    )
    .await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "cycle.assign",
            entity: "cycle",
            entity_id: Some(id.to_string()),
            summary: format!(
                "{}: {n} butir (bagian {}, PIC {}, tenggat {})",
                c.name,
                selection.section.as_deref().unwrap_or("semua"),
                pic.map_or("tetap".to_owned(), |p| p.to_string()),
                due.map_or("tetap".to_owned(), ymd)
            ),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(n)
}

/// Moves every item one person holds in the cycle to another. Returns how many moved.
pub async fn reassign(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
    from: Uuid,
    to: Uuid,
) -> ServiceResult<u64> {
    scope.require(Permission::ManageCycles)?;
    let txn = crate::server::db::begin(&state.db).await?;
    let c = load_cycle(&txn, scope, id).await?;
    if CycleStatus::from_code(&c.status) == CycleStatus::Closed {
        return Err(ServiceError::Locked);
    }
    let people = people(&txn, scope).await?;
    let to_name = people
        .iter()
        .find(|p| p.id == to)
        .map(|p| p.name.clone())
        .ok_or(ServiceError::NotFound)?;
    let n = assignment::Entity::update_many()
        .col_expr(assignment::Column::PicUserId, Expr::value(to))
        .col_expr(
            assignment::Column::Revision,
            Expr::col(assignment::Column::Revision).add(1),
        )
        .filter(assignment::Column::CycleId.eq(id))
        .filter(assignment::Column::PicUserId.eq(from))
        .exec(&txn)
        .await?
        .rows_affected;
    event(
        &txn,
        scope,
        Event {
            cycle: id,
            package: None,
            item: None,
            kind: "assignment.reassign",
            change: None,
            note: Some(format!("{n} butir → {to_name}")),
        },
    )
    .await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "cycle.reassign",
            entity: "cycle",
            entity_id: Some(id.to_string()),
            summary: format!("{}: {n} butir dari {from} ke {to_name}", c.name),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(n)
}

/// The caller's items in active cycles of this pemda, by due date (undated last).
pub async fn my_tasks(state: &AppState, scope: &TenantScope) -> ServiceResult<Vec<AssignmentRow>> {
    scope.require(Permission::ViewTenant)?;
    let active: Vec<Uuid> = cycle::Entity::find()
        .filter(cycle::Column::TenantId.eq(scope.tenant_id()))
        .filter(cycle::Column::Status.eq(CycleStatus::Active.code()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let mut items = assignment::Entity::find()
        .filter(assignment::Column::CycleId.is_in(active))
        .filter(assignment::Column::PicUserId.eq(scope.user_id()))
        .all(&state.db)
        .await?;
    items.sort_by(|a, b| {
        (a.due_on.is_none(), a.due_on, &a.indicator_code).cmp(&(
            b.due_on.is_none(),
            b.due_on,
            &b.indicator_code,
        ))
    });
    assignment_rows(&state.db, scope, &items).await
}

pub(crate) async fn load_item(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    id: Uuid,
) -> ServiceResult<assignment::Model> {
    assignment::Entity::find_by_id(id)
        .filter(assignment::Column::TenantId.eq(scope.tenant_id()))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub(crate) async fn package_of(
    db: &impl ConnectionTrait,
    a: &assignment::Model,
) -> ServiceResult<Option<work_package::Model>> {
    let Some(opd_id) = a.opd_id else {
        return Ok(None);
    };
    Ok(work_package::Entity::find()
        .filter(work_package::Column::CycleId.eq(a.cycle_id))
        .filter(work_package::Column::OpdId.eq(opd_id))
        .one(db)
        .await?)
}

/// Whether the caller may answer this item: the coordinator anything, an OPD head their OPD's
/// items, a PIC their own.
pub(crate) fn may_answer(scope: &TenantScope, a: &assignment::Model) -> bool {
    scope.can(Permission::ManageCycles)
        || (scope.roles().contains(&Role::OpdHead)
            && a.opd_id.is_some()
            && scope.opd_id() == a.opd_id)
        || (scope.can(Permission::AnswerAssessment) && a.pic_user_id == Some(scope.user_id()))
}

async fn history(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    condition: Condition,
) -> ServiceResult<Vec<EventRow>> {
    let events = cycle_event::Entity::find()
        .filter(condition)
        .order_by_desc(cycle_event::Column::At)
        .all(db)
        .await?;
    let actors: HashSet<Uuid> = events.iter().filter_map(|e| e.actor_user_id).collect();
    let names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(actors))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(events
        .into_iter()
        .map(|e| EventRow {
            at: scope.stamp(e.at),
            actor: e.actor_user_id.and_then(|a| names.get(&a).cloned()),
            kind: e.kind,
            from: e.from_status,
            to: e.to_status,
            note: e.note,
        })
        .collect())
}

/// One item with its indicator, answer and history.
pub async fn item(state: &AppState, scope: &TenantScope, id: Uuid) -> ServiceResult<Item> {
    scope.require(Permission::ViewTenant)?;
    let db = &state.db;
    let a = load_item(db, scope, id).await?;
    let c = load_cycle(db, scope, a.cycle_id).await?;
    let (_, _, doc) = load_version(db, c.instrument_version_id).await?;
    let indicator = doc
        .indicator(&a.indicator_code)
        .cloned()
        .ok_or(ServiceError::NotFound)?;
    let answer_type = doc.answer_type(&indicator).cloned();
    let mut section = String::new();
    fn find_path(
        sections: &[crate::domain::instrument::Section],
        code: &str,
        path: &mut Vec<String>,
    ) -> bool {
        for s in sections {
            path.push(s.name_id.clone());
            if s.indicators.iter().any(|i| i.code == code) || find_path(&s.sections, code, path) {
                return true;
            }
            path.pop();
        }
        false
    }
    let mut path = Vec::new();
    if find_path(&doc.sections, &a.indicator_code, &mut path) {
        section = path.join(" › ");
    }
    let package = package_of(db, &a).await?;
    let package_status = package
        .as_ref()
        .map(|p| PackageStatus::from_code(&p.status));
    let unit_name = unit::Entity::find_by_id(a.unit_id)
        .one(db)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    let opd_name = match a.opd_id {
        Some(o) => opd::Entity::find_by_id(o).one(db).await?.map(|o| o.name),
        None => None,
    };
    let pic = user_name(db, a.pic_user_id).await?;
    let answered_by = user_name(db, a.answered_by).await?;
    let mut condition = Condition::any().add(cycle_event::Column::AssignmentId.eq(a.id));
    if let Some(p) = &package {
        condition = condition.add(cycle_event::Column::PackageId.eq(p.id));
    }
    let can_edit = CycleStatus::from_code(&c.status) == CycleStatus::Active
        && package_status.is_none_or(PackageStatus::editable)
        && may_answer(scope, &a);
    Ok(Item {
        id: a.id,
        cycle_id: c.id,
        cycle: c.name,
        unit: unit_name,
        opd: opd_name,
        pic,
        due_on: a.due_on.map(ymd),
        section,
        answer: parse_stored(&a),
        answer_type,
        indicator,
        notes: a.notes.clone(),
        ready: a.ready,
        revision: a.revision,
        answered: answered_by.zip(a.answered_at.map(|t| scope.stamp(t))),
        package_id: package.map(|p| p.id),
        package_status,
        can_edit,
        history: history(db, scope, condition).await?,
    })
}

/// Saves an answer if the item is still at `revision`; returns the new revision.
pub async fn save_answer(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
    revision: i32,
    answer_text: &str,
    notes: Option<&str>,
    ready: bool,
) -> ServiceResult<i32> {
    scope.require(Permission::ViewTenant)?;
    let txn = crate::server::db::begin(&state.db).await?;
    let a = load_item(&txn, scope, id).await?;
    if !may_answer(scope, &a) {
        return Err(ServiceError::Forbidden);
    }
    let c = load_cycle(&txn, scope, a.cycle_id).await?;
    if CycleStatus::from_code(&c.status) != CycleStatus::Active {
        return Err(ServiceError::Locked);
    }
    let package = package_of(&txn, &a).await?;
    if let Some(p) = &package {
        if !PackageStatus::from_code(&p.status).editable() {
            return Err(ServiceError::Locked);
        }
    }
    if a.revision != revision {
        return Err(changed_by(&txn, scope, &a).await?);
    }
    let (_, _, doc) = load_version(&txn, c.instrument_version_id).await?;
    let answer_type = doc
        .indicator(&a.indicator_code)
        .and_then(|i| doc.answer_type(i))
        .ok_or(ServiceError::NotFound)?;
    let answer = parse_answer(answer_type, answer_text)
        .map_err(|_| field("answer", FieldProblem::Invalid))?;
    let notes = notes.map(str::trim).filter(|n| !n.is_empty());
    if notes.is_some_and(|n| n.chars().count() > 4000) {
        return Err(field("notes", FieldProblem::TooLong));
    }
    if ready && answer.is_none() {
        return Err(field("answer", FieldProblem::Required));
    }
    let json = answer
        .as_ref()
        .map(|a| serde_json::to_string(a).map_err(|e| ServiceError::Internal(e.to_string())))
        .transpose()?;
    let now = Utc::now();
    let updated = assignment::Entity::update_many()
        .col_expr(assignment::Column::Answer, Expr::value(json.clone()))
        .col_expr(
            assignment::Column::Notes,
            Expr::value(notes.map(str::to_owned)),
        )
        .col_expr(assignment::Column::Ready, Expr::value(ready))
        .col_expr(assignment::Column::Revision, Expr::value(revision + 1))
        .col_expr(assignment::Column::AnsweredAt, Expr::value(Some(now)))
        .col_expr(
            assignment::Column::AnsweredBy,
            Expr::value(Some(scope.user_id())),
        )
        .filter(assignment::Column::Id.eq(a.id))
        .filter(assignment::Column::Revision.eq(revision))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        let now = load_item(&txn, scope, id).await?;
        return Err(changed_by(&txn, scope, &now).await?);
    }
    let summary = answer.as_ref().map_or_else(
        || "dikosongkan".to_owned(),
        |_| answer_text.trim().to_owned(),
    );
    event(
        &txn,
        scope,
        Event {
            cycle: a.cycle_id,
            package: None,
            item: Some(a.id),
            kind: "answer.saved",
            change: None,
            note: Some(if ready {
                format!("{summary} · siap")
            } else {
                summary
            }),
        },
    )
    .await?;
    if let Some(p) = package {
        let from = PackageStatus::from_code(&p.status);
        if let Some(to) = from.apply(PackageAction::Start) {
            move_package(&txn, scope, &p, from, to, None).await?;
        }
    }
    if a.answer != json {
        super::review::on_change(&txn, scope, &a).await?;
    }
    txn.commit().await?;
    state
        .live
        .item(scope.tenant_id(), a.id, super::live::ChangeKind::Answer);
    Ok(revision + 1)
}

async fn changed_by(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    a: &assignment::Model,
) -> ServiceResult<ServiceError> {
    Ok(ServiceError::ChangedBy {
        by: user_name(db, a.answered_by).await?,
        at: a
            .answered_at
            .map(|t| scope.stamp(t).to_string())
            .unwrap_or_default(),
    })
}

/// Moves a package from `from` to `to` if it is still in `from`; false when someone else
/// moved it first (a double submit lands here and does nothing).
pub(crate) async fn move_package(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    p: &work_package::Model,
    from: PackageStatus,
    to: PackageStatus,
    note: Option<String>,
) -> ServiceResult<bool> {
    let updated = work_package::Entity::update_many()
        .col_expr(work_package::Column::Status, Expr::value(to.code()))
        .col_expr(
            work_package::Column::Revision,
            Expr::col(work_package::Column::Revision).add(1),
        )
        .col_expr(work_package::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            work_package::Column::UpdatedBy,
            Expr::value(Some(scope.user_id())),
        )
        .filter(work_package::Column::Id.eq(p.id))
        .filter(work_package::Column::Status.eq(from.code()))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        return Ok(false);
    }
    event(
        db,
        scope,
        Event {
            cycle: p.cycle_id,
            package: Some(p.id),
            item: None,
            kind: "package.status",
            change: Some((from.code(), to.code())),
            note,
        },
    )
    .await?;
    Ok(true)
}

async fn load_package(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    id: Uuid,
) -> ServiceResult<work_package::Model> {
    work_package::Entity::find_by_id(id)
        .filter(work_package::Column::TenantId.eq(scope.tenant_id()))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

fn may_submit(scope: &TenantScope, p: &work_package::Model) -> bool {
    scope.can(Permission::ManageCycles)
        || (scope.can(Permission::AnswerAssessment) && scope.opd_id() == Some(p.opd_id))
}

/// An OPD's package with its items and history.
pub async fn package(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
) -> ServiceResult<PackageView> {
    scope.require(Permission::ViewTenant)?;
    let db = &state.db;
    let p = load_package(db, scope, id).await?;
    let c = load_cycle(db, scope, p.cycle_id).await?;
    let mut items = assignment::Entity::find()
        .filter(assignment::Column::CycleId.eq(p.cycle_id))
        .filter(assignment::Column::OpdId.eq(p.opd_id))
        .all(db)
        .await?;
    items.sort_by(|a, b| (a.unit_id, &a.indicator_code).cmp(&(b.unit_id, &b.indicator_code)));
    let opd_name = opd::Entity::find_by_id(p.opd_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let status = PackageStatus::from_code(&p.status);
    let active = CycleStatus::from_code(&c.status) == CycleStatus::Active;
    Ok(PackageView {
        id: p.id,
        cycle_id: c.id,
        cycle: c.name,
        opd: opd_name,
        status,
        items: assignment_rows(db, scope, &items).await?,
        can_submit: active
            && may_submit(scope, &p)
            && status.apply(PackageAction::Submit).is_some(),
        can_reopen: active
            && scope.can(Permission::ManageCycles)
            && status.apply(PackageAction::Reopen).is_some(),
        history: history(
            db,
            scope,
            Condition::all().add(cycle_event::Column::PackageId.eq(p.id)),
        )
        .await?,
    })
}

/// Submits a package when every item is answered; a package already submitted stays as it is.
pub async fn submit(state: &AppState, scope: &TenantScope, id: Uuid) -> ServiceResult<()> {
    scope.require(Permission::ViewTenant)?;
    let txn = crate::server::db::begin(&state.db).await?;
    let p = load_package(&txn, scope, id).await?;
    if !may_submit(scope, &p) {
        return Err(ServiceError::Forbidden);
    }
    let c = load_cycle(&txn, scope, p.cycle_id).await?;
    if CycleStatus::from_code(&c.status) != CycleStatus::Active {
        return Err(ServiceError::Locked);
    }
    let from = PackageStatus::from_code(&p.status);
    let Some(to) = from.apply(PackageAction::Submit) else {
        // Already submitted (a double click) or accepted: nothing to do.
        return if from == PackageStatus::Submitted {
            Ok(())
        } else {
            Err(ServiceError::Locked)
        };
    };
    let mut missing: Vec<String> = assignment::Entity::find()
        .filter(assignment::Column::CycleId.eq(p.cycle_id))
        .filter(assignment::Column::OpdId.eq(p.opd_id))
        .filter(assignment::Column::Answer.is_null())
        .all(&txn)
        .await?
        .into_iter()
        .map(|a| a.indicator_code)
        .collect();
    if !missing.is_empty() {
        missing.sort();
        missing.dedup();
        return Err(ServiceError::Incomplete(missing));
    }
    let mut items = Vec::new();
    if move_package(&txn, scope, &p, from, to, None).await? {
        audit::record(
            &txn,
            audit::Entry {
                actor: Some(scope.user_id()),
                tenant: Some(scope.tenant_id()),
                action: "package.submit",
                entity: "work_package",
                entity_id: Some(p.id.to_string()),
                summary: format!("{}: {} → {}", c.name, from.code(), to.code()),
                ..Default::default()
            },
        )
        .await?;
        items = super::review::on_submit(&txn, scope, &state.settings.public_url, &p).await?;
    }
    txn.commit().await?;
    for item in items {
        state
            .live
            .item(scope.tenant_id(), item, super::live::ChangeKind::Review);
    }
    Ok(())
}

/// The coordinator reopens a submitted or accepted package, with a reason.
pub async fn reopen(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
    note: &str,
) -> ServiceResult<()> {
    scope.require(Permission::ManageCycles)?;
    let note = note.trim();
    if note.is_empty() {
        return Err(field("note", FieldProblem::Required));
    }
    let txn = crate::server::db::begin(&state.db).await?;
    let p = load_package(&txn, scope, id).await?;
    let from = PackageStatus::from_code(&p.status);
    let to = from
        .apply(PackageAction::Reopen)
        .ok_or_else(|| field("note", FieldProblem::Invalid))?;
    if move_package(&txn, scope, &p, from, to, Some(note.to_owned())).await? {
        audit::record(
            &txn,
            audit::Entry {
                actor: Some(scope.user_id()),
                tenant: Some(scope.tenant_id()),
                action: "package.reopen",
                entity: "work_package",
                entity_id: Some(p.id.to_string()),
                summary: format!("{} → {}: {note}", from.code(), to.code()),
                ..Default::default()
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
