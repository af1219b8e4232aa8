//! The append-only audit log: who did what, to what, in which tenant, from where.

use super::entities::audit_log;
use super::error::ServiceResult;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use uuid::Uuid;

/// One entry to append.
#[derive(Debug, Clone, Default)]
pub struct Entry<'a> {
    /// Who acted (`None` for the system or the command line).
    pub actor: Option<Uuid>,
    /// The tenant it concerns, if any.
    pub tenant: Option<Uuid>,
    /// What happened, e.g. `auth.sign_in`.
    pub action: &'a str,
    /// The kind of thing, e.g. `user`.
    pub entity: &'a str,
    /// Its id.
    pub entity_id: Option<String>,
    /// Before → after, in words.
    pub summary: String,
    /// Client address.
    pub address: Option<String>,
}

/// Appends `entry`. There is no update or delete counterpart anywhere in the code. Without an
/// explicit address, the current request's client address is recorded (none from the CLI).
pub async fn record(db: &impl ConnectionTrait, entry: Entry<'_>) -> ServiceResult<()> {
    let address = entry.address.or_else(|| {
        let meta = super::request::RequestMeta::current();
        (meta.address != "unknown").then_some(meta.address)
    });
    audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        at: Set(Utc::now()),
        actor_user_id: Set(entry.actor),
        tenant_id: Set(entry.tenant),
        action: Set(entry.action.to_owned()),
        entity: Set(entry.entity.to_owned()),
        entity_id: Set(entry.entity_id),
        summary: Set(entry.summary),
        address: Set(address),
    }
    .insert(db)
    .await?;
    Ok(())
}
