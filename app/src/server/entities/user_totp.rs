//! The `user_totp` table: a person's authenticator secret. Holds a secret, so it does not derive
//! `Serialize`.
use sea_orm::entity::prelude::*;

/// One row of `user_totp`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_totp")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// Base32 secret shared with the authenticator app.
    pub secret: String,
    /// When the person confirmed their first code; `None` while enrolment is open.
    pub enabled_at: Option<DateTimeUtc>,
    /// The last RFC 6238 time step accepted (a code works once).
    pub last_step: Option<i64>,
    pub created_at: DateTimeUtc,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
