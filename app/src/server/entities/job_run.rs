//! The `job_runs` table.
use sea_orm::entity::prelude::*;

/// One row of `job_runs`: a background job, when it is next due and who ran it last.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_runs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    pub due_at: DateTimeUtc,
    /// The instance that claimed the latest round.
    pub holder: Option<String>,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    /// Rounds run so far, by every instance together.
    pub runs: i64,
}

/// No relations are declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
