//! The `skm_periods` table.
use sea_orm::entity::prelude::*;

/// A survey period of one service unit: its public code, dates, population estimate and the
/// SKM instrument version it asks.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "skm_periods")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub unit_id: Uuid,
    pub version_id: Uuid,
    pub name: String,
    /// Public code in `/s/{code}`.
    #[sea_orm(unique)]
    pub code: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub population: i64,
    /// Answers need a one-time code printed by the counter.
    pub require_code: bool,
    pub closed_at: Option<DateTimeUtc>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
