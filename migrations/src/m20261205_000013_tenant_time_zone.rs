//! Each pemda keeps its own time zone (`tenants.time_zone`, an IANA name such as
//! `Asia/Makassar`): deadlines, overdue items, digests and every time shown follow it.
//!
//! Existing pemda get the zone of their province. The province lists are written out here
//! rather than taken from the application, so this migration stays what it was when it ran.

use sea_orm_migration::prelude::*;

/// Adds `tenants.time_zone` and fills it from the province.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tenants {
    Table,
    TimeZone,
    Province,
}

/// Words of province names in WITA and in WIT; every other province keeps WIB.
const WITA: &[&str] = &[
    "bali",
    "nusa tenggara",
    "ntb",
    "ntt",
    "kalimantan selatan",
    "kalimantan timur",
    "kalimantan utara",
    "kalsel",
    "kaltim",
    "kaltara",
    "sulawesi",
    "gorontalo",
];
const WIT: &[&str] = &["maluku", "papua"];

fn province_like(words: &[&str]) -> Condition {
    words.iter().fold(Condition::any(), |c, w| {
        c.add(Expr::expr(Func::lower(Expr::col(Tenants::Province))).like(format!("%{w}%")))
    })
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Tenants::Table)
                    .add_column(
                        ColumnDef::new(Tenants::TimeZone)
                            .string_len(64)
                            .not_null()
                            .default("Asia/Jakarta"),
                    )
                    .to_owned(),
            )
            .await?;
        for (zone, words) in [("Asia/Makassar", WITA), ("Asia/Jayapura", WIT)] {
            manager
                .exec_stmt(
                    Query::update()
                        .table(Tenants::Table)
                        .value(Tenants::TimeZone, zone)
                        .cond_where(province_like(words))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Tenants::Table)
                    .drop_column(Tenants::TimeZone)
                    .to_owned(),
            )
            .await
    }
}
