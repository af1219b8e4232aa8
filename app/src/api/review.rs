//! Mentor review: the review panel and actions on an item, its comment thread, the mentor's
//! workspace and queue, reason templates, the revision to-do list, and the notification centre.

use super::ApiError;
use crate::domain::instrument::{Answer, AnswerType};
use crate::domain::review::{EmailPref, NoticeKind, ReviewStatus};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A revision reason an office reuses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReasonTemplate {
    /// Id.
    pub id: Uuid,
    /// The office's id.
    pub office_id: Uuid,
    /// The office's name.
    pub office: String,
    /// The reason.
    pub text: String,
}

/// Where the review of one item stands, and what the caller may do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewView {
    /// The item.
    pub item: Uuid,
    /// `None` until the item is first submitted.
    pub status: Option<ReviewStatus>,
    /// The last revision request's reason.
    pub reason: Option<String>,
    /// The self-assessed answer, as read (`2 · Sesuai`).
    pub self_label: Option<String>,
    /// The verified answer.
    pub verified: Option<Answer>,
    /// The verified answer, as read.
    pub verified_label: Option<String>,
    /// The verified answer's justification.
    pub justification: Option<String>,
    /// The mentor who last acted.
    pub reviewer: Option<String>,
    /// When, in the pemda's zone.
    pub reviewed_at: Option<crate::model::time::Stamp>,
    /// Sent back with an action.
    pub revision: i32,
    /// How the item is answered (for the verified-answer input).
    pub answer_type: Option<AnswerType>,
    /// The self-assessed answer.
    pub self_answer: Option<Answer>,
    /// The caller may accept or request a revision now.
    pub can_review: bool,
    /// The caller's offices' reason templates (mentors only).
    pub templates: Vec<ReasonTemplate>,
}

/// One comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    /// Id.
    pub id: Uuid,
    /// The thread's first comment, for replies.
    pub parent: Option<Uuid>,
    /// Author's name.
    pub author: Option<String>,
    /// The author is an Ombudsman mentor.
    pub by_mentor: bool,
    /// The text as written (for the author's edit form).
    pub body: String,
    /// The text rendered (safe HTML).
    pub html: String,
    /// Mentor-only note.
    pub internal: bool,
    /// The document it is about: id and title.
    pub evidence: Option<(Uuid, String)>,
    /// When, in the pemda's zone.
    pub created_at: crate::model::time::Stamp,
    /// Last edited, in the pemda's zone.
    pub edited_at: Option<crate::model::time::Stamp>,
    /// Earlier texts, oldest first: when replaced, rendered text.
    pub edits: Vec<(crate::model::time::Stamp, String)>,
    /// The caller may edit it now.
    pub can_edit: bool,
    /// Sent back with an edit.
    pub revision: i32,
}

/// Someone who can be @mentioned on an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mentionable {
    /// What to type after `@`.
    pub handle: String,
    /// Name.
    pub name: String,
    /// An Ombudsman mentor.
    pub mentor: bool,
}

/// An item's comment thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thread {
    /// The item.
    pub item: Uuid,
    /// Comments, oldest first (replies follow their thread's first comment).
    pub comments: Vec<CommentView>,
    /// The caller may comment.
    pub can_comment: bool,
    /// The caller may write mentor-only notes.
    pub can_internal: bool,
    /// People who can be mentioned.
    pub people: Vec<Mentionable>,
    /// The item's documents a comment can be about: id, title.
    pub documents: Vec<(Uuid, String)>,
    /// Minutes an author may edit.
    pub edit_minutes: i64,
}

/// A granted pemda in the mentor's workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceTenant {
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Active cycles: id, name.
    pub cycles: Vec<(Uuid, String)>,
    /// Items waiting for review.
    pub waiting: usize,
    /// Items sent back.
    pub revision: usize,
    /// Items accepted.
    pub accepted: usize,
}

/// One row of the review queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueRow {
    /// Item id.
    pub item: Uuid,
    /// Pemda slug.
    pub slug: String,
    /// Pemda name.
    pub tenant: String,
    /// Cycle name.
    pub cycle: String,
    /// OPD name.
    pub opd: Option<String>,
    /// Unit name.
    pub unit: String,
    /// Top-level section name.
    pub section: String,
    /// Indicator code.
    pub code: String,
    /// Indicator text.
    pub text: String,
    /// Review state.
    pub status: ReviewStatus,
    /// The self-assessed answer, as read.
    pub self_label: Option<String>,
    /// When it entered the queue, in its pemda's zone.
    pub queued_at: crate::model::time::Stamp,
}

