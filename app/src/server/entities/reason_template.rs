//! The `reason_templates` table.
use sea_orm::entity::prelude::*;

/// One row of `reason_templates`: a revision reason an Ombudsman office reuses.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reason_templates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub office_id: Uuid,
    pub text: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    /// Archived templates are no longer offered.
    pub archived_at: Option<DateTimeUtc>,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
