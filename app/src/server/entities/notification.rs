//! The `notifications` table.
use sea_orm::entity::prelude::*;

/// One row of `notifications`: something a person should know about, in their notification
/// centre and (per their preference) by e-mail.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub tenant_id: Uuid,
    pub assignment_id: Option<Uuid>,
    pub comment_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    /// A [`crate::domain::review::NoticeKind`] code.
    pub kind: String,
    /// One line, in Indonesian, naming the item.
    pub summary: String,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
    /// Sent by e-mail (immediately or in a digest); `None` while waiting.
    pub emailed_at: Option<DateTimeUtc>,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
