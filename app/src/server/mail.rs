//! Outgoing email. Every message is first written to the `outbox` table in the same transaction
//! as the change that causes it, so nothing is lost; a background job delivers pending messages
//! over SMTP when SMTP is configured. Without SMTP (the embedded default) messages stay in the
//! outbox, where the platform operator reads them in the admin console.

use super::entities::outbox;
use super::error::ServiceResult;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
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
pub async fn deliver_pending(
    db: &DatabaseConnection,
    transport: &lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    from: &lettre::message::Mailbox,
    batch: u64,
) -> ServiceResult<usize> {
    use lettre::AsyncTransport;
    let pending = outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::Attempts.lt(10))
        .order_by_asc(outbox::Column::CreatedAt)
        .limit(batch)
        .all(db)
        .await?;
    let mut sent = 0;
    for row in pending {
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
        match result {
            Ok(()) => {
                active.sent_at = Set(Some(Utc::now()));
                active.last_error = Set(None);
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(error = %e, "email delivery failed");
                active.last_error = Set(Some(e));
            }
        }
        active.update(db).await?;
    }
    Ok(sent)
}
