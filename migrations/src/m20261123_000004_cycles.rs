//! Evaluation cycles: a pinned instrument version, a scope of units, one work package per OPD,
//! one assignment (with its answer) per unit × indicator, and the history of every transition.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates the cycle tables.
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
enum Opds {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum InstrumentVersions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Cycles {
    Table,
    Id,
    TenantId,
    Name,
    InstrumentVersionId,
    StartsOn,
    EndsOn,
    SelfDeadline,
    ReviewFrom,
    ReviewUntil,
    OfficialOn,
    Status,
    CopiedFrom,
    Revision,
    CreatedAt,
    CreatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CycleUnits {
    Table,
    CycleId,
    UnitId,
}

#[derive(DeriveIden)]
enum WorkPackages {
    Table,
    Id,
    TenantId,
    CycleId,
    OpdId,
    Status,
    Revision,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum Assignments {
    Table,
    Id,
    TenantId,
    CycleId,
    UnitId,
    IndicatorCode,
    OpdId,
    PicUserId,
    DueOn,
    Answer,
    Notes,
    Ready,
    Revision,
    AnsweredAt,
    AnsweredBy,
}

#[derive(DeriveIden)]
enum CycleEvents {
    Table,
    Id,
    TenantId,
    CycleId,
    PackageId,
    AssignmentId,
    ActorUserId,
    At,
    Kind,
    FromStatus,
    ToStatus,
    Note,
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
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        manager
            .create_table(
                Table::create()
                    .table(Cycles::Table)
                    .col(uuid(Cycles::Id).primary_key())
                    .col(uuid(Cycles::TenantId))
                    .col(string_len(Cycles::Name, 200))
                    .col(uuid(Cycles::InstrumentVersionId))
                    .col(date(Cycles::StartsOn))
                    .col(date(Cycles::EndsOn))
                    .col(date(Cycles::SelfDeadline))
                    .col(date_null(Cycles::ReviewFrom))
                    .col(date_null(Cycles::ReviewUntil))
                    .col(date_null(Cycles::OfficialOn))
                    .col(string_len(Cycles::Status, 16))
                    .col(uuid_null(Cycles::CopiedFrom))
                    .col(integer(Cycles::Revision).default(1))
                    .col(timestamp_with_time_zone(Cycles::CreatedAt))
                    .col(uuid_null(Cycles::CreatedBy))
                    .col(timestamp_with_time_zone(Cycles::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_cycles_tenant",
                        (Cycles::Table, Cycles::TenantId),
                        (Tenants::Table, Tenants::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_cycles_version",
                        (Cycles::Table, Cycles::InstrumentVersionId),
                        (InstrumentVersions::Table, InstrumentVersions::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_cycles_copied_from",
                        (Cycles::Table, Cycles::CopiedFrom),
                        (Cycles::Table, Cycles::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_cycles_created_by",
                        (Cycles::Table, Cycles::CreatedBy),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_cycles_tenant")
                    .table(Cycles::Table)
                    .col(Cycles::TenantId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CycleUnits::Table)
                    .col(uuid(CycleUnits::CycleId))
                    .col(uuid(CycleUnits::UnitId))
                    .primary_key(
                        Index::create()
                            .col(CycleUnits::CycleId)
                            .col(CycleUnits::UnitId),
                    )
                    .foreign_key(&mut fk(
                        "fk_cycle_units_cycle",
                        (CycleUnits::Table, CycleUnits::CycleId),
                        (Cycles::Table, Cycles::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_cycle_units_unit",
                        (CycleUnits::Table, CycleUnits::UnitId),
                        (Units::Table, Units::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WorkPackages::Table)
                    .col(uuid(WorkPackages::Id).primary_key())
                    .col(uuid(WorkPackages::TenantId))
                    .col(uuid(WorkPackages::CycleId))
                    .col(uuid(WorkPackages::OpdId))
                    .col(string_len(WorkPackages::Status, 24))
                    .col(integer(WorkPackages::Revision).default(1))
                    .col(timestamp_with_time_zone(WorkPackages::UpdatedAt))
                    .col(uuid_null(WorkPackages::UpdatedBy))
                    .foreign_key(&mut fk(
                        "fk_work_packages_cycle",
                        (WorkPackages::Table, WorkPackages::CycleId),
                        (Cycles::Table, Cycles::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_work_packages_opd",
                        (WorkPackages::Table, WorkPackages::OpdId),
                        (Opds::Table, Opds::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_work_packages_updated_by",
                        (WorkPackages::Table, WorkPackages::UpdatedBy),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_work_packages_cycle_opd")
                    .table(WorkPackages::Table)
                    .col(WorkPackages::CycleId)
                    .col(WorkPackages::OpdId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Assignments::Table)
                    .col(uuid(Assignments::Id).primary_key())
                    .col(uuid(Assignments::TenantId))
                    .col(uuid(Assignments::CycleId))
                    .col(uuid(Assignments::UnitId))
                    .col(string_len(Assignments::IndicatorCode, 64))
                    .col(uuid_null(Assignments::OpdId))
                    .col(uuid_null(Assignments::PicUserId))
                    .col(date_null(Assignments::DueOn))
                    .col(text_null(Assignments::Answer))
                    .col(text_null(Assignments::Notes))
                    .col(boolean(Assignments::Ready).default(false))
                    .col(integer(Assignments::Revision).default(1))
                    .col(timestamp_with_time_zone_null(Assignments::AnsweredAt))
                    .col(uuid_null(Assignments::AnsweredBy))
                    .foreign_key(&mut fk(
                        "fk_assignments_cycle",
                        (Assignments::Table, Assignments::CycleId),
                        (Cycles::Table, Cycles::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_assignments_unit",
                        (Assignments::Table, Assignments::UnitId),
                        (Units::Table, Units::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_assignments_opd",
                        (Assignments::Table, Assignments::OpdId),
                        (Opds::Table, Opds::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_assignments_pic",
                        (Assignments::Table, Assignments::PicUserId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_assignments_answered_by",
                        (Assignments::Table, Assignments::AnsweredBy),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_assignments_cycle_unit_indicator")
                    .table(Assignments::Table)
                    .col(Assignments::CycleId)
                    .col(Assignments::UnitId)
                    .col(Assignments::IndicatorCode)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_assignments_pic")
                    .table(Assignments::Table)
                    .col(Assignments::PicUserId)
                    .col(Assignments::DueOn)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CycleEvents::Table)
                    .col(uuid(CycleEvents::Id).primary_key())
                    .col(uuid(CycleEvents::TenantId))
                    .col(uuid(CycleEvents::CycleId))
                    .col(uuid_null(CycleEvents::PackageId))
                    .col(uuid_null(CycleEvents::AssignmentId))
                    .col(uuid_null(CycleEvents::ActorUserId))
                    .col(timestamp_with_time_zone(CycleEvents::At))
                    .col(string_len(CycleEvents::Kind, 32))
                    .col(string_len_null(CycleEvents::FromStatus, 24))
                    .col(string_len_null(CycleEvents::ToStatus, 24))
                    .col(text_null(CycleEvents::Note))
                    .foreign_key(&mut fk(
                        "fk_cycle_events_cycle",
                        (CycleEvents::Table, CycleEvents::CycleId),
                        (Cycles::Table, Cycles::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_cycle_events_actor",
                        (CycleEvents::Table, CycleEvents::ActorUserId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_cycle_events_assignment")
                    .table(CycleEvents::Table)
                    .col(CycleEvents::AssignmentId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_cycle_events_package")
                    .table(CycleEvents::Table)
                    .col(CycleEvents::PackageId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CycleEvents::Table.into_iden(),
            Assignments::Table.into_iden(),
            WorkPackages::Table.into_iden(),
            CycleUnits::Table.into_iden(),
            Cycles::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
