//! Evidence on an indicator answer: files (streamed to storage, checked by content, hashed) and
//! links, each document with numbered revisions; soft deletion with restore until purged; the
//! sweeper that purges and removes orphaned bytes.
//!
//! The order of an upload is what makes it atomic: bytes first (invisible until complete), then
//! one transaction for the rows. A failure after the bytes removes them; a crash between the two
//! leaves bytes without a row, which [`sweep`] removes.

use super::audit;
use super::cycles::{event, load_cycle, load_item, may_answer, package_of, ymd, Event};
use super::entities::{assignment, evidence, evidence_revision, user};
use super::error::{ServiceError, ServiceResult};
use super::scope::TenantScope;
use super::state::{AppState, EvidenceSettings};
use super::storage::{PutError, Storage};
use crate::api::evidence::{EvidenceDoc, EvidenceKind, EvidenceList, EvidenceRev, UploadLimits};
use crate::domain::cycle::{CycleStatus, PackageStatus};
use crate::domain::evidence::{
    clean_name, sniff, split_extension, valid_link, EvidenceProblem, FileKind, SNIFF_BYTES,
};
use crate::domain::role::Permission;
use bytes::{Bytes, BytesMut};
use chrono::{NaiveDate, Utc};
use futures_util::{Stream, StreamExt};
use sea_orm::sea_query::{Alias, Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

fn refuse(problem: EvidenceProblem) -> ServiceError {
    ServiceError::Evidence(problem)
}

/// What an upload goes to, checked before a byte of the body is read.
#[derive(Debug, Clone)]
pub struct Target {
    /// The answer.
    pub item: assignment::Model,
    /// Bytes the tenant may still store.
    pub free: u64,
}

/// The descriptive fields of an upload or link.
#[derive(Debug, Clone, Default)]
pub struct Details {
    /// Add as a new revision of this document (else a new document).
    pub evidence: Option<Uuid>,
    /// `YYYY-MM-DD`; empty means today.
    pub effective_on: Option<String>,
    /// `YYYY-MM-DD`, optional.
    pub expires_on: Option<String>,
    /// A short note.
    pub note: Option<String>,
}

/// Checked [`Details`].
#[derive(Debug, Clone)]
struct Checked {
    evidence: Option<Uuid>,
    effective_on: NaiveDate,
    expires_on: Option<NaiveDate>,
    note: Option<String>,
}

fn parse_date(text: Option<&str>) -> ServiceResult<Option<NaiveDate>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| refuse(EvidenceProblem::BadDate)),
    }
}

impl Details {
    /// `today` in the pemda's zone is the effective date when none is given.
    fn check(&self, today: NaiveDate) -> ServiceResult<Checked> {
        let effective_on = parse_date(self.effective_on.as_deref())?.unwrap_or(today);
        let expires_on = parse_date(self.expires_on.as_deref())?;
        if expires_on.is_some_and(|e| e < effective_on) {
            return Err(refuse(EvidenceProblem::ExpiresBeforeEffective));
        }
        let note = self
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| n.chars().take(500).collect::<String>());
        Ok(Checked {
            evidence: self.evidence,
            effective_on,
            expires_on,
            note,
        })
    }
}

/// Bytes the tenant's stored files take (deleted ones count until purged).
async fn used_bytes(db: &impl ConnectionTrait, tenant: Uuid) -> ServiceResult<u64> {
    #[derive(FromQueryResult)]
    struct Sum {
        total: Option<i64>,
    }
    let sum = evidence_revision::Entity::find()
        .select_only()
        // SUM of a BIGINT is NUMERIC on PostgreSQL: cast back so both databases give an i64.
        .column_as(
            Expr::expr(Func::cast_as(
                Expr::col(evidence_revision::Column::SizeBytes).sum(),
                Alias::new("BIGINT"),
            )),
            "total",
        )
        .filter(evidence_revision::Column::TenantId.eq(tenant))
        .filter(evidence_revision::Column::StorageKey.is_not_null())
        .filter(evidence_revision::Column::PurgedAt.is_null())
        .into_model::<Sum>()
        .one(db)
        .await?;
    Ok(sum.and_then(|s| s.total).unwrap_or(0).max(0) as u64)
}

