//! The platform operator's console: tenants, mentor offices, users, the outbox, the audit log
//! and system status. Also the coordinator's view of its tenant's audit log.

use super::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A page of rows with its position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// Rows.
    pub rows: Vec<T>,
    /// Matching rows in all.
    pub total: u64,
    /// Page number (1-based).
    pub page: u64,
    /// Rows per page.
    pub per_page: u64,
}

/// A tenant in the operator's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantRow {
    /// Id.
    pub id: Uuid,
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Province.
    pub province: String,
    /// Time zone (IANA name).
    pub time_zone: String,
    /// Suspended.
    pub suspended: bool,
}

/// A mentor office with its mentors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficeRow {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Province.
    pub province: String,
    /// Mentors (name, email).
    pub mentors: Vec<(String, String)>,
    /// Tenants that granted access.
    pub tenants: Vec<String>,
}

/// An account in the operator's user list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Operator.
    pub is_operator: bool,
    /// Disabled everywhere.
    pub disabled: bool,
    /// Signs in with a second factor.
    pub two_factor: bool,
}

/// An open invitation in the operator's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingInvitation {
    /// Id.
    pub id: Uuid,
    /// Invited address.
    pub email: String,
    /// Where to (tenant or office name).
    pub place: String,
    /// Expired.
    pub expired: bool,
}

/// One message in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxRow {
    /// Recipient.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// Body (links included: on the embedded default this is how invitations reach people).
    pub body: String,
    /// When queued, on the platform's clock.
    pub created_at: crate::model::time::Stamp,
    /// When sent, if sent.
    pub sent_at: Option<crate::model::time::Stamp>,
    /// Last delivery error.
    pub last_error: Option<String>,
}

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    /// When: in the pemda's zone on a pemda's log, on the platform's clock on the operator's.
    pub at: crate::model::time::Stamp,
    /// Who (name or email), if a person.
    pub actor: Option<String>,
    /// Tenant name, if any.
    pub tenant: Option<String>,
    /// Action code.
    pub action: String,
    /// Entity kind.
    pub entity: String,
    /// Before → after, in words.
    pub summary: String,
    /// Client address.
    pub address: Option<String>,
}

/// System status for the operator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemStatus {
    /// Patuh version.
    pub version: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// Database answers.
    pub database_ok: bool,
    /// Seconds since start.
    pub uptime_seconds: u64,
    /// Tenants.
    pub tenants: u64,
    /// Accounts.
    pub users: u64,
    /// Messages waiting in the outbox.
    pub outbox_pending: u64,
    /// Bytes free on the data directory's disk, if known.
    pub storage: String,
}

/// Tenants, searched and paged.
#[server(prefix = "/api", endpoint = "admin/pemda")]
pub async fn get_tenants(
    q: Option<String>,
    page: Option<u64>,
) -> Result<Page<TenantRow>, ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            Ok(crate::server::platform::tenants(
                &state,
                &op,
                q.as_deref().unwrap_or(""),
                page.unwrap_or(1),
            )
            .await?)
        }
        .await,
    )
}

/// Creates a tenant and invites its first coordinator.
#[server(prefix = "/api", endpoint = "admin/pemda-baru")]
pub async fn create_tenant(
    name: String,
    slug: String,
    kind: String,
    province: String,
    coordinator_email: Option<String>,
) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            crate::server::platform::create_tenant(
                &state,
                &op,
                &name,
                &slug,
                &kind,
                &province,
                coordinator_email.as_deref(),
            )
            .await?;
            Ok(())
        }
        .await,
    )
}

/// Suspends or reactivates a tenant (nothing is deleted).
#[server(prefix = "/api", endpoint = "admin/pemda-status")]
pub async fn set_tenant_suspended(id: Uuid, suspended: bool) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            crate::server::platform::set_tenant_suspended(&state, &op, id, suspended).await?;
            Ok(())
        }
        .await,
    )
}

/// Mentor offices.
#[server(prefix = "/api", endpoint = "admin/kantor")]
pub async fn get_offices() -> Result<Vec<OfficeRow>, ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            Ok(crate::server::platform::offices(&state, &op).await?)
        }
        .await,
    )
}

/// Creates a mentor office.
#[server(prefix = "/api", endpoint = "admin/kantor-baru")]
pub async fn create_office(name: String, province: String) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            crate::server::platform::create_office(&state, &op, &name, &province).await?;
            Ok(())
        }
        .await,
    )
}

/// Invites a mentor into an office.
#[server(prefix = "/api", endpoint = "admin/mentor-undang")]
pub async fn invite_mentor(
    office_id: Uuid,
    email: String,
    name: Option<String>,
) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            crate::server::platform::invite_mentor(&state, &op, office_id, &email, name.as_deref())
                .await?;
            Ok(())
        }
        .await,
    )
}

