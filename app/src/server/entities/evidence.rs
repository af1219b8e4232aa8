//! The `evidence` table.
use sea_orm::entity::prelude::*;

/// One row of `evidence`: a document (file or link) attached to an indicator answer. Its
/// content lives in its revisions.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evidence")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub cycle_id: Uuid,
    pub assignment_id: Uuid,
    /// `file` or `link`.
    pub kind: String,
    /// The name it is listed under (the first upload's name, or the link's title).
    pub title: String,
    pub created_at: DateTimeUtc,
    pub created_by: Option<Uuid>,
    /// Soft-deleted: hidden from the answer, purged after the retention period.
    pub deleted_at: Option<DateTimeUtc>,
    pub deleted_by: Option<Uuid>,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