/// Whether the caller may add or remove evidence on `a` now: they may answer it, the cycle is
/// active, and the OPD's package is still editable.
async fn check_writable(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    a: &assignment::Model,
) -> ServiceResult<()> {
    if !may_answer(scope, a) {
        return Err(ServiceError::Forbidden);
    }
    let c = load_cycle(db, scope, a.cycle_id).await?;
    if CycleStatus::from_code(&c.status) != CycleStatus::Active {
        return Err(ServiceError::Locked);
    }
    if let Some(p) = package_of(db, a).await? {
        if !PackageStatus::from_code(&p.status).editable() {
            return Err(ServiceError::Locked);
        }
    }
    Ok(())
}

/// Checks that the caller may upload to `item` and how much room is left.
pub async fn prepare(state: &AppState, scope: &TenantScope, item: Uuid) -> ServiceResult<Target> {
    scope.require(Permission::ViewTenant)?;
    let db = &state.db;
    let a = load_item(db, scope, item).await?;
    check_writable(db, scope, &a).await?;
    let used = used_bytes(db, scope.tenant_id()).await?;
    Ok(Target {
        item: a,
        free: state
            .settings
            .evidence
            .tenant_quota_bytes
            .saturating_sub(used),
    })
}

/// What an upload became.
#[derive(Debug, Clone)]
pub struct Uploaded {
    /// The document.
    pub evidence: Uuid,
    /// The new revision.
    pub revision: Uuid,
    /// Its number within the document.
    pub number: i32,
    /// The name it is listed under.
    pub name: String,
    /// Bytes stored (0 for a link).
    pub size: u64,
}

/// Stores one file from `body` as evidence on the target: checks the name and type before any
/// byte is written, the content's type from its first bytes, the size and quota while
/// streaming, and duplicates after. Nothing is left behind when it returns an error.
pub async fn upload<S, E>(
    state: &AppState,
    scope: &TenantScope,
    target: &Target,
    details: &Details,
    raw_name: &str,
    mut body: S,
) -> ServiceResult<Uploaded>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
{
    let settings = &state.settings.evidence;
    let details = details.check(scope.today())?;
    let name = clean_name(raw_name).ok_or(refuse(EvidenceProblem::BadName))?;
    let allowed: Vec<String> = settings
        .allowed
        .iter()
        .map(|k| k.extension().to_owned())
        .collect();
    let ext = split_extension(&name).1.to_owned();
    let claimed = FileKind::from_extension(&ext)
        .filter(|k| settings.allowed.contains(k))
        .ok_or_else(|| {
            refuse(EvidenceProblem::TypeNotAllowed {
                name: name.clone(),
                allowed: allowed.clone(),
            })
        })?;
    // The first bytes decide the type; nothing is stored before they do.
    let mut head = BytesMut::new();
    while head.len() < SNIFF_BYTES {
        match body.next().await {
            Some(Ok(chunk)) => head.extend_from_slice(&chunk),
            Some(Err(_)) => return Err(refuse(EvidenceProblem::Interrupted)),
            None => break,
        }
    }
    if head.is_empty() {
        return Err(refuse(EvidenceProblem::Empty { name }));
    }
    let found = sniff(&head);
    if found != Some(claimed) {
        return Err(refuse(EvidenceProblem::ContentMismatch {
            name,
            claimed: ext.to_ascii_lowercase(),
            found: found.map(|k| k.extension().to_owned()),
        }));
    }
    let limit = settings.max_file_bytes.min(target.free);
    if head.len() as u64 > limit {
        return Err(too_large(settings, target.free, &name));
    }
    let key = Storage::new_key(scope.tenant_id());
    let stored = match state.storage.put(&key, head.freeze(), body, limit).await {
        Ok(stored) => stored,
        Err(PutError::TooLarge) => return Err(too_large(settings, target.free, &name)),
        Err(PutError::Interrupted) => return Err(refuse(EvidenceProblem::Interrupted)),
        Err(PutError::Store(e)) => {
            tracing::error!(error = %e, storage = state.storage.label(), "evidence write failed");
            return Err(ServiceError::Internal(format!("storage: {e}")));
        }
    };
    let result = record(
        state,
        scope,
        &target.item,
        &details,
        Content::File {
            name: name.clone(),
            kind: claimed,
            key: key.clone(),
            size: stored.size,
            sha256: stored.sha256.clone(),
        },
    )
    .await;
    if result.is_err() {
        // The row did not land: the bytes must not stay.
        if let Err(e) = state.storage.delete(&key).await {
            tracing::warn!(error = %e, key, "could not remove bytes of a refused upload; the sweeper will");
        }
    }
    result
}

