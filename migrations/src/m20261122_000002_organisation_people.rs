//! Tenancy in full: units and services under OPDs, heads, disabled memberships, tenant logos,
//! invitations, password resets and the mail outbox.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates the organisation and people tables.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Opds {
    Table,
    Id,
    HeadName,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Memberships {
    Table,
    DisabledAt,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
    TenantId,
    OpdId,
    Code,
    Name,
    HeadName,
    IsLokus,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Services {
    Table,
    Id,
    TenantId,
    UnitId,
    Code,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TenantLogos {
    Table,
    TenantId,
    ContentType,
    Bytes,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    TokenHash,
    Email,
    Name,
    TenantId,
    Role,
    OpdId,
    OfficeId,
    IsOperator,
    InvitedBy,
    CreatedAt,
    ExpiresAt,
    AcceptedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum PasswordResets {
    Table,
    Id,
    TokenHash,
    UserId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    ToEmail,
    Subject,
    BodyText,
    CreatedAt,
    SentAt,
    Attempts,
    LastError,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Opds::Table)
                    .add_column(string_len_null(Opds::HeadName, 200))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Memberships::Table)
                    .add_column(timestamp_with_time_zone_null(Memberships::DisabledAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Units::Table)
                    .col(uuid(Units::Id).primary_key())
                    .col(uuid(Units::TenantId))
                    .col(uuid(Units::OpdId))
                    .col(string_len(Units::Code, 32))
                    .col(string_len(Units::Name, 200))
                    .col(string_len_null(Units::HeadName, 200))
                    .col(boolean(Units::IsLokus).default(false))
                    .col(timestamp_with_time_zone(Units::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_units_tenant")
                            .from(Units::Table, Units::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_units_opd")
                            .from(Units::Table, Units::OpdId)
                            .to(Opds::Table, Opds::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_units_tenant_code")
                    .table(Units::Table)
                    .col(Units::TenantId)
                    .col(Units::Code)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Services::Table)
                    .col(uuid(Services::Id).primary_key())
                    .col(uuid(Services::TenantId))
                    .col(uuid(Services::UnitId))
                    .col(string_len(Services::Code, 32))
                    .col(string_len(Services::Name, 200))
                    .col(timestamp_with_time_zone(Services::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_services_tenant")
                            .from(Services::Table, Services::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_services_unit")
                            .from(Services::Table, Services::UnitId)
                            .to(Units::Table, Units::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_services_tenant_code")
                    .table(Services::Table)
                    .col(Services::TenantId)
                    .col(Services::Code)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TenantLogos::Table)
                    .col(uuid(TenantLogos::TenantId).primary_key())
                    .col(string_len(TenantLogos::ContentType, 64))
                    .col(blob(TenantLogos::Bytes))
                    .col(timestamp_with_time_zone(TenantLogos::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tenant_logos_tenant")
                            .from(TenantLogos::Table, TenantLogos::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Invitations::Table)
                    .col(uuid(Invitations::Id).primary_key())
                    .col(string_len_uniq(Invitations::TokenHash, 64))
                    .col(string_len(Invitations::Email, 254))
                    .col(string_len_null(Invitations::Name, 200))
                    .col(uuid_null(Invitations::TenantId))
                    .col(string_len_null(Invitations::Role, 32))
                    .col(uuid_null(Invitations::OpdId))
                    .col(uuid_null(Invitations::OfficeId))
                    .col(boolean(Invitations::IsOperator).default(false))
                    .col(uuid_null(Invitations::InvitedBy))
                    .col(timestamp_with_time_zone(Invitations::CreatedAt))
                    .col(timestamp_with_time_zone(Invitations::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Invitations::AcceptedAt))
                    .col(timestamp_with_time_zone_null(Invitations::RevokedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_invitations_tenant")
                    .table(Invitations::Table)
                    .col(Invitations::TenantId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PasswordResets::Table)
                    .col(uuid(PasswordResets::Id).primary_key())
                    .col(string_len_uniq(PasswordResets::TokenHash, 64))
                    .col(uuid(PasswordResets::UserId))
                    .col(timestamp_with_time_zone(PasswordResets::CreatedAt))
                    .col(timestamp_with_time_zone(PasswordResets::ExpiresAt))
                    .col(timestamp_with_time_zone_null(PasswordResets::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_password_resets_user")
                            .from(PasswordResets::Table, PasswordResets::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(uuid(Outbox::Id).primary_key())
                    .col(string_len(Outbox::ToEmail, 254))
                    .col(string_len(Outbox::Subject, 300))
                    .col(text(Outbox::BodyText))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    .col(integer(Outbox::Attempts).default(0))
                    .col(text_null(Outbox::LastError))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_outbox_pending")
                    .table(Outbox::Table)
                    .col(Outbox::SentAt)
                    .col(Outbox::CreatedAt)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Outbox::Table.into_iden(),
            PasswordResets::Table.into_iden(),
            Invitations::Table.into_iden(),
            TenantLogos::Table.into_iden(),
            Services::Table.into_iden(),
            Units::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Memberships::Table)
                    .drop_column(Memberships::DisabledAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Opds::Table)
                    .drop_column(Opds::HeadName)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
