//! `GET /t/{slug}/butir/{id}/langsung`: a server-sent event stream that tells a page open on an
//! item when its comments, review, answer or evidence change, so the page refreshes those parts
//! without a reload. The stream checks again that its **session** is still open and that the
//! viewer may still see the item whenever either may have changed (sign-out, a password change,
//! a grant revoked, a person disabled) and every [`RECHECK`]; when either is gone it sends
//! `revoked` and ends. One session holds at most [`STREAMS_PER_SESSION`] streams at once.

use crate::exports::session_user;
use app::server::live::{Change, ChangeKind};
use app::server::session_store;
use app::server::state::AppState;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tower_sessions::session::Id;
use tower_sessions::Session;
use uuid::Uuid;

/// How often an open stream checks its session and access even without an announcement.
pub const RECHECK: Duration = Duration::from_secs(30);

/// Open streams one session may hold (a few tabs on the same person's items); one more is
/// refused with 429 until another closes.
pub const STREAMS_PER_SESSION: usize = 6;

/// The open streams per session on this instance.
#[derive(Debug, Clone, Default)]
pub struct StreamSlots(Arc<Mutex<HashMap<Id, usize>>>);

/// One taken slot of [`StreamSlots`], given back when the stream ends (dropped).
struct Slot {
    slots: StreamSlots,
    session: Id,
}

impl StreamSlots {
    fn take(&self, session: Id) -> Option<Slot> {
        let mut open = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = open.entry(session).or_insert(0);
        if *n >= STREAMS_PER_SESSION {
            return None;
        }
        *n += 1;
        Some(Slot {
            slots: self.clone(),
            session,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.slots.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.session) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.session);
            }
        }
    }
}

struct Watch {
    state: AppState,
    rx: tokio::sync::broadcast::Receiver<Change>,
    tick: tokio::time::Interval,
    session: Id,
    user: Uuid,
    slug: String,
    item: Uuid,
    tenant: Uuid,
    mentor: bool,
    done: bool,
    _slot: Slot,
}

impl Watch {
    /// The session is still open for the viewer, and the viewer may still see the item.
    async fn still_allowed(&self) -> bool {
        let open = session_store::is_open_for(&self.state.db, &self.session, self.user).await;
        matches!(open, Ok(true))
            && matches!(
                app::server::review::may_watch(&self.state, self.user, &self.slug, self.item).await,
                Ok(Some(_))
            )
    }

    /// Whether `c` may change what this viewer is allowed to see.
    fn concerns_access(&self, c: &Change) -> bool {
        match c.kind {
            ChangeKind::Access => c.tenant == self.tenant || c.tenant.is_nil(),
            ChangeKind::SignedOut => c.item == Some(self.user),
            _ => false,
        }
    }

    /// Whether this viewer hears of `c` (a mentor-only note reaches mentors only).
    fn hears(&self, c: &Change) -> bool {
        c.tenant == self.tenant
            && c.item == Some(self.item)
            && (c.kind != ChangeKind::InternalComment || self.mentor)
    }

    /// The next event to send, or `None` to end the stream.
    async fn next(&mut self) -> Option<Event> {
        if self.done {
            return None;
        }
        loop {
            let recheck = tokio::select! {
                _ = self.state.live.closed() => return None,
                _ = self.tick.tick() => true,
                msg = self.rx.recv() => match msg {
                    Ok(c) if self.concerns_access(&c) => true,
                    Ok(c) if self.hears(&c) => {
                        let name = c.kind.event();
                        return Some(Event::default().event(name).data(name));
                    }
                    Ok(_) => false,
                    // Fell behind: the page reloads everything it shows.
                    Err(RecvError::Lagged(_)) => {
                        return Some(Event::default().event("review").data("lagged"));
                    }
                    Err(RecvError::Closed) => return None,
                },
            };
            if recheck && !self.still_allowed().await {
                self.done = true;
                return Some(Event::default().event("revoked").data("revoked"));
            }
        }
    }
}

/// The stream of one item's changes, for a signed-in person who can see the item.
pub async fn stream(
    Extension(state): Extension<AppState>,
    Extension(slots): Extension<StreamSlots>,
    session: Session,
    Path((slug, item)): Path<(String, Uuid)>,
) -> Response {
    let (Some(user), Some(session_id)) = (session_user(&state, &session).await, session.id())
    else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let (tenant, mentor) = match app::server::review::may_watch(&state, user.id, &slug, item).await
    {
        Ok(Some(found)) => found,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "live stream refused");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let Some(slot) = slots.take(session_id) else {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(axum::http::header::RETRY_AFTER, "30")],
            "Terlalu banyak halaman butir terbuka / Too many item pages open",
        )
            .into_response();
    };
    let mut tick = tokio::time::interval(RECHECK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.reset(); // the first tick after RECHECK, not at once
    let watch = Watch {
        rx: state.live.subscribe(),
        state,
        tick,
        session: session_id,
        user: user.id,
        slug,
        item,
        tenant,
        mentor,
        done: false,
        _slot: slot,
    };
    let events = futures_util::stream::unfold(watch, |mut w| async move {
        let ev = w.next().await?;
        Some((Ok::<_, Infallible>(ev), w))
    });
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    // Proxies must pass events on as they come.
    response.headers_mut().insert(
        "x-accel-buffering",
        axum::http::HeaderValue::from_static("no"),
    );
    response
}
