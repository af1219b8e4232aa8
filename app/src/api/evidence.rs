//! Evidence on an indicator answer: the list, links, deletion and restore. File uploads do not
//! go through a server function: they stream to `POST /t/{slug}/butir/{id}/bukti` (see the
//! server's `evidence` routes), which a plain form and the page's progress-bar upload both use.

use super::ApiError;
use crate::domain::evidence::FileKind;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// File or link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EvidenceKind {
    /// An uploaded file.
    File,
    /// An address published online.
    Link,
}

/// One revision of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceRev {
    /// Id (random; the download address carries it).
    pub id: Uuid,
    /// 1, 2, … within the document.
    pub number: i32,
    /// Name as uploaded (cleaned), or the link's title.
    pub name: String,
    /// Where to open it: the permission-checked download address, or the link.
    pub href: String,
    /// The file's type (files only).
    pub file_kind: Option<FileKind>,
    /// Size in bytes (0 for links).
    pub size: u64,
    /// SHA-256, hex.
    pub sha256: String,
    /// Signed or valid from (YYYY-MM-DD).
    pub effective_on: String,
    /// Valid until.
    pub expires_on: Option<String>,
    /// Past its expiry date.
    pub expired: bool,
    /// The uploader's note.
    pub note: Option<String>,
    /// Who uploaded it.
    pub uploaded_by: Option<String>,
    /// When, in the pemda's zone.
    pub uploaded_at: crate::model::time::Stamp,
}

/// A document with its revisions, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceDoc {
    /// Id.
    pub id: Uuid,
    /// File or link.
    pub kind: EvidenceKind,
    /// The name it is listed under.
    pub title: String,
    /// Revisions, newest first.
    pub revisions: Vec<EvidenceRev>,
    /// Who deleted it and when, for deleted documents.
    pub deleted: Option<(Option<String>, crate::model::time::Stamp)>,
}

/// What may be uploaded, and how much room is left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadLimits {
    /// Largest file in bytes.
    pub max_file_bytes: u64,
    /// The tenant's quota in bytes.
    pub quota_bytes: u64,
    /// Bytes in use.
    pub used_bytes: u64,
    /// Accepted types.
    pub allowed: Vec<FileKind>,
    /// Days deleted evidence can be restored.
    pub retention_days: u32,
}

impl UploadLimits {
    /// Bytes still free.
    pub fn free(&self) -> u64 {
        self.quota_bytes.saturating_sub(self.used_bytes)
    }
}

/// The evidence on one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceList {
    /// The answer (assignment) id.
    pub item: Uuid,
    /// Live documents, oldest first.
    pub documents: Vec<EvidenceDoc>,
    /// Deleted documents that can still be restored (shown to coordinators).
    pub deleted: Vec<EvidenceDoc>,
    /// May upload or add links now.
    pub can_add: bool,
    /// May delete now.
    pub can_delete: bool,
    /// May restore deleted documents.
    pub can_restore: bool,
    /// Upload limits.
    pub limits: UploadLimits,
}

/// What an upload answers a script with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadResult {
    /// Files stored: (name, revision number).
    pub stored: Vec<(String, i32)>,
}

/// The evidence on an answer.
#[server(prefix = "/api", endpoint = "bukti")]
pub async fn get_evidence(slug: String, item: Uuid) -> Result<EvidenceList, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::evidence::list(&state, &scope, item).await?)
        }
        .await,
    )
}

/// Adds a link as evidence (or as a new revision of link `evidence`).
#[server(prefix = "/api", endpoint = "bukti/tautan")]
#[allow(clippy::too_many_arguments)]
pub async fn add_evidence_link(
    slug: String,
    item: Uuid,
    url: String,
    title: Option<String>,
    evidence: Option<Uuid>,
    effective_on: Option<String>,
    expires_on: Option<String>,
    note: Option<String>,
) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            let details = crate::server::evidence::Details {
                evidence,
                effective_on,
                expires_on,
                note,
            };
            crate::server::evidence::add_link(
                &state,
                &scope,
                item,
                &url,
                title.as_deref().unwrap_or(""),
                &details,
            )
            .await?;
            Ok(())
        }
        .await,
    )
}

/// Deletes a document (or one of its revisions); restorable until purged.
#[server(prefix = "/api", endpoint = "bukti/hapus")]
pub async fn delete_evidence(
    slug: String,
    id: Uuid,
    revision: Option<Uuid>,
) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::evidence::delete(&state, &scope, id, revision).await?)
        }
        .await,
    )
}

/// Restores a deleted document.
#[server(prefix = "/api", endpoint = "bukti/pulihkan")]
pub async fn restore_evidence(slug: String, id: Uuid) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::evidence::restore(&state, &scope, id).await?)
        }
        .await,
    )
}
