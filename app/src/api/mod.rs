//! Server functions: thin adapters that resolve the caller, call one service and map its error.
//! The types here cross the network, so they are compiled for the server and the browser.

pub mod admin;
pub mod auth;
pub mod error;
pub mod org;
pub mod people;

pub use error::ApiError;

/// Resolving the caller: the only way server functions reach a scope.
#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::ApiError;
    use crate::server::entities::user;
    use crate::server::scope::{operator_scope, tenant_scope, OperatorScope, TenantScope};
    use crate::server::state::AppState;
    use leptos::prelude::use_context;

    #[derive(Debug, thiserror::Error)]
    #[error("AppState missing from the Leptos context")]
    struct MissingState;

    /// The shared state.
    pub fn state() -> Result<AppState, ApiError> {
        use_context::<AppState>().ok_or_else(|| ApiError::internal(MissingState))
    }

    /// The signed-in user, or [`ApiError::Unauthenticated`].
    pub async fn user() -> Result<(AppState, user::Model), ApiError> {
        let state = state()?;
        let user = crate::server::access::session_user(&state)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        Ok((state, user))
    }

    /// The caller's scope in the tenant with `slug`.
    pub async fn tenant(slug: &str) -> Result<(AppState, TenantScope), ApiError> {
        let (state, user) = user().await?;
        let scope = tenant_scope(&state, &user, slug).await?;
        Ok((state, scope))
    }

    /// The caller as platform operator.
    pub async fn operator() -> Result<(AppState, OperatorScope), ApiError> {
        let (state, user) = user().await?;
        let scope = operator_scope(&user)?;
        Ok((state, scope))
    }
}
