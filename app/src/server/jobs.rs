//! Background jobs that must run once per round however many server instances share the
//! database (sessions sweep, reminders, digests, evidence sweep).
//!
//! Every instance ticks; a tick runs the job only when it wins the round's claim: one
//! conditional `UPDATE job_runs SET due_at = now + period … WHERE name = ? AND due_at <= now`.
//! The database applies that statement atomically (a row lock on PostgreSQL, the single writer
//! on SQLite), so exactly one instance sees one affected row and the others see none. A crashed
//! holder costs at most one round: the next round is due a period later regardless. This is a
//! lease, not a lock held for the job's duration, so a job must itself be safe to overlap with
//! its next round (every job here is: each writes its effects with their own idempotency keys).

use super::entities::job_run;
use super::error::ServiceResult;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::time::Duration;

/// A name for this process in `job_runs.holder`: host and process id, so an operator can tell
/// which instance ran a round.
pub fn instance_name() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| h.trim().to_owned())
        })
        .unwrap_or_else(|| "localhost".to_owned());
    format!("{host}:{}", std::process::id())
}

/// Claims the round of `job` that is due at `now`, for `holder`. Returns whether this caller
/// won it (and must run the job); at most one caller wins a round.
pub async fn claim(
    db: &impl ConnectionTrait,
    job: &str,
    period: Duration,
    holder: &str,
    now: DateTime<Utc>,
) -> ServiceResult<bool> {
    // The row exists from the first tick of the first instance on (a conflict means another
    // instance made it first).
    job_run::Entity::insert(job_run::ActiveModel {
        name: Set(job.to_owned()),
        due_at: Set(now),
        holder: Set(None),
        started_at: Set(None),
        finished_at: Set(None),
        runs: Set(0),
    })
    .on_conflict(
        OnConflict::column(job_run::Column::Name)
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec_without_returning(db)
    .await?;
    let next = now + chrono::Duration::from_std(period).unwrap_or(chrono::Duration::minutes(10));
    let won = job_run::Entity::update_many()
        .col_expr(job_run::Column::DueAt, Expr::value(next))
        .col_expr(job_run::Column::Holder, Expr::value(holder.to_owned()))
        .col_expr(job_run::Column::StartedAt, Expr::value(now))
        .col_expr(
            job_run::Column::FinishedAt,
            Expr::value(None::<DateTime<Utc>>),
        )
        .col_expr(
            job_run::Column::Runs,
            Expr::col(job_run::Column::Runs).add(1),
        )
        .filter(job_run::Column::Name.eq(job))
        .filter(job_run::Column::DueAt.lte(now))
        .exec(db)
        .await?
        .rows_affected
        == 1;
    Ok(won)
}

/// Records that `holder` finished its round of `job`.
pub async fn finish(db: &impl ConnectionTrait, job: &str, holder: &str) -> ServiceResult<()> {
    job_run::Entity::update_many()
        .col_expr(job_run::Column::FinishedAt, Expr::value(Utc::now()))
        .filter(job_run::Column::Name.eq(job))
        .filter(job_run::Column::Holder.eq(holder))
        .exec(db)
        .await?;
    Ok(())
}