fn too_large(settings: &EvidenceSettings, free: u64, name: &str) -> ServiceError {
    if free < settings.max_file_bytes {
        refuse(EvidenceProblem::Quota {
            free,
            quota: settings.tenant_quota_bytes,
        })
    } else {
        refuse(EvidenceProblem::TooLarge {
            name: name.to_owned(),
            limit: settings.max_file_bytes,
        })
    }
}

/// What a revision holds.
enum Content {
    File {
        name: String,
        kind: FileKind,
        key: String,
        size: u64,
        sha256: String,
    },
    Link {
        title: String,
        url: String,
    },
}

/// [`record_once`], tried again when the database refused the transaction itself: SQLite
/// refuses the second of two simultaneous writers outright instead of waiting, and the retry is
/// what then finds the first one's row and says "duplicate".
async fn record(
    state: &AppState,
    scope: &TenantScope,
    a: &assignment::Model,
    details: &Checked,
    content: Content,
) -> ServiceResult<Uploaded> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match record_once(state, scope, a, details, &content).await {
            Err(ServiceError::Db(e)) if attempt < 4 => {
                tracing::debug!(error = %e, attempt, "evidence row refused; trying again");
                tokio::time::sleep(std::time::Duration::from_millis(50 * attempt)).await;
            }
            other => return other,
        }
    }
}

