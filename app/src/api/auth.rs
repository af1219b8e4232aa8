//! Sign-in, sign-out and "who am I".

use super::ApiError;
use crate::domain::role::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The signed-in person, as the pages see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    /// Account id.
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Platform operator (global role).
    pub is_operator: bool,
    /// Every tenant the person can act in, with the role.
    pub access: Vec<Access>,
}

/// One role in one tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Access {
    /// The pemda's name, e.g. "Kabupaten Contoh".
    pub tenant_name: String,
    /// Its URL slug.
    pub tenant_slug: String,
    /// `provinsi`, `kabupaten` or `kota`.
    pub tenant_kind: String,
    /// The role held.
    pub role: Role,
    /// The OPD, for OPD heads and staff.
    pub opd_name: Option<String>,
    /// The Ombudsman office, for mentors.
    pub office_name: Option<String>,
}

/// Signs in with email and password, then sends the browser to `next` (a local path) or home.
/// Works as a plain form post without JavaScript.
#[server(prefix = "/api", endpoint = "masuk")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), ApiError> {
    super::error::finish(ssr::sign_in(email, password, next).await)
}

/// Ends the session on the server and goes back to the sign-in page.
#[server(prefix = "/api", endpoint = "keluar")]
pub async fn sign_out() -> Result<(), ApiError> {
    super::error::finish(ssr::sign_out().await)
}

/// The signed-in person with their tenants and roles, or `None` when nobody is signed in.
#[server(prefix = "/api", endpoint = "saya")]
pub async fn get_me() -> Result<Option<Me>, ApiError> {
    super::error::finish(ssr::get_me().await)
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{safe_next, ApiError, Me};
    use crate::api::ssr::state;
    use crate::server::request::RequestMeta;
    use crate::server::session_store::{self, USER_ID_KEY};
    use crate::server::{access, audit, auth};
    use uuid::Uuid;

    pub(super) async fn sign_in(
        email: String,
        password: String,
        next: Option<String>,
    ) -> Result<(), ApiError> {
        let state = state()?;
        let meta = RequestMeta::current();
        let session: tower_sessions::Session = leptos_axum::extract().await?;

        let user = auth::sign_in(&state, &email, &password, &meta.address).await?;

        // A new id at sign-in defeats session fixation.
        session.cycle_id().await.map_err(ApiError::internal)?;
        session
            .insert(USER_ID_KEY, user.id)
            .await
            .map_err(ApiError::internal)?;
        session_store::mark_seen(&session)
            .await
            .map_err(ApiError::internal)?;
        audit::record(
            &state.db,
            audit::Entry {
                actor: Some(user.id),
                action: "auth.sign_in",
                entity: "user",
                entity_id: Some(user.id.to_string()),
                summary: "signed in".to_owned(),
                address: Some(meta.address),
                ..Default::default()
            },
        )
        .await?;
        leptos_axum::redirect(&safe_next(next.as_deref()));
        Ok(())
    }

    pub(super) async fn sign_out() -> Result<(), ApiError> {
        let state = state()?;
        let session: tower_sessions::Session = leptos_axum::extract().await?;
        let user: Option<Uuid> = session.get(USER_ID_KEY).await.map_err(ApiError::internal)?;
        session.flush().await.map_err(ApiError::internal)?;
        if let Some(user) = user {
            audit::record(
                &state.db,
                audit::Entry {
                    actor: Some(user),
                    action: "auth.sign_out",
                    entity: "user",
                    entity_id: Some(user.to_string()),
                    summary: "signed out".to_owned(),
                    address: Some(RequestMeta::current().address),
                    ..Default::default()
                },
            )
            .await?;
        }
        leptos_axum::redirect("/masuk");
        Ok(())
    }

    pub(super) async fn get_me() -> Result<Option<Me>, ApiError> {
        let state = state()?;
        Ok(access::session_me(&state).await?)
    }
}

/// Only a local absolute path may follow sign-in (no open redirect to another site).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_owned(),
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_follow_sign_in() {
        assert_eq!(safe_next(Some("/t/contoh")), "/t/contoh");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
