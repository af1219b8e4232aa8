//! The `reviews` table.
use sea_orm::entity::prelude::*;

/// One row of `reviews`: where a mentor's review of one answer stands. Absent until the answer
/// is first submitted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub assignment_id: Uuid,
    pub tenant_id: Uuid,
    pub cycle_id: Uuid,
    /// A [`crate::domain::review::ReviewStatus`] code.
    pub status: String,
    /// The last revision request's reason.
    pub reason: Option<String>,
    /// The mentor's verified answer (JSON, like the self-assessed one).
    pub verified_answer: Option<String>,
    /// Why the verified answer differs, or what it rests on.
    pub justification: Option<String>,
    pub reviewer_id: Option<Uuid>,
    pub reviewed_at: Option<DateTimeUtc>,
    /// When it (last) entered the review queue.
    pub queued_at: DateTimeUtc,
    /// Bumped by every change: a review action names the revision it saw.
    pub revision: i32,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
