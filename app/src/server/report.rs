//! The cycle report a coordinator sends upward, as an XLSX workbook and as a PDF: summary, then
//! one part per OPD with every indicator, answer, self and verified score, evidence with links,
//! and every comment the reader may see, in Indonesian formats.
//!
//! Both are written to an anonymous temporary file on a blocking thread and then streamed, so a
//! pemda of any size never holds the file in memory: the workbook's OPD sheets use
//! `rust_xlsxwriter`'s constant-memory mode, and the PDF is written object by object.

use super::cycles::{load_version, parse_stored};
use super::dashboard::verified_answer;
use super::entities::{assignment, comment, evidence, evidence_revision, opd, review, unit, user};
use super::error::{ServiceError, ServiceResult};
use super::scope::TenantScope;
use super::state::AppState;
use crate::api::dashboard::Dashboard;
use crate::domain::format::{date_id, decimal_id};
use crate::domain::instrument::{answer_label, Answer, InstrumentVersion};
use crate::domain::review::ReviewStatus;
use crate::domain::role::Permission;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use std::io::{Seek, SeekFrom, Write};
use uuid::Uuid;

pub(crate) mod pdf;
mod xlsx;

/// One evidence document as the report lists it.
#[derive(Debug, Clone)]
pub struct EvidenceLine {
    /// Title and file name (or the link).
    pub name: String,
    /// Revision number.
    pub revision: i32,
    /// Where to open it.
    pub url: String,
    /// Expiry date, if any.
    pub expires_on: Option<String>,
}

/// One comment as the report lists it.
#[derive(Debug, Clone)]
pub struct CommentLine {
    /// Author's name.
    pub author: String,
    /// When (WIB), e.g. `20 Maret 2024 14.05`.
    pub at: String,
    /// Text as typed (Markdown source).
    pub body: String,
    /// A mentor-only note.
    pub internal: bool,
    /// A reply.
    pub reply: bool,
}

/// One item (unit × indicator) with everything recorded about it.
#[derive(Debug, Clone)]
pub struct ItemLine {
    /// Unit.
    pub unit: String,
    /// Indicator code.
    pub code: String,
    /// Indicator text.
    pub text: String,
    /// Top-level section code.
    pub section: String,
    /// PIC.
    pub pic: String,
    /// The answer in words.
    pub answer: Option<String>,
    /// Its score.
    pub score: Option<f64>,
    /// The indicator's highest score.
    pub max_score: f64,
    /// The mentor's verified answer in words, where different from the answer.
    pub verified: Option<String>,
    /// The verified score (the self score when the mentor confirmed it).
    pub verified_score: Option<f64>,
    /// Review state in words.
    pub review: String,
    /// The mentor's revision reason or justification.
    pub review_note: Option<String>,
    /// The PIC's notes.
    pub notes: Option<String>,
    /// Marked ready.
    pub ready: bool,
    /// Last answered (WIB).
    pub answered_at: Option<DateTime<Utc>>,
    /// By whom.
    pub answered_by: Option<String>,
    /// Live evidence.
    pub evidence: Vec<EvidenceLine>,
    /// Comments, oldest first.
    pub comments: Vec<CommentLine>,
}

/// An OPD's part of the report.
#[derive(Debug, Clone)]
pub struct OpdPart {
    /// OPD code (sheet name).
    pub code: String,
    /// OPD name.
    pub name: String,
    /// Its items, by unit and indicator.
    pub items: Vec<ItemLine>,
}

/// Everything the report shows.
pub struct Report {
    /// The dashboard figures (summary part).
    pub dashboard: Dashboard,
    /// The instrument version.
    pub doc: InstrumentVersion,
    /// When it was made.
    pub made_at: DateTime<Utc>,
    /// The pemda's time zone.
    pub zone: chrono_tz::Tz,
    /// One part per OPD, by name.
    pub opds: Vec<OpdPart>,
}

/// The file kinds a report comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Excel workbook.
    Xlsx,
    /// PDF document.
    Pdf,
}

impl Kind {
    /// Content type.
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Pdf => "application/pdf",
        }
    }

    /// File extension.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Xlsx => "xlsx",
            Kind::Pdf => "pdf",
        }
    }
}

impl Report {
    /// `t` as the pemda reads it: `20 Maret 2024 14.05 WITA`.
    pub fn time(&self, t: DateTime<Utc>) -> String {
        super::clock::stamp(self.zone, t).to_string()
    }

    /// `t` on the pemda's wall clock.
    pub fn local(&self, t: DateTime<Utc>) -> chrono::NaiveDateTime {
        super::clock::stamp(self.zone, t).local
    }
}

