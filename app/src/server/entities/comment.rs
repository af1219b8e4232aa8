//! The `comments` table.
use sea_orm::entity::prelude::*;

/// One row of `comments`: a message in an answer's thread, or on one of its documents.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub cycle_id: Uuid,
    pub assignment_id: Uuid,
    /// The document it is about, if any.
    pub evidence_id: Option<Uuid>,
    /// The thread's first comment, for replies.
    pub parent_id: Option<Uuid>,
    pub author_id: Option<Uuid>,
    /// As written (a small Markdown subset, rendered safely).
    pub body: String,
    /// A mentor-only note, never shown to the pemda.
    pub internal: bool,
    pub created_at: DateTimeUtc,
    pub edited_at: Option<DateTimeUtc>,
    pub revision: i32,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
