//! The instrument library: instruments and their versions. A version's content is its canonical
//! YAML document (lossless, validated before it is stored); the columns beside it are what lists
//! and filters need without reading the document.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates `instruments` and `instrument_versions`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Instruments {
    Table,
    Id,
    Code,
    Name,
    Publisher,
    CreatedAt,
}

#[derive(DeriveIden)]
enum InstrumentVersions {
    Table,
    Id,
    InstrumentId,
    Version,
    Status,
    Builtin,
    PublicSources,
    IndicatorCount,
    Document,
    Revision,
    CopiedFrom,
    CreatedAt,
    CreatedBy,
    UpdatedAt,
    UpdatedBy,
    PublishedAt,
    PublishedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Instruments::Table)
                    .col(uuid(Instruments::Id).primary_key())
                    .col(string_len(Instruments::Code, 64).unique_key())
                    .col(string_len(Instruments::Name, 300))
                    .col(string_len(Instruments::Publisher, 300))
                    .col(timestamp_with_time_zone(Instruments::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(InstrumentVersions::Table)
                    .col(uuid(InstrumentVersions::Id).primary_key())
                    .col(uuid(InstrumentVersions::InstrumentId))
                    .col(string_len(InstrumentVersions::Version, 32))
                    .col(string_len(InstrumentVersions::Status, 16))
                    .col(boolean(InstrumentVersions::Builtin).default(false))
                    .col(boolean(InstrumentVersions::PublicSources).default(false))
                    .col(integer(InstrumentVersions::IndicatorCount))
                    .col(text(InstrumentVersions::Document))
                    .col(integer(InstrumentVersions::Revision).default(1))
                    .col(uuid_null(InstrumentVersions::CopiedFrom))
                    .col(timestamp_with_time_zone(InstrumentVersions::CreatedAt))
                    .col(uuid_null(InstrumentVersions::CreatedBy))
                    .col(timestamp_with_time_zone(InstrumentVersions::UpdatedAt))
                    .col(uuid_null(InstrumentVersions::UpdatedBy))
                    .col(timestamp_with_time_zone_null(
                        InstrumentVersions::PublishedAt,
                    ))
                    .col(uuid_null(InstrumentVersions::PublishedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_instrument_versions_instrument")
                            .from(InstrumentVersions::Table, InstrumentVersions::InstrumentId)
                            .to(Instruments::Table, Instruments::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_instrument_versions_copied_from")
                            .from(InstrumentVersions::Table, InstrumentVersions::CopiedFrom)
                            .to(InstrumentVersions::Table, InstrumentVersions::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_instrument_versions_created_by")
                            .from(InstrumentVersions::Table, InstrumentVersions::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_instrument_versions_updated_by")
                            .from(InstrumentVersions::Table, InstrumentVersions::UpdatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_instrument_versions_published_by")
                            .from(InstrumentVersions::Table, InstrumentVersions::PublishedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_instrument_versions_instrument_version")
                    .table(InstrumentVersions::Table)
                    .col(InstrumentVersions::InstrumentId)
                    .col(InstrumentVersions::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(InstrumentVersions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Instruments::Table).to_owned())
            .await
    }
}
