//! The `assignments` table.
use sea_orm::entity::prelude::*;

/// One row of `assignments`: one indicator for one unit in a cycle, who answers it by when, and
/// the answer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assignments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub cycle_id: Uuid,
    pub unit_id: Uuid,
    pub indicator_code: String,
    /// The answering OPD; `None` while unassigned.
    pub opd_id: Option<Uuid>,
    /// The person responsible (PIC).
    pub pic_user_id: Option<Uuid>,
    pub due_on: Option<Date>,
    /// The answer as JSON ([`crate::domain::instrument::Answer`]); `None` while unanswered.
    pub answer: Option<String>,
    pub notes: Option<String>,
    /// Marked ready by the person answering.
    pub ready: bool,
    /// Bumped by every change, for refusing stale edits.
    pub revision: i32,
    pub answered_at: Option<DateTimeUtc>,
    pub answered_by: Option<Uuid>,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
