//! Mentor review: Ombudsman mentors accept an answer (with a verified score) or send it back
//! with a reason; everyone on the item talks in its comment thread; the pemda sees what it must
//! fix; mentors work from a queue across the pemda that granted their office.
//!
//! Review state lives per answer in `reviews`. Submitting a package puts its answers in the
//! queue ([`on_submit`]); a change to an accepted answer or its evidence makes the acceptance
//! outdated and puts it back ([`on_change`]). Every action writes the item's history, the audit
//! log and the notifications in one transaction, and is announced live after it commits.

use super::accounts::user_name;
use super::audit;
use super::cycles::{
    event, load_cycle, load_item, load_version, move_package, package_of, parse_stored, section_of,
    Event,
};
use super::entities::{
    assignment, comment, comment_edit, cycle, evidence, membership, mentor_office, office_grant,
    office_member, opd, reason_template, review, tenant, unit, user, work_package,
};
use super::error::{ServiceError, ServiceResult};
use super::live::ChangeKind;
use super::notify::{self, Notice};
use super::scope::TenantScope;
use super::state::AppState;
use crate::api::review::{
    CommentView, Mentionable, QueueFilter, QueueRow, ReasonTemplate, ReviewView, Thread, TodoRow,
    Workspace, WorkspaceTenant,
};
use crate::domain::account::FieldProblem;
use crate::domain::cycle::{CycleStatus, PackageAction, PackageStatus};
use crate::domain::instrument::{answer_label, parse_answer, Answer, InstrumentVersion};
use crate::domain::review::{
    handle_for, mentions, render, NoticeKind, ReviewAction, ReviewProblem, ReviewStatus,
    EDIT_WINDOW_MINUTES, MAX_COMMENT_CHARS, MAX_REASON_CHARS,
};
use crate::domain::role::{Permission, Role};
use chrono::{Duration, Utc};
use sea_orm::prelude::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

fn refuse(problem: ReviewProblem) -> ServiceError {
    ServiceError::Review(problem)
}

fn field(field: &'static str, problem: FieldProblem) -> ServiceError {
    ServiceError::Field { field, problem }
}

fn is_mentor(scope: &TenantScope) -> bool {
    scope.can(Permission::Review)
}

/// The caller's offices that this tenant granted.
async fn granted_offices(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
) -> ServiceResult<Vec<mentor_office::Model>> {
    let mine: Vec<Uuid> = office_member::Entity::find()
        .filter(office_member::Column::UserId.eq(scope.user_id()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.office_id)
        .collect();
    if mine.is_empty() {
        return Ok(Vec::new());
    }
    let granted: Vec<Uuid> = office_grant::Entity::find()
        .filter(office_grant::Column::TenantId.eq(scope.tenant_id()))
        .filter(office_grant::Column::OfficeId.is_in(mine))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.office_id)
        .collect();
    Ok(mentor_office::Entity::find()
        .filter(mentor_office::Column::Id.is_in(granted))
        .order_by_asc(mentor_office::Column::Name)
        .all(db)
        .await?)
}

async fn templates_of(
    db: &impl ConnectionTrait,
    offices: &[mentor_office::Model],
) -> ServiceResult<Vec<ReasonTemplate>> {
    if offices.is_empty() {
        return Ok(Vec::new());
    }
    let names: HashMap<Uuid, &str> = offices.iter().map(|o| (o.id, o.name.as_str())).collect();
    Ok(reason_template::Entity::find()
        .filter(reason_template::Column::OfficeId.is_in(names.keys().copied().collect::<Vec<_>>()))
        .filter(reason_template::Column::ArchivedAt.is_null())
        .order_by_asc(reason_template::Column::Text)
        .all(db)
        .await?
        .into_iter()
        .map(|t| ReasonTemplate {
            id: t.id,
            office_id: t.office_id,
            office: names
                .get(&t.office_id)
                .copied()
                .unwrap_or_default()
                .to_owned(),
            text: t.text,
        })
        .collect())
}

async fn load_review(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    item: Uuid,
) -> ServiceResult<Option<review::Model>> {
    Ok(review::Entity::find_by_id(item)
        .filter(review::Column::TenantId.eq(scope.tenant_id()))
        .one(db)
        .await?)
}

/// One line naming an item in notifications: `1.2 · Dinas X — Siklus`.
async fn item_summary(db: &impl ConnectionTrait, a: &assignment::Model) -> ServiceResult<String> {
    let unit = unit::Entity::find_by_id(a.unit_id)
        .one(db)
        .await?
        .map(|u| u.name)
        .unwrap_or_default();
    let cycle = cycle::Entity::find_by_id(a.cycle_id)
        .one(db)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    Ok(format!("{} · {unit} — {cycle}", a.indicator_code))
}

/// The review panel of an item. Opening it marks the caller's notifications about it read.
pub async fn view(state: &AppState, scope: &TenantScope, item: Uuid) -> ServiceResult<ReviewView> {
    scope.require(Permission::ViewTenant)?;
    let db = &state.db;
    let a = load_item(db, scope, item).await?;
    let c = load_cycle(db, scope, a.cycle_id).await?;
    let (_, _, doc) = load_version(db, c.instrument_version_id).await?;
    let answer_type = doc
        .indicator(&a.indicator_code)
        .and_then(|i| doc.answer_type(i))
        .cloned();
    let r = load_review(db, scope, item).await?;
    let status = r.as_ref().and_then(|r| ReviewStatus::from_code(&r.status));
    let verified: Option<Answer> = r
        .as_ref()
        .and_then(|r| r.verified_answer.as_deref())
        .and_then(|j| serde_json::from_str(j).ok());
    let self_answer = parse_stored(&a);
    let mentor = is_mentor(scope);
    let templates = if mentor {
        templates_of(db, &granted_offices(db, scope).await?).await?
    } else {
        Vec::new()
    };
    notify::mark_item_read(state, scope.user_id(), item).await?;
    Ok(ReviewView {
        item,
        status,
        reason: r.as_ref().and_then(|r| r.reason.clone()),
        self_label: self_answer
            .as_ref()
            .map(|x| answer_label(answer_type.as_ref(), x)),
        verified_label: verified
            .as_ref()
            .map(|x| answer_label(answer_type.as_ref(), x)),
        verified,
        justification: r.as_ref().and_then(|r| r.justification.clone()),
        reviewer: user_name(db, r.as_ref().and_then(|r| r.reviewer_id)).await?,
        reviewed_at: r
            .as_ref()
            .and_then(|r| r.reviewed_at)
            .map(|t| scope.stamp(t)),
        revision: r.as_ref().map_or(0, |r| r.revision),
        answer_type,
        self_answer,
        can_review: mentor
            && status.is_some()
            && CycleStatus::from_code(&c.status) == CycleStatus::Active,
        templates,
    })
}