/// Accounts, searched and paged, with open invitations.
#[server(prefix = "/api", endpoint = "admin/pengguna")]
pub async fn get_users(
    q: Option<String>,
    page: Option<u64>,
) -> Result<(Page<UserRow>, Vec<PendingInvitation>), ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            Ok(crate::server::platform::users(
                &state,
                &op,
                q.as_deref().unwrap_or(""),
                page.unwrap_or(1),
            )
            .await?)
        }
        .await,
    )
}

/// Disables (every session ends) or re-enables an account everywhere.
#[server(prefix = "/api", endpoint = "admin/pengguna-status")]
pub async fn set_user_disabled(id: Uuid, disabled: bool) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            crate::server::platform::set_user_disabled(&state, &op, id, disabled).await?;
            Ok(())
        }
        .await,
    )
}

/// Sends an invitation again with a fresh link (the old link stops working).
#[server(prefix = "/api", endpoint = "admin/undang-ulang")]
pub async fn resend_invitation(id: Uuid) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            crate::server::platform::resend_invitation(&state, &op, id).await?;
            Ok(())
        }
        .await,
    )
}

/// The outbox, newest first.
#[server(prefix = "/api", endpoint = "admin/kotak-keluar")]
pub async fn get_outbox(page: Option<u64>) -> Result<Page<OutboxRow>, ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            Ok(crate::server::platform::outbox(&state, &op, page.unwrap_or(1)).await?)
        }
        .await,
    )
}

/// The audit log: everything for an operator (optionally one tenant), the tenant's own for a
/// coordinator (`slug` given).
#[server(prefix = "/api", endpoint = "audit")]
pub async fn get_audit(
    slug: Option<String>,
    action: Option<String>,
    page: Option<u64>,
) -> Result<Page<AuditRow>, ApiError> {
    super::error::finish(
        async move {
            let action = action.filter(|a| !a.trim().is_empty());
            let page = page.unwrap_or(1);
            match slug.filter(|s| !s.is_empty()) {
                Some(slug) => {
                    let (state, scope) = super::ssr::tenant(&slug).await?;
                    Ok(crate::server::platform::tenant_audit(
                        &state,
                        &scope,
                        action.as_deref(),
                        page,
                    )
                    .await?)
                }
                None => {
                    let (state, op) = super::ssr::operator().await?;
                    Ok(
                        crate::server::platform::audit(&state, &op, action.as_deref(), page)
                            .await?,
                    )
                }
            }
        }
        .await,
    )
}

/// Version, database, storage, uptime and counts.
#[server(prefix = "/api", endpoint = "admin/status")]
pub async fn get_status() -> Result<SystemStatus, ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            Ok(crate::server::platform::status(&state, &op).await?)
        }
        .await,
    )
}

/// One tenant, for its edit page.
#[server(prefix = "/api", endpoint = "admin/pemda-satu")]
pub async fn get_tenant(id: Uuid) -> Result<TenantRow, ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            Ok(crate::server::platform::tenant(&state, &op, id).await?)
        }
        .await,
    )
}

/// Changes a tenant's name, kind, province and time zone (the slug stays: it is in every
/// bookmarked link).
#[server(prefix = "/api", endpoint = "admin/pemda-ubah")]
pub async fn update_tenant(
    id: Uuid,
    name: String,
    kind: String,
    province: String,
    time_zone: String,
) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            let change = crate::server::platform::TenantChange {
                name: &name,
                kind: &kind,
                province: &province,
                time_zone: &time_zone,
            };
            crate::server::platform::update_tenant(&state, &op, id, change).await?;
            Ok(())
        }
        .await,
    )
}

/// Largest logo accepted.
pub const LOGO_MAX_BYTES: usize = 256 * 1024;

/// Sets a tenant's logo from an uploaded PNG, JPEG or WebP (form fields `id` and `logo`); the
/// type is checked by content, not by the file name.
#[server(prefix = "/api", endpoint = "admin/pemda-logo", input = server_fn::codec::MultipartFormData)]
pub async fn set_tenant_logo(data: server_fn::codec::MultipartData) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            // The operator check comes before reading a single byte of the upload.
            let (state, op) = super::ssr::operator().await?;
            let upload = super::ssr::read_upload(data, "logo", LOGO_MAX_BYTES).await?;
            let id = upload
                .text
                .get("id")
                .and_then(|t| t.trim().parse::<Uuid>().ok())
                .ok_or(ApiError::NotFound)?;
            crate::server::platform::set_logo(&state, &op, id, upload.file).await?;
            leptos_axum::redirect(&format!("/admin/pemda/{id}?logo=1"));
            Ok(())
        }
        .await,
    )
}
