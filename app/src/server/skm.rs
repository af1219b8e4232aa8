//! SKM surveys: survey periods per service unit, the public form's submissions (with the
//! abuse checks that do not get in a real respondent's way), results (NRR, IKM with both
//! weights, mutu, priorities), the follow-up plan, one-time codes, the paper import and the
//! exports, and the published results.
//!
//! Responses keep their answers as one digit per unsur; results are tallied from that column
//! alone, so a period's index reads one narrow column of its rows.

use super::accounts::user_name;
use super::audit;
use super::clock;
use super::entities::{
    instrument, instrument_version, opd, service, skm_code, skm_followup, skm_period, skm_response,
    tenant, unit,
};
use super::error::{ServiceError, ServiceResult};
use super::instruments::document;
use super::scope::TenantScope;
use super::state::AppState;
use crate::api::skm::{
    ElementResult, FollowUp, PeriodDetail, PeriodRow, PeriodState, ProfileCount, ResultRow,
    SkmOverview, Suggestion, UnitChoice,
};
use crate::domain::account::FieldProblem;
use crate::domain::format::date_id;
use crate::domain::instrument::{
    ikm_from_sums, krejcie_morgan, AnswerType, Band, IkmWeight, InstrumentVersion,
};
use crate::domain::role::{Permission, Role};
use crate::domain::skm as rules;
use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// The instrument code of SKM versions.
pub const SKM_INSTRUMENT: &str = "skm";

/// How long the same response from the same address counts as sent twice.
const DUPLICATE_WINDOW_MINUTES: i64 = 30;

/// One unsur as the form asks it.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// `U1`…
    pub code: String,
    /// Short name (`Persyaratan`).
    pub name: String,
    /// The question.
    pub question: String,
    /// The four answer labels, for answers 1 to 4.
    pub labels: Vec<String>,
}

/// The unsur of an SKM version, or `None` when the version is not a four-level survey (every
/// indicator ordinal with levels exactly 1–4).
pub fn elements(v: &InstrumentVersion) -> Option<Vec<Element>> {
    let indicators = v.indicators();
    if indicators.is_empty() {
        return None;
    }
    indicators
        .into_iter()
        .map(|i| {
            let Some(AnswerType::Ordinal { levels }) = v.answer_type(i) else {
                return None;
            };
            let mut levels: Vec<_> = levels.iter().collect();
            levels.sort_by_key(|l| l.value);
            if levels.iter().map(|l| l.value).ne(1..=4) {
                return None;
            }
            // "Persyaratan. Bagaimana pendapat …?" → name and question.
            let (name, question) = match i.text_id.split_once(". ") {
                Some((n, q)) if n.chars().count() <= 60 => (n.to_owned(), q.to_owned()),
                _ => (
                    i.text_en.clone().unwrap_or_else(|| i.code.clone()),
                    i.text_id.clone(),
                ),
            };
            Some(Element {
                code: i.code.clone(),
                name,
                question,
                labels: levels.iter().map(|l| l.label_id.clone()).collect(),
            })
        })
        .collect()
}

/// Where a period stands on `today` (in its pemda's zone).
pub fn state_of(p: &skm_period::Model, today: NaiveDate) -> PeriodState {
    if p.closed_at.is_some() {
        PeriodState::Closed
    } else if today < p.starts_on {
        PeriodState::Scheduled
    } else if today > p.ends_on {
        PeriodState::Ended
    } else {
        PeriodState::Open
    }
}

/// Answer sums per unsur and the number of responses.
#[derive(Debug, Clone, Default)]
struct Tally {
    sums: Vec<u64>,
    count: u64,
}

impl Tally {
    fn add(&mut self, digits: &str) {
        let Some(answers) = rules::parse_digits(digits) else {
            return;
        };
        if self.sums.len() < answers.len() {
            self.sums.resize(answers.len(), 0);
        }
        for (s, a) in self.sums.iter_mut().zip(&answers) {
            *s += u64::from(*a);
        }
        self.count += 1;
    }

    fn merge(&mut self, other: &Tally) {
        if self.sums.len() < other.sums.len() {
            self.sums.resize(other.sums.len(), 0);
        }
        for (s, o) in self.sums.iter_mut().zip(&other.sums) {
            *s += o;
        }
        self.count += other.count;
    }

    fn ikm(&self, weight: IkmWeight) -> Option<crate::domain::instrument::Ikm> {
        usize::try_from(self.count)
            .ok()
            .and_then(|n| ikm_from_sums(&self.sums, n, weight).ok())
    }
}

/// The SKM versions a period can ask: published versions of the `skm` instrument that are
/// four-level surveys, newest first.
async fn skm_versions(
    db: &impl ConnectionTrait,
) -> ServiceResult<Vec<(instrument_version::Model, InstrumentVersion)>> {
    let Some(inst) = instrument::Entity::find()
        .filter(instrument::Column::Code.eq(SKM_INSTRUMENT))
        .one(db)
        .await?
    else {
        return Ok(Vec::new());
    };
    let rows = instrument_version::Entity::find()
        .filter(instrument_version::Column::InstrumentId.eq(inst.id))
        .filter(instrument_version::Column::Status.eq("published"))
        .order_by_desc(instrument_version::Column::CreatedAt)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for row in rows {
        let doc = document(&row)?;
        if elements(&doc).is_some() {
            out.push((row, doc));
        }
    }
    Ok(out)
}

/// The documents of the versions `ids` (one query).
async fn versions_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> ServiceResult<HashMap<Uuid, InstrumentVersion>> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    let rows = instrument_version::Entity::find()
        .filter(instrument_version::Column::Id.is_in(ids))
        .all(db)
        .await?;
    rows.iter()
        .map(|r| Ok((r.id, document(r)?)))
        .collect::<ServiceResult<_>>()
}

fn band_of(v: Option<&InstrumentVersion>, value: Option<f64>) -> Option<Band> {
    let v = v?;
    v.bands.lookup(value?, v.scale.decimals).cloned()
}