/// Writes the rows for new content in one transaction: the document (when new), the revision,
/// the item's history and the audit log. Refuses a duplicate and an exceeded quota.
async fn record_once(
    state: &AppState,
    scope: &TenantScope,
    a: &assignment::Model,
    details: &Checked,
    content: &Content,
) -> ServiceResult<Uploaded> {
    let txn = crate::server::db::begin(&state.db).await?;
    // Checked again inside the transaction: the item may have been locked meanwhile.
    let a = load_item(&txn, scope, a.id).await?;
    check_writable(&txn, scope, &a).await?;
    let stored_size = match content {
        Content::File { size, .. } => *size,
        Content::Link { .. } => 0,
    };
    let (kind, title, sha256) = match content {
        Content::File { name, sha256, .. } => ("file", name.clone(), sha256.clone()),
        Content::Link { title, url } => {
            use sha2::Digest;
            let hash = hex::encode(sha2::Sha256::digest(url.trim().as_bytes()));
            ("link", title.clone(), hash)
        }
    };
    if let Content::File { size, .. } = content {
        let used = used_bytes(&txn, scope.tenant_id()).await?;
        let quota = state.settings.evidence.tenant_quota_bytes;
        if used + size > quota {
            return Err(refuse(EvidenceProblem::Quota {
                free: quota.saturating_sub(used),
                quota,
            }));
        }
    }
    if let Some(existing) = duplicate_of(&txn, scope, a.id, &[&sha256]).await? {
        return Err(existing);
    }
    let now = Utc::now();
    let (doc_id, number, doc_title) = match details.evidence {
        Some(doc_id) => {
            let doc = evidence::Entity::find_by_id(doc_id)
                .filter(evidence::Column::TenantId.eq(scope.tenant_id()))
                .filter(evidence::Column::AssignmentId.eq(a.id))
                .filter(evidence::Column::DeletedAt.is_null())
                .one(&txn)
                .await?
                .ok_or(ServiceError::NotFound)?;
            if doc.kind != kind {
                return Err(ServiceError::NotFound);
            }
            let last = evidence_revision::Entity::find()
                .filter(evidence_revision::Column::EvidenceId.eq(doc.id))
                .order_by_desc(evidence_revision::Column::Number)
                .one(&txn)
                .await?
                .map_or(0, |r| r.number);
            (doc.id, last + 1, doc.title)
        }
        None => {
            let doc_id = Uuid::now_v7();
            evidence::ActiveModel {
                id: Set(doc_id),
                tenant_id: Set(scope.tenant_id()),
                cycle_id: Set(a.cycle_id),
                assignment_id: Set(a.id),
                kind: Set(kind.to_owned()),
                title: Set(title.clone()),
                created_at: Set(now),
                created_by: Set(Some(scope.user_id())),
                deleted_at: Set(None),
                deleted_by: Set(None),
            }
            .insert(&txn)
            .await?;
            (doc_id, 1, title.clone())
        }
    };
    let revision_id = Uuid::new_v4();
    let (storage_key, url, content_type, size) = match content {
        Content::File {
            key, kind, size, ..
        } => (
            Some(key.clone()),
            None,
            Some(kind.mime().to_owned()),
            *size as i64,
        ),
        Content::Link { url, .. } => (None, Some(url.trim().to_owned()), None, 0),
    };
    let inserted = evidence_revision::ActiveModel {
        id: Set(revision_id),
        evidence_id: Set(doc_id),
        tenant_id: Set(scope.tenant_id()),
        assignment_id: Set(a.id),
        number: Set(number),
        storage_key: Set(storage_key),
        url: Set(url.clone()),
        name: Set(title.clone()),
        content_type: Set(content_type),
        size_bytes: Set(size),
        sha256: Set(sha256.clone()),
        effective_on: Set(details.effective_on),
        expires_on: Set(details.expires_on),
        note: Set(details.note.clone()),
        uploaded_at: Set(now),
        uploaded_by: Set(Some(scope.user_id())),
        deleted_at: Set(None),
        deleted_by: Set(None),
        purged_at: Set(None),
    }
    .insert(&txn)
    .await;
    if let Err(e) = inserted {
        // The unique index caught a simultaneous upload of the same bytes (or a simultaneous
        // revision number): say which copy won.
        drop(txn);
        if let Some(existing) = duplicate_of(&state.db, scope, a.id, &[&sha256]).await? {
            return Err(existing);
        }
        return Err(e.into());
    }
    let what = match content {
        Content::File { size, .. } => format!(
            "{title} ({}) · revisi {number}",
            crate::domain::evidence::human_size(*size)
        ),
        Content::Link { url, .. } => format!("{title} <{url}> · revisi {number}"),
    };
    log_change(
        &txn,
        scope,
        &a,
        ("evidence.added", "evidence.add"),
        revision_id,
        what,
    )
    .await?;
    txn.commit().await?;
    state
        .live
        .item(scope.tenant_id(), a.id, super::live::ChangeKind::Evidence);
    Ok(Uploaded {
        evidence: doc_id,
        revision: revision_id,
        number,
        name: doc_title,
        size: stored_size,
    })
}

/// The client address of the current plain-axum request, set by [`with_address`].
fn scope_address() -> Option<String> {
    CLIENT_ADDRESS.try_with(Clone::clone).ok().flatten()
}

tokio::task_local! {
    static CLIENT_ADDRESS: Option<String>;
}

/// Runs `f` with `address` recorded as the client address of audit entries it writes (for
/// handlers outside Leptos, which has its own request context).
pub async fn with_address<F: std::future::Future>(address: Option<String>, f: F) -> F::Output {
    CLIENT_ADDRESS.scope(address, f).await
}

