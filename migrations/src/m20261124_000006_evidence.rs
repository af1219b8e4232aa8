//! Evidence: documents attached to an indicator answer (a file or a link), each with numbered
//! revisions. A revision row is written only after its bytes are stored, so a row always points
//! at complete bytes; soft-deleted revisions keep their row after the bytes are purged.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates `evidence` and `evidence_revisions`.
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
enum Assignments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Evidence {
    Table,
    Id,
    TenantId,
    CycleId,
    AssignmentId,
    Kind,
    Title,
    CreatedAt,
    CreatedBy,
    DeletedAt,
    DeletedBy,
}

#[derive(DeriveIden)]
enum EvidenceRevisions {
    Table,
    Id,
    EvidenceId,
    TenantId,
    AssignmentId,
    Number,
    StorageKey,
    Url,
    Name,
    ContentType,
    SizeBytes,
    Sha256,
    EffectiveOn,
    ExpiresOn,
    Note,
    UploadedAt,
    UploadedBy,
    DeletedAt,
    DeletedBy,
    PurgedAt,
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
        use ForeignKeyAction::{Cascade, SetNull};
        manager
            .create_table(
                Table::create()
                    .table(Evidence::Table)
                    .col(uuid(Evidence::Id).primary_key())
                    .col(uuid(Evidence::TenantId))
                    .col(uuid(Evidence::CycleId))
                    .col(uuid(Evidence::AssignmentId))
                    .col(string_len(Evidence::Kind, 8))
                    .col(string_len(Evidence::Title, 300))
                    .col(timestamp_with_time_zone(Evidence::CreatedAt))
                    .col(uuid_null(Evidence::CreatedBy))
                    .col(timestamp_with_time_zone_null(Evidence::DeletedAt))
                    .col(uuid_null(Evidence::DeletedBy))
                    .foreign_key(&mut fk(
                        "fk_evidence_tenant",
                        (Evidence::Table, Evidence::TenantId),
                        (Tenants::Table, Tenants::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_evidence_cycle",
                        (Evidence::Table, Evidence::CycleId),
                        (Cycles::Table, Cycles::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_evidence_assignment",
                        (Evidence::Table, Evidence::AssignmentId),
                        (Assignments::Table, Assignments::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_evidence_created_by",
                        (Evidence::Table, Evidence::CreatedBy),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_evidence_deleted_by",
                        (Evidence::Table, Evidence::DeletedBy),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_evidence_assignment")
                    .table(Evidence::Table)
                    .col(Evidence::AssignmentId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EvidenceRevisions::Table)
                    .col(uuid(EvidenceRevisions::Id).primary_key())
                    .col(uuid(EvidenceRevisions::EvidenceId))
                    .col(uuid(EvidenceRevisions::TenantId))
                    .col(uuid(EvidenceRevisions::AssignmentId))
                    .col(integer(EvidenceRevisions::Number))
                    .col(string_len_null(EvidenceRevisions::StorageKey, 200))
                    .col(text_null(EvidenceRevisions::Url))
                    .col(string_len(EvidenceRevisions::Name, 300))
                    .col(string_len_null(EvidenceRevisions::ContentType, 120))
                    .col(big_integer(EvidenceRevisions::SizeBytes).default(0))
                    .col(string_len(EvidenceRevisions::Sha256, 64))
                    .col(date(EvidenceRevisions::EffectiveOn))
                    .col(date_null(EvidenceRevisions::ExpiresOn))
                    .col(text_null(EvidenceRevisions::Note))
                    .col(timestamp_with_time_zone(EvidenceRevisions::UploadedAt))
                    .col(uuid_null(EvidenceRevisions::UploadedBy))
                    .col(timestamp_with_time_zone_null(EvidenceRevisions::DeletedAt))
                    .col(uuid_null(EvidenceRevisions::DeletedBy))
                    .col(timestamp_with_time_zone_null(EvidenceRevisions::PurgedAt))
                    .foreign_key(&mut fk(
                        "fk_evidence_revisions_evidence",
                        (EvidenceRevisions::Table, EvidenceRevisions::EvidenceId),
                        (Evidence::Table, Evidence::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_evidence_revisions_uploaded_by",
                        (EvidenceRevisions::Table, EvidenceRevisions::UploadedBy),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_evidence_revisions_deleted_by",
                        (EvidenceRevisions::Table, EvidenceRevisions::DeletedBy),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_evidence_revisions_number")
                    .table(EvidenceRevisions::Table)
                    .col(EvidenceRevisions::EvidenceId)
                    .col(EvidenceRevisions::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_evidence_revisions_tenant")
                    .table(EvidenceRevisions::Table)
                    .col(EvidenceRevisions::TenantId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_evidence_revisions_key")
                    .table(EvidenceRevisions::Table)
                    .col(EvidenceRevisions::StorageKey)
                    .to_owned(),
            )
            .await?;
        // The same bytes (or link) once per answer, enforced by the database so two uploads of
        // one file at the same moment cannot both land. Partial: a deleted copy does not count.
        // Plain SQL because the schema builder has no partial indexes; SQLite and PostgreSQL
        // share this syntax.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_evidence_revisions_hash \
                 ON evidence_revisions (assignment_id, sha256) WHERE deleted_at IS NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(EvidenceRevisions::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Evidence::Table).to_owned())
            .await
    }
}
