//! Turns an [`ApiError`] into a sentence in the reader's language.

use crate::api::ApiError;
use crate::domain::account::FieldProblem;
use crate::i18n::*;
use leptos::prelude::*;

/// The message for `err`, in the current language.
#[component]
pub fn ErrorText(err: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    match err {
        ApiError::InvalidCredentials => t!(i18n, err_invalid_credentials).into_any(),
        ApiError::Throttled {
            retry_after_minutes,
        } => t!(i18n, err_throttled, minutes = move || retry_after_minutes).into_any(),
        ApiError::Unauthenticated => t!(i18n, err_unauthenticated).into_any(),
        ApiError::Forbidden => t!(i18n, err_forbidden).into_any(),
        ApiError::NotFound => t!(i18n, err_not_found).into_any(),
        ApiError::Field { problem, .. } => match problem {
            FieldProblem::Required => t!(i18n, err_field_required).into_any(),
            FieldProblem::TooLong => t!(i18n, err_field_too_long).into_any(),
            FieldProblem::TooShort | FieldProblem::Invalid => {
                t!(i18n, err_field_invalid).into_any()
            }
        },
        ApiError::Taken { .. } => t!(i18n, err_field_invalid).into_any(),
        ApiError::Internal { request_id } => {
            t!(i18n, err_internal, request_id = move || request_id.clone()).into_any()
        }
        ApiError::Request(_) => t!(i18n, err_network).into_any(),
    }
}