/// The queue's filter (all optional).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueueFilter {
    /// Pemda slug.
    pub tenant: Option<String>,
    /// OPD id.
    pub opd: Option<Uuid>,
    /// Top-level section code.
    pub section: Option<String>,
    /// Review state; by default the items waiting for review.
    pub status: Option<ReviewStatus>,
}

/// The mentor's workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    /// Granted pemda, by name.
    pub tenants: Vec<WorkspaceTenant>,
    /// Count per state within the tenant/OPD/section filter.
    pub counts: Vec<(ReviewStatus, usize)>,
    /// Matching rows (at most 300, oldest first).
    pub rows: Vec<QueueRow>,
    /// How many match in all.
    pub total: usize,
    /// OPDs of the filtered pemda: id, name.
    pub opds: Vec<(Uuid, String)>,
    /// Top-level sections of the filtered pemda's cycles: code, name.
    pub sections: Vec<(String, String)>,
    /// The office's reason templates.
    pub templates: Vec<ReasonTemplate>,
    /// The caller's offices: id, name.
    pub offices: Vec<(Uuid, String)>,
}

/// An item sent back for revision, on the pemda's to-do list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TodoRow {
    /// Item id.
    pub item: Uuid,
    /// Cycle name.
    pub cycle: String,
    /// OPD name.
    pub opd: Option<String>,
    /// Unit name.
    pub unit: String,
    /// PIC name.
    pub pic: Option<String>,
    /// Indicator code.
    pub code: String,
    /// Indicator text.
    pub text: String,
    /// The mentor's reason.
    pub reason: Option<String>,
    /// The mentor.
    pub reviewer: Option<String>,
    /// When, in the pemda's zone.
    pub at: Option<crate::model::time::Stamp>,
}

/// One notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeRow {
    /// Id.
    pub id: Uuid,
    /// Why.
    pub kind: NoticeKind,
    /// One line naming the item.
    pub summary: String,
    /// Who caused it.
    pub actor: Option<String>,
    /// Pemda name.
    pub tenant: String,
    /// Where to go.
    pub href: Option<String>,
    /// When, in that pemda's zone.
    pub at: crate::model::time::Stamp,
    /// Read.
    pub read: bool,
}

/// The notification centre.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notices {
    /// Newest first (at most 100).
    pub rows: Vec<NoticeRow>,
    /// Unread in all.
    pub unread: usize,
    /// The e-mail preference.
    pub email: EmailPref,
}

/// The review panel of an item.
#[server(prefix = "/api", endpoint = "tinjau")]
pub async fn get_review(slug: String, item: Uuid) -> Result<ReviewView, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::review::view(&state, &scope, item).await?)
        }
        .await,
    )
}

/// A mentor accepts an item, with the verified answer (empty: the self-assessed one stands) and
/// a justification (required when the verified answer differs).
#[server(prefix = "/api", endpoint = "tinjau/terima")]
pub async fn accept_item(
    slug: String,
    item: Uuid,
    revision: i32,
    verified: Option<String>,
    justification: Option<String>,
) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            crate::server::review::accept(
                &state,
                &scope,
                item,
                revision,
                verified.as_deref().unwrap_or(""),
                justification.as_deref().unwrap_or(""),
            )
            .await?;
            Ok(())
        }
        .await,
    )
}

/// A mentor asks for a revision: the reason typed, or else the chosen template's.
#[server(prefix = "/api", endpoint = "tinjau/perbaikan")]
pub async fn request_revision(
    slug: String,
    item: Uuid,
    revision: i32,
    template: Option<String>,
    reason: Option<String>,
) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            let template = template.as_deref().and_then(|t| t.parse::<Uuid>().ok());
            crate::server::review::request_revision(
                &state,
                &scope,
                item,
                revision,
                template,
                reason.as_deref().unwrap_or(""),
            )
            .await?;
            Ok(())
        }
        .await,
    )
}

/// An item's comment thread.
#[server(prefix = "/api", endpoint = "komentar")]
pub async fn get_thread(slug: String, item: Uuid) -> Result<Thread, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::review::thread(&state, &scope, item).await?)
        }
        .await,
    )
}