/// Records a change of evidence on answer `a` in the item's history and the audit log: `what`
/// in words, `kinds` as (history event, audit action).
async fn log_change(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    a: &assignment::Model,
    kinds: (&str, &str),
    id: Uuid,
    what: String,
) -> ServiceResult<()> {
    event(
        db,
        scope,
        Event {
            cycle: a.cycle_id,
            package: None,
            item: Some(a.id),
            kind: kinds.0,
            change: None,
            note: Some(what.clone()),
        },
    )
    .await?;
    audit::record(
        db,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: kinds.1,
            entity: "evidence",
            entity_id: Some(id.to_string()),
            summary: format!("{} · {what}", a.indicator_code),
            address: scope_address(),
        },
    )
    .await?;
    super::review::on_change(db, scope, a).await
}

/// The duplicate refusal for any of `hashes` on answer `item`, if a live copy exists.
async fn duplicate_of(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    item: Uuid,
    hashes: &[&str],
) -> ServiceResult<Option<ServiceError>> {
    let existing = evidence_revision::Entity::find()
        .filter(evidence_revision::Column::AssignmentId.eq(item))
        .filter(evidence_revision::Column::Sha256.is_in(hashes.iter().copied()))
        .filter(evidence_revision::Column::DeletedAt.is_null())
        .one(db)
        .await?;
    Ok(existing.map(|r| {
        refuse(EvidenceProblem::Duplicate {
            name: r.name,
            at: scope.stamp(r.uploaded_at).to_string(),
        })
    }))
}

/// Adds a link (an address published online, with a title) as evidence.
pub async fn add_link(
    state: &AppState,
    scope: &TenantScope,
    item: Uuid,
    url: &str,
    title: &str,
    details: &Details,
) -> ServiceResult<Uploaded> {
    scope.require(Permission::ViewTenant)?;
    let a = load_item(&state.db, scope, item).await?;
    check_writable(&state.db, scope, &a).await?;
    let details = details.check(scope.today())?;
    if !valid_link(url) {
        return Err(refuse(EvidenceProblem::BadLink));
    }
    let title = title.trim();
    let title = if title.is_empty() {
        url.trim().chars().take(200).collect::<String>()
    } else {
        title.chars().take(200).collect()
    };
    record(
        state,
        scope,
        &a,
        &details,
        Content::Link {
            title,
            url: url.trim().to_owned(),
        },
    )
    .await
}

/// Soft-deletes a document (all its revisions) or, with `revision`, one revision (the document
/// too when it was the last). Restorable until purged.
pub async fn delete(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
    revision: Option<Uuid>,
) -> ServiceResult<()> {
    scope.require(Permission::ViewTenant)?;
    let txn = crate::server::db::begin(&state.db).await?;
    let doc = load_doc(&txn, scope, id).await?;
    if doc.deleted_at.is_some() {
        return Ok(()); // a double submit: already done
    }
    let a = load_item(&txn, scope, doc.assignment_id).await?;
    check_writable(&txn, scope, &a).await?;
    let now = Utc::now();
    let live = evidence_revision::Entity::find()
        .filter(evidence_revision::Column::EvidenceId.eq(doc.id))
        .filter(evidence_revision::Column::DeletedAt.is_null())
        .all(&txn)
        .await?;
    let targets: Vec<&evidence_revision::Model> = match revision {
        Some(r) => {
            let one: Vec<_> = live.iter().filter(|x| x.id == r).collect();
            if one.is_empty() {
                return Ok(()); // already deleted
            }
            one
        }
        None => live.iter().collect(),
    };
    let whole = targets.len() == live.len();
    evidence_revision::Entity::update_many()
        .col_expr(evidence_revision::Column::DeletedAt, Expr::value(Some(now)))
        .col_expr(
            evidence_revision::Column::DeletedBy,
            Expr::value(Some(scope.user_id())),
        )
        .filter(evidence_revision::Column::Id.is_in(targets.iter().map(|r| r.id)))
        .exec(&txn)
        .await?;
    if whole {
        evidence::Entity::update_many()
            .col_expr(evidence::Column::DeletedAt, Expr::value(Some(now)))
            .col_expr(
                evidence::Column::DeletedBy,
                Expr::value(Some(scope.user_id())),
            )
            .filter(evidence::Column::Id.eq(doc.id))
            .exec(&txn)
            .await?;
    }
    let what = if whole {
        format!("{} (semua revisi)", doc.title)
    } else {
        let numbers: Vec<String> = targets.iter().map(|r| r.number.to_string()).collect();
        format!("{} · revisi {}", doc.title, numbers.join(", "))
    };
    log_change(
        &txn,
        scope,
        &a,
        ("evidence.deleted", "evidence.delete"),
        doc.id,
        what,
    )
    .await?;
    txn.commit().await?;
    state
        .live
        .item(scope.tenant_id(), a.id, super::live::ChangeKind::Evidence);
    Ok(())
}

