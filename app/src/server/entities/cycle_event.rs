//! The `cycle_events` table.
use sea_orm::entity::prelude::*;

/// One row of `cycle_events`: a transition or change, with who, when and why.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cycle_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub cycle_id: Uuid,
    pub package_id: Option<Uuid>,
    pub assignment_id: Option<Uuid>,
    pub actor_user_id: Option<Uuid>,
    pub at: DateTimeUtc,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub note: Option<String>,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