/// The checks every review action starts with, inside its transaction: a mentor, an active
/// cycle, a review at `revision`.
async fn begin_action<C: ConnectionTrait>(
    txn: &C,
    scope: &TenantScope,
    item: Uuid,
    revision: i32,
) -> ServiceResult<(assignment::Model, cycle::Model, review::Model)> {
    // The item first: another tenant's id is "not found" for everyone.
    let a = load_item(txn, scope, item).await?;
    if !is_mentor(scope) {
        return Err(refuse(ReviewProblem::NotMentor));
    }
    let c = load_cycle(txn, scope, a.cycle_id).await?;
    if CycleStatus::from_code(&c.status) != CycleStatus::Active {
        return Err(refuse(ReviewProblem::CycleNotActive));
    }
    let r = load_review(txn, scope, item)
        .await?
        .ok_or_else(|| refuse(ReviewProblem::NotApplicable))?;
    if r.revision != revision {
        return Err(ServiceError::ChangedBy {
            by: user_name(txn, r.reviewer_id).await?,
            at: r
                .reviewed_at
                .map(|t| scope.stamp(t).to_string())
                .unwrap_or_default(),
        });
    }
    Ok((a, c, r))
}

/// Writes a review's new state if it is still at the revision read (else someone acted first).
#[allow(clippy::too_many_arguments)]
async fn write_review(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    r: &review::Model,
    to: ReviewStatus,
    reason: Option<Option<String>>,
    verified: Option<(Option<String>, Option<String>)>,
) -> ServiceResult<()> {
    let mut update = review::Entity::update_many()
        .col_expr(review::Column::Status, Expr::value(to.code()))
        .col_expr(
            review::Column::ReviewerId,
            Expr::value(Some(scope.user_id())),
        )
        .col_expr(review::Column::ReviewedAt, Expr::value(Some(Utc::now())))
        .col_expr(review::Column::Revision, Expr::value(r.revision + 1));
    if let Some(reason) = reason {
        update = update.col_expr(review::Column::Reason, Expr::value(reason));
    }
    if let Some((answer, justification)) = verified {
        update = update
            .col_expr(review::Column::VerifiedAnswer, Expr::value(answer))
            .col_expr(review::Column::Justification, Expr::value(justification));
    }
    let done = update
        .filter(review::Column::AssignmentId.eq(r.assignment_id))
        .filter(review::Column::Revision.eq(r.revision))
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        return Err(ServiceError::Stale);
    }
    Ok(())
}

/// A mentor accepts an item. `verified_text` is the verified answer (empty: the self-assessed
/// answer is confirmed); a verified answer that differs needs a justification. When every item
/// of a submitted package is accepted, the package is accepted too.
pub async fn accept(
    state: &AppState,
    scope: &TenantScope,
    item: Uuid,
    revision: i32,
    verified_text: &str,
    justification: &str,
) -> ServiceResult<()> {
    let txn = crate::server::db::begin(&state.db).await?;
    let (a, c, r) = begin_action(&txn, scope, item, revision).await?;
    let from = ReviewStatus::from_code(&r.status);
    let to = ReviewStatus::apply(from, ReviewAction::Accept)
        .ok_or_else(|| refuse(ReviewProblem::NotApplicable))?;
    let (_, _, doc) = load_version(&txn, c.instrument_version_id).await?;
    let answer_type = doc
        .indicator(&a.indicator_code)
        .and_then(|i| doc.answer_type(i))
        .ok_or(ServiceError::NotFound)?;
    let self_answer = parse_stored(&a);
    let verified = match parse_answer(answer_type, verified_text)
        .map_err(|_| field("verified", FieldProblem::Invalid))?
    {
        Some(v) => Some(v),
        None => self_answer.clone(),
    };
    let justification = justification.trim();
    if justification.chars().count() > MAX_REASON_CHARS {
        return Err(field("justification", FieldProblem::TooLong));
    }
    if verified != self_answer && justification.is_empty() {
        return Err(field("justification", FieldProblem::Required));
    }
    let label = verified
        .as_ref()
        .map(|v| answer_label(Some(answer_type), v))
        .unwrap_or_else(|| "–".to_owned());
    let json = verified
        .as_ref()
        .map(|v| serde_json::to_string(v).map_err(|e| ServiceError::Internal(e.to_string())))
        .transpose()?;
    let justification = (!justification.is_empty()).then(|| justification.to_owned());
    write_review(
        &txn,
        scope,
        &r,
        to,
        None,
        Some((json, justification.clone())),
    )
    .await?;
    let note = match &justification {
        Some(j) => format!("nilai terverifikasi {label} · {j}"),
        None => format!("nilai terverifikasi {label}"),
    };
    event(
        &txn,
        scope,
        Event {
            cycle: a.cycle_id,
            package: None,
            item: Some(a.id),
            kind: "review.accepted",
            change: Some((from.map_or("", |s| s.code()), to.code())),
            note: Some(note.clone()),
        },
    )
    .await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "review.accept",
            entity: "assignment",
            entity_id: Some(a.id.to_string()),
            summary: format!("{} · {note}", a.indicator_code),
            ..Default::default()
        },
    )
    .await?;
    // The package follows when this was its last item waiting.
    if let Some(p) = package_of(&txn, &a).await? {
        let pstatus = PackageStatus::from_code(&p.status);
        if let Some(pto) = pstatus.apply(PackageAction::Accept) {
            let items: Vec<Uuid> = assignment::Entity::find()
                .filter(assignment::Column::CycleId.eq(p.cycle_id))
                .filter(assignment::Column::OpdId.eq(p.opd_id))
                .all(&txn)
                .await?
                .into_iter()
                .map(|x| x.id)
                .collect();
            let accepted = review::Entity::find()
                .filter(review::Column::AssignmentId.is_in(items.clone()))
                .filter(review::Column::Status.eq(ReviewStatus::Accepted.code()))
                .all(&txn)
                .await?
                .len();
            if accepted == items.len() {
                move_package(&txn, scope, &p, pstatus, pto, None).await?;
            }
        }
    }
    let summary = item_summary(&txn, &a).await?;
    let notices = notify::owners(&txn, &a)
        .await?
        .into_iter()
        .map(|to| Notice {
            to,
            tenant: scope.tenant_id(),
            item: Some(a.id),
            comment: None,
            actor: Some(scope.user_id()),
            kind: NoticeKind::Accepted,
            summary: summary.clone(),
        })
        .collect();
    notify::send(&txn, &state.settings.public_url, notices).await?;
    txn.commit().await?;
    state.live.item(scope.tenant_id(), a.id, ChangeKind::Review);
    Ok(())
}