/// A period of the caller's tenant, or not found.
async fn load_period(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    id: Uuid,
) -> ServiceResult<skm_period::Model> {
    skm_period::Entity::find_by_id(id)
        .filter(skm_period::Column::TenantId.eq(scope.tenant_id()))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Whether the caller may manage surveys of a unit of `opd_id`: coordinators and operators for
/// every unit, an OPD head for the units of their OPD.
fn may_manage(scope: &TenantScope, opd_id: Uuid) -> bool {
    scope.can(Permission::ManageSurveys)
        && (scope
            .roles()
            .iter()
            .any(|r| matches!(r, Role::Coordinator | Role::Operator))
            || scope.opd_id() == Some(opd_id))
}

async fn require_manage(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    p: &skm_period::Model,
) -> ServiceResult<unit::Model> {
    scope.require(Permission::ViewTenant)?;
    let u = unit::Entity::find_by_id(p.unit_id)
        .filter(unit::Column::TenantId.eq(scope.tenant_id()))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if may_manage(scope, u.opd_id) {
        Ok(u)
    } else {
        Err(ServiceError::Forbidden)
    }
}

fn row(
    p: &skm_period::Model,
    units: &HashMap<Uuid, (String, String)>,
    tally: Option<&Tally>,
    version: Option<&InstrumentVersion>,
    today: NaiveDate,
) -> PeriodRow {
    let (unit, opd) = units.get(&p.unit_id).cloned().unwrap_or_default();
    let population = u64::try_from(p.population).unwrap_or(0);
    let ikm = tally
        .and_then(|t| t.ikm(IkmWeight::Exact))
        .map(|i| i.rounded);
    PeriodRow {
        id: p.id,
        unit_id: p.unit_id,
        unit,
        opd,
        name: p.name.clone(),
        code: p.code.clone(),
        starts_on: p.starts_on.to_string(),
        ends_on: p.ends_on.to_string(),
        dates: format!("{} – {}", date_id(p.starts_on), date_id(p.ends_on)),
        year: p.ends_on.year(),
        population,
        minimum: krejcie_morgan(population),
        responses: tally.map_or(0, |t| t.count),
        ikm,
        band: band_of(version, ikm),
        state: state_of(p, today),
        require_code: p.require_code,
    }
}

/// Unit id → (unit name, OPD name) for the tenant, and unit id → OPD id.
async fn unit_names(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
) -> ServiceResult<(
    HashMap<Uuid, (String, String)>,
    HashMap<Uuid, Uuid>,
    Vec<opd::Model>,
)> {
    let opds = opd::Entity::find()
        .filter(opd::Column::TenantId.eq(tenant_id))
        .order_by_asc(opd::Column::Name)
        .all(db)
        .await?;
    let opd_names: HashMap<Uuid, String> = opds.iter().map(|o| (o.id, o.name.clone())).collect();
    let units = unit::Entity::find()
        .filter(unit::Column::TenantId.eq(tenant_id))
        .order_by_asc(unit::Column::Name)
        .all(db)
        .await?;
    let names = units
        .iter()
        .map(|u| {
            (
                u.id,
                (
                    u.name.clone(),
                    opd_names.get(&u.opd_id).cloned().unwrap_or_default(),
                ),
            )
        })
        .collect();
    let opd_of = units.iter().map(|u| (u.id, u.opd_id)).collect();
    Ok((names, opd_of, opds))
}

/// Answer digits of every response of the periods `ids`, tallied per period (one query, one
/// column).
async fn tallies(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
    ids: Vec<Uuid>,
) -> ServiceResult<HashMap<Uuid, Tally>> {
    use sea_orm::sea_query::Expr;
    use sea_orm::QueryTrait;
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    // The database does the counting: one row per period comes back, not one per response, so
    // the published results (public, unauthenticated) cost the server the same however many
    // people answered. Answers are one digit per unsur; unsur k is the k-th character.
    let responses = || {
        skm_response::Entity::find()
            .select_only()
            .filter(skm_response::Column::TenantId.eq(tenant_id))
            .filter(skm_response::Column::PeriodId.is_in(ids.clone()))
    };
    let width: Option<i64> = responses()
        .expr_as(Expr::cust("CAST(MAX(LENGTH(answers)) AS BIGINT)"), "width")
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    let width = usize::try_from(width.unwrap_or(0)).unwrap_or(0);
    let mut query = responses()
        .column(skm_response::Column::PeriodId)
        .expr_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
        .expr_as(Expr::cust("CAST(MAX(LENGTH(answers)) AS BIGINT)"), "w");
    for k in 1..=width {
        query = query.expr_as(
            Expr::cust(format!(
                "CAST(SUM(CAST(NULLIF(SUBSTR(answers, {k}, 1), '') AS INTEGER)) AS BIGINT)"
            )),
            format!("u{k}"),
        );
    }
    let statement = query
        .group_by(skm_response::Column::PeriodId)
        .build(db.get_database_backend());
    let mut out = HashMap::new();
    for row in db.query_all(statement).await? {
        let period: Uuid = row.try_get_by_index(0)?;
        let count: i64 = row.try_get_by_index(1)?;
        // This period's own number of unsur (another period may ask more).
        let own: Option<i64> = row.try_get_by_index(2)?;
        let own = usize::try_from(own.unwrap_or(0)).unwrap_or(0).min(width);
        let mut sums = Vec::with_capacity(own);
        for k in 0..own {
            let sum: Option<i64> = row.try_get_by_index(3 + k)?;
            sums.push(u64::try_from(sum.unwrap_or(0)).unwrap_or(0));
        }
        out.insert(
            period,
            Tally {
                sums,
                count: u64::try_from(count).unwrap_or(0),
            },
        );
    }
    Ok(out)
}

/// Pooled IKM by year for the pemda, each OPD and each unit, from final and running periods
/// alike. A year pools the periods that ended in it; versions with another number of unsur
/// are pooled only with their own kind (the first version's band table reads the result).
fn results_by_year(
    periods: &[skm_period::Model],
    tallies: &HashMap<Uuid, Tally>,
    units: &HashMap<Uuid, (String, String)>,
    opd_of: &HashMap<Uuid, Uuid>,
    opds: &[opd::Model],
    versions: &HashMap<Uuid, InstrumentVersion>,
    tenant_name: &str,
) -> Vec<ResultRow> {
    // (year, level order, key) → (name, opd, tally, version)
    type Key = (i32, u8, String);
    let mut pooled: BTreeMap<Key, (String, Option<String>, Tally, Uuid)> = BTreeMap::new();
    let opd_names: HashMap<Uuid, &str> = opds.iter().map(|o| (o.id, o.name.as_str())).collect();
    for p in periods {
        let Some(t) = tallies.get(&p.id) else {
            continue;
        };
        let year = p.ends_on.year();
        let (unit_name, opd_name) = units.get(&p.unit_id).cloned().unwrap_or_default();
        let opd_id = opd_of.get(&p.unit_id).copied().unwrap_or_default();
        let entries = [
            ((year, 0, String::new()), tenant_name.to_owned(), None),
            (
                (year, 1, opd_id.to_string()),
                opd_names
                    .get(&opd_id)
                    .map_or_else(|| opd_name.clone(), |n| (*n).to_owned()),
                None,
            ),
            (
                (year, 2, p.unit_id.to_string()),
                unit_name.clone(),
                Some(opd_name.clone()),
            ),
        ];
        for (key, name, opd) in entries {
            let e = pooled
                .entry(key)
                .or_insert_with(|| (name, opd, Tally::default(), p.version_id));
            if e.2.sums.is_empty() || e.2.sums.len() == t.sums.len() {
                e.2.merge(t);
            }
        }
    }
    let mut out: Vec<ResultRow> = pooled
        .into_iter()
        .map(|((year, level, _), (name, opd, tally, version))| {
            let ikm = tally.ikm(IkmWeight::Exact).map(|i| i.rounded);
            ResultRow {
                year,
                level: ["pemda", "opd", "unit"][usize::from(level)].to_owned(),
                name,
                opd,
                respondents: tally.count,
                ikm,
                band: band_of(versions.get(&version), ikm),
            }
        })
        .collect();
    // Newest year first; within a year pemda, then OPDs, then units, each by name.
    out.sort_by(|a, b| {
        b.year
            .cmp(&a.year)
            .then(level_order(&a.level).cmp(&level_order(&b.level)))
            .then(a.name.cmp(&b.name))
    });
    out
}

fn level_order(level: &str) -> u8 {
    match level {
        "pemda" => 0,
        "opd" => 1,
        _ => 2,
    }
}

/// The pemda's survey periods, pooled results by year, and what the caller may create. Seven
/// queries whatever the number of periods and responses.
pub async fn overview(state: &AppState, scope: &TenantScope) -> ServiceResult<SkmOverview> {
    scope.require(Permission::ViewTenant)?;
    let db = &state.db;
    let tenant_id = scope.tenant_id();
    let periods = skm_period::Entity::find()
        .filter(skm_period::Column::TenantId.eq(tenant_id))
        .order_by_desc(skm_period::Column::EndsOn)
        .order_by_asc(skm_period::Column::Name)
        .all(db)
        .await?;
    let (units, opd_of, opds) = unit_names(db, tenant_id).await?;
    let tallies = tallies(db, tenant_id, periods.iter().map(|p| p.id).collect()).await?;
    let versions = versions_by_id(db, periods.iter().map(|p| p.version_id)).await?;
    let today = scope.today();
    let rows = periods
        .iter()
        .map(|p| {
            row(
                p,
                &units,
                tallies.get(&p.id),
                versions.get(&p.version_id),
                today,
            )
        })
        .collect();
    let results = results_by_year(
        &periods,
        &tallies,
        &units,
        &opd_of,
        &opds,
        &versions,
        &scope.tenant().name,
    );
    let mut choices: Vec<UnitChoice> = units
        .iter()
        .filter(|(id, _)| opd_of.get(id).is_some_and(|o| may_manage(scope, *o)))
        .map(|(id, (name, opd))| UnitChoice {
            id: *id,
            name: name.clone(),
            opd: opd.clone(),
        })
        .collect();
    choices.sort_by(|a, b| a.opd.cmp(&b.opd).then(a.name.cmp(&b.name)));
    let versions = if choices.is_empty() {
        Vec::new()
    } else {
        skm_versions(db)
            .await?
            .into_iter()
            .map(|(row, doc)| (row.id, format!("{} {}", doc.instrument.name, row.version)))
            .collect()
    };
    Ok(SkmOverview {
        periods: rows,
        results,
        units: choices,
        versions,
        public_url: format!("/publik/{}/skm", scope.tenant().slug),
    })
}

/// A new survey period, as the form sends it.
#[derive(Debug, Clone)]
pub struct NewPeriod {
    /// The unit surveyed.
    pub unit_id: Uuid,
    /// The SKM version asked.
    pub version_id: Uuid,
    /// Name, e.g. "SKM 2026 Semester I".
    pub name: String,
    /// First day (`YYYY-MM-DD`).
    pub starts_on: String,
    /// Last day.
    pub ends_on: String,
    /// Estimated users in the period.
    pub population: String,
    /// Answers need a one-time code.
    pub require_code: bool,
}

fn field(name: &str) -> &'static str {
    match name {
        "name" => "name",
        "starts_on" => "starts_on",
        "ends_on" => "ends_on",
        "population" => "population",
        "u1" => "u1",
        "u2" => "u2",
        "u3" => "u3",
        "u4" => "u4",
        "u5" => "u5",
        "u6" => "u6",
        "u7" => "u7",
        "u8" => "u8",
        "u9" => "u9",
        "umur" => "umur",
        "jenis_kelamin" => "jenis_kelamin",
        "pendidikan" => "pendidikan",
        "pekerjaan" => "pekerjaan",
        "layanan" => "layanan",
        "saran" => "saran",
        _ => "form",
    }
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn random_code(len: usize) -> String {
    use rand::RngCore;
    let mut bytes = vec![0u8; len];
    rand::thread_rng().fill_bytes(&mut bytes);
    rules::code_from_bytes(&bytes, len)
}

/// Opens a survey period for a unit, with a fresh public code.
pub async fn create_period(
    state: &AppState,
    scope: &TenantScope,
    new: NewPeriod,
) -> ServiceResult<Uuid> {
    scope.require(Permission::ManageSurveys)?;
    let db = &state.db;
    let u = unit::Entity::find_by_id(new.unit_id)
        .filter(unit::Column::TenantId.eq(scope.tenant_id()))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !may_manage(scope, u.opd_id) {
        return Err(ServiceError::Forbidden);
    }
    let (name, starts_on, ends_on, population) = rules::check_period(
        &new.name,
        parse_date(&new.starts_on),
        parse_date(&new.ends_on),
        &new.population,
    )
    .map_err(|(f, problem)| ServiceError::Field {
        field: field(&f),
        problem,
    })?;
    if !skm_versions(db)
        .await?
        .iter()
        .any(|(row, _)| row.id == new.version_id)
    {
        return Err(ServiceError::Field {
            field: "version_id",
            problem: FieldProblem::Invalid,
        });
    }
    let id = Uuid::now_v7();
    // Six characters of a 31-letter alphabet: ~887 million codes; a clash is retried.
    let mut attempt = 0;
    loop {
        attempt += 1;
        let code = random_code(6);
        let txn = crate::server::db::begin(db).await?;
        let inserted = skm_period::ActiveModel {
            id: Set(id),
            tenant_id: Set(scope.tenant_id()),
            unit_id: Set(u.id),
            version_id: Set(new.version_id),
            name: Set(name.clone()),
            code: Set(code.clone()),
            starts_on: Set(starts_on),
            ends_on: Set(ends_on),
            population: Set(i64::try_from(population).unwrap_or(i64::MAX)),
            require_code: Set(new.require_code),
            closed_at: Set(None),
            created_by: Set(Some(scope.user_id())),
            created_at: Set(Utc::now()),
        }
        .insert(&txn)
        .await;
        match inserted {
            Ok(_) => {
                audit::record(
                    &txn,
                    audit::Entry {
                        actor: Some(scope.user_id()),
                        tenant: Some(scope.tenant_id()),
                        action: "skm.period_create",
                        entity: "skm_period",
                        entity_id: Some(id.to_string()),
                        summary: format!(
                            "{name} · {} · {starts_on} – {ends_on} · populasi {population} · kode {code}",
                            u.name
                        ),
                        ..Default::default()
                    },
                )
                .await?;
                txn.commit().await?;
                return Ok(id);
            }
            Err(e) if attempt < 5 => {
                tracing::debug!(error = %e, "survey code clash; drawing another");
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Closes a period to new answers, or opens it again.
pub async fn set_closed(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
    closed: bool,
) -> ServiceResult<()> {
    let db = &state.db;
    let p = load_period(db, scope, id).await?;
    require_manage(db, scope, &p).await?;
    if p.closed_at.is_some() == closed {
        return Ok(());
    }
    let txn = crate::server::db::begin(db).await?;
    let name = p.name.clone();
    let mut a: skm_period::ActiveModel = p.into();
    a.closed_at = Set(closed.then(Utc::now));
    a.update(&txn).await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: if closed {
                "skm.period_close"
            } else {
                "skm.period_reopen"
            },
            entity: "skm_period",
            entity_id: Some(id.to_string()),
            summary: name,
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Makes `count` new one-time codes for a period. Returns how many were made.
pub async fn make_codes(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
    count: &str,
) -> ServiceResult<u32> {
    let db = &state.db;
    let p = load_period(db, scope, id).await?;
    require_manage(db, scope, &p).await?;
    let count = count
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=rules::CODES_MAX).contains(n))
        .ok_or(ServiceError::Field {
            field: "count",
            problem: FieldProblem::Invalid,
        })?;
    let existing: std::collections::HashSet<String> = skm_code::Entity::find()
        .select_only()
        .column(skm_code::Column::Code)
        .filter(skm_code::Column::PeriodId.eq(p.id))
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut fresh = std::collections::BTreeSet::new();
    while fresh.len() < count as usize {
        let code = random_code(rules::ONE_TIME_CODE_LEN);
        if !existing.contains(&code) {
            fresh.insert(code);
        }
    }
    let now = Utc::now();
    let txn = crate::server::db::begin(db).await?;
    let rows: Vec<skm_code::ActiveModel> = fresh
        .into_iter()
        .map(|code| skm_code::ActiveModel {
            id: Set(Uuid::now_v7()),
            tenant_id: Set(scope.tenant_id()),
            period_id: Set(p.id),
            code: Set(code),
            used_at: Set(None),
            created_at: Set(now),
        })
        .collect();
    for chunk in rows.chunks(500) {
        skm_code::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "skm.codes_create",
            entity: "skm_period",
            entity_id: Some(p.id.to_string()),
            summary: format!("{count} kode sekali pakai · {}", p.name),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(count)
}

/// The one-time codes of a period as rows (header first): code, used, when.
pub async fn code_rows(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
) -> ServiceResult<(String, Vec<Vec<String>>)> {
    let db = &state.db;
    let p = load_period(db, scope, id).await?;
    require_manage(db, scope, &p).await?;
    let codes = skm_code::Entity::find()
        .filter(skm_code::Column::PeriodId.eq(p.id))
        .order_by_asc(skm_code::Column::CreatedAt)
        .order_by_asc(skm_code::Column::Code)
        .all(db)
        .await?;
    let mut rows = vec![vec![
        "kode".to_owned(),
        "terpakai".to_owned(),
        "waktu_pakai".to_owned(),
    ]];
    rows.extend(codes.into_iter().map(|c| {
        vec![
            c.code,
            if c.used_at.is_some() { "ya" } else { "tidak" }.to_owned(),
            c.used_at
                .map(|t| scope.stamp(t).to_string())
                .unwrap_or_default(),
        ]
    }));
    Ok((p.code, rows))
}

const PROFILE_QUESTIONS: [&str; 4] = ["Jenis kelamin", "Pendidikan", "Pekerjaan", "Umur"];

fn age_band(age: i32) -> &'static str {
    match age {
        ..=19 => "< 20 tahun",
        20..=29 => "20–29 tahun",
        30..=39 => "30–39 tahun",
        40..=49 => "40–49 tahun",
        50..=59 => "50–59 tahun",
        _ => "≥ 60 tahun",
    }
}

fn profile_counts(responses: &[skm_response::Model]) -> Vec<ProfileCount> {
    fn count(
        question: &str,
        options: &[(&'static str, &'static str)],
        values: impl Iterator<Item = Option<String>>,
    ) -> ProfileCount {
        let mut counts: Vec<(String, u64)> = options
            .iter()
            .map(|(_, label)| ((*label).to_owned(), 0))
            .collect();
        let mut none = 0;
        for v in values {
            match v.and_then(|v| options.iter().position(|(c, _)| *c == v)) {
                Some(i) => counts[i].1 += 1,
                None => none += 1,
            }
        }
        counts.push(("Tidak diisi".to_owned(), none));
        ProfileCount {
            question: question.to_owned(),
            counts,
        }
    }
    const AGES: [(&str, &str); 6] = [
        ("< 20 tahun", "< 20 tahun"),
        ("20–29 tahun", "20–29 tahun"),
        ("30–39 tahun", "30–39 tahun"),
        ("40–49 tahun", "40–49 tahun"),
        ("50–59 tahun", "50–59 tahun"),
        ("≥ 60 tahun", "≥ 60 tahun"),
    ];
    vec![
        count(
            PROFILE_QUESTIONS[0],
            &rules::SEXES,
            responses.iter().map(|r| r.sex.clone()),
        ),
        count(
            PROFILE_QUESTIONS[1],
            &rules::EDUCATIONS,
            responses.iter().map(|r| r.education.clone()),
        ),
        count(
            PROFILE_QUESTIONS[2],
            &rules::OCCUPATIONS,
            responses.iter().map(|r| r.occupation.clone()),
        ),
        count(
            PROFILE_QUESTIONS[3],
            &AGES,
            responses
                .iter()
                .map(|r| r.age.map(|a| age_band(a).to_owned())),
        ),
    ]
}

fn followup_view(
    f: skm_followup::Model,
    names: &HashMap<String, String>,
    today: NaiveDate,
) -> FollowUp {
    let status = rules::FollowUpStatus::parse(&f.status);
    FollowUp {
        id: f.id,
        element_name: names.get(&f.element).cloned().unwrap_or_default(),
        element: f.element,
        action: f.action,
        owner: f.owner,
        due_on: f.due_on.map(|d| d.to_string()),
        due_label: f.due_on.map(date_id),
        status_label: status.map_or_else(|| f.status.clone(), |s| s.label_id().to_owned()),
        overdue: f.due_on.is_some_and(|d| d < today)
            && status != Some(rules::FollowUpStatus::Selesai),
        status: f.status,
        note: f.note,
        revision: f.revision,
    }
}

/// Everything about one period's results that the page, the report and the public page share.
pub struct Results {
    /// The period.
    pub period: skm_period::Model,
    /// Its unit.
    pub unit: unit::Model,
    /// The unit's OPD name.
    pub opd: String,
    /// The version asked and its label.
    pub version: (InstrumentVersion, String),
    /// Its unsur.
    pub elements: Vec<Element>,
    /// Every response, oldest first.
    pub responses: Vec<skm_response::Model>,
    /// The follow-up plan.
    pub followups: Vec<FollowUp>,
    /// The pemda's time zone.
    pub zone: chrono_tz::Tz,
}

impl Results {
    /// `at` as the pemda reads it: `5 Desember 2026 15.49 WITA`.
    pub fn time(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        clock::stamp(self.zone, at).to_string()
    }
}

async fn results(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    p: skm_period::Model,
) -> ServiceResult<Results> {
    let tenant_id = scope.tenant_id();
    let u = unit::Entity::find_by_id(p.unit_id)
        .filter(unit::Column::TenantId.eq(tenant_id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let o = opd::Entity::find_by_id(u.opd_id).one(db).await?;
    let vrow = instrument_version::Entity::find_by_id(p.version_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let version = document(&vrow)?;
    let elements = elements(&version).ok_or_else(|| {
        ServiceError::Internal(format!("version {} is not an SKM survey", vrow.id))
    })?;
    let responses = skm_response::Entity::find()
        .filter(skm_response::Column::TenantId.eq(tenant_id))
        .filter(skm_response::Column::PeriodId.eq(p.id))
        .order_by_asc(skm_response::Column::SubmittedAt)
        .all(db)
        .await?;
    let names: HashMap<String, String> = elements
        .iter()
        .map(|e| (e.code.clone(), e.name.clone()))
        .collect();
    let today = scope.today();
    let followups = skm_followup::Entity::find()
        .filter(skm_followup::Column::TenantId.eq(tenant_id))
        .filter(skm_followup::Column::PeriodId.eq(p.id))
        .order_by_asc(skm_followup::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|f| followup_view(f, &names, today))
        .collect();
    let label = format!("{}@{}", SKM_INSTRUMENT, vrow.version);
    Ok(Results {
        period: p,
        opd: o.map(|o| o.name).unwrap_or_default(),
        unit: u,
        version: (version, label),
        elements,
        responses,
        followups,
        zone: scope.zone(),
    })
}

/// Each unsur's NRR, converted value, mutu and priority flag, and the standing they come from
/// (lowest first); empty without responses.
fn element_results(
    elements: &[Element],
    ikm: Option<&crate::domain::instrument::Ikm>,
    v: &InstrumentVersion,
) -> (Vec<ElementResult>, Vec<rules::ElementStanding>) {
    let Some(ikm) = ikm else {
        return (Vec::new(), Vec::new());
    };
    let standing = rules::priorities(&ikm.nrr);
    let results = elements
        .iter()
        .zip(&ikm.nrr)
        .enumerate()
        .map(|(n, (e, nrr))| {
            let converted = crate::domain::instrument::round_half_up(nrr * 25.0, 2);
            ElementResult {
                code: e.code.clone(),
                name: e.name.clone(),
                nrr: *nrr,
                converted,
                band: band_of(Some(v), Some(converted)),
                priority: standing.iter().any(|s| s.index == n && s.priority),
            }
        })
        .collect();
    (results, standing)
}

/// The computed figures of [`Results`].
pub struct Figures {
    /// Answer sums and count.
    tally: Tally,
    /// Tally of answers.
    pub ikm_exact: Option<crate::domain::instrument::Ikm>,
    /// With the 0.111 weight (nine unsur only).
    pub ikm_0111: Option<crate::domain::instrument::Ikm>,
    /// Per unsur.
    pub elements: Vec<ElementResult>,
    /// Priorities, lowest first: code, name, converted value.
    pub priorities: Vec<(String, String, f64)>,
}

impl Results {
    /// NRR, IKM (both weights), mutu per unsur and the priorities.
    pub fn figures(&self) -> Figures {
        let mut tally = Tally::default();
        for r in &self.responses {
            tally.add(&r.answers);
        }
        let v = &self.version.0;
        let ikm_exact = tally.ikm(IkmWeight::Exact);
        let ikm_0111 = tally.ikm(IkmWeight::Spreadsheet0111);
        let (elements, standing) = element_results(&self.elements, ikm_exact.as_ref(), v);
        let priorities = standing
            .iter()
            .filter(|s| s.priority)
            .filter_map(|s| {
                self.elements
                    .get(s.index)
                    .map(|e| (e.code.clone(), e.name.clone(), s.converted))
            })
            .collect();
        Figures {
            tally,
            ikm_exact,
            ikm_0111,
            elements,
            priorities,
        }
    }
}

/// A survey period with its results.
pub async fn detail(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
) -> ServiceResult<PeriodDetail> {
    scope.require(Permission::ViewTenant)?;
    let db = &state.db;
    let p = load_period(db, scope, id).await?;
    let r = results(db, scope, p).await?;
    let codes_total = skm_code::Entity::find()
        .filter(skm_code::Column::PeriodId.eq(r.period.id))
        .count(db)
        .await?;
    let codes_used = skm_code::Entity::find()
        .filter(skm_code::Column::PeriodId.eq(r.period.id))
        .filter(skm_code::Column::UsedAt.is_not_null())
        .count(db)
        .await?;
    let f = r.figures();
    let v = &r.version.0;
    let units = HashMap::from([(r.unit.id, (r.unit.name.clone(), r.opd.clone()))]);
    let row = row(&r.period, &units, Some(&f.tally), Some(v), scope.today());
    let online = r
        .responses
        .iter()
        .filter(|x| x.source == rules::SOURCE_ONLINE)
        .count() as u64;
    let with_text: Vec<&skm_response::Model> = r
        .responses
        .iter()
        .rev()
        .filter(|x| x.suggestion.is_some())
        .collect();
    Ok(PeriodDetail {
        form_url: format!("{}/s/{}", state.settings.public_url, r.period.code),
        version: r.version.1.clone(),
        still_needed: rules::still_needed(row.responses, row.minimum),
        online,
        paper: row.responses - online,
        ikm_exact: f.ikm_exact.as_ref().map(|i| i.rounded),
        ikm_0111: f.ikm_0111.as_ref().map(|i| i.rounded),
        band: band_of(Some(v), f.ikm_exact.as_ref().map(|i| i.rounded)),
        band_0111: band_of(Some(v), f.ikm_0111.as_ref().map(|i| i.rounded)),
        elements: f.elements,
        priorities: f.priorities,
        profile: profile_counts(&r.responses),
        suggestions_total: with_text.len() as u64,
        suggestions: with_text
            .into_iter()
            .take(100)
            .map(|x| Suggestion {
                on: date_id(scope.stamp(x.submitted_at).date()),
                service: x.service.clone(),
                text: x.suggestion.clone().unwrap_or_default(),
            })
            .collect(),
        followups: r.followups.clone(),
        codes_total,
        codes_used,
        can_manage: may_manage(scope, r.unit.opd_id),
        element_names: r
            .elements
            .iter()
            .map(|e| (e.code.clone(), e.name.clone()))
            .collect(),
        row,
    })
}

/// A follow-up action as the form sends it.
#[derive(Debug, Clone)]
pub struct FollowUpInput {
    /// The period.
    pub period_id: Uuid,
    /// The action changed (`None`: a new one).
    pub followup_id: Option<Uuid>,
    /// Revision the change was made on.
    pub revision: Option<i32>,
    /// Unsur code.
    pub element: String,
    /// What will be done.
    pub action: String,
    /// Who is responsible.
    pub owner: String,
    /// Due date, `YYYY-MM-DD` or empty.
    pub due_on: String,
    /// Status code (empty: planned).
    pub status: String,
    /// Note.
    pub note: String,
}

/// Adds or changes an action of a period's follow-up plan. A change made on an older revision
/// is refused with who changed it last and when.
pub async fn save_followup(
    state: &AppState,
    scope: &TenantScope,
    input: FollowUpInput,
) -> ServiceResult<Uuid> {
    let db = &state.db;
    let p = load_period(db, scope, input.period_id).await?;
    require_manage(db, scope, &p).await?;
    let vrow = instrument_version::Entity::find_by_id(p.version_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let codes: Vec<String> = elements(&document(&vrow)?)
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.code)
        .collect();
    let element = input.element.trim().to_uppercase();
    if !codes.contains(&element) {
        return Err(ServiceError::Field {
            field: "element",
            problem: FieldProblem::Invalid,
        });
    }
    let check = |name: &'static str, value: &str, max: usize, required: bool| {
        let v = value.trim();
        if required && v.is_empty() {
            Err(ServiceError::Field {
                field: name,
                problem: FieldProblem::Required,
            })
        } else if v.chars().count() > max {
            Err(ServiceError::Field {
                field: name,
                problem: FieldProblem::TooLong,
            })
        } else {
            Ok((!v.is_empty()).then(|| v.to_owned()))
        }
    };
    let action = check("action", &input.action, 2000, true)?.unwrap_or_default();
    let owner = check("owner", &input.owner, 200, true)?.unwrap_or_default();
    let note = check("note", &input.note, 2000, false)?;
    let due_on = match input.due_on.trim() {
        "" => None,
        s => Some(parse_date(s).ok_or(ServiceError::Field {
            field: "due_on",
            problem: FieldProblem::Invalid,
        })?),
    };
    let status = match input.status.trim() {
        "" => rules::FollowUpStatus::Direncanakan,
        s => rules::FollowUpStatus::parse(s).ok_or(ServiceError::Field {
            field: "status",
            problem: FieldProblem::Invalid,
        })?,
    };
    let now = Utc::now();
    let txn = crate::server::db::begin(db).await?;
    let id = match input.followup_id {
        None => {
            let id = Uuid::now_v7();
            skm_followup::ActiveModel {
                id: Set(id),
                tenant_id: Set(scope.tenant_id()),
                period_id: Set(p.id),
                element: Set(element.clone()),
                action: Set(action.clone()),
                owner: Set(owner),
                due_on: Set(due_on),
                status: Set(status.code().to_owned()),
                note: Set(note),
                revision: Set(1),
                updated_by: Set(Some(scope.user_id())),
                updated_at: Set(now),
                created_at: Set(now),
            }
            .insert(&txn)
            .await?;
            id
        }
        Some(fid) => {
            let f = skm_followup::Entity::find_by_id(fid)
                .filter(skm_followup::Column::TenantId.eq(scope.tenant_id()))
                .filter(skm_followup::Column::PeriodId.eq(p.id))
                .one(&txn)
                .await?
                .ok_or(ServiceError::NotFound)?;
            if input.revision != Some(f.revision) {
                return Err(ServiceError::ChangedBy {
                    by: user_name(&txn, f.updated_by).await?,
                    at: scope.stamp(f.updated_at).to_string(),
                });
            }
            // The revision in the WHERE clause keeps two simultaneous saves from both landing.
            let updated = skm_followup::Entity::update_many()
                .col_expr(skm_followup::Column::Element, element.clone().into())
                .col_expr(skm_followup::Column::Action, action.clone().into())
                .col_expr(skm_followup::Column::Owner, owner.into())
                .col_expr(skm_followup::Column::DueOn, due_on.into())
                .col_expr(skm_followup::Column::Status, status.code().into())
                .col_expr(skm_followup::Column::Note, note.into())
                .col_expr(skm_followup::Column::Revision, (f.revision + 1).into())
                .col_expr(
                    skm_followup::Column::UpdatedBy,
                    Some(scope.user_id()).into(),
                )
                .col_expr(skm_followup::Column::UpdatedAt, now.into())
                .filter(skm_followup::Column::Id.eq(f.id))
                .filter(skm_followup::Column::Revision.eq(f.revision))
                .exec(&txn)
                .await?;
            if updated.rows_affected != 1 {
                return Err(ServiceError::Stale);
            }
            f.id
        }
    };
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "skm.followup_save",
            entity: "skm_followup",
            entity_id: Some(id.to_string()),
            summary: format!("{element}: {action} ({})", status.label_id()),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Imports paper responses (all or nothing) from a CSV or XLSX file. Returns how many.
pub async fn import(
    state: &AppState,
    scope: &TenantScope,
    period_id: Uuid,
    bytes: &[u8],
) -> ServiceResult<u64> {
    let db = &state.db;
    let p = load_period(db, scope, period_id).await?;
    require_manage(db, scope, &p).await?;
    let vrow = instrument_version::Entity::find_by_id(p.version_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let unsur = elements(&document(&vrow)?).unwrap_or_default().len();
    let (header, rows) = super::sheets::read_table(bytes).map_err(ServiceError::Import)?;
    let responses = rules::check_import(&header, &rows, unsur).map_err(ServiceError::Import)?;
    let now = Utc::now();
    let models: Vec<skm_response::ActiveModel> = responses
        .iter()
        .map(|r| {
            new_response(
                scope.tenant_id(),
                p.id,
                r,
                rules::SOURCE_PAPER,
                None,
                None,
                now,
                Some(scope.user_id()),
            )
        })
        .collect();
    let txn = crate::server::db::begin(db).await?;
    for chunk in models.chunks(200) {
        skm_response::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "skm.import",
            entity: "skm_period",
            entity_id: Some(p.id.to_string()),
            summary: format!("{} tanggapan kertas diimpor · {}", responses.len(), p.name),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(responses.len() as u64)
}

fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

#[allow(clippy::too_many_arguments)]
fn new_response(
    tenant_id: Uuid,
    period_id: Uuid,
    r: &rules::Response,
    source: &str,
    token: Option<String>,
    address_hash: Option<String>,
    at: chrono::DateTime<Utc>,
    entered_by: Option<Uuid>,
) -> skm_response::ActiveModel {
    skm_response::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(tenant_id),
        period_id: Set(period_id),
        answers: Set(r.answer_digits()),
        age: Set(r.profile.age.and_then(|a| i32::try_from(a).ok())),
        sex: Set(r.profile.sex.clone()),
        education: Set(r.profile.education.clone()),
        occupation: Set(r.profile.occupation.clone()),
        service: Set(r.service.clone()),
        suggestion: Set(r.suggestion.clone()),
        source: Set(source.to_owned()),
        token: Set(token),
        fingerprint: Set(Some(sha256_hex(&r.fingerprint_source()))),
        address_hash: Set(address_hash),
        submitted_at: Set(at),
        entered_by: Set(entered_by),
    }
}

// ---- The public side -------------------------------------------------------------------

/// The public form of a period.
#[derive(Debug, Clone)]
pub struct PublicForm {
    /// Pemda name.
    pub tenant: String,
    /// Pemda slug (for the link to published results).
    pub slug: String,
    /// Unit name.
    pub unit: String,
    /// Unit id.
    pub unit_id: Uuid,
    /// OPD name.
    pub opd: String,
    /// Period name.
    pub period: String,
    /// Public code.
    pub code: String,
    /// First and last day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Where it stands today.
    pub state: PeriodState,
    /// Answers need a one-time code.
    pub require_code: bool,
    /// The unsur.
    pub elements: Vec<Element>,
    /// The unit's services, for the "service used" list.
    pub services: Vec<String>,
}

async fn period_by_code(
    db: &impl ConnectionTrait,
    code: &str,
) -> ServiceResult<(skm_period::Model, tenant::Model)> {
    let code = rules::normalize_code(code);
    if code.is_empty() || code.len() > 16 {
        return Err(ServiceError::NotFound);
    }
    let p = skm_period::Entity::find()
        .filter(skm_period::Column::Code.eq(code))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let t = tenant::Entity::find_by_id(p.tenant_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if t.status == "suspended" {
        return Err(ServiceError::NotFound);
    }
    Ok((p, t))
}

/// The public form of the period with `code` (no sign-in).
pub async fn public_form(db: &impl ConnectionTrait, code: &str) -> ServiceResult<PublicForm> {
    let (p, t) = period_by_code(db, code).await?;
    let today = clock::today(clock::zone_of(&t));
    let u = unit::Entity::find_by_id(p.unit_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let o = opd::Entity::find_by_id(u.opd_id).one(db).await?;
    let vrow = instrument_version::Entity::find_by_id(p.version_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let elements = elements(&document(&vrow)?).unwrap_or_default();
    let services = service::Entity::find()
        .filter(service::Column::UnitId.eq(u.id))
        .order_by_asc(service::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.name)
        .collect();
    Ok(PublicForm {
        tenant: t.name,
        slug: t.slug,
        unit: u.name,
        unit_id: u.id,
        opd: o.map(|o| o.name).unwrap_or_default(),
        state: state_of(&p, today),
        period: p.name,
        code: p.code,
        starts_on: p.starts_on,
        ends_on: p.ends_on,
        require_code: p.require_code,
        elements,
        services,
    })
}

/// A submission of the public form.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    /// The answers and profile.
    pub raw: rules::RawResponse,
    /// The one-time code typed (when the period needs one).
    pub one_time_code: String,
    /// The form's token (one per form shown).
    pub token: String,
    /// The honeypot field: people never see it, so it stays empty.
    pub honeypot: String,
    /// The client address (hashed before it is stored).
    pub address: String,
}

/// What became of a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    /// Stored.
    Accepted,
    /// This form was already received (a double submit): nothing more stored.
    AlreadyReceived,
    /// The honeypot was filled: nothing stored, the sender is thanked all the same.
    Ignored,
}

/// Why a submission was refused (nothing is stored).
#[derive(Debug)]
pub enum SubmitError {
    /// No such period (or its pemda is suspended).
    NotFound,
    /// The period does not take answers now.
    NotOpen(PeriodState),
    /// Fields to fix.
    Problems(Vec<rules::ResponseProblem>),
    /// The same response came from the same place a moment ago.
    Duplicate,
    /// The one-time code is unknown or used.
    CodeInvalid,
    /// The database failed.
    Service(ServiceError),
}

impl From<ServiceError> for SubmitError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound => SubmitError::NotFound,
            other => SubmitError::Service(other),
        }
    }
}

impl From<sea_orm::DbErr> for SubmitError {
    fn from(e: sea_orm::DbErr) -> Self {
        SubmitError::Service(e.into())
    }
}

fn token_ok(token: &str) -> bool {
    (16..=64).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Stores a public submission after the checks: honeypot, period open, token not yet used,
/// valid answers, a one-time code when the period needs one, and no identical response from
/// the same address in the last half hour. A database refusal under a burst of writers
/// (SQLite) is retried.
pub async fn submit(
    db: &sea_orm::DatabaseConnection,
    s: Submission,
    code: &str,
) -> Result<Submitted, SubmitError> {
    if !s.honeypot.trim().is_empty() {
        tracing::info!("survey honeypot filled: submission ignored");
        return Ok(Submitted::Ignored);
    }
    let (p, t) = period_by_code(db, code).await?;
    let today = clock::today(clock::zone_of(&t));
    let state = state_of(&p, today);
    if !state.is_open() {
        return Err(SubmitError::NotOpen(state));
    }
    let token = s.token.trim().to_owned();
    if !token_ok(&token) {
        return Err(SubmitError::Problems(vec![(
            "form".to_owned(),
            FieldProblem::Invalid,
        )]));
    }
    if skm_response::Entity::find()
        .filter(skm_response::Column::Token.eq(token.clone()))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(Submitted::AlreadyReceived);
    }
    let vrow = instrument_version::Entity::find_by_id(p.version_id)
        .one(db)
        .await?
        .ok_or(SubmitError::NotFound)?;
    let unsur = elements(&document(&vrow)?).unwrap_or_default().len();
    let response = rules::check_response(&s.raw, unsur).map_err(SubmitError::Problems)?;
    let one_time = rules::normalize_code(&s.one_time_code);
    if p.require_code && one_time.is_empty() {
        return Err(SubmitError::Problems(vec![(
            "kode".to_owned(),
            FieldProblem::Required,
        )]));
    }
    let now = Utc::now();
    let address_hash = sha256_hex(&format!("skm|{}|{}|{}", p.id, today, s.address));
    let fingerprint = sha256_hex(&response.fingerprint_source());
    if !p.require_code {
        let since = now - chrono::Duration::minutes(DUPLICATE_WINDOW_MINUTES);
        let twin = skm_response::Entity::find()
            .filter(skm_response::Column::PeriodId.eq(p.id))
            .filter(skm_response::Column::Fingerprint.eq(fingerprint.clone()))
            .filter(skm_response::Column::AddressHash.eq(address_hash.clone()))
            .filter(skm_response::Column::SubmittedAt.gt(since))
            .one(db)
            .await?;
        if twin.is_some() {
            return Err(SubmitError::Duplicate);
        }
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        match store(db, &p, &response, &token, &one_time, &address_hash, now).await {
            Err(SubmitError::Service(ServiceError::Db(e))) => {
                // The token's unique key: the same form arrived twice at the same moment.
                if skm_response::Entity::find()
                    .filter(skm_response::Column::Token.eq(token.clone()))
                    .one(db)
                    .await?
                    .is_some()
                {
                    return Ok(Submitted::AlreadyReceived);
                }
                if attempt >= 5 {
                    return Err(SubmitError::Service(e.into()));
                }
                tracing::debug!(error = %e, attempt, "survey response refused; trying again");
                tokio::time::sleep(std::time::Duration::from_millis(20 * attempt)).await;
            }
            other => return other,
        }
    }
}

async fn store(
    db: &sea_orm::DatabaseConnection,
    p: &skm_period::Model,
    response: &rules::Response,
    token: &str,
    one_time: &str,
    address_hash: &str,
    now: chrono::DateTime<Utc>,
) -> Result<Submitted, SubmitError> {
    let model = new_response(
        p.tenant_id,
        p.id,
        response,
        rules::SOURCE_ONLINE,
        Some(token.to_owned()),
        Some(address_hash.to_owned()),
        now,
        None,
    );
    if !p.require_code {
        // One statement: no read lock to upgrade, so SQLite waits its turn instead of refusing.
        model.insert(db).await?;
        return Ok(Submitted::Accepted);
    }
    let txn = crate::server::db::begin(db).await?;
    // The write comes first for the same reason; the code is spent only if the row lands.
    let spent = skm_code::Entity::update_many()
        .col_expr(skm_code::Column::UsedAt, Some(now).into())
        .filter(skm_code::Column::PeriodId.eq(p.id))
        .filter(skm_code::Column::Code.eq(one_time))
        .filter(skm_code::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if spent.rows_affected != 1 {
        txn.rollback().await?;
        return Err(SubmitError::CodeInvalid);
    }
    model.insert(&txn).await?;
    txn.commit().await?;
    Ok(Submitted::Accepted)
}

/// A finished period as published.
#[derive(Debug, Clone)]
pub struct PublicPeriod {
    /// Period name.
    pub name: String,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// Respondents.
    pub respondents: u64,
    /// IKM (exact weight).
    pub ikm: Option<f64>,
    /// Its mutu.
    pub band: Option<Band>,
    /// Per unsur: code, name, NRR, converted.
    pub elements: Vec<ElementResult>,
    /// The follow-up plan.
    pub followups: Vec<FollowUp>,
}

/// A unit's published results.
#[derive(Debug, Clone)]
pub struct PublicUnit {
    /// Unit id.
    pub unit_id: Uuid,
    /// Unit name.
    pub unit: String,
    /// OPD name.
    pub opd: String,
    /// Finished periods, newest first.
    pub periods: Vec<PublicPeriod>,
}

/// A pemda's published SKM results.
#[derive(Debug, Clone)]
pub struct PublicResults {
    /// Pemda name.
    pub tenant: String,
    /// Slug.
    pub slug: String,
    /// Province.
    pub province: String,
    /// Pooled by year: pemda, OPD, unit.
    pub by_year: Vec<ResultRow>,
    /// Units with finished periods.
    pub units: Vec<PublicUnit>,
}

/// The published results of the pemda `slug`: every finished period (ended or closed). With
/// `unit`, only that unit's periods. Running periods are not published until they end.
pub async fn public_results(
    db: &impl ConnectionTrait,
    slug: &str,
    unit: Option<Uuid>,
) -> ServiceResult<PublicResults> {
    let t = tenant::Entity::find()
        .filter(tenant::Column::Slug.eq(slug))
        .one(db)
        .await?
        .filter(|t| t.status != "suspended")
        .ok_or(ServiceError::NotFound)?;
    let today = clock::today(clock::zone_of(&t));
    let mut query = skm_period::Entity::find()
        .filter(skm_period::Column::TenantId.eq(t.id))
        .order_by_desc(skm_period::Column::EndsOn);
    if let Some(u) = unit {
        query = query.filter(skm_period::Column::UnitId.eq(u));
    }
    let periods: Vec<skm_period::Model> = query
        .all(db)
        .await?
        .into_iter()
        .filter(|p| state_of(p, today).is_final())
        .collect();
    if unit.is_some() && periods.is_empty() {
        return Err(ServiceError::NotFound);
    }
    let (names, opd_of, opds) = unit_names(db, t.id).await?;
    let tallies = tallies(db, t.id, periods.iter().map(|p| p.id).collect()).await?;
    let versions = versions_by_id(db, periods.iter().map(|p| p.version_id)).await?;
    let by_year = results_by_year(
        &periods, &tallies, &names, &opd_of, &opds, &versions, &t.name,
    );
    let followups = skm_followup::Entity::find()
        .filter(skm_followup::Column::TenantId.eq(t.id))
        .filter(skm_followup::Column::PeriodId.is_in(periods.iter().map(|p| p.id)))
        .order_by_asc(skm_followup::Column::CreatedAt)
        .all(db)
        .await?;
    let mut units: BTreeMap<(String, String, Uuid), Vec<PublicPeriod>> = BTreeMap::new();
    for p in &periods {
        let Some(v) = versions.get(&p.version_id) else {
            continue;
        };
        let els = elements(v).unwrap_or_default();
        let element_names: HashMap<String, String> = els
            .iter()
            .map(|e| (e.code.clone(), e.name.clone()))
            .collect();
        let tally = tallies.get(&p.id).cloned().unwrap_or_default();
        let ikm = tally.ikm(IkmWeight::Exact);
        let (elements, _) = element_results(&els, ikm.as_ref(), v);
        let (unit_name, opd_name) = names.get(&p.unit_id).cloned().unwrap_or_default();
        let rounded = ikm.as_ref().map(|i| i.rounded);
        units
            .entry((opd_name, unit_name, p.unit_id))
            .or_default()
            .push(PublicPeriod {
                name: p.name.clone(),
                starts_on: p.starts_on,
                ends_on: p.ends_on,
                respondents: tally.count,
                ikm: rounded,
                band: band_of(Some(v), rounded),
                elements,
                followups: followups
                    .iter()
                    .filter(|f| f.period_id == p.id)
                    .cloned()
                    .map(|f| followup_view(f, &element_names, today))
                    .collect(),
            });
    }
    Ok(PublicResults {
        tenant: t.name,
        slug: t.slug,
        province: t.province,
        by_year,
        units: units
            .into_iter()
            .map(|((opd, unit, unit_id), periods)| PublicUnit {
                unit_id,
                unit,
                opd,
                periods,
            })
            .collect(),
    })
}

// ---- Exports --------------------------------------------------------------------------------

/// Loads a period's results for an export, for anyone who may see the pemda.
pub async fn export_results(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
) -> ServiceResult<Results> {
    scope.require(Permission::ViewTenant)?;
    let p = load_period(&state.db, scope, id).await?;
    results(&state.db, scope, p).await
}

/// The raw responses as an XLSX workbook in the import format (so a corrected file can be
/// read back), with the time and source of each.
pub fn responses_xlsx(r: &Results) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut rows = vec![{
        let mut h = rules::import_header(r.elements.len());
        h.extend(["waktu".to_owned(), "sumber".to_owned()]);
        h
    }];
    for x in &r.responses {
        let mut row: Vec<String> = x.answers.chars().map(|c| c.to_string()).collect();
        row.extend([
            x.age.map(|a| a.to_string()).unwrap_or_default(),
            x.sex.clone().unwrap_or_default(),
            x.education.clone().unwrap_or_default(),
            x.occupation.clone().unwrap_or_default(),
            x.service.clone().unwrap_or_default(),
            x.suggestion.clone().unwrap_or_default(),
            r.time(x.submitted_at),
            x.source.clone(),
        ]);
        rows.push(row);
    }
    super::sheets::write_xlsx("Tanggapan", &rows)
}

/// The survey report as an XLSX workbook: the summary (population, sample, IKM with both
/// weights and which one is the result, mutu), NRR per unsur with priorities, the profile of
/// respondents, every suggestion, and the follow-up plan.
pub fn report_xlsx(r: &Results, tenant: &str) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let f = r.figures();
    let v = &r.version.0;
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let two = Format::new().set_num_format("0.00");
    let three = Format::new().set_num_format("0.000");

    let s = book.add_worksheet();
    s.set_name("Ringkasan")?;
    s.write_string_with_format(0, 0, "Laporan Survei Kepuasan Masyarakat", &title)?;
    let population = u64::try_from(r.period.population).unwrap_or(0);
    let lines: Vec<(&str, String)> = vec![
        ("Pemerintah daerah", tenant.to_owned()),
        ("Perangkat daerah", r.opd.clone()),
        ("Unit layanan", r.unit.name.clone()),
        ("Periode survei", r.period.name.clone()),
        (
            "Waktu",
            format!(
                "{} – {}",
                date_id(r.period.starts_on),
                date_id(r.period.ends_on)
            ),
        ),
        ("Instrumen", r.version.1.clone()),
        ("Perkiraan populasi", population.to_string()),
        (
            "Sampel minimum (Krejcie–Morgan)",
            krejcie_morgan(population).to_string(),
        ),
        ("Jumlah responden", r.responses.len().to_string()),
    ];
    for (i, (k, val)) in lines.iter().enumerate() {
        let row = i as u32 + 2;
        s.write_string_with_format(row, 0, *k, &bold)?;
        s.write_string(row, 1, val)?;
    }
    let mut row = lines.len() as u32 + 3;
    s.write_string_with_format(
        row,
        0,
        "IKM (bobot 1/n, sesuai PermenPAN-RB 14/2017)",
        &bold,
    )?;
    if let Some(i) = &f.ikm_exact {
        s.write_number_with_format(row, 1, i.rounded, &two)?;
        if let Some(b) = band_of(Some(v), Some(i.rounded)) {
            s.write_string(row, 2, format!("Mutu {} · {}", b.code, b.name_id))?;
        }
    }
    row += 1;
    s.write_string_with_format(
        row,
        0,
        "IKM (bobot 0,111, pembanding lembar kerja lama)",
        &bold,
    )?;
    if let Some(i) = &f.ikm_0111 {
        s.write_number_with_format(row, 1, i.rounded, &two)?;
        if let Some(b) = band_of(Some(v), Some(i.rounded)) {
            s.write_string(row, 2, format!("Mutu {} · {}", b.code, b.name_id))?;
        }
    }
    row += 1;
    s.write_string(
        row,
        0,
        "Hasil resmi memakai bobot 1/n; angka 0,111 hanya untuk mencocokkan dengan lembar kerja lama.",
    )?;
    row += 2;
    for (c, h) in [
        "Unsur",
        "Nama",
        "NRR",
        "NRR × 25",
        "NRR tertimbang (1/n)",
        "Mutu",
        "Prioritas",
    ]
    .iter()
    .enumerate()
    {
        s.write_string_with_format(row, c as u16, *h, &bold)?;
    }
    let n = f.elements.len().max(1) as f64;
    for e in &f.elements {
        row += 1;
        s.write_string(row, 0, &e.code)?;
        s.write_string(row, 1, &e.name)?;
        s.write_number_with_format(
            row,
            2,
            crate::domain::instrument::round_half_up(e.nrr, 3),
            &three,
        )?;
        s.write_number_with_format(row, 3, e.converted, &two)?;
        s.write_number_with_format(
            row,
            4,
            crate::domain::instrument::round_half_up(e.nrr / n, 3),
            &three,
        )?;
        if let Some(b) = &e.band {
            s.write_string(row, 5, &b.code)?;
        }
        if e.priority {
            s.write_string(row, 6, "ya")?;
        }
    }
    s.set_column_width(0, 42)?;
    s.set_column_width(1, 34)?;

    let s = book.add_worksheet();
    s.set_name("Profil responden")?;
    let mut row = 0;
    for p in profile_counts(&r.responses) {
        s.write_string_with_format(row, 0, &p.question, &bold)?;
        row += 1;
        for (label, count) in p.counts {
            s.write_string(row, 0, &label)?;
            s.write_number(row, 1, count as f64)?;
            row += 1;
        }
        row += 1;
    }
    s.set_column_width(0, 28)?;

    let s = book.add_worksheet();
    s.set_name("Saran")?;
    for (c, h) in ["Tanggal", "Layanan", "Saran"].iter().enumerate() {
        s.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    let mut row = 0;
    for x in r.responses.iter().filter(|x| x.suggestion.is_some()) {
        row += 1;
        s.write_string(row, 0, r.time(x.submitted_at))?;
        s.write_string(row, 1, x.service.clone().unwrap_or_default())?;
        s.write_string(row, 2, x.suggestion.clone().unwrap_or_default())?;
    }
    s.set_column_width(2, 80)?;

    let s = book.add_worksheet();
    s.set_name("Rencana tindak lanjut")?;
    for (c, h) in [
        "Unsur",
        "Tindakan",
        "Penanggung jawab",
        "Tenggat",
        "Status",
        "Catatan",
    ]
    .iter()
    .enumerate()
    {
        s.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, fu) in r.followups.iter().enumerate() {
        let row = i as u32 + 1;
        s.write_string(row, 0, format!("{} {}", fu.element, fu.element_name))?;
        s.write_string(row, 1, &fu.action)?;
        s.write_string(row, 2, &fu.owner)?;
        s.write_string(row, 3, fu.due_label.clone().unwrap_or_default())?;
        s.write_string(row, 4, &fu.status_label)?;
        s.write_string(row, 5, fu.note.clone().unwrap_or_default())?;
    }
    s.set_column_width(1, 60)?;
    book.save_to_buffer()
}

// ---- Demo data -------------------------------------------------------------------------------

/// Seeds the demo pemda's surveys (idempotent): last year's finished period at the Disdukcapil
/// counter with its follow-up plan, this year's running one, and one at the Mal Pelayanan
/// Publik. Answers are drawn deterministically, lower for completion time and facilities, as
/// is common.
pub async fn seed_demo(db: &sea_orm::DatabaseConnection) -> ServiceResult<()> {
    use super::demo::{pick, DEMO_TENANT_SLUG};
    let Some(t) = tenant::Entity::find()
        .filter(tenant::Column::Slug.eq(DEMO_TENANT_SLUG))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    if skm_period::Entity::find()
        .filter(skm_period::Column::TenantId.eq(t.id))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let Some((version, _)) = skm_versions(db).await?.into_iter().next() else {
        return Ok(());
    };
    let unit_by_code = |code: &'static str| {
        unit::Entity::find()
            .filter(unit::Column::TenantId.eq(t.id))
            .filter(unit::Column::Code.eq(code))
            .one(db)
    };
    let (Some(loket), Some(mpp)) = (
        unit_by_code("DUKCAPIL-LOKET").await?,
        unit_by_code("MPP").await?,
    ) else {
        return Ok(());
    };
    let today = clock::today(clock::zone_of(&t));
    let year = today.year();
    let jan1 = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(today);
    let dec31 = |y: i32| NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(today);
    // This year's periods run to the year's end (at least a week from today).
    let this_year_end = dec31(year).max(today + chrono::Duration::days(7));
    // (code, unit, name, starts, ends, population, responses, closed, bias per unsur)
    let periods = [
        (
            "CONTOH25",
            &loket,
            format!("SKM {}", year - 1),
            jan1(year - 1),
            dec31(year - 1),
            4000_i64,
            360_u32,
            true,
            [2_u64, 2, 5, 1, 2, 2, 1, 5, 3],
        ),
        (
            "CONTOH26",
            &loket,
            format!("SKM {year}"),
            today - chrono::Duration::days(60),
            this_year_end,
            2000,
            140,
            false,
            [2, 2, 4, 1, 2, 1, 1, 4, 3],
        ),
        (
            "MPP2026",
            &mpp,
            format!("SKM {year}"),
            today - chrono::Duration::days(45),
            this_year_end,
            900,
            75,
            false,
            [1, 2, 2, 1, 1, 1, 1, 2, 2],
        ),
    ];
    const SUGGESTIONS: [&str; 6] = [
        "Antrean terlalu lama, mohon tambah petugas di jam sibuk.",
        "Ruang tunggu panas dan kursinya kurang.",
        "Petugas ramah dan membantu, terima kasih.",
        "Informasi persyaratan di papan pengumuman sudah jelas.",
        "Mohon sediakan layanan daring agar tidak perlu datang berkali-kali.",
        "Kotak pengaduan tidak jelas tindak lanjutnya.",
    ];
    let now = Utc::now();
    let txn = crate::server::db::begin(db).await?;
    for (code, u, name, starts, ends, population, count, closed, bias) in periods {
        let period_id = Uuid::now_v7();
        skm_period::ActiveModel {
            id: Set(period_id),
            tenant_id: Set(t.id),
            unit_id: Set(u.id),
            version_id: Set(version.id),
            name: Set(name),
            code: Set(code.to_owned()),
            starts_on: Set(starts),
            ends_on: Set(ends),
            population: Set(population),
            require_code: Set(false),
            closed_at: Set(closed.then_some(now)),
            created_by: Set(None),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let days = (ends.min(today) - starts).num_days().max(1);
        let mut rows = Vec::new();
        for n in 0..count {
            let key = n.to_string();
            let h = |what: &str| pick(&[code, &key, what]);
            let answers: Vec<u8> = bias
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    // Mostly 3s and 4s; a higher bias draws more 2s (and the odd 1).
                    let r = h(&format!("u{i}")) % 20;
                    match r {
                        r if r < *b => 2,
                        r if r == 19 && *b >= 4 => 1,
                        r if r < 11 => 3,
                        _ => 4,
                    }
                })
                .collect();
            let response = rules::Response {
                answers,
                profile: rules::Profile {
                    age: Some(18 + (h("age") % 50) as u32),
                    sex: Some(rules::SEXES[(h("sex") % 2) as usize].0.to_owned()),
                    education: Some(rules::EDUCATIONS[(h("edu") % 6) as usize].0.to_owned()),
                    occupation: Some(rules::OCCUPATIONS[(h("job") % 7) as usize].0.to_owned()),
                },
                service: u.code.eq("DUKCAPIL-LOKET").then(|| {
                    [
                        "Penerbitan KTP-el",
                        "Penerbitan Kartu Keluarga",
                        "Penerbitan Akta Kelahiran",
                    ][(h("svc") % 3) as usize]
                        .to_owned()
                }),
                suggestion: h("saran")
                    .is_multiple_of(4)
                    .then(|| SUGGESTIONS[(h("which") % 6) as usize].to_owned()),
            };
            let at = (starts + chrono::Duration::days((h("day") % days as u64) as i64))
                .and_hms_opt(1 + (h("hour") % 8) as u32, (h("min") % 60) as u32, 0)
                .map(|t| t.and_utc())
                .unwrap_or(now);
            let source = if h("src").is_multiple_of(5) {
                rules::SOURCE_PAPER
            } else {
                rules::SOURCE_ONLINE
            };
            rows.push(new_response(
                t.id, period_id, &response, source, None, None, at, None,
            ));
        }
        for chunk in rows.chunks(200) {
            skm_response::Entity::insert_many(chunk.to_vec())
                .exec(&txn)
                .await?;
        }
        if closed {
            for (element, action, status, due) in [
                (
                    "U3",
                    "Menambah satu loket perekaman KTP-el pada jam sibuk (08.00–11.00)",
                    rules::FollowUpStatus::Selesai,
                    jan1(year) + chrono::Duration::days(89),
                ),
                (
                    "U8",
                    "Menambah kursi dan kipas angin di ruang tunggu",
                    rules::FollowUpStatus::Berjalan,
                    jan1(year) + chrono::Duration::days(180),
                ),
                (
                    "U9",
                    "Menjawab setiap pengaduan paling lambat 5 hari kerja dan mengumumkan tindak lanjutnya",
                    rules::FollowUpStatus::Direncanakan,
                    dec31(year),
                ),
            ] {
                skm_followup::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    tenant_id: Set(t.id),
                    period_id: Set(period_id),
                    element: Set(element.to_owned()),
                    action: Set(action.to_owned()),
                    owner: Set("Kepala Bidang Pelayanan Pendaftaran Penduduk".to_owned()),
                    due_on: Set(Some(due)),
                    status: Set(status.code().to_owned()),
                    note: Set(None),
                    revision: Set(1),
                    updated_by: Set(None),
                    updated_at: Set(now),
                    created_at: Set(now),
                }
                .insert(&txn)
                .await?;
            }
        }
    }
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::instrument::builtin;

    #[test]
    fn the_builtin_skm_version_reads_as_nine_unsur_with_four_labels() {
        let v = builtin::builtin_versions()
            .into_iter()
            .find(|v| v.instrument.code == SKM_INSTRUMENT)
            .unwrap();
        let els = elements(&v).unwrap();
        assert_eq!(els.len(), 9);
        assert_eq!(els[0].name, "Persyaratan");
        assert!(els[0].question.starts_with("Bagaimana pendapat"));
        assert_eq!(
            els[3].labels,
            ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"]
        );
        assert!(els.iter().all(|e| e.labels.len() == 4));
    }

    #[test]
    fn a_tally_pools_like_the_responses_it_holds() {
        let mut a = Tally::default();
        a.add("444444444");
        a.add("111111111");
        a.add("not digits");
        assert_eq!(a.count, 2);
        let mut b = Tally::default();
        b.add("444444444");
        a.merge(&b);
        assert_eq!(a.count, 3);
        assert_eq!(a.ikm(IkmWeight::Exact).unwrap().rounded, 75.0);
    }
}
