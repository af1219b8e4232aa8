//! Dashboards: a cycle's projected and official results, progress, OPD ranking and trend; the
//! official results a coordinator records; the mentor's overview of every granted pemda.
//!
//! Each reads its rows in a fixed number of queries whatever the size of the pemda (or of the
//! region) and computes everything else in memory with the scoring engine, exactly as the board.

use super::audit;
use super::cycles::{cycle_row, load_cycle, load_version, parse_stored, section_of};
use super::entities::{
    assignment, cycle, cycle_unit, evidence, instrument, instrument_version, office_grant,
    official_result, opd, review, tenant, unit, user,
};
use super::error::{ServiceError, ServiceResult};
use super::scope::TenantScope;
use super::state::AppState;
use crate::api::cycles::Projection;
use crate::api::dashboard::{
    Dashboard, Dimension, OpdRank, OverdueItem, Progress, Regional, RegionalRow, Scale, TrendRow,
    UnitResult,
};
use crate::domain::account::FieldProblem;
use crate::domain::cycle::CycleStatus;
use crate::domain::format::date_id;
use crate::domain::instrument::{
    round_half_up, score_pemda, score_unit, Answer, Answers, Band, InstrumentVersion, LokusAnswers,
    LokusScore, UnitScore,
};
use crate::domain::review::ReviewStatus;
use crate::domain::role::Permission;
use chrono::{Datelike, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// Ranked actions shown on the dashboard.
const ACTIONS: usize = 10;
/// Overdue items listed on the dashboard.
const OVERDUE_LISTED: usize = 20;
/// The subject key of a pemda-wide official result.
pub(crate) const PEMDA: &str = "pemda";

/// Answers per unit of one cycle: as self-assessed, and with the mentor's verified answer
/// wherever one was given.
#[derive(Default)]
pub(crate) struct Tally {
    /// Self-assessed answers per unit.
    pub(crate) answers: HashMap<Uuid, Answers>,
    /// Verified answers (else self-assessed) per unit.
    pub(crate) verified: HashMap<Uuid, Answers>,
    /// Some mentor gave a verified answer.
    pub(crate) any_verified: bool,
}

/// The verified answer a review holds, if any.
pub(crate) fn verified_answer(r: Option<&review::Model>) -> Option<Answer> {
    r.and_then(|r| r.verified_answer.as_deref())
        .and_then(|j| serde_json::from_str(j).ok())
}

/// Sorts a cycle's answers per unit.
pub(crate) fn tally(items: &[assignment::Model], reviews: &HashMap<Uuid, review::Model>) -> Tally {
    let mut t = Tally::default();
    for a in items {
        let answer = parse_stored(a);
        let checked = verified_answer(reviews.get(&a.id));
        t.any_verified |= checked.is_some();
        if let Some(v) = checked.or_else(|| answer.clone()) {
            t.verified
                .entry(a.unit_id)
                .or_default()
                .insert(a.indicator_code.clone(), v);
        }
        if let Some(ans) = answer {
            t.answers
                .entry(a.unit_id)
                .or_default()
                .insert(a.indicator_code.clone(), ans);
        }
    }
    t
}

/// A unit's score, or `None` when its answers cannot be scored.
fn unit_score(doc: &InstrumentVersion, answers: Option<&Answers>) -> Option<UnitScore> {
    let empty = Answers::new();
    score_unit(doc, answers.unwrap_or(&empty), &[]).ok()
}

/// The pemda's value (rounded as published) from its lokus units' scores.
fn pemda_value(doc: &InstrumentVersion, lokus: &[(String, f64)]) -> Option<f64> {
    if lokus.is_empty() {
        return None;
    }
    let scores: Vec<LokusScore> = lokus
        .iter()
        .map(|(unit, value)| LokusScore {
            unit: unit.clone(),
            value: *value,
            weight: 1.0,
        })
        .collect();
    score_pemda(doc, &scores).ok().map(|p| p.rounded)
}

/// The pemda's projected and verified values of one cycle.
fn cycle_values(
    doc: &InstrumentVersion,
    lokus: &[&unit::Model],
    t: &Tally,
) -> (Option<f64>, Option<f64>) {
    let values = |of: &HashMap<Uuid, Answers>| -> Vec<(String, f64)> {
        lokus
            .iter()
            .filter_map(|u| unit_score(doc, of.get(&u.id)).map(|s| (u.name.clone(), s.value)))
            .collect()
    };
    let projected = pemda_value(doc, &values(&t.answers));
    let verified = t
        .any_verified
        .then(|| pemda_value(doc, &values(&t.verified)))
        .flatten();
    (projected, verified)
}

fn band(doc: &InstrumentVersion, value: Option<f64>) -> Option<Band> {
    value.and_then(|v| doc.bands.lookup(v, doc.scale.decimals).cloned())
}

fn to_projection(gap: crate::domain::instrument::GapAnalysis) -> Projection {
    Projection {
        value: gap.rounded,
        band: gap.band,
        next_band: gap.next_band,
        points_needed: gap.points_needed,
        improvements: gap.improvements.into_iter().take(ACTIONS).collect(),
    }
}

/// Scale of a version, as the pages show it.
fn scale(doc: &InstrumentVersion) -> Scale {
    Scale {
        min: doc.scale.min,
        max: doc.scale.max,
        decimals: doc.scale.decimals,
    }
}

/// Bands lowest first.
fn bands(doc: &InstrumentVersion) -> Vec<Band> {
    let mut b = doc.bands.bands.clone();
    b.sort_by(|x, y| x.lower.total_cmp(&y.lower));
    b
}

/// Ranks by value, best first; equal published values share a rank.
fn rank_by<T>(
    rows: &mut [T],
    value: impl Fn(&T) -> Option<f64>,
    mut set: impl FnMut(&mut T, usize),
) {
    let mut last: Option<(f64, usize)> = None;
    for (i, row) in rows.iter_mut().enumerate() {
        let Some(v) = value(row) else { continue };
        let rank = match last {
            Some((lv, lr)) if lv == v => lr,
            _ => i + 1,
        };
        last = Some((v, rank));
        set(row, rank);
    }
}

/// A cycle's dashboard. Fourteen queries, whatever the number of OPDs, indicators and earlier
/// cycles.
pub async fn dashboard(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
) -> ServiceResult<Dashboard> {
    scope.require(Permission::ViewTenant)?;
    let db = &state.db;
    let c = load_cycle(db, scope, id).await?; // 1
    let (label, name, doc) = load_version(db, c.instrument_version_id).await?; // 2, 3
    let items = assignment::Entity::find() // 4
        .filter(assignment::Column::CycleId.eq(id))
        .filter(assignment::Column::TenantId.eq(scope.tenant_id()))
        .all(db)
        .await?;
    let opds: HashMap<Uuid, opd::Model> =
        opd::Entity::find() // 5
            .filter(opd::Column::TenantId.eq(scope.tenant_id()))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
    let units: Vec<unit::Model> = unit::Entity::find() // 6
        .filter(unit::Column::TenantId.eq(scope.tenant_id()))
        .order_by_asc(unit::Column::Name)
        .all(db)
        .await?;
    let reviews: HashMap<Uuid, review::Model> = review::Entity::find() // 7
        .filter(review::Column::CycleId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.assignment_id, r))
        .collect();
    let with_evidence: HashSet<Uuid> = evidence::Entity::find() // 8
        .select_only()
        .column(evidence::Column::AssignmentId)
        .filter(evidence::Column::CycleId.eq(id))
        .filter(evidence::Column::DeletedAt.is_null())
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let past: Vec<cycle::Model> = cycle::Entity::find() // 9
        .filter(cycle::Column::TenantId.eq(scope.tenant_id()))
        .filter(cycle::Column::Status.eq(CycleStatus::Closed.code()))
        .filter(cycle::Column::Id.ne(id))
        .all(db)
        .await?;
    let versions: HashMap<Uuid, instrument_version::Model> = instrument_version::Entity::find() // 10
        .filter(
            instrument_version::Column::Id.is_in(
                past.iter()
                    .map(|p| p.instrument_version_id)
                    .chain([c.instrument_version_id]),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let instrument_id = versions
        .get(&c.instrument_version_id)
        .map(|v| v.instrument_id)
        .ok_or(ServiceError::NotFound)?;
    // Only cycles of the same instrument are comparable: their scales and bands differ otherwise.
    let past: Vec<cycle::Model> = past
        .into_iter()
        .filter(|p| {
            versions
                .get(&p.instrument_version_id)
                .is_some_and(|v| v.instrument_id == instrument_id)
        })
        .collect();
    let past_ids: Vec<Uuid> = past.iter().map(|p| p.id).collect();
    let past_items = assignment::Entity::find() // 11
        .filter(assignment::Column::CycleId.is_in(past_ids.clone()))
        .filter(assignment::Column::TenantId.eq(scope.tenant_id()))
        .all(db)
        .await?;
    let past_reviews: HashMap<Uuid, review::Model> =
        review::Entity::find() // 12
            .filter(review::Column::CycleId.is_in(past_ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.assignment_id, r))
            .collect();
    let officials = official_result::Entity::find() // 13
        .filter(official_result::Column::TenantId.eq(scope.tenant_id()))
        .filter(official_result::Column::CycleId.is_in(past_ids.iter().copied().chain([id])))
        .all(db)
        .await?;
    let tenant_name = scope.tenant().name.clone();

    let today = scope.today();
    let unit_of: HashMap<Uuid, &unit::Model> = units.iter().map(|u| (u.id, u)).collect();
    let in_scope: HashSet<Uuid> = items.iter().map(|a| a.unit_id).collect();
    let scoped: Vec<&unit::Model> = units.iter().filter(|u| in_scope.contains(&u.id)).collect();
    let lokus: Vec<&unit::Model> = scoped.iter().copied().filter(|u| u.is_lokus).collect();
    let t = tally(&items, &reviews);

    // Progress, per OPD and in all.
    let mut progress = Progress::default();
    let mut per_opd: HashMap<Uuid, Progress> = HashMap::new();
    let mut per_unit: HashMap<Uuid, (usize, usize)> = HashMap::new();
    let mut overdue: Vec<OverdueItem> = Vec::new();
    let mut late: Vec<&assignment::Model> = Vec::new();
    for a in &items {
        let r = reviews.get(&a.id);
        let status = r.and_then(|r| ReviewStatus::from_code(&r.status));
        let answered = a.answer.is_some();
        let is_late = !answered && a.due_on.is_some_and(|d| d < today);
        let opd_id = a
            .opd_id
            .or_else(|| unit_of.get(&a.unit_id).map(|u| u.opd_id));
        for p in std::iter::once(&mut progress).chain(opd_id.map(|o| per_opd.entry(o).or_default()))
        {
            p.total += 1;
            p.answered += usize::from(answered);
            p.with_evidence += usize::from(with_evidence.contains(&a.id));
            p.reviewed += usize::from(r.is_some_and(|r| r.reviewed_at.is_some()));
            p.accepted += usize::from(status == Some(ReviewStatus::Accepted));
            p.overdue += usize::from(is_late);
        }
        let u = per_unit.entry(a.unit_id).or_default();
        u.0 += usize::from(answered);
        u.1 += 1;
        if is_late {
            late.push(a);
        }
    }
    late.sort_by_key(|a| (a.due_on, a.opd_id, a.indicator_code.clone()));
    for a in late.into_iter().take(OVERDUE_LISTED) {
        let u = unit_of.get(&a.unit_id);
        overdue.push(OverdueItem {
            id: a.id,
            code: a.indicator_code.clone(),
            text: doc
                .indicator(&a.indicator_code)
                .map(|i| i.text_id.clone())
                .unwrap_or_default(),
            unit: u.map(|u| u.name.clone()).unwrap_or_default(),
            opd: a
                .opd_id
                .or(u.map(|u| u.opd_id))
                .and_then(|o| opds.get(&o))
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            due_on: a.due_on.map(date_id).unwrap_or_default(),
        });
    }

    // Unit scores, self and verified, and the dimensions averaged over the lokus units.
    let official_of = |cycle: Uuid, subject: &str| {
        officials
            .iter()
            .find(|o| o.cycle_id == cycle && o.subject == subject)
            .map(|o| o.value)
    };
    let (sections, _) = section_of(&doc);
    let mut dim_sum: Vec<(f64, usize, f64, usize)> = vec![(0.0, 0, 0.0, 0); sections.len()];
    let mut unit_rows: Vec<UnitResult> = Vec::new();
    for u in &scoped {
        let own = unit_score(&doc, t.answers.get(&u.id));
        let checked = t
            .any_verified
            .then(|| unit_score(&doc, t.verified.get(&u.id)))
            .flatten();
        if u.is_lokus {
            for (n, s) in doc.sections.iter().enumerate() {
                let pick = |score: &Option<UnitScore>| {
                    score
                        .as_ref()
                        .and_then(|x| x.sections.iter().find(|ss| ss.code == s.code))
                        .and_then(|ss| ss.fraction)
                };
                if let Some(f) = pick(&own) {
                    dim_sum[n].0 += f;
                    dim_sum[n].1 += 1;
                }
                if let Some(f) = pick(&checked) {
                    dim_sum[n].2 += f;
                    dim_sum[n].3 += 1;
                }
            }
        }
        let (answered, total) = per_unit.get(&u.id).copied().unwrap_or_default();
        let official = official_of(id, &u.id.to_string());
        unit_rows.push(UnitResult {
            unit_id: u.id,
            name: u.name.clone(),
            opd: opds
                .get(&u.opd_id)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
            is_lokus: u.is_lokus,
            projected: own.as_ref().map(|s| s.rounded),
            band: own.and_then(|s| s.band),
            verified: checked.map(|s| s.rounded),
            official,
            official_band: band(&doc, official),
            answered,
            total,
        });
    }
    unit_rows.sort_by(|a, b| b.is_lokus.cmp(&a.is_lokus).then(a.name.cmp(&b.name)));
    let weight_total: f64 = doc.sections.iter().filter_map(|s| s.weight).sum();
    let all_weighted = doc.sections.iter().all(|s| s.weight.is_some()) && weight_total > 0.0;
    let dimensions: Vec<Dimension> = doc
        .sections
        .iter()
        .zip(dim_sum)
        .map(|(s, (own, n_own, checked, n_checked))| Dimension {
            code: s.code.clone(),
            name: s.name_id.clone(),
            weight: all_weighted.then(|| s.weight.unwrap_or(0.0) * 100.0 / weight_total),
            projected: (n_own > 0).then(|| own * 100.0 / n_own as f64),
            verified: (t.any_verified && n_checked > 0).then(|| checked * 100.0 / n_checked as f64),
        })
        .collect();

    // The pemda: gap and actions from the lokus units.
    let empty = Answers::new();
    let gap_of = |of: &HashMap<Uuid, Answers>| {
        let lokus_answers: Vec<LokusAnswers<'_>> = lokus
            .iter()
            .map(|u| LokusAnswers {
                unit: &u.name,
                weight: 1.0,
                answers: of.get(&u.id).unwrap_or(&empty),
                deductions: &[],
            })
            .collect();
        if lokus_answers.is_empty() {
            None
        } else {
            super::gaps::pemda_gap(c.instrument_version_id, &doc, &lokus_answers).map(to_projection)
        }
    };
    let pemda = gap_of(&t.answers);
    let pemda_verified = if t.any_verified {
        gap_of(&t.verified)
    } else {
        None
    };

    // OPDs ranked by the mean projection of their units.
    let mut opd_rows: Vec<OpdRank> = per_opd
        .iter()
        .filter_map(|(opd_id, p)| {
            let o = opds.get(opd_id)?;
            let values: Vec<f64> = unit_rows
                .iter()
                .filter(|u| unit_of.get(&u.unit_id).is_some_and(|m| m.opd_id == *opd_id))
                .filter_map(|u| u.projected)
                .collect();
            let value = (!values.is_empty()).then(|| {
                round_half_up(
                    values.iter().sum::<f64>() / values.len() as f64,
                    doc.scale.decimals,
                )
            });
            Some(OpdRank {
                rank: 0,
                opd_id: *opd_id,
                name: o.name.clone(),
                value,
                band: band(&doc, value),
                answered: p.answered,
                total: p.total,
                accepted: p.accepted,
                overdue: p.overdue,
            })
        })
        .collect();
    opd_rows.sort_by(|a, b| {
        b.value
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&a.value.unwrap_or(f64::NEG_INFINITY))
            .then(a.name.cmp(&b.name))
    });
    rank_by(&mut opd_rows, |r| r.value, |r, n| r.rank = n);

    // The trend over closed cycles of the same instrument, and this one.
    let past_tallies: HashMap<Uuid, Vec<assignment::Model>> =
        past_items.into_iter().fold(HashMap::new(), |mut m, a| {
            m.entry(a.cycle_id).or_default().push(a);
            m
        });
    let mut docs: HashMap<Uuid, InstrumentVersion> = HashMap::new();
    for p in &past {
        if let std::collections::hash_map::Entry::Vacant(e) = docs.entry(p.instrument_version_id) {
            if let Some(v) = versions.get(&p.instrument_version_id) {
                e.insert(super::instruments::document(v)?);
            }
        }
    }
    let mut trend: Vec<TrendRow> = past
        .iter()
        .filter_map(|p| {
            let pdoc = docs.get(&p.instrument_version_id)?;
            let rows = past_tallies.get(&p.id).map(Vec::as_slice).unwrap_or(&[]);
            let in_scope: HashSet<Uuid> = rows.iter().map(|a| a.unit_id).collect();
            let lokus: Vec<&unit::Model> = units
                .iter()
                .filter(|u| u.is_lokus && in_scope.contains(&u.id))
                .collect();
            let (projected, verified) = cycle_values(pdoc, &lokus, &tally(rows, &past_reviews));
            Some(TrendRow {
                cycle_id: p.id,
                name: p.name.clone(),
                year: p.ends_on.year(),
                projected,
                verified,
                official: official_of(p.id, PEMDA),
                current: false,
            })
        })
        .collect();
    let official = official_of(id, PEMDA);
    trend.push(TrendRow {
        cycle_id: id,
        name: c.name.clone(),
        year: c.ends_on.year(),
        projected: pemda.as_ref().map(|p| p.value),
        verified: pemda_verified.as_ref().map(|p| p.value),
        official,
        current: true,
    });
    let ends: HashMap<Uuid, chrono::NaiveDate> = past
        .iter()
        .map(|p| (p.id, p.ends_on))
        .chain([(id, c.ends_on)])
        .collect();
    trend.sort_by_key(|r| ends.get(&r.cycle_id).copied());
    let previous = trend
        .iter()
        .rfind(|r| !r.current && ends.get(&r.cycle_id).is_some_and(|e| *e <= c.ends_on))
        .and_then(|r| {
            r.official
                .or(r.verified)
                .or(r.projected)
                .map(|v| (r.name.clone(), v))
        });

    Ok(Dashboard {
        tenant: tenant_name,
        cycle: cycle_row(&c, label, name),
        scale: scale(&doc),
        bands: bands(&doc),
        official_band: band(&doc, official),
        official,
        pemda,
        pemda_verified,
        dimensions,
        progress,
        units: unit_rows,
        opds: opd_rows,
        overdue,
        trend,
        previous,
        can_record: scope.can(Permission::ManageCycles),
        queries: 13,
    })
}

/// Reads a published score: decimal comma or point, within the scale.
fn parse_value(
    text: &str,
    doc: &InstrumentVersion,
    field: &'static str,
) -> ServiceResult<Option<f64>> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let v: f64 = t
        .replace(',', ".")
        .parse()
        .map_err(|_| ServiceError::Field {
            field,
            problem: FieldProblem::Invalid,
        })?;
    if !v.is_finite() || v < doc.scale.min || v > doc.scale.max {
        return Err(ServiceError::Field {
            field,
            problem: FieldProblem::Invalid,
        });
    }
    Ok(Some(v))
}

