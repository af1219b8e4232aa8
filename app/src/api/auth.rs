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

/// Where a sign-in continues when it needs a second factor.
pub const SECOND_STEP_PATH: &str = "/masuk/dua-langkah";

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
pub(crate) mod ssr {
    use super::{safe_next, ApiError, Me, SECOND_STEP_PATH};
    use crate::api::ssr::state;
    use crate::server::request::RequestMeta;
    use crate::server::session_store::{self, USER_ID_KEY};
    use crate::server::{access, audit, auth, two_factor};
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
        let next = safe_next(next.as_deref());
        if two_factor::is_enabled(&state.db, user.id).await?
            || two_factor::is_required(&state, &user).await?
        {
            // The password was right; the session is not signed in until the second step.
            session.cycle_id().await.map_err(ApiError::internal)?;
            session
                .insert(
                    PENDING_KEY,
                    Pending {
                        user: user.id,
                        next,
                        since: chrono::Utc::now().timestamp(),
                    },
                )
                .await
                .map_err(ApiError::internal)?;
            leptos_axum::redirect(SECOND_STEP_PATH);
            return Ok(());
        }
        complete(&state, &session, &user, &meta.address).await?;
        leptos_axum::redirect(&next);
        Ok(())
    }

    /// The session key of a sign-in waiting for its second step.
    pub(crate) const PENDING_KEY: &str = "masuk_tertunda";

    /// Seconds a password stays good for the second step.
    const PENDING_SECONDS: i64 = 600;

    /// A sign-in whose password was right, waiting for its second factor.
    #[derive(serde::Serialize, serde::Deserialize)]
    pub(crate) struct Pending {
        user: Uuid,
        next: String,
        since: i64,
    }

    /// The person whose sign-in waits for its second step in this session (and where they
    /// were going), or [`ApiError::Unauthenticated`] when there is none or it is older than
    /// ten minutes.
    pub(crate) async fn pending(
        state: &crate::server::state::AppState,
        session: &tower_sessions::Session,
    ) -> Result<(crate::server::entities::user::Model, String), ApiError> {
        let pending: Pending = session
            .get(PENDING_KEY)
            .await
            .map_err(ApiError::internal)?
            .ok_or(ApiError::Unauthenticated)?;
        if chrono::Utc::now().timestamp() - pending.since > PENDING_SECONDS {
            return Err(ApiError::Unauthenticated);
        }
        let user = auth::active_user(state, pending.user)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        Ok((user, pending.next))
    }

    /// Signs `user` in on `session`: a new session id (no fixation), the user, the audit entry.
    pub(crate) async fn complete(
        state: &crate::server::state::AppState,
        session: &tower_sessions::Session,
        user: &crate::server::entities::user::Model,
        address: &str,
    ) -> Result<(), ApiError> {
        session.cycle_id().await.map_err(ApiError::internal)?;
        let _: Option<Pending> = session
            .remove(PENDING_KEY)
            .await
            .map_err(ApiError::internal)?;
        session
            .insert(USER_ID_KEY, user.id)
            .await
            .map_err(ApiError::internal)?;
        session_store::mark_seen(session)
            .await
            .map_err(ApiError::internal)?;
        // The access this session starts with, so the first page need not write it (see
        // `access::session_me`).
        let me = access::me(state, user.clone()).await?;
        session
            .insert(access::ACCESS_KEY, access::access_fingerprint(&me))
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
                address: Some(address.to_owned()),
                ..Default::default()
            },
        )
        .await?;
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
            // Open live streams of this session end now, not at their next periodic check.
            state.live.signed_out(user);
        }
        leptos_axum::redirect("/masuk");
        Ok(())
    }

    pub(super) async fn get_me() -> Result<Option<Me>, ApiError> {
        let state = state()?;
        Ok(access::session_me(&state).await?)
    }
}

/// The local page `next` names, or `/`: what may follow sign-in (`next`) and the language switch
/// (`kembali`), so neither can send a person to another site (an open redirect).
///
/// `next` is read the way a browser will read the `Location` it ends up in: by the WHATWG URL
/// parser (`url`), which drops tabs and newlines, reads `\` as `/` and resolves against the
/// current origin. Only a target on the same origin is kept, and only when it was written as an
/// absolute path; its path is also refused when, percent-decoded, it would begin with `//` or
/// `/\` (a proxy or framework that decodes before redirecting would make it another host). The
/// answer is the parser's own serialisation, so it never carries a control character into a
/// header.
#[cfg(feature = "ssr")]
pub fn safe_next(next: Option<&str>) -> String {
    use percent_encoding::percent_decode_str;
    const ORIGIN: &str = "http://patuh.invalid/";
    let home = || "/".to_owned();
    let Some(next) = next else {
        return home();
    };
    let cleaned: String = next
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if !cleaned.starts_with('/') {
        return home();
    }
    let base = url::Url::parse(ORIGIN).expect("a valid base URL");
    let Ok(target) = base.join(next) else {
        return home();
    };
    if target.origin() != base.origin() {
        return home();
    }
    let mut path = target.path().to_owned();
    for _ in 0..3 {
        let decoded: String = percent_decode_str(&path)
            .decode_utf8_lossy()
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        if decoded.starts_with("//") || decoded.starts_with("/\\") {
            return home();
        }
        if decoded == path {
            break;
        }
        path = decoded;
    }
    target[url::Position::BeforePath..].to_owned()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::safe_next;

    #[test]
    fn local_paths_follow_with_their_query() {
        assert_eq!(safe_next(Some("/t/contoh")), "/t/contoh");
        assert_eq!(
            safe_next(Some("/t/contoh/siklus?hal=2#papan")),
            "/t/contoh/siklus?hal=2#papan"
        );
        assert_eq!(safe_next(Some("/t/ruang kerja")), "/t/ruang%20kerja");
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some("")), "/");
    }

    /// The open-redirect bypass family: each would make a browser leave the site.
    #[test]
    fn nothing_leads_to_another_site() {
        for attack in [
            "//evil.example",
            "https://evil.example",
            "https:evil.example",
            "https:/evil.example",
            "http://patuh.invalid@evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "\t//evil.example",
            " //evil.example",
            "/%2F/evil.example",
            "/%2F%2Fevil.example",
            "%2F%2Fevil.example",
            "/%09/evil.example",
            "/%5C/evil.example",
            "/%252F%252Fevil.example",
            "javascript:alert(1)",
            "evil.example",
            "//evil.example/%2e%2e",
            "///evil.example",
        ] {
            let target = safe_next(Some(attack));
            assert_eq!(target, "/", "{attack:?} became {target:?}");
        }
    }

    #[test]
    fn control_characters_never_reach_the_header() {
        for next in ["/t/contoh\r\nSet-Cookie: x=1", "/t/con\ttoh", "/a\u{0}b"] {
            let target = safe_next(Some(next));
            assert!(
                !target.chars().any(|c| c.is_control()),
                "{next:?} became {target:?}"
            );
            assert!(axum::http::HeaderValue::from_str(&target).is_ok());
        }
    }
}
