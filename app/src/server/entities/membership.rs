//! The `memberships` table.
use sea_orm::entity::prelude::*;

/// One row of `memberships`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "memberships")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub tenant_id: Uuid,
    /// A [`crate::domain::role::Role`] code.
    pub role: String,
    /// The OPD an OPD head or PIC belongs to.
    pub opd_id: Option<Uuid>,
    /// Set when a coordinator disables the person in this tenant.
    pub disabled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