/// Records (or, with an empty value, removes) the official results of a cycle for the pemda and
/// its units in scope. Returns how many results the cycle now holds.
pub async fn record_official(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
    pemda: String,
    units: Vec<(Uuid, String)>,
    note: Option<String>,
) -> ServiceResult<usize> {
    scope.require(Permission::ManageCycles)?;
    let db = &state.db;
    let c = load_cycle(db, scope, id).await?;
    if CycleStatus::from_code(&c.status) == CycleStatus::Draft {
        return Err(ServiceError::Field {
            field: "pemda",
            problem: FieldProblem::Invalid,
        });
    }
    let (_, _, doc) = load_version(db, c.instrument_version_id).await?;
    let in_scope: HashSet<Uuid> = cycle_unit::Entity::find()
        .filter(cycle_unit::Column::CycleId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.unit_id)
        .collect();
    let note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.chars().count() > 1000) {
        return Err(ServiceError::Field {
            field: "note",
            problem: FieldProblem::TooLong,
        });
    }
    let mut wanted: Vec<(String, Option<Uuid>, Option<f64>)> =
        vec![(PEMDA.to_owned(), None, parse_value(&pemda, &doc, "pemda")?)];
    for (unit_id, text) in &units {
        // Another tenant's unit, or one outside the cycle, is simply not found.
        if !in_scope.contains(unit_id) {
            return Err(ServiceError::NotFound);
        }
        wanted.push((
            unit_id.to_string(),
            Some(*unit_id),
            parse_value(text, &doc, "unit_values")?,
        ));
    }
    let now = Utc::now();
    let txn = crate::server::db::begin(db).await?;
    let mut summary = Vec::new();
    for (subject, unit_id, value) in &wanted {
        official_result::Entity::delete_many()
            .filter(official_result::Column::CycleId.eq(id))
            .filter(official_result::Column::Subject.eq(subject.as_str()))
            .exec(&txn)
            .await?;
        if let Some(v) = value {
            official_result::ActiveModel {
                id: Set(Uuid::now_v7()),
                tenant_id: Set(scope.tenant_id()),
                cycle_id: Set(id),
                unit_id: Set(*unit_id),
                subject: Set(subject.clone()),
                value: Set(*v),
                note: Set(note.clone()),
                recorded_by: Set(Some(scope.user_id())),
                recorded_at: Set(now),
            }
            .insert(&txn)
            .await?;
            summary.push(format!("{subject}={v}"));
        }
    }
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "cycle.official_results",
            entity: "cycle",
            entity_id: Some(id.to_string()),
            summary: format!("{}: {}", c.name, summary.join(", ")),
            ..Default::default()
        },
    )
    .await?;
    let count = official_result::Entity::find()
        .filter(official_result::Column::CycleId.eq(id))
        .all(&txn)
        .await?
        .len();
    txn.commit().await?;
    Ok(count)
}

