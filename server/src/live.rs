//! `GET /t/{slug}/butir/{id}/langsung`: a server-sent event stream that tells a page open on an
//! item when its comments, review, answer or evidence change, so the page refreshes those parts
//! without a reload. The stream checks the viewer's access again whenever access may have
//! changed (a grant revoked, a person disabled) and every [`RECHECK`]; when access is gone it
//! sends `revoked` and ends.

use crate::exports::session_user;
use app::server::live::{Change, ChangeKind};
use app::server::state::AppState;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tower_sessions::Session;
use uuid::Uuid;

/// How often an open stream checks its viewer's access even without an announcement.
pub const RECHECK: Duration = Duration::from_secs(30);

struct Watch {
    state: AppState,
    rx: tokio::sync::broadcast::Receiver<Change>,
    tick: tokio::time::Interval,
    user: Uuid,
    slug: String,
    item: Uuid,
    tenant: Uuid,
    done: bool,
}

impl Watch {
    async fn still_allowed(&self) -> bool {
        matches!(
            app::server::review::may_watch(&self.state, self.user, &self.slug, self.item).await,
            Ok(Some(_))
        )
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
                    Ok(c) if c.kind == ChangeKind::Access
                        && (c.tenant == self.tenant || c.tenant.is_nil()) => true,
                    Ok(c) if c.tenant == self.tenant && c.item == Some(self.item) => {
                        return Some(Event::default().event(c.kind.code()).data(c.kind.code()));
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
    session: Session,
    Path((slug, item)): Path<(String, Uuid)>,
) -> Response {
    let Some(user) = session_user(&state, &session).await else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let tenant = match app::server::review::may_watch(&state, user.id, &slug, item).await {
        Ok(Some((tenant, _))) => tenant,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "live stream refused");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let mut tick = tokio::time::interval(RECHECK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick.reset(); // the first tick after RECHECK, not at once
    let watch = Watch {
        rx: state.live.subscribe(),
        state,
        tick,
        user: user.id,
        slug,
        item,
        tenant,
        done: false,
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
