//! The service layer's error type.

use crate::domain::account::FieldProblem;

/// What a service can fail with. Server functions map it to [`crate::api::ApiError`].
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Unknown account, wrong password or disabled account: deliberately indistinguishable.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Too many recent failures for this account or address.
    #[error("too many failed attempts; retry in {retry_after_minutes} min")]
    Throttled {
        /// Whole minutes until an attempt is accepted again (at least 1).
        retry_after_minutes: u32,
    },
    /// A field of the input was refused.
    #[error("field `{field}`: {problem:?}")]
    Field {
        /// The form field's name.
        field: &'static str,
        /// What is wrong with it.
        problem: FieldProblem,
    },
    /// A unique value is already taken (email, slug, code).
    #[error("field `{field}` is already taken")]
    Taken {
        /// The form field's name.
        field: &'static str,
    },
    /// The thing does not exist, or not for this caller (another tenant's existence is never
    /// revealed).
    #[error("not found")]
    NotFound,
    /// The caller can see the tenant but lacks the permission.
    #[error("forbidden")]
    Forbidden,
    /// The tenant is suspended: its users cannot work in it.
    #[error("tenant suspended")]
    TenantSuspended,
    /// An invitation or reset link that is unknown, used, revoked or expired.
    #[error("link expired or used")]
    LinkInvalid,
    /// The change would leave the tenant without an active coordinator.
    #[error("last coordinator")]
    LastCoordinator,
    /// The current password given for a change was wrong.
    #[error("wrong current password")]
    WrongCurrentPassword,
    /// An import file has problems; nothing was imported.
    #[error("import refused: {} problem(s)", .0.len())]
    Import(Vec<crate::domain::org::ImportProblem>),
    /// Someone else changed the record since it was loaded.
    #[error("stale edit")]
    Stale,
    /// Someone else changed the record since it was loaded: who and when.
    #[error("changed by {by:?} at {at}")]
    ChangedBy {
        /// Their name, if a person.
        by: Option<String>,
        /// When, written as the pemda reads it (`5 Desember 2026 15.49 WITA`).
        at: String,
    },
    /// Answers cannot change now: the cycle is not active, or the package is submitted or
    /// accepted.
    #[error("locked")]
    Locked,
    /// A submission with unanswered items: their indicator codes.
    #[error("incomplete: {} item(s) unanswered", .0.len())]
    Incomplete(Vec<String>),
    /// The record is frozen (a published instrument version) and cannot change.
    #[error("frozen")]
    Frozen,
    /// An instrument file has problems; nothing was stored.
    #[error("instrument refused: {} problem(s)", .0.len())]
    Instrument(Vec<crate::api::instruments::InstrumentProblem>),
    /// An upload or link was refused; nothing was kept.
    #[error("evidence refused: {0:?}")]
    Evidence(crate::domain::evidence::EvidenceProblem),
    /// A review action or comment change was refused.
    #[error("review refused: {0:?}")]
    Review(crate::domain::review::ReviewProblem),
    /// The database failed.
    #[error("database error")]
    Db(#[from] sea_orm::DbErr),
    /// Anything else that is our fault.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Shorthand for service results.
pub type ServiceResult<T> = Result<T, ServiceError>;

/// Whether `err` is a unique-constraint violation: another request wrote the same key first.
pub fn is_unique_violation(err: &sea_orm::DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

impl ServiceError {
    /// For `map_err` on a write: a unique-constraint violation becomes `otherwise` (the same
    /// field error or refusal a check before the write gives, for the request that lost a race
    /// with an identical one), anything else a database error.
    pub fn on_unique(otherwise: ServiceError) -> impl FnOnce(sea_orm::DbErr) -> ServiceError {
        move |err| {
            if is_unique_violation(&err) {
                otherwise
            } else {
                ServiceError::Db(err)
            }
        }
    }

    /// [`ServiceError::on_unique`] as [`ServiceError::Taken`] on `field`.
    pub fn taken_on_unique(field: &'static str) -> impl FnOnce(sea_orm::DbErr) -> ServiceError {
        Self::on_unique(ServiceError::Taken { field })
    }
}
