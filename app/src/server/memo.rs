//! Per-request memo of who is asking.
//!
//! A server-rendered page resolves the caller several times: the shell's header asks "who am I",
//! the tenant section's layout resolves the tenant scope, and the page's own data resolves it
//! again. Each resolution is 1–6 queries, so a board page ran the same ~6 queries twice. The
//! server puts a fresh [`RequestMemo`] into the extensions of every `GET`/`HEAD` request (reads
//! never change who is signed in or their roles); the resolvers in [`super::access`] and
//! [`super::scope`] consult it through the Leptos context. `POST` requests (server functions,
//! forms) get no memo and resolve everything afresh, so a sign-in, sign-out or role change is
//! seen by the very next request. Failures are never memoised.
//!
//! Hand-rolled because it is three fields behind a request extension: a caching crate (moka is
//! already used for cross-request caches) would add expiry and eviction this does not need, as
//! the memo lives exactly as long as its request.

use super::entities::user;
use super::scope::TenantScope;
use crate::api::auth::Me;
use leptos::prelude::use_context;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;
use uuid::Uuid;

/// What one request has already resolved about its caller.
#[derive(Debug, Default)]
pub struct RequestMemo {
    /// The session's active user (`None`: signed out).
    pub(crate) user: OnceCell<Option<user::Model>>,
    /// The "who am I" view of that user.
    pub(crate) me: OnceCell<Me>,
    /// Tenant scopes by user and tenant slug.
    scopes: Mutex<HashMap<(Uuid, String), TenantScope>>,
}

impl RequestMemo {
    /// A fresh memo for one request, shared by the clones of its request parts.
    pub fn new_shared() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// The current request's memo, if it has one (only reads do).
    pub fn current() -> Option<Arc<Self>> {
        use_context::<http::request::Parts>()?
            .extensions
            .get::<Arc<Self>>()
            .cloned()
    }

    /// Whether this request resolved a signed-in user (so its session record is loaded).
    pub fn signed_in(&self) -> bool {
        matches!(self.user.get(), Some(Some(_)))
    }

    /// The scope already resolved for `user` in the tenant `slug`.
    pub(crate) fn scope(&self, user: Uuid, slug: &str) -> Option<TenantScope> {
        self.scopes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&(user, slug.to_owned()))
            .cloned()
    }

    /// Remembers the scope resolved for `scope`'s user in the tenant `slug`.
    pub(crate) fn remember_scope(&self, slug: &str, scope: &TenantScope) {
        self.scopes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((scope.user_id(), slug.to_owned()), scope.clone());
    }
}