/// Adds a comment (a reply when `parent` is given; about a document when `evidence` is).
#[server(prefix = "/api", endpoint = "komentar/tambah")]
pub async fn add_comment(
    slug: String,
    item: Uuid,
    body: String,
    parent: Option<String>,
    evidence: Option<String>,
    internal: Option<String>,
) -> Result<Uuid, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            let id = |s: Option<String>| s.and_then(|s| s.parse::<Uuid>().ok());
            Ok(crate::server::review::add_comment(
                &state,
                &scope,
                crate::server::review::NewComment {
                    item,
                    body: &body,
                    parent: id(parent),
                    evidence: id(evidence),
                    internal: internal.is_some_and(|v| matches!(v.as_str(), "on" | "true" | "1")),
                },
            )
            .await?)
        }
        .await,
    )
}

/// The author edits a comment within the edit window; the earlier text is kept.
#[server(prefix = "/api", endpoint = "komentar/ubah")]
pub async fn edit_comment(
    slug: String,
    id: Uuid,
    revision: i32,
    body: String,
) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            crate::server::review::edit_comment(&state, &scope, id, revision, &body).await?;
            Ok(())
        }
        .await,
    )
}

/// Items sent back for revision that are the caller's to fix (all of them for a coordinator).
#[server(prefix = "/api", endpoint = "perbaikan")]
pub async fn get_todo(slug: String) -> Result<Vec<TodoRow>, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::review::todo(&state, &scope).await?)
        }
        .await,
    )
}

/// The mentor's workspace: granted pemda, the queue filtered by pemda slug, OPD id, top-level
/// section code and review state code (each optional; by default the items waiting), templates.
#[server(prefix = "/api", endpoint = "mentor/antrean")]
pub async fn get_workspace(
    tenant: Option<String>,
    opd: Option<String>,
    section: Option<String>,
    status: Option<String>,
) -> Result<Workspace, ApiError> {
    super::error::finish(
        async move {
            let (state, user) = super::ssr::user().await?;
            let text = |v: Option<String>| v.filter(|v| !v.is_empty());
            let filter = QueueFilter {
                tenant: text(tenant),
                opd: text(opd).and_then(|v| v.parse::<Uuid>().ok()),
                section: text(section),
                status: text(status).and_then(|v| ReviewStatus::from_code(&v)),
            };
            Ok(crate::server::review::workspace(&state, &user, filter).await?)
        }
        .await,
    )
}

/// Adds a reason template to one of the caller's offices.
#[server(prefix = "/api", endpoint = "mentor/templat")]
pub async fn add_template(office: Uuid, text: String) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, user) = super::ssr::user().await?;
            crate::server::review::add_template(&state, &user, office, &text).await?;
            Ok(())
        }
        .await,
    )
}

/// Archives a reason template: it is no longer offered.
#[server(prefix = "/api", endpoint = "mentor/templat/arsip")]
pub async fn archive_template(id: Uuid) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, user) = super::ssr::user().await?;
            crate::server::review::archive_template(&state, &user, id).await?;
            Ok(())
        }
        .await,
    )
}

/// The caller's notifications.
#[server(prefix = "/api", endpoint = "notifikasi")]
pub async fn get_notices() -> Result<Notices, ApiError> {
    super::error::finish(
        async move {
            let (state, user) = super::ssr::user().await?;
            Ok(crate::server::notify::list(&state, &user).await?)
        }
        .await,
    )
}

/// How many notifications are unread (0 when signed out).
#[server(prefix = "/api", endpoint = "notifikasi/belum")]
pub async fn get_unread() -> Result<usize, ApiError> {
    super::error::finish(
        async move {
            let state = super::ssr::state()?;
            match crate::server::access::session_user(&state).await? {
                Some(user) => Ok(crate::server::notify::unread(&state, &user).await?),
                None => Ok(0),
            }
        }
        .await,
    )
}

/// Marks one notification read, or all when `id` is empty.
#[server(prefix = "/api", endpoint = "notifikasi/baca")]
pub async fn mark_read(id: Option<String>) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, user) = super::ssr::user().await?;
            let id = id.and_then(|s| s.parse::<Uuid>().ok());
            crate::server::notify::mark_read(&state, &user, id).await?;
            Ok(())
        }
        .await,
    )
}

/// Sets how notifications reach the caller by e-mail.
#[server(prefix = "/api", endpoint = "notifikasi/surel")]
pub async fn set_email_pref(pref: String) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, user) = super::ssr::user().await?;
            let pref = EmailPref::ALL
                .into_iter()
                .find(|p| p.code() == pref)
                .ok_or(ApiError::Field {
                    field: "pref".to_owned(),
                    problem: crate::domain::account::FieldProblem::Invalid,
                })?;
            crate::server::notify::set_pref(&state, &user, pref).await?;
            Ok(())
        }
        .await,
    )
}
