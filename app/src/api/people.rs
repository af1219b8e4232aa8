//! People: invitations, accepting them, password reset and change, disabling people, and the
//! mentor offices' access to a tenant.

use super::ApiError;
use crate::domain::role::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One person's role in the tenant, as the people page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberView {
    /// Membership id (what disable/enable act on).
    pub membership_id: Uuid,
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Role.
    pub role: Role,
    /// OPD name, for OPD heads and staff.
    pub opd_name: Option<String>,
    /// Disabled in this tenant.
    pub disabled: bool,
}

/// An invitation not yet accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    /// Id.
    pub id: Uuid,
    /// Invited address.
    pub email: String,
    /// Role offered (none for an office mentor or an operator).
    pub role: Option<Role>,
    /// Expired already.
    pub expired: bool,
}

/// One page of people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeoplePage {
    /// The members on this page.
    pub members: Vec<MemberView>,
    /// Members matching the search in all.
    pub total: u64,
    /// Page number (1-based).
    pub page: u64,
    /// Rows per page.
    pub per_page: u64,
    /// Open invitations.
    pub invitations: Vec<InvitationView>,
}

/// A mentor office and whether it has access to this tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficeAccess {
    /// Office id.
    pub office_id: Uuid,
    /// Name.
    pub name: String,
    /// Province.
    pub province: String,
    /// Granted.
    pub granted: bool,
}

/// What an invitation link offers, shown before accepting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationInfo {
    /// Invited address.
    pub email: String,
    /// Suggested name.
    pub name: Option<String>,
    /// The pemda, if the role is in one.
    pub tenant_name: Option<String>,
    /// The office, for mentors.
    pub office_name: Option<String>,
    /// Role.
    pub role: Option<Role>,
    /// An account with this email exists already (accepting adds the role; no new password).
    pub account_exists: bool,
}

/// People of the tenant, searched and paged on the server.
#[server(prefix = "/api", endpoint = "orang/daftar")]
pub async fn get_people(
    slug: String,
    q: Option<String>,
    page: Option<u64>,
) -> Result<PeoplePage, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::people::list(
                &state,
                &scope,
                q.as_deref().unwrap_or(""),
                page.unwrap_or(1),
            )
            .await?)
        }
        .await,
    )
}

/// Invites someone to a role in the tenant; the link goes out by email (or to the outbox).
#[server(prefix = "/api", endpoint = "orang/undang")]
pub async fn invite_person(
    slug: String,
    email: String,
    name: Option<String>,
    role: Role,
    opd_id: Option<String>,
) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            let opd_id = opd_id
                .as_deref()
                .filter(|s| !s.is_empty())
                .map(str::parse::<Uuid>)
                .transpose()
                .map_err(|_| ApiError::Field {
                    field: "opd_id".to_owned(),
                    problem: crate::domain::account::FieldProblem::Invalid,
                })?;
            crate::server::people::invite(&state, &scope, &email, name.as_deref(), role, opd_id)
                .await?;
            Ok(())
        }
        .await,
    )
}

/// Disables or re-enables a person's role in the tenant.
#[server(prefix = "/api", endpoint = "orang/status")]
pub async fn set_member_disabled(
    slug: String,
    membership_id: Uuid,
    disabled: bool,
) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            crate::server::people::set_disabled(&state, &scope, membership_id, disabled).await?;
            Ok(())
        }
        .await,
    )
}

/// Revokes an open invitation of the tenant.
#[server(prefix = "/api", endpoint = "orang/batal-undang")]
pub async fn revoke_invitation(slug: String, invitation_id: Uuid) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            crate::server::people::revoke_invitation(&state, &scope, invitation_id).await?;
            Ok(())
        }
        .await,
    )
}

/// The mentor offices and whether each may see this tenant.
#[server(prefix = "/api", endpoint = "mentor/daftar")]
pub async fn get_office_access(slug: String) -> Result<Vec<OfficeAccess>, ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            Ok(crate::server::people::office_access(&state, &scope).await?)
        }
        .await,
    )
}

/// Grants or revokes a mentor office's access to this tenant.
#[server(prefix = "/api", endpoint = "mentor/akses")]
pub async fn set_office_access(
    slug: String,
    office_id: Uuid,
    granted: bool,
) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, scope) = super::ssr::tenant(&slug).await?;
            crate::server::people::set_office_access(&state, &scope, office_id, granted).await?;
            Ok(())
        }
        .await,
    )
}

/// What the invitation behind `token` offers (no sign-in needed: the token is the proof).
#[server(prefix = "/api", endpoint = "undangan/info")]
pub async fn get_invitation(token: String) -> Result<InvitationInfo, ApiError> {
    super::error::finish(
        async move {
            let state = super::ssr::state()?;
            Ok(crate::server::people::invitation_info(&state, &token).await?)
        }
        .await,
    )
}

/// Accepts an invitation: sets name and password of a new account (or adds the role to an
/// existing one), then goes to the sign-in page.
#[server(prefix = "/api", endpoint = "undangan/terima")]
pub async fn accept_invitation(
    token: String,
    name: Option<String>,
    password: Option<String>,
) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let state = super::ssr::state()?;
            crate::server::people::accept(&state, &token, name.as_deref(), password.as_deref())
                .await?;
            leptos_axum::redirect("/masuk?diterima=1");
            Ok(())
        }
        .await,
    )
}

/// Asks for a password-reset link. Always answers the same, whether or not the address exists.
#[server(prefix = "/api", endpoint = "sandi/lupa")]
pub async fn request_password_reset(email: String) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let state = super::ssr::state()?;
            crate::server::people::request_reset(&state, &email).await?;
            leptos_axum::redirect("/lupa-sandi?terkirim=1");
            Ok(())
        }
        .await,
    )
}

/// Sets a new password with a reset link; ends every session of the account.
#[server(prefix = "/api", endpoint = "sandi/atur-ulang")]
pub async fn reset_password(token: String, password: String) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let state = super::ssr::state()?;
            crate::server::people::reset(&state, &token, &password).await?;
            leptos_axum::redirect("/masuk?sandi=1");
            Ok(())
        }
        .await,
    )
}

/// Changes the signed-in person's password (the current one is required); every other session
/// of the account ends.
#[server(prefix = "/api", endpoint = "sandi/ganti")]
pub async fn change_password(current: String, password: String) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, user) = super::ssr::user().await?;
            let session: tower_sessions::Session = leptos_axum::extract().await?;
            let keep = session
                .id()
                .map(|id| crate::server::session_store::hash_session_id(&id));
            crate::server::people::change_password(&state, &user, &current, &password, keep)
                .await?;
            leptos_axum::redirect("/akun?diganti=1");
            Ok(())
        }
        .await,
    )
}
