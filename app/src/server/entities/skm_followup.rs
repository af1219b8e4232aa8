//! The `skm_followups` table.
use sea_orm::entity::prelude::*;

/// One action of a period's follow-up plan (*rencana tindak lanjut*) for a weak unsur.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "skm_followups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub period_id: Uuid,
    /// Unsur code, e.g. `U3`.
    pub element: String,
    pub action: String,
    /// Who is responsible (a name or a post).
    pub owner: String,
    pub due_on: Option<Date>,
    /// `direncanakan`, `berjalan` or `selesai`.
    pub status: String,
    pub note: Option<String>,
    /// Bumped by every change; an edit made on an older revision is refused.
    pub revision: i32,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
