//! The `login_attempts` table.
use sea_orm::entity::prelude::*;

/// One row of `login_attempts`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_attempts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The normalised email that was tried (whether or not an account has it).
    pub email: String,
    /// The client address.
    pub address: String,
    pub succeeded: bool,
    pub at: DateTimeUtc,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