/// The mentor's overview: for one instrument, the latest cycle of every granted pemda with its
/// projected, verified and official result, progress and review backlog, ranked per province.
/// Eleven queries, whatever the number of pemda.
pub async fn regional(
    state: &AppState,
    me: &user::Model,
    instrument_code: Option<String>,
    sort: Option<String>,
) -> ServiceResult<Regional> {
    let db = &state.db;
    let offices = super::review::my_offices(db, me).await?; // 1, 2
    if offices.is_empty() {
        return Err(ServiceError::Forbidden);
    }
    let granted: Vec<Uuid> =
        office_grant::Entity::find() // 3
            .filter(office_grant::Column::OfficeId.is_in(offices.iter().map(|o| o.id)))
            .all(db)
            .await?
            .into_iter()
            .map(|g| g.tenant_id)
            .collect();
    let tenants: Vec<tenant::Model> = tenant::Entity::find() // 4
        .filter(tenant::Column::Id.is_in(granted))
        .filter(tenant::Column::Status.ne("suspended"))
        .order_by_asc(tenant::Column::Name)
        .all(db)
        .await?;
    let cycles: Vec<cycle::Model> =
        cycle::Entity::find() // 5
            .filter(cycle::Column::TenantId.is_in(tenants.iter().map(|t| t.id)))
            .filter(cycle::Column::Status.ne(CycleStatus::Draft.code()))
            .all(db)
            .await?;
    let versions: HashMap<Uuid, instrument_version::Model> = instrument_version::Entity::find() // 6
        .filter(
            instrument_version::Column::Id.is_in(cycles.iter().map(|c| c.instrument_version_id)),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let instruments: HashMap<Uuid, instrument::Model> = instrument::Entity::find() // 7
        .filter(instrument::Column::Id.is_in(versions.values().map(|v| v.instrument_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.id, i))
        .collect();
    let instrument_of = |c: &cycle::Model| {
        versions
            .get(&c.instrument_version_id)
            .and_then(|v| instruments.get(&v.instrument_id))
    };
    // Instruments by how many pemda use them; the most used is the default.
    let mut usage: BTreeMap<String, (String, HashSet<Uuid>)> = BTreeMap::new();
    for c in &cycles {
        if let Some(i) = instrument_of(c) {
            usage
                .entry(i.code.clone())
                .or_insert_with(|| (i.name.clone(), HashSet::new()))
                .1
                .insert(c.tenant_id);
        }
    }
    let mut listed: Vec<(String, String, usize)> = usage
        .into_iter()
        .map(|(code, (name, t))| (code, name, t.len()))
        .collect();
    listed.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let chosen = instrument_code
        .filter(|c| listed.iter().any(|l| &l.0 == c))
        .or_else(|| listed.first().map(|l| l.0.clone()));
    let sort = match sort.as_deref() {
        Some(s @ ("nama" | "kemajuan" | "antrean")) => s.to_owned(),
        _ => "peringkat".to_owned(),
    };
    // The latest cycle of that instrument per pemda.
    let mut latest: HashMap<Uuid, &cycle::Model> = HashMap::new();
    for c in cycles
        .iter()
        .filter(|c| instrument_of(c).map(|i| &i.code) == chosen.as_ref())
    {
        let e = latest.entry(c.tenant_id).or_insert(c);
        if (c.starts_on, c.created_at) > (e.starts_on, e.created_at) {
            *e = c;
        }
    }
    let chosen_ids: Vec<Uuid> = latest.values().map(|c| c.id).collect();
    let items = assignment::Entity::find() // 8
        .filter(assignment::Column::CycleId.is_in(chosen_ids.clone()))
        .all(db)
        .await?;
    let reviews: HashMap<Uuid, review::Model> =
        review::Entity::find() // 9
            .filter(review::Column::CycleId.is_in(chosen_ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.assignment_id, r))
            .collect();
    let units: Vec<unit::Model> =
        unit::Entity::find() // 10
            .filter(unit::Column::TenantId.is_in(latest.keys().copied()))
            .filter(unit::Column::IsLokus.eq(true))
            .all(db)
            .await?;
    let officials = official_result::Entity::find() // 11
        .filter(official_result::Column::CycleId.is_in(chosen_ids))
        .filter(official_result::Column::Subject.eq(PEMDA))
        .all(db)
        .await?;
    let mut docs: HashMap<Uuid, InstrumentVersion> = HashMap::new();
    for c in latest.values() {
        if let std::collections::hash_map::Entry::Vacant(e) = docs.entry(c.instrument_version_id) {
            if let Some(v) = versions.get(&c.instrument_version_id) {
                e.insert(super::instruments::document(v)?);
            }
        }
    }
    let mut by_cycle: HashMap<Uuid, Vec<assignment::Model>> = HashMap::new();
    for a in items {
        by_cycle.entry(a.cycle_id).or_default().push(a);
    }
    let newest_doc = latest
        .values()
        .max_by_key(|c| (c.starts_on, c.created_at))
        .and_then(|c| docs.get(&c.instrument_version_id));
    let mut rows: Vec<RegionalRow> = Vec::new();
    let mut without_cycle = Vec::new();
    for t in &tenants {
        let Some(c) = latest.get(&t.id) else {
            without_cycle.push(t.name.clone());
            continue;
        };
        let Some(doc) = docs.get(&c.instrument_version_id) else {
            continue;
        };
        let rows_of = by_cycle.get(&c.id).map(Vec::as_slice).unwrap_or(&[]);
        let in_scope: HashSet<Uuid> = rows_of.iter().map(|a| a.unit_id).collect();
        let lokus: Vec<&unit::Model> = units
            .iter()
            .filter(|u| u.tenant_id == t.id && in_scope.contains(&u.id))
            .collect();
        let (projected, verified) = cycle_values(doc, &lokus, &tally(rows_of, &reviews));
        rows.push(RegionalRow {
            rank: None,
            slug: t.slug.clone(),
            name: t.name.clone(),
            province: t.province.clone(),
            cycle_id: c.id,
            cycle: c.name.clone(),
            band: band(doc, projected),
            projected,
            verified,
            official: officials
                .iter()
                .find(|o| o.cycle_id == c.id)
                .map(|o| o.value),
            answered: rows_of.iter().filter(|a| a.answer.is_some()).count(),
            total: rows_of.len(),
            backlog: rows_of
                .iter()
                .filter(|a| {
                    reviews
                        .get(&a.id)
                        .and_then(|r| ReviewStatus::from_code(&r.status))
                        .is_some_and(ReviewStatus::in_queue)
                })
                .count(),
        });
    }
    // The ranking officials quote: per province, by official result, else verified, else projected.
    let standing = |r: &RegionalRow| r.official.or(r.verified).or(r.projected);
    rows.sort_by(|a, b| {
        a.province.cmp(&b.province).then(
            standing(b)
                .unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&standing(a).unwrap_or(f64::NEG_INFINITY)),
        )
    });
    let provinces: Vec<String> = rows.iter().map(|r| r.province.clone()).collect::<Vec<_>>();
    let mut start = 0;
    while start < rows.len() {
        let end = start
            + provinces[start..]
                .iter()
                .take_while(|p| **p == provinces[start])
                .count();
        rank_by(&mut rows[start..end], standing, |r, n| r.rank = Some(n));
        start = end;
    }
    let progress = |r: &RegionalRow| {
        if r.total == 0 {
            0.0
        } else {
            r.answered as f64 / r.total as f64
        }
    };
    match sort.as_str() {
        "nama" => rows.sort_by(|a, b| a.name.cmp(&b.name)),
        "kemajuan" => rows.sort_by(|a, b| {
            progress(b)
                .total_cmp(&progress(a))
                .then(a.name.cmp(&b.name))
        }),
        "antrean" => rows.sort_by(|a, b| b.backlog.cmp(&a.backlog).then(a.name.cmp(&b.name))),
        _ => {}
    }
    Ok(Regional {
        instruments: listed
            .into_iter()
            .map(|(code, name, _)| (code, name))
            .collect(),
        instrument: chosen,
        scale: newest_doc.map(scale),
        bands: newest_doc.map(bands).unwrap_or_default(),
        sort,
        rows,
        without_cycle,
    })
}

#[cfg(test)]
mod tests {
    use super::rank_by;

    #[test]
    fn equal_results_share_a_rank_and_missing_ones_get_none() {
        let mut rows = vec![
            (Some(95.57), 0),
            (Some(94.46), 0),
            (Some(94.46), 0),
            (Some(93.47), 0),
            (None, 0),
        ];
        rank_by(&mut rows, |r| r.0, |r, n| r.1 = n);
        let ranks: Vec<usize> = rows.iter().map(|r| r.1).collect();
        assert_eq!(ranks, vec![1, 2, 2, 4, 0]);
    }
}
