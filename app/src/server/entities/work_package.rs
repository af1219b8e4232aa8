//! The `work_packages` table.
use sea_orm::entity::prelude::*;

/// One row of `work_packages`: an OPD's share of a cycle, submitted as a whole.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "work_packages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub cycle_id: Uuid,
    pub opd_id: Uuid,
    /// See [`crate::domain::cycle::PackageStatus`].
    pub status: String,
    pub revision: i32,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
