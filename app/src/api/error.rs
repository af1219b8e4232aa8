//! The error every server function returns; typed so each message reaches the right form field
//! and is worded by the page in the reader's language.

use crate::domain::account::FieldProblem;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What went wrong, as the browser sees it. Never carries SQL, paths or stack traces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
    /// No session, or it expired.
    #[error("not signed in")]
    Unauthenticated,
    /// Signed in, but not allowed.
    #[error("forbidden")]
    Forbidden,
    /// Does not exist, or not for this caller (the two are not distinguished).
    #[error("not found")]
    NotFound,
    /// Wrong email or password (deliberately one message for both).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Too many failed attempts.
    #[error("throttled for {retry_after_minutes} min")]
    Throttled {
        /// Whole minutes to wait.
        retry_after_minutes: u32,
    },
    /// A form field was refused.
    #[error("field {field}: {problem:?}")]
    Field {
        /// The field's `name`.
        field: String,
        /// What is wrong.
        problem: FieldProblem,
    },
    /// A unique value is already in use.
    #[error("field {field} is taken")]
    Taken {
        /// The field's `name`.
        field: String,
    },
    /// The pemda is suspended.
    #[error("tenant suspended")]
    TenantSuspended,
    /// The invitation or reset link is unknown, used or expired.
    #[error("link invalid")]
    LinkInvalid,
    /// The tenant would be left without an active coordinator.
    #[error("last coordinator")]
    LastCoordinator,
    /// The current password is wrong.
    #[error("wrong current password")]
    WrongCurrentPassword,
    /// An import file has problems; nothing was imported.
    #[error("import refused")]
    Import {
        /// Every problem found (capped for the answer's size).
        problems: Vec<crate::domain::org::ImportProblem>,
        /// How many there were in all.
        total: usize,
    },
    /// The record changed since it was loaded.
    #[error("stale")]
    Stale,
    /// The record changed since it was loaded: by whom and when.
    #[error("changed by {by:?} at {at}")]
    ChangedBy {
        /// Their name, if a person.
        by: Option<String>,
        /// When (RFC 3339).
        at: String,
    },
    /// The record is frozen (a published instrument version, a closed cycle, a submitted
    /// package).
    #[error("frozen")]
    Frozen,
    /// Answers cannot change now (cycle not active, package submitted or accepted).
    #[error("locked")]
    Locked,
    /// A submission with unanswered items.
    #[error("incomplete")]
    Incomplete {
        /// Indicator codes of the unanswered items.
        missing: Vec<String>,
    },
    /// An instrument file has problems; nothing was stored.
    #[error("instrument refused")]
    Instrument {
        /// The problems (capped for the answer's size).
        problems: Vec<crate::api::instruments::InstrumentProblem>,
        /// How many there were in all.
        total: usize,
    },
    /// An upload or link was refused; nothing was kept.
    #[error("evidence refused: {0:?}")]
    Evidence(crate::domain::evidence::EvidenceProblem),
    /// A review action or comment change was refused.
    #[error("review refused: {0:?}")]
    Review(crate::domain::review::ReviewProblem),
    /// Our fault; the cause is in the server log under this request id.
    #[error("internal error (request {request_id})")]
    Internal {
        /// The request id to quote to support.
        request_id: String,
    },
    /// The request did not reach the server function or its answer did not come back.
    #[error("request failed: {0}")]
    Request(String),
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        ApiError::Request(value.to_string())
    }
}

