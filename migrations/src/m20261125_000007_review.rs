//! Mentor review: one review state per answer (with the verified score), the reason templates of
//! each Ombudsman office, comment threads with their edit history, the notification centre and
//! each person's e-mail preference for it.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates `reviews`, `reason_templates`, `comments`, `comment_edits`, `notifications` and
/// `users.notify_email`.
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
enum Evidence {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    NotifyEmail,
}

#[derive(DeriveIden)]
enum MentorOffices {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Reviews {
    Table,
    AssignmentId,
    TenantId,
    CycleId,
    Status,
    Reason,
    VerifiedAnswer,
    Justification,
    ReviewerId,
    ReviewedAt,
    QueuedAt,
    Revision,
}

#[derive(DeriveIden)]
enum ReasonTemplates {
    Table,
    Id,
    OfficeId,
    Text,
    CreatedBy,
    CreatedAt,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    TenantId,
    CycleId,
    AssignmentId,
    EvidenceId,
    ParentId,
    AuthorId,
    Body,
    Internal,
    CreatedAt,
    EditedAt,
    Revision,
}

#[derive(DeriveIden)]
enum CommentEdits {
    Table,
    Id,
    CommentId,
    Body,
    EditedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    TenantId,
    AssignmentId,
    CommentId,
    ActorId,
    Kind,
    Summary,
    CreatedAt,
    ReadAt,
    EmailedAt,
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

fn index(
    name: &str,
    table: impl IntoIden + 'static,
    cols: &[&'static str],
) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(Alias::new(*c));
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        manager
            .create_table(
                Table::create()
                    .table(Reviews::Table)
                    .col(uuid(Reviews::AssignmentId).primary_key())
                    .col(uuid(Reviews::TenantId))
                    .col(uuid(Reviews::CycleId))
                    .col(string_len(Reviews::Status, 24))
                    .col(text_null(Reviews::Reason))
                    .col(text_null(Reviews::VerifiedAnswer))
                    .col(text_null(Reviews::Justification))
                    .col(uuid_null(Reviews::ReviewerId))
                    .col(timestamp_with_time_zone_null(Reviews::ReviewedAt))
                    .col(timestamp_with_time_zone(Reviews::QueuedAt))
                    .col(integer(Reviews::Revision).default(1))
                    .foreign_key(&mut fk(
                        "fk_reviews_assignment",
                        (Reviews::Table, Reviews::AssignmentId),
                        (Assignments::Table, Assignments::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_reviews_tenant",
                        (Reviews::Table, Reviews::TenantId),
                        (Tenants::Table, Tenants::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_reviews_cycle",
                        (Reviews::Table, Reviews::CycleId),
                        (Cycles::Table, Cycles::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_reviews_reviewer",
                        (Reviews::Table, Reviews::ReviewerId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_reviews_cycle_status",
                Reviews::Table,
                &["cycle_id", "status"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ReasonTemplates::Table)
                    .col(uuid(ReasonTemplates::Id).primary_key())
                    .col(uuid(ReasonTemplates::OfficeId))
                    .col(string_len(ReasonTemplates::Text, 500))
                    .col(uuid_null(ReasonTemplates::CreatedBy))
                    .col(timestamp_with_time_zone(ReasonTemplates::CreatedAt))
                    .col(timestamp_with_time_zone_null(ReasonTemplates::ArchivedAt))
                    .foreign_key(&mut fk(
                        "fk_reason_templates_office",
                        (ReasonTemplates::Table, ReasonTemplates::OfficeId),
                        (MentorOffices::Table, MentorOffices::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_reason_templates_created_by",
                        (ReasonTemplates::Table, ReasonTemplates::CreatedBy),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_reason_templates_office",
                ReasonTemplates::Table,
                &["office_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Comments::Table)
                    .col(uuid(Comments::Id).primary_key())
                    .col(uuid(Comments::TenantId))
                    .col(uuid(Comments::CycleId))
                    .col(uuid(Comments::AssignmentId))
                    .col(uuid_null(Comments::EvidenceId))
                    .col(uuid_null(Comments::ParentId))
                    .col(uuid_null(Comments::AuthorId))
                    .col(text(Comments::Body))
                    .col(boolean(Comments::Internal).default(false))
                    .col(timestamp_with_time_zone(Comments::CreatedAt))
                    .col(timestamp_with_time_zone_null(Comments::EditedAt))
                    .col(integer(Comments::Revision).default(1))
                    .foreign_key(&mut fk(
                        "fk_comments_tenant",
                        (Comments::Table, Comments::TenantId),
                        (Tenants::Table, Tenants::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_comments_cycle",
                        (Comments::Table, Comments::CycleId),
                        (Cycles::Table, Cycles::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_comments_assignment",
                        (Comments::Table, Comments::AssignmentId),
                        (Assignments::Table, Assignments::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_comments_evidence",
                        (Comments::Table, Comments::EvidenceId),
                        (Evidence::Table, Evidence::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_comments_parent",
                        (Comments::Table, Comments::ParentId),
                        (Comments::Table, Comments::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_comments_author",
                        (Comments::Table, Comments::AuthorId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_comments_assignment",
                Comments::Table,
                &["assignment_id", "created_at"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CommentEdits::Table)
                    .col(uuid(CommentEdits::Id).primary_key())
                    .col(uuid(CommentEdits::CommentId))
                    .col(text(CommentEdits::Body))
                    .col(timestamp_with_time_zone(CommentEdits::EditedAt))
                    .foreign_key(&mut fk(
                        "fk_comment_edits_comment",
                        (CommentEdits::Table, CommentEdits::CommentId),
                        (Comments::Table, Comments::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_comment_edits_comment",
                CommentEdits::Table,
                &["comment_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(uuid(Notifications::Id).primary_key())
                    .col(uuid(Notifications::UserId))
                    .col(uuid(Notifications::TenantId))
                    .col(uuid_null(Notifications::AssignmentId))
                    .col(uuid_null(Notifications::CommentId))
                    .col(uuid_null(Notifications::ActorId))
                    .col(string_len(Notifications::Kind, 32))
                    .col(string_len(Notifications::Summary, 500))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .col(timestamp_with_time_zone_null(Notifications::EmailedAt))
                    .foreign_key(&mut fk(
                        "fk_notifications_user",
                        (Notifications::Table, Notifications::UserId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_notifications_tenant",
                        (Notifications::Table, Notifications::TenantId),
                        (Tenants::Table, Tenants::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_notifications_assignment",
                        (Notifications::Table, Notifications::AssignmentId),
                        (Assignments::Table, Assignments::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_notifications_comment",
                        (Notifications::Table, Notifications::CommentId),
                        (Comments::Table, Comments::Id),
                        SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_notifications_actor",
                        (Notifications::Table, Notifications::ActorId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_notifications_user",
                Notifications::Table,
                &["user_id", "created_at"],
            ))
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(string_len(Users::NotifyEmail, 16).default("immediate"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Users::NotifyEmail)
                    .to_owned(),
            )
            .await?;
        for t in [
            Notifications::Table.into_iden(),
            CommentEdits::Table.into_iden(),
            Comments::Table.into_iden(),
            ReasonTemplates::Table.into_iden(),
            Reviews::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