/// Brings back a deleted document with the revisions deleted with it, if not yet purged.
/// Coordinators only.
pub async fn restore(state: &AppState, scope: &TenantScope, id: Uuid) -> ServiceResult<()> {
    scope.require(Permission::ManageCycles)?;
    let txn = crate::server::db::begin(&state.db).await?;
    let doc = load_doc(&txn, scope, id).await?;
    let Some(deleted_at) = doc.deleted_at else {
        return Ok(());
    };
    let a = load_item(&txn, scope, doc.assignment_id).await?;
    check_writable(&txn, scope, &a).await?;
    let revisions = evidence_revision::Entity::find()
        .filter(evidence_revision::Column::EvidenceId.eq(doc.id))
        .filter(evidence_revision::Column::DeletedAt.eq(deleted_at))
        .filter(evidence_revision::Column::PurgedAt.is_null())
        .all(&txn)
        .await?;
    if revisions.is_empty() {
        return Err(ServiceError::NotFound);
    }
    let hashes: Vec<&str> = revisions.iter().map(|r| r.sha256.as_str()).collect();
    if let Some(existing) = duplicate_of(&txn, scope, a.id, &hashes).await? {
        return Err(existing);
    }
    evidence_revision::Entity::update_many()
        .col_expr(
            evidence_revision::Column::DeletedAt,
            Expr::value(Option::<chrono::DateTime<Utc>>::None),
        )
        .col_expr(
            evidence_revision::Column::DeletedBy,
            Expr::value(Option::<Uuid>::None),
        )
        .filter(evidence_revision::Column::Id.is_in(revisions.iter().map(|r| r.id)))
        .exec(&txn)
        .await?;
    evidence::Entity::update_many()
        .col_expr(
            evidence::Column::DeletedAt,
            Expr::value(Option::<chrono::DateTime<Utc>>::None),
        )
        .col_expr(
            evidence::Column::DeletedBy,
            Expr::value(Option::<Uuid>::None),
        )
        .filter(evidence::Column::Id.eq(doc.id))
        .exec(&txn)
        .await?;
    log_change(
        &txn,
        scope,
        &a,
        ("evidence.restored", "evidence.restore"),
        doc.id,
        doc.title,
    )
    .await?;
    txn.commit().await?;
    state
        .live
        .item(scope.tenant_id(), a.id, super::live::ChangeKind::Evidence);
    Ok(())
}

