//! The `official_results` table.
use sea_orm::entity::prelude::*;

/// One row of `official_results`: the published score of a pemda (`unit_id` empty) or of one of
/// its units in a cycle.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "official_results")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub cycle_id: Uuid,
    pub unit_id: Option<Uuid>,
    /// `pemda` or the unit id as text (the unique key with the cycle).
    pub subject: String,
    pub value: f64,
    pub note: Option<String>,
    pub recorded_by: Option<Uuid>,
    pub recorded_at: DateTimeUtc,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
