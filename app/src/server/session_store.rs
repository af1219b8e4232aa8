//! A `tower-sessions` store on our own database (SQLite or PostgreSQL through sea-orm).
//!
//! Why not an existing store crate: the published stores bind to one sqlx driver and create
//! their own tables, while Patuh needs one schema managed by its migrations on both databases,
//! the session id stored only as a SHA-256 hash (a leaked table cannot be replayed), and the
//! owning user id in its own column so "sign out everywhere" is one indexed delete.

use super::entities::session;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use uuid::Uuid;

/// The session key under which the signed-in user's id is kept.
pub const USER_ID_KEY: &str = "uid";

/// The session key holding when the session was last re-saved for activity (Unix seconds).
pub const SEEN_KEY: &str = "seen";

/// Keeps an active session alive. With `Expiry::OnInactivity`, tower-sessions moves the expiry
/// (in the store and in the cookie's `Max-Age`) only when it saves the session, and it saves a
/// session only when it changed: without this, a coordinator busy all day was signed out
/// `session_hours` after signing in. Marking the session seen ([`mark_seen`]) once its mark is
/// older than `every` re-saves it, so activity extends it at the cost of one write per `every`,
/// not one per request.
pub async fn touch(session: &tower_sessions::Session, every: std::time::Duration) {
    let seen: Option<i64> = session.get(SEEN_KEY).await.ok().flatten();
    let now = Utc::now().timestamp();
    if seen.is_none_or(|seen| now.saturating_sub(seen) >= every.as_secs() as i64) {
        let _ = mark_seen(session).await;
    }
}

/// Records in `session` that it was used now (see [`touch`]); sign-in marks a new session.
pub async fn mark_seen(
    session: &tower_sessions::Session,
) -> Result<(), tower_sessions::session::Error> {
    session.insert(SEEN_KEY, Utc::now().timestamp()).await
}

/// Sessions kept in the `sessions` table.
#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    /// A store on `db`.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Ends every session of `user_id` except the one with stored id `keep` (password change,
    /// account disabled).
    pub async fn delete_for_user(
        db: &impl sea_orm::ConnectionTrait,
        user_id: Uuid,
        keep: Option<String>,
    ) -> Result<u64, sea_orm::DbErr> {
        let mut query = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
        if let Some(keep) = keep {
            query = query.filter(session::Column::Id.ne(keep));
        }
        Ok(query.exec(db).await?.rows_affected)
    }
}

/// Whether the session `id` is still open (not signed out, ended or expired) and belongs to
/// `user`: what a long-lived response (a live stream) checks instead of the user alone, so it
/// ends with the session.
pub async fn is_open_for(
    db: &DatabaseConnection,
    id: &Id,
    user: Uuid,
) -> Result<bool, sea_orm::DbErr> {
    let row = session::Entity::find_by_id(hash_id(id))
        .filter(session::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?;
    Ok(row.is_some_and(|row| row.user_id == Some(user)))
}

/// The stored form of a session id (for "end every session but this one").
pub fn hash_session_id(id: &Id) -> String {
    hash_id(id)
}

fn hash_id(id: &Id) -> String {
    hex::encode(Sha256::digest(id.to_string().as_bytes()))
}

fn to_chrono(t: time::OffsetDateTime) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(t.unix_timestamp(), t.nanosecond()).unwrap_or_default()
}

fn backend<E: std::fmt::Display>(e: E) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn active_model(record: &Record) -> session_store::Result<session::ActiveModel> {
    let user_id = record
        .data
        .get(USER_ID_KEY)
        .and_then(|v| serde_json::from_value::<Uuid>(v.clone()).ok());
    let data =
        serde_json::to_string(record).map_err(|e| session_store::Error::Encode(e.to_string()))?;
    Ok(session::ActiveModel {
        id: Set(hash_id(&record.id)),
        user_id: Set(user_id),
        data: Set(data),
        expires_at: Set(to_chrono(record.expiry_date)),
    })
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Ids are 128 random bits; a collision is astronomically unlikely, but never overwrite.
        loop {
            let exists = session::Entity::find_by_id(hash_id(&record.id))
                .one(&self.db)
                .await
                .map_err(backend)?
                .is_some();
            if !exists {
                break;
            }
            record.id = Id::default();
        }
        session::Entity::insert(active_model(record)?)
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        session::Entity::insert(active_model(record)?)
            .on_conflict(
                OnConflict::column(session::Column::Id)
                    .update_columns([
                        session::Column::UserId,
                        session::Column::Data,
                        session::Column::ExpiresAt,
                    ])
                    .to_owned(),
            )
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let row = session::Entity::find_by_id(hash_id(id))
            .filter(session::Column::ExpiresAt.gt(Utc::now()))
            .one(&self.db)
            .await
            .map_err(backend)?;
        match row {
            Some(row) => {
                let record = serde_json::from_str(&row.data)
                    .map_err(|e| session_store::Error::Decode(e.to_string()))?;
                Ok(Some(record))
            }
            None => Ok(None),
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        session::Entity::delete_by_id(hash_id(id))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lte(Utc::now()))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