/// A mentor sends an item back with a reason: the text given, or else the chosen template's.
/// A submitted or accepted package opens for revision.
pub async fn request_revision(
    state: &AppState,
    scope: &TenantScope,
    item: Uuid,
    revision: i32,
    template: Option<Uuid>,
    reason: &str,
) -> ServiceResult<()> {
    let txn = crate::server::db::begin(&state.db).await?;
    let (a, _c, r) = begin_action(&txn, scope, item, revision).await?;
    let mut reason = reason.trim().to_owned();
    if reason.is_empty() {
        if let Some(t) = template {
            let offices = granted_offices(&txn, scope).await?;
            reason = templates_of(&txn, &offices)
                .await?
                .into_iter()
                .find(|x| x.id == t)
                .map(|x| x.text)
                .ok_or_else(|| field("template", FieldProblem::Invalid))?;
        }
    }
    if reason.is_empty() {
        return Err(field("reason", FieldProblem::Required));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(field("reason", FieldProblem::TooLong));
    }
    let from = ReviewStatus::from_code(&r.status);
    let to = ReviewStatus::apply(from, ReviewAction::RequestRevision)
        .ok_or_else(|| refuse(ReviewProblem::NotApplicable))?;
    write_review(&txn, scope, &r, to, Some(Some(reason.clone())), None).await?;
    event(
        &txn,
        scope,
        Event {
            cycle: a.cycle_id,
            package: None,
            item: Some(a.id),
            kind: "review.revision_requested",
            change: Some((from.map_or("", |s| s.code()), to.code())),
            note: Some(reason.clone()),
        },
    )
    .await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "review.request_revision",
            entity: "assignment",
            entity_id: Some(a.id.to_string()),
            summary: format!("{} · {reason}", a.indicator_code),
            ..Default::default()
        },
    )
    .await?;
    if let Some(p) = package_of(&txn, &a).await? {
        let pstatus = PackageStatus::from_code(&p.status);
        if let Some(pto) = pstatus.apply(PackageAction::RequestRevision) {
            move_package(
                &txn,
                scope,
                &p,
                pstatus,
                pto,
                Some(format!("{}: {reason}", a.indicator_code)),
            )
            .await?;
        }
    }
    let summary = format!("{} · {reason}", item_summary(&txn, &a).await?);
    let notices = notify::owners(&txn, &a)
        .await?
        .into_iter()
        .map(|to| Notice {
            to,
            tenant: scope.tenant_id(),
            item: Some(a.id),
            comment: None,
            actor: Some(scope.user_id()),
            kind: NoticeKind::RevisionRequested,
            summary: summary.clone(),
        })
        .collect();
    notify::send(&txn, &state.settings.public_url, notices).await?;
    txn.commit().await?;
    state.live.item(scope.tenant_id(), a.id, ChangeKind::Review);
    Ok(())
}

