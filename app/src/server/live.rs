//! Live updates: services announce a change after it is committed, and the server's event
//! streams (`GET /t/{slug}/butir/{id}/langsung`) pass it on to the pages open on that item.
//!
//! Inside one process a `tokio::sync::broadcast` channel carries the announcements. On
//! PostgreSQL they also cross to every other server instance on the same database: each change
//! is sent with `pg_notify` on the [`CHANNEL`] channel, and every instance `LISTEN`s there and
//! passes what other instances sent into its own channel, so a page open on instance B hears a
//! comment posted through instance A. Notifications are transient by design; a stream that
//! misses one (a dropped listener connection) still rechecks on its own timer, and the page
//! reloads everything on the next change it hears.

use sea_orm::ConnectionTrait;
use tokio::sync::{broadcast, mpsc};
use uuid::Uuid;

/// The PostgreSQL notification channel the instances share.
pub const CHANNEL: &str = "patuh_live";

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// A comment was added or edited.
    Comment,
    /// A mentor-only note was added or edited: only mentors' streams hear of it (the pemda must
    /// not learn that a note exists, nor when it was written).
    InternalComment,
    /// A review action, or a package moved.
    Review,
    /// The answer was saved.
    Answer,
    /// Evidence was added, deleted or restored.
    Evidence,
    /// Someone's access may have shrunk (a grant revoked, a member disabled): open streams
    /// check theirs again.
    Access,
    /// A person's session ended (signed out, or every session ended by a password change):
    /// that person's open streams check their session again.
    SignedOut,
}

impl ChangeKind {
    /// The event name a page hears: an internal note is a comment to the mentor's page.
    pub fn event(self) -> &'static str {
        match self {
            ChangeKind::InternalComment => ChangeKind::Comment.code(),
            other => other.code(),
        }
    }

    /// The kind's name in a notification payload.
    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::Comment => "comment",
            ChangeKind::InternalComment => "internal-comment",
            ChangeKind::Review => "review",
            ChangeKind::Answer => "answer",
            ChangeKind::Evidence => "evidence",
            ChangeKind::Access => "access",
            ChangeKind::SignedOut => "signed-out",
        }
    }

    /// The kind a [`ChangeKind::code`] names.
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "comment" => ChangeKind::Comment,
            "internal-comment" => ChangeKind::InternalComment,
            "review" => ChangeKind::Review,
            "answer" => ChangeKind::Answer,
            "evidence" => ChangeKind::Evidence,
            "access" => ChangeKind::Access,
            "signed-out" => ChangeKind::SignedOut,
            _ => return None,
        })
    }
}

/// One announcement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// The tenant.
    pub tenant: Uuid,
    /// The item (assignment) a change concerns, or the person whose session ended
    /// ([`ChangeKind::SignedOut`]).
    pub item: Option<Uuid>,
    /// What changed.
    pub kind: ChangeKind,
}

impl Change {
    /// The notification payload: `origin tenant item|- kind`.
    fn encode(&self, origin: Uuid) -> String {
        format!(
            "{origin} {} {} {}",
            self.tenant,
            self.item.map_or_else(|| "-".to_owned(), |i| i.to_string()),
            self.kind.code()
        )
    }

    /// Reads a payload written by [`Change::encode`]: the sending instance and the change.
    fn decode(payload: &str) -> Option<(Uuid, Change)> {
        let mut parts = payload.split(' ');
        let origin = parts.next()?.parse().ok()?;
        let tenant = parts.next()?.parse().ok()?;
        let item = match parts.next()? {
            "-" => None,
            id => Some(id.parse().ok()?),
        };
        let kind = ChangeKind::from_code(parts.next()?)?;
        Some((origin, Change { tenant, item, kind }))
    }
}

/// The announcement channel, shared through [`super::state::AppState`].
#[derive(Debug, Clone)]
pub struct Live {
    tx: broadcast::Sender<Change>,
    closing: tokio::sync::watch::Sender<bool>,
    /// This instance, so it ignores its own notifications coming back.
    origin: Uuid,
    /// Changes to send to the other instances, when there are any (PostgreSQL).
    relay: Option<mpsc::UnboundedSender<Change>>,
}

impl Default for Live {
    fn default() -> Self {
        // A slow stream that falls this far behind is told to reload (see `RecvError::Lagged`).
        let (tx, _) = broadcast::channel(1024);
        let (closing, _) = tokio::sync::watch::channel(false);
        Live {
            tx,
            closing,
            origin: Uuid::new_v4(),
            relay: None,
        }
    }
}