async fn load_doc(
    db: &impl ConnectionTrait,
    scope: &TenantScope,
    id: Uuid,
) -> ServiceResult<evidence::Model> {
    evidence::Entity::find_by_id(id)
        .filter(evidence::Column::TenantId.eq(scope.tenant_id()))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The evidence on an answer, with what the caller may do.
pub async fn list(
    state: &AppState,
    scope: &TenantScope,
    item: Uuid,
) -> ServiceResult<EvidenceList> {
    scope.require(Permission::ViewTenant)?;
    let db = &state.db;
    let a = load_item(db, scope, item).await?;
    let writable = check_writable(db, scope, &a).await.is_ok();
    let can_restore = writable && scope.can(Permission::ManageCycles);
    let docs = evidence::Entity::find()
        .filter(evidence::Column::TenantId.eq(scope.tenant_id()))
        .filter(evidence::Column::AssignmentId.eq(a.id))
        .order_by_asc(evidence::Column::CreatedAt)
        .all(db)
        .await?;
    let revisions = evidence_revision::Entity::find()
        .filter(evidence_revision::Column::TenantId.eq(scope.tenant_id()))
        .filter(evidence_revision::Column::AssignmentId.eq(a.id))
        .order_by_desc(evidence_revision::Column::Number)
        .all(db)
        .await?;
    let people: HashSet<Uuid> = revisions
        .iter()
        .filter_map(|r| r.uploaded_by)
        .chain(docs.iter().filter_map(|d| d.deleted_by))
        .collect();
    let names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(people))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let slug = &scope.tenant().slug;
    let today = scope.today();
    let mut live = Vec::new();
    let mut deleted = Vec::new();
    for d in docs {
        let is_deleted = d.deleted_at.is_some();
        if is_deleted && !can_restore {
            continue;
        }
        let revs: Vec<EvidenceRev> = revisions
            .iter()
            .filter(|r| r.evidence_id == d.id)
            .filter(|r| {
                if is_deleted {
                    r.deleted_at == d.deleted_at && r.purged_at.is_none()
                } else {
                    r.deleted_at.is_none()
                }
            })
            .map(|r| EvidenceRev {
                id: r.id,
                number: r.number,
                name: r.name.clone(),
                href: match &r.url {
                    Some(url) => url.clone(),
                    None => format!("/t/{slug}/bukti/{}", r.id),
                },
                file_kind: r.content_type.as_deref().and_then(FileKind::from_mime),
                size: r.size_bytes.max(0) as u64,
                sha256: r.sha256.clone(),
                effective_on: ymd(r.effective_on),
                expires_on: r.expires_on.map(ymd),
                expired: r.expires_on.is_some_and(|e| e < today),
                note: r.note.clone(),
                uploaded_by: r.uploaded_by.and_then(|u| names.get(&u).cloned()),
                uploaded_at: scope.stamp(r.uploaded_at),
            })
            .collect();
        if revs.is_empty() {
            continue;
        }
        let doc = EvidenceDoc {
            id: d.id,
            kind: if d.kind == "link" {
                EvidenceKind::Link
            } else {
                EvidenceKind::File
            },
            title: d.title,
            revisions: revs,
            deleted: d.deleted_at.map(|at| {
                (
                    d.deleted_by.and_then(|u| names.get(&u).cloned()),
                    scope.stamp(at),
                )
            }),
        };
        if is_deleted {
            deleted.push(doc);
        } else {
            live.push(doc);
        }
    }
    let settings = &state.settings.evidence;
    Ok(EvidenceList {
        item: a.id,
        documents: live,
        deleted,
        can_add: writable,
        can_delete: writable,
        can_restore,
        limits: UploadLimits {
            max_file_bytes: settings.max_file_bytes,
            quota_bytes: settings.tenant_quota_bytes,
            used_bytes: used_bytes(db, scope.tenant_id()).await?,
            allowed: settings.allowed.clone(),
            retention_days: (settings.retention.as_secs() / 86_400) as u32,
        },
    })
}

/// A stored file the caller may read.
#[derive(Debug, Clone)]
pub struct Download {
    /// Where the bytes are.
    pub key: String,
    /// The name to offer.
    pub name: String,
    /// Its type (from the content).
    pub kind: FileKind,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 (the entity tag).
    pub sha256: String,
}

