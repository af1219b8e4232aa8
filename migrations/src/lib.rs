//! Database migrations for Patuh, one file per change.
//!
//! Every migration is written with sea-query's schema builder so the same code runs on SQLite
//! (the embedded default) and PostgreSQL (production). Timestamps are stored with time zone,
//! ids that appear in URLs are UUIDs (v7: time-ordered for index locality, not guessable).

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_foundation;
mod m20261122_000002_organisation_people;
mod m20261123_000003_instruments;
mod m20261123_000004_cycles;
mod m20261123_000005_reminders;
mod m20261124_000006_evidence;
mod m20261125_000007_review;
mod m20261126_000008_official_results;
mod m20261202_000009_skm;
mod m20261202_000010_jobs;
mod m20261203_000011_evidence_cycle_index;
mod m20261205_000012_two_factor;
mod m20261205_000013_tenant_time_zone;

/// The ordered list of migrations applied at start-up and by `patuh migrate`.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_foundation::Migration),
            Box::new(m20261122_000002_organisation_people::Migration),
            Box::new(m20261123_000003_instruments::Migration),
            Box::new(m20261123_000004_cycles::Migration),
            Box::new(m20261123_000005_reminders::Migration),
            Box::new(m20261124_000006_evidence::Migration),
            Box::new(m20261125_000007_review::Migration),
            Box::new(m20261126_000008_official_results::Migration),
            Box::new(m20261202_000009_skm::Migration),
            Box::new(m20261202_000010_jobs::Migration),
            Box::new(m20261203_000011_evidence_cycle_index::Migration),
            Box::new(m20261205_000012_two_factor::Migration),
            Box::new(m20261205_000013_tenant_time_zone::Migration),
        ]
    }
}
