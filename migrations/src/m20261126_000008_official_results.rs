//! Official results: the score the Ombudsman (or KemenPAN-RB) published for a pemda and for each
//! of its assessed units, recorded by the coordinator after the assessment so Patuh can show
//! projected against official and keep both for the year-over-year trend.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates `official_results`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Cycles {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OfficialResults {
    Table,
    Id,
    TenantId,
    CycleId,
    UnitId,
    Subject,
    Value,
    Note,
    RecordedBy,
    RecordedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OfficialResults::Table)
                    .col(uuid(OfficialResults::Id).primary_key())
                    .col(uuid(OfficialResults::TenantId))
                    .col(uuid(OfficialResults::CycleId))
                    .col(uuid_null(OfficialResults::UnitId))
                    // `pemda` or the unit's id: one unique key for both (a NULL unit would not be
                    // unique on either database).
                    .col(string_len(OfficialResults::Subject, 40))
                    .col(double(OfficialResults::Value))
                    .col(text_null(OfficialResults::Note))
                    .col(uuid_null(OfficialResults::RecordedBy))
                    .col(timestamp_with_time_zone(OfficialResults::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_official_results_tenant")
                            .from(OfficialResults::Table, OfficialResults::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_official_results_cycle")
                            .from(OfficialResults::Table, OfficialResults::CycleId)
                            .to(Cycles::Table, Cycles::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_official_results_unit")
                            .from(OfficialResults::Table, OfficialResults::UnitId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_official_results_user")
                            .from(OfficialResults::Table, OfficialResults::RecordedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_official_results_cycle_subject")
                    .table(OfficialResults::Table)
                    .col(OfficialResults::CycleId)
                    .col(OfficialResults::Subject)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_official_results_tenant")
                    .table(OfficialResults::Table)
                    .col(OfficialResults::TenantId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OfficialResults::Table).to_owned())
            .await
    }
}
