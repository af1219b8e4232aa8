//! Server functions of the second factor: the second step of a sign-in, setting up an
//! authenticator, recovery codes, switching it off, and the operator's reset. Every form works as
//! a plain post; recovery codes, shown once, travel to their page in the session (a plain post
//! cannot carry them through its redirect).

use super::ApiError;
use crate::model::two_factor::{Enrolment, PendingSignIn, TwoFactorStatus};
use leptos::prelude::*;
use uuid::Uuid;

/// Where fresh recovery codes are shown, once.
pub const CODES_PATH: &str = "/akun/kode-pemulihan";

/// The sign-in waiting for its second step in this session: whether an authenticator must be
/// set up first (with what to scan).
#[server(prefix = "/api", endpoint = "masuk/dua-langkah/info")]
pub async fn get_pending_sign_in() -> Result<PendingSignIn, ApiError> {
    super::error::finish(
        async move {
            let state = super::ssr::state()?;
            let session: tower_sessions::Session = leptos_axum::extract().await?;
            let (user, _) = super::auth::ssr::pending(&state, &session).await?;
            let enrol = if crate::server::two_factor::is_enabled(&state.db, user.id).await? {
                None
            } else {
                Some(crate::server::two_factor::enrolment(&state, &user).await?)
            };
            Ok(PendingSignIn { enrol })
        }
        .await,
    )
}

/// The second step of a sign-in: a code from the authenticator (or a recovery code); when the
/// authenticator is being set up, its first code confirms it and the recovery codes are shown
/// next. Then on to where the person was going.
#[server(prefix = "/api", endpoint = "masuk/dua-langkah")]
pub async fn finish_sign_in(code: String) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            use crate::server::two_factor;
            let state = super::ssr::state()?;
            let address = crate::server::request::RequestMeta::current().address;
            let session: tower_sessions::Session = leptos_axum::extract().await?;
            let (user, next) = super::auth::ssr::pending(&state, &session).await?;
            if two_factor::is_enabled(&state.db, user.id).await? {
                two_factor::verify(&state, &user, &code, &address).await?;
                super::auth::ssr::complete(&state, &session, &user, &address).await?;
                leptos_axum::redirect(&next);
            } else {
                let codes = two_factor::confirm(&state, &user, &code, &address).await?;
                super::auth::ssr::complete(&state, &session, &user, &address).await?;
                ssr::show_codes(&session, codes, &next).await?;
            }
            Ok(())
        }
        .await,
    )
}

/// The caller's second factor, for the account page.
#[server(prefix = "/api", endpoint = "akun/dua-langkah")]
pub async fn get_two_factor() -> Result<TwoFactorStatus, ApiError> {
    super::error::finish(
        async move {
            let (state, user) = super::ssr::user().await?;
            Ok(crate::server::two_factor::status(&state, &user).await?)
        }
        .await,
    )
}

/// Starts setting up an authenticator for the signed-in caller.
#[server(prefix = "/api", endpoint = "akun/dua-langkah/mulai")]
pub async fn start_two_factor() -> Result<Enrolment, ApiError> {
    super::error::finish(
        async move {
            let (state, user) = super::ssr::user().await?;
            Ok(crate::server::two_factor::enrolment(&state, &user).await?)
        }
        .await,
    )
}

/// Confirms the authenticator being set up; the recovery codes are shown next.
#[server(prefix = "/api", endpoint = "akun/dua-langkah/aktifkan")]
pub async fn confirm_two_factor(code: String) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, user) = super::ssr::user().await?;
            let address = crate::server::request::RequestMeta::current().address;
            let codes = crate::server::two_factor::confirm(&state, &user, &code, &address).await?;
            let session: tower_sessions::Session = leptos_axum::extract().await?;
            ssr::show_codes(&session, codes, "/akun").await
        }
        .await,
    )
}

/// New recovery codes after a current code; the old ones stop working.
#[server(prefix = "/api", endpoint = "akun/dua-langkah/kode-baru")]
pub async fn regenerate_recovery_codes(code: String) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, user) = super::ssr::user().await?;
            let address = crate::server::request::RequestMeta::current().address;
            let codes =
                crate::server::two_factor::regenerate_codes(&state, &user, &code, &address).await?;
            let session: tower_sessions::Session = leptos_axum::extract().await?;
            ssr::show_codes(&session, codes, "/akun").await
        }
        .await,
    )
}

/// Switches the caller's second factor off after a current code (refused when required).
#[server(prefix = "/api", endpoint = "akun/dua-langkah/matikan")]
pub async fn disable_two_factor(code: String) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, user) = super::ssr::user().await?;
            let address = crate::server::request::RequestMeta::current().address;
            crate::server::two_factor::disable(&state, &user, &code, &address).await?;
            leptos_axum::redirect("/akun?dua-langkah=mati");
            Ok(())
        }
        .await,
    )
}

/// The recovery codes just issued, once: reading them removes them from the session. With
/// where to go on.
#[server(prefix = "/api", endpoint = "akun/kode-pemulihan")]
pub async fn take_recovery_codes() -> Result<(Vec<String>, String), ApiError> {
    super::error::finish(
        async move {
            let session: tower_sessions::Session = leptos_axum::extract().await?;
            let codes: Option<(Vec<String>, String)> = session
                .remove(ssr::FRESH_CODES_KEY)
                .await
                .map_err(ApiError::internal)?;
            Ok(codes.unwrap_or_else(|| (Vec::new(), "/akun".to_owned())))
        }
        .await,
    )
}

/// The operator resets a person's second factor (lost phone and codes); their sessions end.
#[server(prefix = "/api", endpoint = "admin/dua-langkah-reset")]
pub async fn reset_two_factor(user_id: Uuid) -> Result<(), ApiError> {
    super::error::finish(
        async move {
            let (state, op) = super::ssr::operator().await?;
            Ok(crate::server::two_factor::reset(&state, &op, user_id).await?)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{ApiError, CODES_PATH};

    /// The session key holding recovery codes until their page shows them.
    pub(super) const FRESH_CODES_KEY: &str = "kode_pemulihan_baru";

    /// Keeps `codes` for their page and goes there; `next` is where that page leads on.
    pub(super) async fn show_codes(
        session: &tower_sessions::Session,
        codes: Vec<String>,
        next: &str,
    ) -> Result<(), ApiError> {
        session
            .insert(FRESH_CODES_KEY, (codes, next.to_owned()))
            .await
            .map_err(ApiError::internal)?;
        leptos_axum::redirect(CODES_PATH);
        Ok(())
    }
}