impl ApiError {
    /// The field this error belongs to, if it is a field error.
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::Field { field, .. } | ApiError::Taken { field } => Some(field),
            _ => None,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::server::error::ServiceError> for ApiError {
    fn from(err: crate::server::error::ServiceError) -> Self {
        use crate::server::error::ServiceError as S;
        match err {
            S::InvalidCredentials => ApiError::InvalidCredentials,
            S::Throttled {
                retry_after_minutes,
            } => ApiError::Throttled {
                retry_after_minutes,
            },
            S::Field { field, problem } => ApiError::Field {
                field: field.to_owned(),
                problem,
            },
            S::Taken { field } => ApiError::Taken {
                field: field.to_owned(),
            },
            S::NotFound => ApiError::NotFound,
            S::Forbidden => ApiError::Forbidden,
            S::TenantSuspended => ApiError::TenantSuspended,
            S::LinkInvalid => ApiError::LinkInvalid,
            S::LastCoordinator => ApiError::LastCoordinator,
            S::WrongCurrentPassword => ApiError::WrongCurrentPassword,
            S::Stale => ApiError::Stale,
            S::ChangedBy { by, at } => ApiError::ChangedBy { by, at },
            S::Frozen => ApiError::Frozen,
            S::Evidence(problem) => ApiError::Evidence(problem),
            S::Review(problem) => ApiError::Review(problem),
            S::Locked => ApiError::Locked,
            S::Incomplete(missing) => ApiError::Incomplete { missing },
            S::Instrument(problems) => {
                let total = problems.len();
                ApiError::Instrument {
                    problems: problems.into_iter().take(50).collect(),
                    total,
                }
            }
            S::Import(problems) => {
                let total = problems.len();
                // Enough to fix the file; the URL of a no-JavaScript redirect stays short.
                ApiError::Import {
                    problems: problems.into_iter().take(50).collect(),
                    total,
                }
            }
            other => ApiError::internal(other),
        }
    }
}

#[cfg(feature = "ssr")]
impl ApiError {
    /// The HTTP status that says the same thing.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode as S;
        match self {
            ApiError::Unauthenticated | ApiError::InvalidCredentials => S::UNAUTHORIZED,
            ApiError::Forbidden => S::FORBIDDEN,
            ApiError::NotFound => S::NOT_FOUND,
            ApiError::Throttled { .. } => S::TOO_MANY_REQUESTS,
            ApiError::Field { .. }
            | ApiError::Taken { .. }
            | ApiError::Import { .. }
            | ApiError::Instrument { .. }
            | ApiError::Incomplete { .. }
            | ApiError::WrongCurrentPassword => S::UNPROCESSABLE_ENTITY,
            ApiError::TenantSuspended => S::FORBIDDEN,
            ApiError::LinkInvalid => S::GONE,
            ApiError::LastCoordinator
            | ApiError::Stale
            | ApiError::ChangedBy { .. }
            | ApiError::Frozen
            | ApiError::Locked => S::CONFLICT,
            ApiError::Evidence(problem) => {
                use crate::domain::evidence::EvidenceProblem as P;
                match problem {
                    P::TooLarge { .. } | P::Quota { .. } => S::PAYLOAD_TOO_LARGE,
                    P::Duplicate { .. } => S::CONFLICT,
                    P::Interrupted => S::BAD_REQUEST,
                    _ => S::UNPROCESSABLE_ENTITY,
                }
            }
            ApiError::Review(problem) => {
                use crate::domain::review::ReviewProblem as P;
                match problem {
                    P::NotMentor | P::NotAuthor => S::FORBIDDEN,
                    _ => S::CONFLICT,
                }
            }
            ApiError::Request(_) => S::BAD_REQUEST,
            ApiError::Internal { .. } => S::INTERNAL_SERVER_ERROR,
        }
    }

    /// Logs `err` with its cause chain and the request id, and returns the plain answer.
    pub fn internal(err: impl std::error::Error) -> Self {
        let meta = crate::server::request::RequestMeta::current();
        let mut chain = err.to_string();
        let mut source = err.source();
        while let Some(cause) = source {
            chain.push_str(": ");
            chain.push_str(&cause.to_string());
            source = cause.source();
        }
        tracing::error!(request_id = %meta.request_id, error = %chain, "server function failed");
        ApiError::Internal {
            request_id: meta.request_id,
        }
    }
}

impl From<ServerFnErrorErr> for ApiError {
    fn from(value: ServerFnErrorErr) -> Self {
        ApiError::from_server_fn_error(value)
    }
}

/// Gives a server function's error response the HTTP status that matches the error, so an
/// expected refusal (wrong password: 401) is not reported as a server failure (500). A plain
/// (no-JavaScript) form post keeps the redirect back to its page that carries the error.
#[cfg(feature = "ssr")]
pub fn finish<T>(result: Result<T, ApiError>) -> Result<T, ApiError> {
    use leptos::prelude::use_context;
    if let Err(err) = &result {
        let plain_form = use_context::<http::request::Parts>()
            .and_then(|p| {
                p.headers
                    .get(http::header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .map(|v| v.contains("text/html"))
            })
            .unwrap_or(false);
        if !plain_form {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(err.status());
            }
        }
    }
    result
}