impl Live {
    /// The channel for a server on `db`: on PostgreSQL it also reaches every other instance on
    /// the same database (two background tasks: one sends `pg_notify`, one listens), on SQLite
    /// it stays inside this process. Call from within the Tokio runtime.
    pub async fn for_database(db: &sea_orm::DatabaseConnection) -> Self {
        let mut live = Live::default();
        if db.get_database_backend() != sea_orm::DbBackend::Postgres {
            return live;
        }
        let pool = db.get_postgres_connection_pool().clone();
        let mut listener = match sea_orm::sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(listener) => listener,
            Err(e) => {
                tracing::error!(error = %e, "live updates stay on this instance: cannot listen");
                return live;
            }
        };
        if let Err(e) = listener.listen(CHANNEL).await {
            tracing::error!(error = %e, "live updates stay on this instance: cannot listen");
            return live;
        }
        let (relay, mut outgoing) = mpsc::unbounded_channel::<Change>();
        live.relay = Some(relay);
        let sender = live.clone();
        tokio::spawn(async move {
            loop {
                let change = tokio::select! {
                    () = sender.closed() => break,
                    change = outgoing.recv() => match change {
                        Some(change) => change,
                        None => break,
                    },
                };
                let sent = sea_orm::sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(CHANNEL)
                    .bind(change.encode(sender.origin))
                    .execute(&pool)
                    .await;
                if let Err(e) = sent {
                    tracing::warn!(error = %e, "a live update did not reach the other instances");
                }
            }
        });
        let receiver = live.clone();
        tokio::spawn(async move {
            loop {
                let next = tokio::select! {
                    () = receiver.closed() => break,
                    next = listener.try_recv() => next,
                };
                match next {
                    Ok(Some(notification)) => match Change::decode(notification.payload()) {
                        Some((origin, change)) if origin != receiver.origin => {
                            let _ = receiver.tx.send(change);
                        }
                        Some(_) => {}
                        None => tracing::warn!(
                            payload = notification.payload(),
                            "unreadable live update"
                        ),
                    },
                    // The connection dropped; the listener reconnects on the next call. What
                    // was sent meanwhile is gone: open streams check access again.
                    Ok(None) => receiver.access_everywhere_locally(),
                    Err(e) => {
                        tracing::warn!(error = %e, "live update listener failed; retrying");
                        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    }
                }
            }
        });
        live
    }

    /// Announces `change` to every open stream (none listening is fine), on this instance and,
    /// on PostgreSQL, on the others.
    pub fn publish(&self, change: Change) {
        let _ = self.tx.send(change);
        if let Some(relay) = &self.relay {
            let _ = relay.send(change);
        }
    }

    fn access_everywhere_locally(&self) {
        let _ = self.tx.send(Change {
            tenant: Uuid::nil(),
            item: None,
            kind: ChangeKind::Access,
        });
    }

    /// Announces a change to one item.
    pub fn item(&self, tenant: Uuid, item: Uuid, kind: ChangeKind) {
        self.publish(Change {
            tenant,
            item: Some(item),
            kind,
        });
    }

    /// Asks every open stream of `tenant` to check its access again.
    pub fn access(&self, tenant: Uuid) {
        self.publish(Change {
            tenant,
            item: None,
            kind: ChangeKind::Access,
        });
    }

    /// Asks the open streams of `user` to check their session again: it was ended.
    pub fn signed_out(&self, user: Uuid) {
        self.publish(Change {
            tenant: Uuid::nil(),
            item: Some(user),
            kind: ChangeKind::SignedOut,
        });
    }

    /// Asks every open stream of every tenant to check its access again (a person was
    /// disabled platform-wide).
    pub fn access_everywhere(&self) {
        self.access(Uuid::nil());
    }

    /// Ends every open stream: the server is shutting down (a stream would otherwise hold the
    /// graceful shutdown open forever).
    pub fn shut_down(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves once [`Live::shut_down`] was called.
    pub async fn closed(&self) {
        let mut rx = self.closing.subscribe();
        let _ = rx.wait_for(|closing| *closing).await;
    }

    /// A new receiver of every announcement from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.tx.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_survives_the_notification_payload() {
        let origin = Uuid::new_v4();
        for change in [
            Change {
                tenant: Uuid::new_v4(),
                item: Some(Uuid::new_v4()),
                kind: ChangeKind::Comment,
            },
            Change {
                tenant: Uuid::nil(),
                item: None,
                kind: ChangeKind::Access,
            },
            Change {
                tenant: Uuid::nil(),
                item: Some(Uuid::new_v4()),
                kind: ChangeKind::SignedOut,
            },
            Change {
                tenant: Uuid::new_v4(),
                item: Some(Uuid::new_v4()),
                kind: ChangeKind::InternalComment,
            },
        ] {
            assert_eq!(
                Change::decode(&change.encode(origin)),
                Some((origin, change))
            );
        }
        assert_eq!(Change::decode("not a change"), None);
    }
}
