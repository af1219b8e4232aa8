//! An index on `evidence (cycle_id)`: the dashboard counts the items with evidence of one cycle,
//! which scanned the whole evidence table (half a million rows on the national data set).

use sea_orm_migration::prelude::*;

/// Creates `ix_evidence_cycle`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Evidence {
    Table,
    CycleId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ix_evidence_cycle")
                    .table(Evidence::Table)
                    .col(Evidence::CycleId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_evidence_cycle")
                    .table(Evidence::Table)
                    .to_owned(),
            )
            .await
    }
}
