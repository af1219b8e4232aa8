//! The `cycles` table.
use sea_orm::entity::prelude::*;

/// One row of `cycles`: a tenant's evaluation round on one pinned instrument version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cycles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub name: String,
    /// Pinned for the cycle's life (a published, hence frozen, version).
    pub instrument_version_id: Uuid,
    pub starts_on: Date,
    pub ends_on: Date,
    /// Self-assessment deadline: the default due date of every assignment.
    pub self_deadline: Date,
    pub review_from: Option<Date>,
    pub review_until: Option<Date>,
    /// The official assessment date.
    pub official_on: Option<Date>,
    /// `draft`, `active` or `closed`.
    pub status: String,
    pub copied_from: Option<Uuid>,
    pub revision: i32,
    pub created_at: DateTimeUtc,
    pub created_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
