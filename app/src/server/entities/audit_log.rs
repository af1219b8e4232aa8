//! The `audit_log` table.
use sea_orm::entity::prelude::*;

/// One row of `audit_log`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub at: DateTimeUtc,
    pub actor_user_id: Option<Uuid>,
    pub tenant_id: Option<Uuid>,
    /// What happened, e.g. `auth.sign_in`, `user.create`.
    pub action: String,
    /// The kind of thing it happened to, e.g. `user`.
    pub entity: String,
    pub entity_id: Option<String>,
    /// Before → after summary, human-readable.
    pub summary: String,
    pub address: Option<String>,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
