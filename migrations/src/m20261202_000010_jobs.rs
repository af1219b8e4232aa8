//! Background jobs shared by several server instances: one row per job says when it is next due
//! and which instance ran it last. An instance runs a job only after it moved `due_at` forward in
//! one conditional `UPDATE`, so however many instances tick, each round runs once.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates `job_runs`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum JobRuns {
    Table,
    Name,
    DueAt,
    Holder,
    StartedAt,
    FinishedAt,
    Runs,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(JobRuns::Table)
                    .col(string_len(JobRuns::Name, 60).primary_key())
                    .col(timestamp_with_time_zone(JobRuns::DueAt))
                    .col(string_len_null(JobRuns::Holder, 120))
                    .col(timestamp_with_time_zone_null(JobRuns::StartedAt))
                    .col(timestamp_with_time_zone_null(JobRuns::FinishedAt))
                    .col(big_integer(JobRuns::Runs).default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(JobRuns::Table).to_owned())
            .await
    }
}
