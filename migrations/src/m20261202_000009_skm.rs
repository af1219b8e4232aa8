//! SKM surveys: a survey period per service unit (with its public code, dates and population
//! estimate), the responses (online or typed in from paper), the optional one-time codes a
//! counter prints on receipts, and the follow-up plan per weak unsur.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates `skm_periods`, `skm_responses`, `skm_codes` and `skm_followups`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum InstrumentVersions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SkmPeriods {
    Table,
    Id,
    TenantId,
    UnitId,
    VersionId,
    Name,
    Code,
    StartsOn,
    EndsOn,
    Population,
    RequireCode,
    ClosedAt,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SkmResponses {
    Table,
    Id,
    TenantId,
    PeriodId,
    Answers,
    Age,
    Sex,
    Education,
    Occupation,
    Service,
    Suggestion,
    Source,
    Token,
    Fingerprint,
    AddressHash,
    SubmittedAt,
    EnteredBy,
}

#[derive(DeriveIden)]
enum SkmCodes {
    Table,
    Id,
    TenantId,
    PeriodId,
    Code,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SkmFollowups {
    Table,
    Id,
    TenantId,
    PeriodId,
    Element,
    Action,
    Owner,
    DueOn,
    Status,
    Note,
    Revision,
    UpdatedBy,
    UpdatedAt,
    CreatedAt,
}

fn fk(
    name: &str,
    from: (impl IntoIden + 'static, impl IntoIden + 'static),
    to: (impl IntoIden + 'static, impl IntoIden + 'static),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SkmPeriods::Table)
                    .col(uuid(SkmPeriods::Id).primary_key())
                    .col(uuid(SkmPeriods::TenantId))
                    .col(uuid(SkmPeriods::UnitId))
                    .col(uuid(SkmPeriods::VersionId))
                    .col(string_len(SkmPeriods::Name, 200))
                    // The short public code in the survey URL (`/s/{code}`), unique everywhere.
                    .col(string_len(SkmPeriods::Code, 16).unique_key())
                    .col(date(SkmPeriods::StartsOn))
                    .col(date(SkmPeriods::EndsOn))
                    .col(big_integer(SkmPeriods::Population))
                    .col(boolean(SkmPeriods::RequireCode).default(false))
                    .col(timestamp_with_time_zone_null(SkmPeriods::ClosedAt))
                    .col(uuid_null(SkmPeriods::CreatedBy))
                    .col(timestamp_with_time_zone(SkmPeriods::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_skm_periods_tenant",
                        (SkmPeriods::Table, SkmPeriods::TenantId),
                        (Tenants::Table, Tenants::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_skm_periods_unit",
                        (SkmPeriods::Table, SkmPeriods::UnitId),
                        (Units::Table, Units::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_skm_periods_version",
                        (SkmPeriods::Table, SkmPeriods::VersionId),
                        (InstrumentVersions::Table, InstrumentVersions::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_skm_periods_user",
                        (SkmPeriods::Table, SkmPeriods::CreatedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_skm_periods_tenant_unit")
                    .table(SkmPeriods::Table)
                    .col(SkmPeriods::TenantId)
                    .col(SkmPeriods::UnitId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SkmResponses::Table)
                    .col(uuid(SkmResponses::Id).primary_key())
                    .col(uuid(SkmResponses::TenantId))
                    .col(uuid(SkmResponses::PeriodId))
                    // One digit 1–4 per unsur, in order ("443434344").
                    .col(string_len(SkmResponses::Answers, 32))
                    .col(integer_null(SkmResponses::Age))
                    .col(string_len_null(SkmResponses::Sex, 2))
                    .col(string_len_null(SkmResponses::Education, 16))
                    .col(string_len_null(SkmResponses::Occupation, 16))
                    .col(string_len_null(SkmResponses::Service, 200))
                    .col(text_null(SkmResponses::Suggestion))
                    .col(string_len(SkmResponses::Source, 10))
                    // The form's one-time token: a second submit of the same form is the same
                    // response, kept once by this unique key.
                    .col(string_len_null(SkmResponses::Token, 64).unique_key())
                    .col(string_len_null(SkmResponses::Fingerprint, 64))
                    .col(string_len_null(SkmResponses::AddressHash, 64))
                    .col(timestamp_with_time_zone(SkmResponses::SubmittedAt))
                    .col(uuid_null(SkmResponses::EnteredBy))
                    .foreign_key(&mut fk(
                        "fk_skm_responses_tenant",
                        (SkmResponses::Table, SkmResponses::TenantId),
                        (Tenants::Table, Tenants::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_skm_responses_period",
                        (SkmResponses::Table, SkmResponses::PeriodId),
                        (SkmPeriods::Table, SkmPeriods::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_skm_responses_user",
                        (SkmResponses::Table, SkmResponses::EnteredBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_skm_responses_period_time")
                    .table(SkmResponses::Table)
                    .col(SkmResponses::PeriodId)
                    .col(SkmResponses::SubmittedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_skm_responses_period_fingerprint")
                    .table(SkmResponses::Table)
                    .col(SkmResponses::PeriodId)
                    .col(SkmResponses::Fingerprint)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_skm_responses_tenant")
                    .table(SkmResponses::Table)
                    .col(SkmResponses::TenantId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SkmCodes::Table)
                    .col(uuid(SkmCodes::Id).primary_key())
                    .col(uuid(SkmCodes::TenantId))
                    .col(uuid(SkmCodes::PeriodId))
                    .col(string_len(SkmCodes::Code, 16))
                    .col(timestamp_with_time_zone_null(SkmCodes::UsedAt))
                    .col(timestamp_with_time_zone(SkmCodes::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_skm_codes_tenant",
                        (SkmCodes::Table, SkmCodes::TenantId),
                        (Tenants::Table, Tenants::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_skm_codes_period",
                        (SkmCodes::Table, SkmCodes::PeriodId),
                        (SkmPeriods::Table, SkmPeriods::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_skm_codes_period_code")
                    .table(SkmCodes::Table)
                    .col(SkmCodes::PeriodId)
                    .col(SkmCodes::Code)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SkmFollowups::Table)
                    .col(uuid(SkmFollowups::Id).primary_key())
                    .col(uuid(SkmFollowups::TenantId))
                    .col(uuid(SkmFollowups::PeriodId))
                    .col(string_len(SkmFollowups::Element, 16))
                    .col(text(SkmFollowups::Action))
                    .col(string_len(SkmFollowups::Owner, 200))
                    .col(date_null(SkmFollowups::DueOn))
                    .col(string_len(SkmFollowups::Status, 20))
                    .col(text_null(SkmFollowups::Note))
                    .col(integer(SkmFollowups::Revision).default(1))
                    .col(uuid_null(SkmFollowups::UpdatedBy))
                    .col(timestamp_with_time_zone(SkmFollowups::UpdatedAt))
                    .col(timestamp_with_time_zone(SkmFollowups::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_skm_followups_tenant",
                        (SkmFollowups::Table, SkmFollowups::TenantId),
                        (Tenants::Table, Tenants::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_skm_followups_period",
                        (SkmFollowups::Table, SkmFollowups::PeriodId),
                        (SkmPeriods::Table, SkmPeriods::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_skm_followups_user",
                        (SkmFollowups::Table, SkmFollowups::UpdatedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_skm_followups_period")
                    .table(SkmFollowups::Table)
                    .col(SkmFollowups::PeriodId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SkmFollowups::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SkmCodes::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SkmResponses::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SkmPeriods::Table).to_owned())
            .await?;
        Ok(())
    }
}
