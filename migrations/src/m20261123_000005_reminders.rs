//! Reminder emails: one row per person and day a reminder went out. The primary key is the
//! guarantee that nobody gets two in a day, whatever restarts or instances there are.

use sea_orm_migration::{prelude::*, schema::*};

/// Creates `reminders_sent`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RemindersSent {
    Table,
    UserId,
    Day,
    Items,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RemindersSent::Table)
                    .col(uuid(RemindersSent::UserId))
                    .col(date(RemindersSent::Day))
                    .col(integer(RemindersSent::Items))
                    .col(timestamp_with_time_zone(RemindersSent::SentAt))
                    .primary_key(
                        Index::create()
                            .col(RemindersSent::UserId)
                            .col(RemindersSent::Day),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reminders_sent_user")
                            .from(RemindersSent::Table, RemindersSent::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RemindersSent::Table).to_owned())
            .await
    }
}