/// Review state in words.
fn review_words(status: Option<ReviewStatus>) -> &'static str {
    match status {
        None => "Belum dikirim",
        Some(ReviewStatus::Awaiting) => "Menunggu tinjauan",
        Some(ReviewStatus::RevisionRequested) => "Perlu perbaikan",
        Some(ReviewStatus::Resubmitted) => "Dikirim ulang",
        Some(ReviewStatus::Accepted) => "Diterima",
        Some(ReviewStatus::Outdated) => "Berubah setelah diterima",
    }
}

/// Loads a cycle's report: the dashboard's figures plus, per OPD, every item with its evidence
/// and comments. Mentor-only notes are included for mentors only.
pub async fn load(state: &AppState, scope: &TenantScope, id: Uuid) -> ServiceResult<Report> {
    let dashboard = super::dashboard::dashboard(state, scope, id).await?;
    let db = &state.db;
    let c = super::cycles::load_cycle(db, scope, id).await?;
    let (_, _, doc) = load_version(db, c.instrument_version_id).await?;
    let items = assignment::Entity::find()
        .filter(assignment::Column::CycleId.eq(id))
        .filter(assignment::Column::TenantId.eq(scope.tenant_id()))
        .order_by_asc(assignment::Column::IndicatorCode)
        .all(db)
        .await?;
    let units: HashMap<Uuid, unit::Model> = unit::Entity::find()
        .filter(unit::Column::TenantId.eq(scope.tenant_id()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let opds: HashMap<Uuid, opd::Model> = opd::Entity::find()
        .filter(opd::Column::TenantId.eq(scope.tenant_id()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let reviews: HashMap<Uuid, review::Model> = review::Entity::find()
        .filter(review::Column::CycleId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.assignment_id, r))
        .collect();
    let documents: HashMap<Uuid, evidence::Model> = evidence::Entity::find()
        .filter(evidence::Column::CycleId.eq(id))
        .filter(evidence::Column::DeletedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let mut revisions: Vec<evidence_revision::Model> = evidence_revision::Entity::find()
        .filter(evidence_revision::Column::TenantId.eq(scope.tenant_id()))
        .filter(evidence_revision::Column::EvidenceId.is_in(documents.keys().copied()))
        .filter(evidence_revision::Column::DeletedAt.is_null())
        .filter(evidence_revision::Column::PurgedAt.is_null())
        .order_by_asc(evidence_revision::Column::Number)
        .all(db)
        .await?;
    // The newest live revision of each document.
    revisions.reverse();
    let mut newest: HashMap<Uuid, evidence_revision::Model> = HashMap::new();
    for r in revisions {
        newest.entry(r.evidence_id).or_insert(r);
    }
    let mentor = scope.can(Permission::Review);
    let mut comments = comment::Entity::find()
        .filter(comment::Column::CycleId.eq(id))
        .filter(comment::Column::TenantId.eq(scope.tenant_id()))
        .order_by_asc(comment::Column::CreatedAt);
    if !mentor {
        comments = comments.filter(comment::Column::Internal.eq(false));
    }
    let comments = comments.all(db).await?;
    let mut people: Vec<Uuid> = items
        .iter()
        .flat_map(|a| [a.pic_user_id, a.answered_by])
        .flatten()
        .chain(comments.iter().filter_map(|c| c.author_id))
        .collect();
    people.sort();
    people.dedup();
    let names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(people))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let name_of = |id: Option<Uuid>| id.and_then(|i| names.get(&i).cloned());

    let base = state.settings.public_url.trim_end_matches('/');
    let slug = &scope.tenant().slug;
    let mut evidence_of: HashMap<Uuid, Vec<EvidenceLine>> = HashMap::new();
    let mut docs_sorted: Vec<&evidence::Model> = documents.values().collect();
    docs_sorted.sort_by_key(|d| d.created_at);
    for d in docs_sorted {
        let Some(r) = newest.get(&d.id) else { continue };
        let url = match &r.url {
            Some(link) => link.clone(),
            None => format!("{base}/t/{slug}/bukti/{}", r.id),
        };
        let name = if d.title.trim().is_empty() || d.title == r.name {
            r.name.clone()
        } else {
            format!("{} ({})", d.title, r.name)
        };
        evidence_of
            .entry(d.assignment_id)
            .or_default()
            .push(EvidenceLine {
                name,
                revision: r.number,
                url,
                expires_on: r.expires_on.map(date_id),
            });
    }
    let mut comments_of: HashMap<Uuid, Vec<CommentLine>> = HashMap::new();
    for cm in &comments {
        comments_of
            .entry(cm.assignment_id)
            .or_default()
            .push(CommentLine {
                author: name_of(cm.author_id).unwrap_or_else(|| "—".to_owned()),
                at: scope.stamp(cm.created_at).to_string(),
                body: cm.body.clone(),
                internal: cm.internal,
                reply: cm.parent_id.is_some(),
            });
    }
    let (sections, top_of) = super::cycles::section_of(&doc);
    let mut parts: HashMap<Uuid, OpdPart> = HashMap::new();
    for a in &items {
        let u = units.get(&a.unit_id);
        let Some(opd_id) = a.opd_id.or(u.map(|u| u.opd_id)) else {
            continue;
        };
        let Some(o) = opds.get(&opd_id) else { continue };
        let indicator = doc.indicator(&a.indicator_code);
        let answer_type = indicator.and_then(|i| doc.answer_type(i));
        let answer = parse_stored(a);
        let score_of = |ans: &Answer| answer_type.and_then(|t| t.score(ans).ok());
        let r = reviews.get(&a.id);
        let checked = verified_answer(r);
        let status = r.and_then(|r| ReviewStatus::from_code(&r.status));
        let accepted = status == Some(ReviewStatus::Accepted);
        let max_score = answer_type
            .map(|t| t.steps().iter().map(|s| s.score).fold(0.0, f64::max))
            .unwrap_or(0.0);
        let line = ItemLine {
            unit: u.map(|u| u.name.clone()).unwrap_or_default(),
            code: a.indicator_code.clone(),
            text: indicator.map(|i| i.text_id.clone()).unwrap_or_default(),
            section: top_of
                .get(&a.indicator_code)
                .and_then(|n| sections.get(*n))
                .map(|s| s.0.clone())
                .unwrap_or_default(),
            pic: name_of(a.pic_user_id).unwrap_or_default(),
            answer: answer.as_ref().map(|x| answer_label(answer_type, x)),
            score: answer.as_ref().and_then(score_of),
            max_score,
            verified: checked.as_ref().map(|x| answer_label(answer_type, x)),
            verified_score: checked.as_ref().and_then(score_of).or_else(|| {
                accepted
                    .then(|| answer.as_ref().and_then(score_of))
                    .flatten()
            }),
            review: review_words(status).to_owned(),
            review_note: r.and_then(|r| {
                if accepted {
                    r.justification.clone()
                } else {
                    r.reason.clone()
                }
            }),
            notes: a.notes.clone().filter(|n| !n.trim().is_empty()),
            ready: a.ready,
            answered_at: a.answered_at,
            answered_by: name_of(a.answered_by),
            evidence: evidence_of.remove(&a.id).unwrap_or_default(),
            comments: comments_of.remove(&a.id).unwrap_or_default(),
        };
        parts
            .entry(opd_id)
            .or_insert_with(|| OpdPart {
                code: o.code.clone(),
                name: o.name.clone(),
                items: Vec::new(),
            })
            .items
            .push(line);
    }
    let mut opds: Vec<OpdPart> = parts.into_values().collect();
    opds.sort_by(|a, b| a.name.cmp(&b.name));
    for p in &mut opds {
        p.items
            .sort_by(|a, b| a.unit.cmp(&b.unit).then(a.code.cmp(&b.code)));
    }
    Ok(Report {
        dashboard,
        doc,
        made_at: Utc::now(),
        zone: scope.zone(),
        opds,
    })
}

/// The file name of a cycle's report, e.g. `laporan-penilaian-kepatuhan-2026.xlsx`.
pub fn file_name(report: &Report, kind: Kind) -> String {
    let slug: String = report
        .dashboard
        .cycle
        .name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let slug = slug
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("laporan-{slug}.{}", kind.extension())
}

/// Writes the report to an anonymous temporary file (removed when dropped) and rewinds it.
pub async fn write(report: Report, kind: Kind) -> ServiceResult<std::fs::File> {
    tokio::task::spawn_blocking(move || -> ServiceResult<std::fs::File> {
        let mut file = tempfile::tempfile()
            .map_err(|e| ServiceError::Internal(format!("report temp file: {e}")))?;
        match kind {
            Kind::Xlsx => xlsx::write(&report, &mut file)?,
            Kind::Pdf => pdf::write(&report, &mut file)?,
        }
        file.flush()
            .and_then(|_| file.seek(SeekFrom::Start(0)).map(|_| ()))
            .map_err(|e| ServiceError::Internal(format!("report write: {e}")))?;
        Ok(file)
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("report task: {e}")))?
}

/// A number with the scale's decimals, or a dash.
fn num(v: Option<f64>, decimals: u8) -> String {
    v.map_or_else(|| "–".to_owned(), |v| decimal_id(v, decimals))
}