/// A package was submitted: its answers enter the review queue (an answer sent back becomes
/// "resubmitted"), and the mentors who sent answers back hear about it. Returns the items.
pub(crate) async fn on_submit(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    public_url: &str,
    p: &work_package::Model,
) -> ServiceResult<Vec<Uuid>> {
    let items = assignment::Entity::find()
        .filter(assignment::Column::CycleId.eq(p.cycle_id))
        .filter(assignment::Column::OpdId.eq(p.opd_id))
        .all(db)
        .await?;
    let ids: Vec<Uuid> = items.iter().map(|a| a.id).collect();
    let existing: HashMap<Uuid, review::Model> = review::Entity::find()
        .filter(review::Column::AssignmentId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.assignment_id, r))
        .collect();
    let now = Utc::now();
    let mut resubmitted: BTreeMap<Uuid, Vec<&assignment::Model>> = BTreeMap::new();
    let mut accepted = 0;
    for a in &items {
        let r = existing.get(&a.id);
        let from = r.and_then(|r| ReviewStatus::from_code(&r.status));
        let Some(to) = ReviewStatus::apply(from, ReviewAction::Submit) else {
            accepted += usize::from(from == Some(ReviewStatus::Accepted));
            continue;
        };
        match r {
            None => {
                review::ActiveModel {
                    assignment_id: Set(a.id),
                    tenant_id: Set(scope.tenant_id()),
                    cycle_id: Set(a.cycle_id),
                    status: Set(to.code().to_owned()),
                    reason: Set(None),
                    verified_answer: Set(None),
                    justification: Set(None),
                    reviewer_id: Set(None),
                    reviewed_at: Set(None),
                    queued_at: Set(now),
                    revision: Set(1),
                }
                .insert(db)
                .await?;
            }
            Some(r) => {
                review::Entity::update_many()
                    .col_expr(review::Column::Status, Expr::value(to.code()))
                    .col_expr(review::Column::QueuedAt, Expr::value(now))
                    .col_expr(
                        review::Column::Revision,
                        Expr::col(review::Column::Revision).add(1),
                    )
                    .filter(review::Column::AssignmentId.eq(r.assignment_id))
                    .exec(db)
                    .await?;
                if let Some(mentor) = r.reviewer_id {
                    resubmitted.entry(mentor).or_default().push(a);
                }
            }
        }
    }
    // Everything was accepted already (a reopened package sent back unchanged): so is the
    // package.
    if !items.is_empty() && accepted == items.len() {
        move_package(
            db,
            scope,
            p,
            PackageStatus::Submitted,
            PackageStatus::Accepted,
            Some("semua butir sudah diterima".to_owned()),
        )
        .await?;
    }
    let opd_name = opd::Entity::find_by_id(p.opd_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let notices = resubmitted
        .into_iter()
        .map(|(mentor, list)| Notice {
            to: mentor,
            tenant: scope.tenant_id(),
            item: list.first().map(|a| a.id),
            comment: None,
            actor: Some(scope.user_id()),
            kind: NoticeKind::Resubmitted,
            summary: format!(
                "{opd_name}: {} butir dikirim ulang ({})",
                list.len(),
                list.iter()
                    .take(10)
                    .map(|a| a.indicator_code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
        .collect();
    notify::send(db, public_url, notices).await?;
    Ok(ids)
}

/// The answer or evidence of `a` changed: an acceptance becomes outdated and the item returns
/// to the queue.
pub(crate) async fn on_change(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    a: &assignment::Model,
) -> ServiceResult<()> {
    let Some(r) = review::Entity::find_by_id(a.id).one(db).await? else {
        return Ok(());
    };
    let from = ReviewStatus::from_code(&r.status);
    let Some(to) = ReviewStatus::apply(from, ReviewAction::Change) else {
        return Ok(());
    };
    review::Entity::update_many()
        .col_expr(review::Column::Status, Expr::value(to.code()))
        .col_expr(review::Column::QueuedAt, Expr::value(Utc::now()))
        .col_expr(
            review::Column::Revision,
            Expr::col(review::Column::Revision).add(1),
        )
        .filter(review::Column::AssignmentId.eq(a.id))
        .exec(db)
        .await?;
    event(
        db,
        scope,
        Event {
            cycle: a.cycle_id,
            package: None,
            item: Some(a.id),
            kind: "review.outdated",
            change: Some((from.map_or("", |s| s.code()), to.code())),
            note: None,
        },
    )
    .await
}

/// People who can be mentioned on items of this tenant: its active members and the mentors of
/// the offices it granted. (user id, handle, name, mentor)
async fn mentionable(
    db: &impl ConnectionTrait,
    tenant_id: Uuid,
) -> ServiceResult<Vec<(Uuid, String, String, bool)>> {
    let members: HashSet<Uuid> = membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tenant_id))
        .filter(membership::Column::DisabledAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    let offices: Vec<Uuid> = office_grant::Entity::find()
        .filter(office_grant::Column::TenantId.eq(tenant_id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.office_id)
        .collect();
    let mentors: HashSet<Uuid> = office_member::Entity::find()
        .filter(office_member::Column::OfficeId.is_in(offices))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    let people = user::Entity::find()
        .filter(user::Column::Id.is_in(members.union(&mentors).copied().collect::<Vec<_>>()))
        .filter(user::Column::DisabledAt.is_null())
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?;
    let emails: Vec<&str> = people.iter().map(|u| u.email.as_str()).collect();
    Ok(people
        .iter()
        .map(|u| {
            (
                u.id,
                handle_for(&u.email, &emails),
                u.name.clone(),
                mentors.contains(&u.id),
            )
        })
        .collect())
}

/// An item's comment thread; mentor-only notes are left out for everyone but mentors.
pub async fn thread(state: &AppState, scope: &TenantScope, item: Uuid) -> ServiceResult<Thread> {
    scope.require(Permission::ViewTenant)?;
    let db = &state.db;
    let a = load_item(db, scope, item).await?;
    let c = load_cycle(db, scope, a.cycle_id).await?;
    let mentor = is_mentor(scope);
    let mut q = comment::Entity::find()
        .filter(comment::Column::TenantId.eq(scope.tenant_id()))
        .filter(comment::Column::AssignmentId.eq(item));
    if !mentor {
        q = q.filter(comment::Column::Internal.eq(false));
    }
    let rows = q.order_by_asc(comment::Column::CreatedAt).all(db).await?;
    let edits = comment_edit::Entity::find()
        .filter(
            comment_edit::Column::CommentId.is_in(rows.iter().map(|c| c.id).collect::<Vec<_>>()),
        )
        .order_by_asc(comment_edit::Column::EditedAt)
        .all(db)
        .await?;
    let people = mentionable(db, scope.tenant_id()).await?;
    let handles: HashMap<String, String> = people
        .iter()
        .map(|(_, h, n, _)| (h.clone(), n.clone()))
        .collect();
    let authors: HashSet<Uuid> = rows.iter().filter_map(|c| c.author_id).collect();
    let names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(authors.iter().copied().collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mentor_authors: HashSet<Uuid> = office_member::Entity::find()
        .filter(office_member::Column::UserId.is_in(authors))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    // Every document of the item (deleted ones still name old comments), live ones offered.
    let documents = evidence::Entity::find()
        .filter(evidence::Column::TenantId.eq(scope.tenant_id()))
        .filter(evidence::Column::AssignmentId.eq(item))
        .order_by_asc(evidence::Column::CreatedAt)
        .all(db)
        .await?;
    let live_docs: Vec<(Uuid, String)> = documents
        .iter()
        .filter(|d| d.deleted_at.is_none())
        .map(|d| (d.id, d.title.clone()))
        .collect();
    let docs: HashMap<Uuid, String> = documents.into_iter().map(|d| (d.id, d.title)).collect();
    let now = Utc::now();
    let active = CycleStatus::from_code(&c.status) == CycleStatus::Active;
    let view = |m: &comment::Model| CommentView {
        id: m.id,
        parent: m.parent_id,
        author: m.author_id.and_then(|x| names.get(&x).cloned()),
        by_mentor: m.author_id.is_some_and(|x| mentor_authors.contains(&x)),
        body: if m.author_id == Some(scope.user_id()) {
            m.body.clone()
        } else {
            String::new()
        },
        html: render(&m.body, &handles),
        internal: m.internal,
        evidence: m
            .evidence_id
            .and_then(|e| docs.get(&e).map(|t| (e, t.clone()))),
        created_at: scope.stamp(m.created_at),
        edited_at: m.edited_at.map(|t| scope.stamp(t)),
        edits: edits
            .iter()
            .filter(|e| e.comment_id == m.id)
            .map(|e| (scope.stamp(e.edited_at), render(&e.body, &handles)))
            .collect(),
        can_edit: active
            && m.author_id == Some(scope.user_id())
            && now - m.created_at < Duration::minutes(EDIT_WINDOW_MINUTES),
        revision: m.revision,
    };
    // Threads in the order they started; replies under their first comment.
    let mut comments = Vec::with_capacity(rows.len());
    for root in rows.iter().filter(|m| m.parent_id.is_none()) {
        comments.push(view(root));
        for reply in rows.iter().filter(|m| m.parent_id == Some(root.id)) {
            comments.push(view(reply));
        }
    }
    Ok(Thread {
        item,
        comments,
        can_comment: active && may_comment(scope),
        can_internal: active && mentor,
        people: people
            .into_iter()
            .map(|(_, handle, name, mentor)| Mentionable {
                handle,
                name,
                mentor,
            })
            .collect(),
        documents: live_docs,
        edit_minutes: EDIT_WINDOW_MINUTES,
    })
}

fn may_comment(scope: &TenantScope) -> bool {
    scope.can(Permission::Comment)
}

/// A comment to add.
#[derive(Debug, Clone)]
pub struct NewComment<'a> {
    /// The item.
    pub item: Uuid,
    /// The text.
    pub body: &'a str,
    /// The comment it answers.
    pub parent: Option<Uuid>,
    /// The document it is about.
    pub evidence: Option<Uuid>,
    /// A mentor-only note.
    pub internal: bool,
}

fn check_body(body: &str) -> ServiceResult<&str> {
    let body = body.trim();
    if body.is_empty() {
        return Err(field("body", FieldProblem::Required));
    }
    if body.chars().count() > MAX_COMMENT_CHARS {
        return Err(field("body", FieldProblem::TooLong));
    }
    Ok(body)
}

/// Notices for the people `body` mentions (only mentors for a mentor-only note).
fn mention_notices(
    people: &[(Uuid, String, String, bool)],
    body: &str,
    internal: bool,
    base: &Notice,
) -> Vec<Notice> {
    let named = mentions(body);
    people
        .iter()
        .filter(|(_, h, _, mentor)| named.contains(h) && (!internal || *mentor))
        .map(|(id, ..)| Notice {
            to: *id,
            kind: NoticeKind::Mention,
            ..base.clone()
        })
        .collect()
}

/// Adds a comment; mentions and the thread's starter are notified. Returns its id.
pub async fn add_comment(
    state: &AppState,
    scope: &TenantScope,
    new: NewComment<'_>,
) -> ServiceResult<Uuid> {
    scope.require(Permission::ViewTenant)?;
    let body = check_body(new.body)?;
    let mentor = is_mentor(scope);
    if !may_comment(scope) {
        return Err(ServiceError::Forbidden);
    }
    if new.internal && !mentor {
        return Err(refuse(ReviewProblem::NotMentor));
    }
    let txn = crate::server::db::begin(&state.db).await?;
    let a = load_item(&txn, scope, new.item).await?;
    let c = load_cycle(&txn, scope, a.cycle_id).await?;
    if CycleStatus::from_code(&c.status) != CycleStatus::Active {
        return Err(refuse(ReviewProblem::CycleNotActive));
    }
    // A reply joins its thread (a reply to a reply answers the thread's first comment).
    let parent = match new.parent {
        Some(p) => {
            let p = comment::Entity::find_by_id(p)
                .filter(comment::Column::TenantId.eq(scope.tenant_id()))
                .filter(comment::Column::AssignmentId.eq(a.id))
                .one(&txn)
                .await?
                .filter(|p| mentor || !p.internal)
                .ok_or_else(|| field("parent", FieldProblem::Invalid))?;
            match p.parent_id {
                Some(root) => comment::Entity::find_by_id(root)
                    .one(&txn)
                    .await?
                    .ok_or(ServiceError::NotFound)?,
                None => p,
            }
            .into()
        }
        None => None,
    };
    let parent: Option<comment::Model> = parent;
    // A reply in a mentor-only thread stays mentor-only.
    let internal = new.internal || parent.as_ref().is_some_and(|p| p.internal);
    if let Some(e) = new.evidence {
        let ok = evidence::Entity::find_by_id(e)
            .filter(evidence::Column::TenantId.eq(scope.tenant_id()))
            .filter(evidence::Column::AssignmentId.eq(a.id))
            .one(&txn)
            .await?
            .is_some();
        if !ok {
            return Err(field("evidence", FieldProblem::Invalid));
        }
    }
    let id = Uuid::now_v7();
    comment::ActiveModel {
        id: Set(id),
        tenant_id: Set(scope.tenant_id()),
        cycle_id: Set(a.cycle_id),
        assignment_id: Set(a.id),
        evidence_id: Set(new.evidence),
        parent_id: Set(parent.as_ref().map(|p| p.id)),
        author_id: Set(Some(scope.user_id())),
        body: Set(body.to_owned()),
        internal: Set(internal),
        created_at: Set(Utc::now()),
        edited_at: Set(None),
        revision: Set(1),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "comment.add",
            entity: "comment",
            entity_id: Some(id.to_string()),
            summary: format!(
                "{}{}",
                a.indicator_code,
                if internal { " · catatan internal" } else { "" }
            ),
            ..Default::default()
        },
    )
    .await?;
    let people = mentionable(&txn, scope.tenant_id()).await?;
    let base = Notice {
        to: scope.user_id(),
        tenant: scope.tenant_id(),
        item: Some(a.id),
        comment: Some(id),
        actor: Some(scope.user_id()),
        kind: NoticeKind::Reply,
        summary: item_summary(&txn, &a).await?,
    };
    let mut notices = mention_notices(&people, body, internal, &base);
    if let Some(author) = parent.as_ref().and_then(|p| p.author_id) {
        // A mentor-only reply is announced only to a mentor.
        let may_know = !internal
            || people
                .iter()
                .any(|(id, .., mentor)| *id == author && *mentor);
        if may_know {
            notices.push(Notice {
                to: author,
                ..base.clone()
            });
        }
    }
    notify::send(&txn, &state.settings.public_url, notices).await?;
    txn.commit().await?;
    state
        .live
        .item(scope.tenant_id(), a.id, comment_change(internal));
    Ok(id)
}

/// The author edits a comment within the edit window; the replaced text is kept. People
/// mentioned for the first time are notified.
pub async fn edit_comment(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
    revision: i32,
    body: &str,
) -> ServiceResult<()> {
    scope.require(Permission::ViewTenant)?;
    let body = check_body(body)?;
    let txn = crate::server::db::begin(&state.db).await?;
    let m = comment::Entity::find_by_id(id)
        .filter(comment::Column::TenantId.eq(scope.tenant_id()))
        .one(&txn)
        .await?
        .filter(|m| is_mentor(scope) || !m.internal)
        .ok_or(ServiceError::NotFound)?;
    if m.author_id != Some(scope.user_id()) {
        return Err(refuse(ReviewProblem::NotAuthor));
    }
    if Utc::now() - m.created_at >= Duration::minutes(EDIT_WINDOW_MINUTES) {
        return Err(refuse(ReviewProblem::EditWindowPassed));
    }
    if m.revision != revision {
        return Err(ServiceError::Stale);
    }
    if m.body == body {
        return Ok(());
    }
    let now = Utc::now();
    comment_edit::ActiveModel {
        id: Set(Uuid::now_v7()),
        comment_id: Set(m.id),
        body: Set(m.body.clone()),
        edited_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let done = comment::Entity::update_many()
        .col_expr(comment::Column::Body, Expr::value(body))
        .col_expr(comment::Column::EditedAt, Expr::value(Some(now)))
        .col_expr(comment::Column::Revision, Expr::value(revision + 1))
        .filter(comment::Column::Id.eq(m.id))
        .filter(comment::Column::Revision.eq(revision))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(ServiceError::Stale);
    }
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "comment.edit",
            entity: "comment",
            entity_id: Some(m.id.to_string()),
            summary: format!("revisi {}", revision + 1),
            ..Default::default()
        },
    )
    .await?;
    let a = load_item(&txn, scope, m.assignment_id).await?;
    let before = mentions(&m.body);
    let people: Vec<_> = mentionable(&txn, scope.tenant_id())
        .await?
        .into_iter()
        .filter(|(_, h, ..)| !before.contains(h))
        .collect();
    let base = Notice {
        to: scope.user_id(),
        tenant: scope.tenant_id(),
        item: Some(a.id),
        comment: Some(m.id),
        actor: Some(scope.user_id()),
        kind: NoticeKind::Mention,
        summary: item_summary(&txn, &a).await?,
    };
    notify::send(
        &txn,
        &state.settings.public_url,
        mention_notices(&people, body, m.internal, &base),
    )
    .await?;
    txn.commit().await?;
    state
        .live
        .item(scope.tenant_id(), a.id, comment_change(m.internal));
    Ok(())
}

/// The announcement of a comment: a mentor-only note is announced to mentors only.
fn comment_change(internal: bool) -> ChangeKind {
    if internal {
        ChangeKind::InternalComment
    } else {
        ChangeKind::Comment
    }
}

/// Items sent back for revision in active cycles that are the caller's to fix: all of them for a
/// coordinator (and for viewers and mentors, who only read), the OPD's for its head, their own
/// for a PIC.
pub async fn todo(state: &AppState, scope: &TenantScope) -> ServiceResult<Vec<TodoRow>> {
    scope.require(Permission::ViewTenant)?;
    let db = &state.db;
    let cycles: HashMap<Uuid, cycle::Model> = cycle::Entity::find()
        .filter(cycle::Column::TenantId.eq(scope.tenant_id()))
        .filter(cycle::Column::Status.eq(CycleStatus::Active.code()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let reviews = review::Entity::find()
        .filter(review::Column::TenantId.eq(scope.tenant_id()))
        .filter(review::Column::CycleId.is_in(cycles.keys().copied().collect::<Vec<_>>()))
        .filter(review::Column::Status.eq(ReviewStatus::RevisionRequested.code()))
        .order_by_asc(review::Column::ReviewedAt)
        .all(db)
        .await?;
    let items: HashMap<Uuid, assignment::Model> = assignment::Entity::find()
        .filter(assignment::Column::TenantId.eq(scope.tenant_id()))
        .filter(
            assignment::Column::Id
                .is_in(reviews.iter().map(|r| r.assignment_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let everything =
        !scope.can(Permission::AnswerAssessment) || scope.can(Permission::ManageCycles);
    let head = scope.roles().contains(&Role::OpdHead);
    let mine = |a: &assignment::Model| {
        everything
            || a.pic_user_id == Some(scope.user_id())
            || (head && a.opd_id.is_some() && a.opd_id == scope.opd_id())
    };
    // The people named on a row: each item's PIC and the mentor who asked for the revision.
    let people = items
        .values()
        .filter_map(|a| a.pic_user_id)
        .chain(reviews.iter().filter_map(|r| r.reviewer_id));
    let names = Names::load(db, scope.tenant_id(), people).await?;
    let mut docs: HashMap<Uuid, InstrumentVersion> = HashMap::new();
    let mut rows = Vec::new();
    for r in reviews {
        let Some(a) = items.get(&r.assignment_id).filter(|a| mine(a)) else {
            continue;
        };
        let Some(c) = cycles.get(&a.cycle_id) else {
            continue;
        };
        if let std::collections::hash_map::Entry::Vacant(e) = docs.entry(c.id) {
            e.insert(load_version(db, c.instrument_version_id).await?.2);
        }
        let text = docs
            .get(&c.id)
            .and_then(|d| d.indicator(&a.indicator_code))
            .map(|i| i.text_id.clone())
            .unwrap_or_default();
        rows.push(TodoRow {
            item: a.id,
            cycle: c.name.clone(),
            opd: a.opd_id.and_then(|o| names.opds.get(&o).cloned()),
            unit: names.units.get(&a.unit_id).cloned().unwrap_or_default(),
            pic: a.pic_user_id.and_then(|p| names.people.get(&p).cloned()),
            code: a.indicator_code.clone(),
            text,
            reason: r.reason,
            reviewer: r.reviewer_id.and_then(|p| names.people.get(&p).cloned()),
            at: r.reviewed_at.map(|t| scope.stamp(t)),
        });
    }
    Ok(rows)
}

/// Names of a tenant's OPDs and units, and of people who may appear in its lists.
struct Names {
    opds: HashMap<Uuid, String>,
    units: HashMap<Uuid, String>,
    people: HashMap<Uuid, String>,
}

impl Names {
    /// The tenant's OPD and unit names, and the names of `people`.
    async fn load(
        db: &impl ConnectionTrait,
        tenant_id: Uuid,
        people: impl Iterator<Item = Uuid>,
    ) -> ServiceResult<Names> {
        let opds = opd::Entity::find()
            .filter(opd::Column::TenantId.eq(tenant_id))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let units = unit::Entity::find()
            .filter(unit::Column::TenantId.eq(tenant_id))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        let people = user::Entity::find()
            .filter(user::Column::Id.is_in(people.collect::<HashSet<Uuid>>()))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        Ok(Names {
            opds,
            units,
            people,
        })
    }
}

/// The caller's offices.
pub(crate) async fn my_offices(
    db: &impl ConnectionTrait,
    me: &user::Model,
) -> ServiceResult<Vec<mentor_office::Model>> {
    let ids: Vec<Uuid> = office_member::Entity::find()
        .filter(office_member::Column::UserId.eq(me.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.office_id)
        .collect();
    Ok(mentor_office::Entity::find()
        .filter(mentor_office::Column::Id.is_in(ids))
        .order_by_asc(mentor_office::Column::Name)
        .all(db)
        .await?)
}

/// An instrument version's top-level sections (code, name) in order, and each indicator's index
/// among them.
type Sections = (Vec<(String, String)>, HashMap<String, usize>);

/// Most rows the queue lists at once.
const QUEUE_ROWS: usize = 300;

/// The mentor's workspace: the pemda that granted the caller's offices (suspended ones left
/// out), their active cycles, the review queue under `filter` with counts per state, and the
/// offices' reason templates. Someone without an office gets [`ServiceError::Forbidden`].
pub async fn workspace(
    state: &AppState,
    me: &user::Model,
    filter: QueueFilter,
) -> ServiceResult<Workspace> {
    let db = &state.db;
    let offices = my_offices(db, me).await?;
    if offices.is_empty() {
        return Err(ServiceError::Forbidden);
    }
    let granted: HashSet<Uuid> = office_grant::Entity::find()
        .filter(
            office_grant::Column::OfficeId.is_in(offices.iter().map(|o| o.id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.tenant_id)
        .collect();
    let tenants: Vec<tenant::Model> = tenant::Entity::find()
        .filter(tenant::Column::Id.is_in(granted.iter().copied().collect::<Vec<_>>()))
        .filter(tenant::Column::Status.ne("suspended"))
        .order_by_asc(tenant::Column::Name)
        .all(db)
        .await?;
    let tenant_of: HashMap<Uuid, &tenant::Model> = tenants.iter().map(|t| (t.id, t)).collect();
    let cycles: HashMap<Uuid, cycle::Model> = cycle::Entity::find()
        .filter(cycle::Column::TenantId.is_in(tenant_of.keys().copied().collect::<Vec<_>>()))
        .filter(cycle::Column::Status.eq(CycleStatus::Active.code()))
        .order_by_asc(cycle::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    // A province holds thousands of reviews: the database counts them, and only the rows shown
    // are loaded.
    let per_tenant: Vec<(Uuid, String, i64)> = review::Entity::find()
        .select_only()
        .column(review::Column::TenantId)
        .column(review::Column::Status)
        .column_as(
            Expr::col((review::Entity, review::Column::AssignmentId)).count(),
            "n",
        )
        .filter(review::Column::CycleId.is_in(cycles.keys().copied().collect::<Vec<_>>()))
        .group_by(review::Column::TenantId)
        .group_by(review::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let tally = |tenant: Uuid, f: &dyn Fn(ReviewStatus) -> bool| -> usize {
        per_tenant
            .iter()
            .filter(|(t, s, _)| *t == tenant && ReviewStatus::from_code(s).is_some_and(f))
            .map(|(_, _, n)| usize::try_from(*n).unwrap_or(0))
            .sum()
    };
    let mut summaries: Vec<WorkspaceTenant> = tenants
        .iter()
        .map(|t| {
            let mut cs: Vec<(Uuid, String)> = cycles
                .values()
                .filter(|c| c.tenant_id == t.id)
                .map(|c| (c.id, c.name.clone()))
                .collect();
            cs.sort_by(|a, b| a.1.cmp(&b.1));
            WorkspaceTenant {
                slug: t.slug.clone(),
                name: t.name.clone(),
                cycles: cs,
                waiting: tally(t.id, &|s| s.in_queue()),
                revision: tally(t.id, &|s| s == ReviewStatus::RevisionRequested),
                accepted: tally(t.id, &|s| s == ReviewStatus::Accepted),
            }
        })
        .collect();
    summaries.sort_by(|a, b| a.name.cmp(&b.name));
    let chosen: Option<&tenant::Model> = filter
        .tenant
        .as_deref()
        .and_then(|slug| tenants.iter().find(|t| t.slug == slug));
    let in_scope: Vec<&cycle::Model> = cycles
        .values()
        .filter(|c| chosen.is_none_or(|t| c.tenant_id == t.id))
        .collect();
    let mut docs: HashMap<Uuid, InstrumentVersion> = HashMap::new();
    for c in &in_scope {
        if let std::collections::hash_map::Entry::Vacant(e) = docs.entry(c.instrument_version_id) {
            e.insert(load_version(db, c.instrument_version_id).await?.2);
        }
    }
    let sections_of: HashMap<Uuid, Sections> =
        docs.iter().map(|(v, d)| (*v, section_of(d))).collect();
    // The section filter as SQL: per instrument version, its cycles and the codes under the
    // section (the same code may sit elsewhere in another version).
    let section_filter = filter.section.as_ref().map(|want| {
        let mut any = Condition::any();
        let mut empty = true;
        for (version, (order, top)) in &sections_of {
            let Some(pos) = order.iter().position(|s| &s.0 == want) else {
                continue;
            };
            let codes: Vec<String> = top
                .iter()
                .filter(|(_, at)| **at == pos)
                .map(|(code, _)| code.clone())
                .collect();
            let of_version: Vec<Uuid> = in_scope
                .iter()
                .filter(|c| c.instrument_version_id == *version)
                .map(|c| c.id)
                .collect();
            any = any.add(
                Condition::all()
                    .add(review::Column::CycleId.is_in(of_version))
                    .add(assignment::Column::IndicatorCode.is_in(codes)),
            );
            empty = false;
        }
        if empty {
            // No cycle has that section: nothing matches.
            Condition::all().add(review::Column::CycleId.is_in(Vec::<Uuid>::new()))
        } else {
            any
        }
    });
    // Without an OPD or section filter nothing of the item is needed to choose the rows: the
    // per-pemda counts above serve, and only the reviews are sorted (a join of every queued
    // item costs ten times as much on a province).
    let by_item = filter.opd.is_some() || section_filter.is_some();
    let matching = || {
        let mut q = review::Entity::find().filter(
            review::Column::CycleId.is_in(in_scope.iter().map(|c| c.id).collect::<Vec<_>>()),
        );
        if by_item {
            q = q.join(
                JoinType::InnerJoin,
                review::Entity::belongs_to(assignment::Entity)
                    .from(review::Column::AssignmentId)
                    .to(assignment::Column::Id)
                    .into(),
            );
        }
        if let Some(o) = filter.opd {
            q = q.filter(assignment::Column::OpdId.eq(o));
        }
        if let Some(s) = &section_filter {
            q = q.filter(s.clone());
        }
        q
    };
    let by_status: Vec<(String, i64)> = if by_item {
        matching()
            .select_only()
            .column(review::Column::Status)
            .column_as(
                Expr::col((review::Entity, review::Column::AssignmentId)).count(),
                "n",
            )
            .group_by(review::Column::Status)
            .into_tuple()
            .all(db)
            .await?
    } else {
        per_tenant
            .iter()
            .filter(|(t, ..)| chosen.is_none_or(|c| c.id == *t))
            .map(|(_, status, n)| (status.clone(), *n))
            .collect()
    };
    let counts: Vec<(ReviewStatus, usize)> = ReviewStatus::ALL
        .into_iter()
        .map(|s| {
            let n = by_status
                .iter()
                .filter(|(code, _)| ReviewStatus::from_code(code) == Some(s))
                .map(|(_, n)| usize::try_from(*n).unwrap_or(0))
                .sum();
            (s, n)
        })
        .collect();
    let wanted = |s: ReviewStatus| match filter.status {
        Some(f) => s == f,
        None => s.in_queue(),
    };
    let total = counts
        .iter()
        .filter(|(s, _)| wanted(*s))
        .map(|(_, n)| n)
        .sum();
    let first: Vec<review::Model> = matching()
        .filter(
            review::Column::Status.is_in(
                ReviewStatus::ALL
                    .into_iter()
                    .filter(|s| wanted(*s))
                    .map(|s| s.code())
                    .collect::<Vec<_>>(),
            ),
        )
        .order_by_asc(review::Column::QueuedAt)
        .order_by_asc(review::Column::AssignmentId)
        .limit(QUEUE_ROWS as u64)
        .all(db)
        .await?;
    let mut their_items: HashMap<Uuid, assignment::Model> = assignment::Entity::find()
        .filter(
            assignment::Column::Id.is_in(first.iter().map(|r| r.assignment_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let shown: Vec<(review::Model, assignment::Model)> = first
        .into_iter()
        .filter_map(|r| {
            let a = their_items.remove(&r.assignment_id)?;
            Some((r, a))
        })
        .collect();
    let opd_names: HashMap<Uuid, String> = opd::Entity::find()
        .filter(
            opd::Column::Id.is_in(
                shown
                    .iter()
                    .filter_map(|(_, a)| a.opd_id)
                    .collect::<HashSet<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let unit_names: HashMap<Uuid, String> = unit::Entity::find()
        .filter(
            unit::Column::Id.is_in(shown.iter().map(|(_, a)| a.unit_id).collect::<HashSet<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut rows = Vec::with_capacity(shown.len());
    for (r, a) in &shown {
        let (Some(c), Some(t), Some(status)) = (
            cycles.get(&a.cycle_id),
            tenant_of.get(&r.tenant_id),
            ReviewStatus::from_code(&r.status),
        ) else {
            continue;
        };
        let doc = docs.get(&c.instrument_version_id);
        let section = sections_of
            .get(&c.instrument_version_id)
            .and_then(|(order, top)| top.get(&a.indicator_code).and_then(|i| order.get(*i)));
        let indicator = doc.and_then(|d| d.indicator(&a.indicator_code));
        let answer_type = doc.and_then(|d| indicator.and_then(|i| d.answer_type(i)));
        rows.push(QueueRow {
            item: a.id,
            slug: t.slug.clone(),
            tenant: t.name.clone(),
            cycle: c.name.clone(),
            opd: a.opd_id.and_then(|o| opd_names.get(&o).cloned()),
            unit: unit_names.get(&a.unit_id).cloned().unwrap_or_default(),
            section: section.map(|s| s.1.clone()).unwrap_or_default(),
            code: a.indicator_code.clone(),
            text: indicator.map(|i| i.text_id.clone()).unwrap_or_default(),
            status,
            self_label: parse_stored(a).map(|x| answer_label(answer_type, &x)),
            queued_at: super::clock::stamp(super::clock::zone_of(t), r.queued_at),
        });
    }
    let mut opds: Vec<(Uuid, String)> = match chosen {
        Some(t) => opd::Entity::find()
            .filter(opd::Column::TenantId.eq(t.id))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect(),
        None => Vec::new(),
    };
    opds.sort_by(|a, b| a.1.cmp(&b.1));
    let mut sections: Vec<(String, String)> = Vec::new();
    for (order, _) in sections_of.values() {
        for s in order {
            if !sections.iter().any(|x| x.0 == s.0) {
                sections.push(s.clone());
            }
        }
    }
    Ok(Workspace {
        tenants: summaries,
        counts,
        rows,
        total,
        opds,
        sections,
        templates: templates_of(db, &offices).await?,
        offices: offices.iter().map(|o| (o.id, o.name.clone())).collect(),
    })
}

/// Adds a reason template to one of the caller's offices.
pub async fn add_template(
    state: &AppState,
    me: &user::Model,
    office: Uuid,
    text: &str,
) -> ServiceResult<()> {
    let db = &state.db;
    if !my_offices(db, me).await?.iter().any(|o| o.id == office) {
        return Err(ServiceError::NotFound);
    }
    let text = text.trim();
    if text.chars().count() < 3 {
        return Err(field("text", FieldProblem::TooShort));
    }
    if text.chars().count() > 500 {
        return Err(field("text", FieldProblem::TooLong));
    }
    let exists = reason_template::Entity::find()
        .filter(reason_template::Column::OfficeId.eq(office))
        .filter(reason_template::Column::ArchivedAt.is_null())
        .filter(reason_template::Column::Text.eq(text))
        .one(db)
        .await?
        .is_some();
    if exists {
        return Err(ServiceError::Taken { field: "text" });
    }
    let txn = crate::server::db::begin(db).await?;
    let id = Uuid::now_v7();
    reason_template::ActiveModel {
        id: Set(id),
        office_id: Set(office),
        text: Set(text.to_owned()),
        created_by: Set(Some(me.id)),
        created_at: Set(Utc::now()),
        archived_at: Set(None),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(me.id),
            action: "review.template_add",
            entity: "reason_template",
            entity_id: Some(id.to_string()),
            summary: text.to_owned(),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Archives a template of one of the caller's offices.
pub async fn archive_template(state: &AppState, me: &user::Model, id: Uuid) -> ServiceResult<()> {
    let db = &state.db;
    let offices: Vec<Uuid> = my_offices(db, me).await?.iter().map(|o| o.id).collect();
    let t = reason_template::Entity::find_by_id(id)
        .filter(reason_template::Column::OfficeId.is_in(offices))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if t.archived_at.is_some() {
        return Ok(());
    }
    let txn = crate::server::db::begin(db).await?;
    reason_template::Entity::update_many()
        .col_expr(
            reason_template::Column::ArchivedAt,
            Expr::value(Some(Utc::now())),
        )
        .filter(reason_template::Column::Id.eq(t.id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(me.id),
            action: "review.template_archive",
            entity: "reason_template",
            entity_id: Some(t.id.to_string()),
            summary: t.text,
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether `user` may still watch item `item` of tenant `slug` (for live streams, which check
/// again whenever access may have changed).
pub async fn may_watch(
    state: &AppState,
    user_id: Uuid,
    slug: &str,
    item: Uuid,
) -> ServiceResult<Option<(Uuid, bool)>> {
    let Some(u) = super::auth::active_user(state, user_id).await? else {
        return Ok(None);
    };
    let scope = match super::scope::tenant_scope(state, &u, slug).await {
        Ok(s) => s,
        Err(ServiceError::NotFound | ServiceError::TenantSuspended) => return Ok(None),
        Err(e) => return Err(e),
    };
    if !scope.can(Permission::ViewTenant) {
        return Ok(None);
    }
    match load_item(&state.db, &scope, item).await {
        Ok(_) => Ok(Some((scope.tenant_id(), is_mentor(&scope)))),
        Err(ServiceError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}
