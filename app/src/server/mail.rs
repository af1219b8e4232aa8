//! Outgoing email. Every message is first written to the `outbox` table in the same transaction
//! as the change that causes it, so nothing is lost; a background job delivers pending messages
//! over SMTP when SMTP is configured. Without SMTP (the embedded default) messages stay in the
//! outbox, where the platform operator reads them in the admin console.

use super::entities::outbox;
use super::error::ServiceResult;
use chrono::Utc;
use sea_orm::sea_query::{LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

/// A message to send.
#[derive(Debug, Clone)]
pub struct Message {
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// Puts `message` into the outbox (inside the caller's transaction, if any).
pub async fn enqueue(db: &impl ConnectionTrait, message: Message) -> ServiceResult<()> {
    outbox::ActiveModel {
        id: Set(Uuid::now_v7()),
        to_email: Set(message.to),
        subject: Set(message.subject.chars().take(300).collect()),
        body_text: Set(message.body),
        created_at: Set(Utc::now()),
        sent_at: Set(None),
        attempts: Set(0),
        last_error: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Delivers up to `batch` pending messages with `transport`; failures are recorded and retried
/// (at most 10 attempts). Returns how many were sent.
///
/// Several server instances may deliver at the same time. On PostgreSQL each message is claimed
/// in its own transaction with `SELECT … FOR UPDATE SKIP LOCKED` and stays locked until its
/// send is recorded, so two instances never send the same message: one takes it, the other
/// skips to the next. SQLite has one server instance by design, which reads and sends in turn.
pub async fn deliver_pending<T>(
    db: &DatabaseConnection,
    transport: &T,
    from: &lettre::message::Mailbox,
    batch: u64,
) -> ServiceResult<usize>
where
    T: lettre::AsyncTransport + Sync,
    T::Error: std::fmt::Display,
{
    let mut sent = 0;
    if db.get_database_backend() == DbBackend::Postgres {
        for _ in 0..batch {
            let txn = crate::server::db::begin(db).await?;
            let Some(row) = pending()
                .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
                .one(&txn)
                .await?
            else {
                break;
            };
            sent += usize::from(send_one(&txn, transport, from, row).await?);
            txn.commit().await?;
        }
    } else {
        for row in pending().limit(batch).all(db).await? {
            sent += usize::from(send_one(db, transport, from, row).await?);
        }
    }
    Ok(sent)
}

/// The pending messages, oldest first.
fn pending() -> sea_orm::Select<outbox::Entity> {
    outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::Attempts.lt(10))
        .order_by_asc(outbox::Column::CreatedAt)
}

/// Sends one message and records the outcome; returns whether it went out.
async fn send_one<T>(
    db: &impl ConnectionTrait,
    transport: &T,
    from: &lettre::message::Mailbox,
    row: outbox::Model,
) -> ServiceResult<bool>
where
    T: lettre::AsyncTransport + Sync,
    T::Error: std::fmt::Display,
{
    let built = row
        .to_email
        .parse::<lettre::message::Mailbox>()
        .map_err(|e| e.to_string())
        .and_then(|to| {
            lettre::Message::builder()
                .from(from.clone())
                .to(to)
                .subject(row.subject.clone())
                .body(row.body_text.clone())
                .map_err(|e| e.to_string())
        });
    let result = match built {
        Ok(message) => transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
        Err(e) => Err(e),
    };
    let attempts = row.attempts + 1;
    let mut active: outbox::ActiveModel = row.into();
    active.attempts = Set(attempts);
    let ok = result.is_ok();
    match result {
        Ok(()) => {
            active.sent_at = Set(Some(Utc::now()));
            active.last_error = Set(None);
        }
        Err(e) => {
            tracing::warn!(error = %e, "email delivery failed");
            active.last_error = Set(Some(e));
        }
    }
    active.update(db).await?;
    Ok(ok)
}
