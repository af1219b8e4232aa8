//! Live updates inside one server process: services announce a change after it is committed,
//! and the server's event streams (`GET /t/{slug}/butir/{id}/langsung`) pass it on to the pages
//! open on that item.
//!
//! A `tokio::sync::broadcast` channel is all this needs on one instance. A deployment of
//! several instances needs the announcement to cross processes (PostgreSQL `LISTEN/NOTIFY`),
//! which is the multi-instance work of the scale issue; the streams would not change.

use tokio::sync::broadcast;
use uuid::Uuid;

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// A comment was added or edited.
    Comment,
    /// A review action, or a package moved.
    Review,
    /// The answer was saved.
    Answer,
    /// Evidence was added, deleted or restored.
    Evidence,
    /// Someone's access may have shrunk (a grant revoked, a member disabled): open streams
    /// check theirs again.
    Access,
}

impl ChangeKind {
    /// The event name a stream sends.
    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::Comment => "comment",
            ChangeKind::Review => "review",
            ChangeKind::Answer => "answer",
            ChangeKind::Evidence => "evidence",
            ChangeKind::Access => "access",
        }
    }
}

/// One announcement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// The tenant.
    pub tenant: Uuid,
    /// The item (assignment), when the change concerns one.
    pub item: Option<Uuid>,
    /// What changed.
    pub kind: ChangeKind,
}

/// The announcement channel, shared through [`super::state::AppState`].
#[derive(Debug, Clone)]
pub struct Live {
    tx: broadcast::Sender<Change>,
    closing: tokio::sync::watch::Sender<bool>,
}

impl Default for Live {
    fn default() -> Self {
        // A slow stream that falls this far behind is told to reload (see `RecvError::Lagged`).
        let (tx, _) = broadcast::channel(1024);
        let (closing, _) = tokio::sync::watch::channel(false);
        Live { tx, closing }
    }
}

impl Live {
    /// Announces `change` to every open stream (none listening is fine).
    pub fn publish(&self, change: Change) {
        let _ = self.tx.send(change);
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
