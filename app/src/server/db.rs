//! Opening the database: SQLite (embedded default) or PostgreSQL, chosen by the URL scheme.

use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::sqlx::ConnectOptions as _;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqlxSqliteConnector, TransactionTrait,
};
use std::str::FromStr;
use std::time::Duration;

/// How long a SQLite writer waits for a lock before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Rows a SQLite connection's thread may read ahead of the request consuming them.
const SQLITE_ROW_CHANNEL: usize = 4096;

/// Connects to `url`. SQLite files are created when missing and opened in WAL mode with a busy
/// timeout and foreign keys on; PostgreSQL uses a bounded pool.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    if url.starts_with("sqlite:") {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| DbErr::Custom(format!("invalid SQLite URL: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(SQLITE_BUSY_TIMEOUT)
            .foreign_keys(true)
            // Each connection runs on its own thread and hands rows to the async side through a
            // channel of this many rows; at sqlx's default of 50 a page reading a few hundred
            // rows made the two threads wake each other for every row once the channel filled
            // (futex wake-ups dominated the server's profile under load).
            .row_buffer_size(SQLITE_ROW_CHANNEL)
            .disable_statement_logging();
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // sqlx pings a pooled connection before handing it out by default: for an embedded
            // file that only added a round trip to the connection's thread per query (6 % of
            // the server's CPU under load). A broken SQLite connection fails its query anyway.
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e)))?;
        Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
    } else {
        let mut options = ConnectOptions::new(url);
        options
            .max_connections(20)
            .min_connections(1)
            .connect_timeout(Duration::from_secs(5))
            .sqlx_logging(false);
        Database::connect(options).await
    }
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    use migration::MigratorTrait;
    migration::Migrator::up(db, None).await
}

/// Whether the database answers a trivial query (for `/healthz`).
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}

/// Starts a transaction that is going to write.
///
/// On SQLite a plain `BEGIN` is deferred: the transaction reads first under a snapshot, and when
/// it then writes while another connection wrote meanwhile, SQLite fails it at once with
/// "database is locked" (`SQLITE_BUSY_SNAPSHOT`) instead of waiting, because waiting could
/// deadlock. Under concurrent saves that failed most of them. Taking the write lock first, as
/// `BEGIN IMMEDIATE` does, makes writers queue on the busy timeout instead. sea-orm always
/// issues a plain `BEGIN`, so the first statement is a write that changes nothing (SQLite
/// takes the write lock when a writing statement starts, whatever it matches). PostgreSQL
/// needs none of this.
pub async fn begin(db: &impl TransactionTrait) -> Result<DatabaseTransaction, DbErr> {
    let txn = db.begin().await?;
    if txn.get_database_backend() == DbBackend::Sqlite {
        txn.execute_unprepared("UPDATE job_runs SET runs = runs WHERE 0 = 1")
            .await?;
    }
    Ok(txn)
}