/// A file revision, if the caller may see it: live evidence to anyone who can see the tenant
/// (mentors included); deleted evidence, until purged, to coordinators only.
pub async fn open(state: &AppState, scope: &TenantScope, id: Uuid) -> ServiceResult<Download> {
    scope.require(Permission::ViewTenant)?;
    let r = evidence_revision::Entity::find_by_id(id)
        .filter(evidence_revision::Column::TenantId.eq(scope.tenant_id()))
        .one(&state.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if r.purged_at.is_some() || (r.deleted_at.is_some() && !scope.can(Permission::ManageCycles)) {
        return Err(ServiceError::NotFound);
    }
    let (Some(key), Some(kind)) = (
        r.storage_key,
        r.content_type.as_deref().and_then(FileKind::from_mime),
    ) else {
        return Err(ServiceError::NotFound);
    };
    Ok(Download {
        key,
        name: r.name,
        kind,
        size: r.size_bytes.max(0) as u64,
        sha256: r.sha256,
    })
}

/// What a sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    /// Deleted revisions whose bytes were removed after the retention period.
    pub purged: usize,
    /// Stored objects without a row (a crash between bytes and row, or a removed tenant).
    pub orphans: usize,
    /// Half-written local staging files.
    pub staging: usize,
}

/// Purges evidence deleted longer than the retention period ago, and removes bytes no row
/// points at once they are older than `grace` (so an upload between its bytes and its row is
/// never touched).
pub async fn sweep(state: &AppState, grace: std::time::Duration) -> ServiceResult<Swept> {
    let db = &state.db;
    let mut swept = Swept::default();
    let retention = chrono::Duration::from_std(state.settings.evidence.retention)
        .unwrap_or(chrono::Duration::days(30));
    let due = evidence_revision::Entity::find()
        .filter(evidence_revision::Column::DeletedAt.lt(Utc::now() - retention))
        .filter(evidence_revision::Column::PurgedAt.is_null())
        .filter(evidence_revision::Column::StorageKey.is_not_null())
        .limit(1000)
        .all(db)
        .await?;
    for r in due {
        let key = r.storage_key.clone().unwrap_or_default();
        if let Err(e) = state.storage.delete(&key).await {
            tracing::warn!(error = %e, key, "could not purge evidence bytes");
            continue;
        }
        evidence_revision::Entity::update_many()
            .col_expr(
                evidence_revision::Column::PurgedAt,
                Expr::value(Some(Utc::now())),
            )
            .filter(evidence_revision::Column::Id.eq(r.id))
            .exec(db)
            .await?;
        audit::record(
            db,
            audit::Entry {
                actor: None,
                tenant: Some(r.tenant_id),
                action: "evidence.purge",
                entity: "evidence",
                entity_id: Some(r.id.to_string()),
                summary: format!("{} · revisi {}", r.name, r.number),
                address: None,
            },
        )
        .await?;
        swept.purged += 1;
    }
    let grace = chrono::Duration::from_std(grace).unwrap_or(chrono::Duration::hours(1));
    let objects = state
        .storage
        .list_before(Utc::now() - grace)
        .await
        .map_err(|e| ServiceError::Internal(format!("storage listing: {e}")))?;
    for batch in objects.chunks(500) {
        let keys: Vec<String> = batch.iter().map(|(k, _)| k.clone()).collect();
        let known: HashSet<String> = evidence_revision::Entity::find()
            .filter(evidence_revision::Column::StorageKey.is_in(keys.clone()))
            .filter(evidence_revision::Column::PurgedAt.is_null())
            .all(db)
            .await?
            .into_iter()
            .filter_map(|r| r.storage_key)
            .collect();
        for key in keys.into_iter().filter(|k| !known.contains(k)) {
            match state.storage.delete(&key).await {
                Ok(()) => swept.orphans += 1,
                Err(e) => tracing::warn!(error = %e, key, "could not remove orphaned bytes"),
            }
        }
    }
    let before = std::time::SystemTime::now()
        .checked_sub(grace.to_std().unwrap_or_default())
        .unwrap_or(std::time::UNIX_EPOCH);
    let storage = state.storage.clone();
    swept.staging =
        super::blocking::off_runtime(move || storage.remove_stale_staging(before)).await?;
    Ok(swept)
}
