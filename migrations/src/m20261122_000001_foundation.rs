//! The foundation: tenants, their OPDs, users, memberships, Ombudsman offices and their access
//! grants, server-side sessions, sign-in attempts (for throttling) and the audit log.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates the foundation tables.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Id,
    Slug,
    Name,
    Kind,
    Province,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Opds {
    Table,
    Id,
    TenantId,
    Code,
    Name,
    IsLokus,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    IsOperator,
    DisabledAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Memberships {
    Table,
    Id,
    UserId,
    TenantId,
    Role,
    OpdId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MentorOffices {
    Table,
    Id,
    Name,
    Province,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OfficeMembers {
    Table,
    Id,
    OfficeId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OfficeGrants {
    Table,
    Id,
    OfficeId,
    TenantId,
    GrantedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    Data,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Id,
    Email,
    Address,
    Succeeded,
    At,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorUserId,
    TenantId,
    Action,
    Entity,
    EntityId,
    Summary,
    Address,
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
                    .table(Tenants::Table)
                    .col(uuid(Tenants::Id).primary_key())
                    .col(string_len_uniq(Tenants::Slug, 64))
                    .col(string_len(Tenants::Name, 200))
                    .col(string_len(Tenants::Kind, 16))
                    .col(string_len(Tenants::Province, 100))
                    .col(string_len(Tenants::Status, 16).default("active"))
                    .col(timestamp_with_time_zone(Tenants::CreatedAt))
                    .col(timestamp_with_time_zone(Tenants::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Opds::Table)
                    .col(uuid(Opds::Id).primary_key())
                    .col(uuid(Opds::TenantId))
                    .col(string_len(Opds::Code, 32))
                    .col(string_len(Opds::Name, 200))
                    .col(boolean(Opds::IsLokus).default(false))
                    .col(timestamp_with_time_zone(Opds::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_opds_tenant",
                        (Opds::Table, Opds::TenantId),
                        (Tenants::Table, Tenants::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_opds_tenant_code")
                    .table(Opds::Table)
                    .col(Opds::TenantId)
                    .col(Opds::Code)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(uuid(Users::Id).primary_key())
                    .col(string_len_uniq(Users::Email, 254))
                    .col(string_len(Users::Name, 200))
                    .col(string_null(Users::PasswordHash))
                    .col(boolean(Users::IsOperator).default(false))
                    .col(timestamp_with_time_zone_null(Users::DisabledAt))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Memberships::Table)
                    .col(uuid(Memberships::Id).primary_key())
                    .col(uuid(Memberships::UserId))
                    .col(uuid(Memberships::TenantId))
                    .col(string_len(Memberships::Role, 32))
                    .col(uuid_null(Memberships::OpdId))
                    .col(timestamp_with_time_zone(Memberships::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_memberships_user",
                        (Memberships::Table, Memberships::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_memberships_tenant",
                        (Memberships::Table, Memberships::TenantId),
                        (Tenants::Table, Tenants::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_memberships_opd",
                        (Memberships::Table, Memberships::OpdId),
                        (Opds::Table, Opds::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_memberships_user_tenant_role")
                    .table(Memberships::Table)
                    .col(Memberships::UserId)
                    .col(Memberships::TenantId)
                    .col(Memberships::Role)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_memberships_tenant")
                    .table(Memberships::Table)
                    .col(Memberships::TenantId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MentorOffices::Table)
                    .col(uuid(MentorOffices::Id).primary_key())
                    .col(string_len_uniq(MentorOffices::Name, 200))
                    .col(string_len(MentorOffices::Province, 100))
                    .col(timestamp_with_time_zone(MentorOffices::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OfficeMembers::Table)
                    .col(uuid(OfficeMembers::Id).primary_key())
                    .col(uuid(OfficeMembers::OfficeId))
                    .col(uuid(OfficeMembers::UserId))
                    .col(timestamp_with_time_zone(OfficeMembers::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_office_members_office",
                        (OfficeMembers::Table, OfficeMembers::OfficeId),
                        (MentorOffices::Table, MentorOffices::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_office_members_user",
                        (OfficeMembers::Table, OfficeMembers::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_office_members_office_user")
                    .table(OfficeMembers::Table)
                    .col(OfficeMembers::OfficeId)
                    .col(OfficeMembers::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OfficeGrants::Table)
                    .col(uuid(OfficeGrants::Id).primary_key())
                    .col(uuid(OfficeGrants::OfficeId))
                    .col(uuid(OfficeGrants::TenantId))
                    .col(uuid_null(OfficeGrants::GrantedBy))
                    .col(timestamp_with_time_zone(OfficeGrants::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_office_grants_office",
                        (OfficeGrants::Table, OfficeGrants::OfficeId),
                        (MentorOffices::Table, MentorOffices::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_office_grants_tenant",
                        (OfficeGrants::Table, OfficeGrants::TenantId),
                        (Tenants::Table, Tenants::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_office_grants_office_tenant")
                    .table(OfficeGrants::Table)
                    .col(OfficeGrants::OfficeId)
                    .col(OfficeGrants::TenantId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    // SHA-256 of the cookie value, hex: a leaked table cannot be replayed.
                    .col(string_len(Sessions::Id, 64).primary_key())
                    .col(uuid_null(Sessions::UserId))
                    .col(text(Sessions::Data))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sessions_user")
                    .table(Sessions::Table)
                    .col(Sessions::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sessions_expires")
                    .table(Sessions::Table)
                    .col(Sessions::ExpiresAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginAttempts::Table)
                    .col(uuid(LoginAttempts::Id).primary_key())
                    .col(string_len(LoginAttempts::Email, 254))
                    .col(string_len(LoginAttempts::Address, 64))
                    .col(boolean(LoginAttempts::Succeeded))
                    .col(timestamp_with_time_zone(LoginAttempts::At))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_login_attempts_email_at")
                    .table(LoginAttempts::Table)
                    .col(LoginAttempts::Email)
                    .col(LoginAttempts::At)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_login_attempts_address_at")
                    .table(LoginAttempts::Table)
                    .col(LoginAttempts::Address)
                    .col(LoginAttempts::At)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(uuid(AuditLog::Id).primary_key())
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(uuid_null(AuditLog::ActorUserId))
                    .col(uuid_null(AuditLog::TenantId))
                    .col(string_len(AuditLog::Action, 64))
                    .col(string_len(AuditLog::Entity, 64))
                    .col(string_len_null(AuditLog::EntityId, 64))
                    .col(text(AuditLog::Summary))
                    .col(string_len_null(AuditLog::Address, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_log_tenant_at")
                    .table(AuditLog::Table)
                    .col(AuditLog::TenantId)
                    .col(AuditLog::At)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            LoginAttempts::Table.into_iden(),
            Sessions::Table.into_iden(),
            OfficeGrants::Table.into_iden(),
            OfficeMembers::Table.into_iden(),
            MentorOffices::Table.into_iden(),
            Memberships::Table.into_iden(),
            Users::Table.into_iden(),
            Opds::Table.into_iden(),
            Tenants::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
