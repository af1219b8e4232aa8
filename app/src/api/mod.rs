//! Server functions: thin adapters that resolve the caller, call one service and map its error.
//! The types here cross the network, so they are compiled for the server and the browser.

pub mod admin;
pub mod auth;
pub mod cycles;
pub mod dashboard;
pub mod error;
pub mod evidence;
pub mod instruments;
pub mod org;
pub mod people;
pub mod review;
pub mod skm;
pub mod two_factor;

pub use error::ApiError;

/// Resolving the caller: the only way server functions reach a scope.
#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::ApiError;
    use crate::server::entities::user;
    use crate::server::scope::{operator_scope, tenant_scope, OperatorScope, TenantScope};
    use crate::server::state::AppState;
    use leptos::prelude::use_context;

    #[derive(Debug, thiserror::Error)]
    #[error("AppState missing from the Leptos context")]
    struct MissingState;

    /// The shared state.
    pub fn state() -> Result<AppState, ApiError> {
        use_context::<AppState>().ok_or_else(|| ApiError::internal(MissingState))
    }

    /// The signed-in user, or [`ApiError::Unauthenticated`].
    pub async fn user() -> Result<(AppState, user::Model), ApiError> {
        let state = state()?;
        let user = crate::server::access::session_user(&state)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        Ok((state, user))
    }

    /// The caller's scope in the tenant with `slug`.
    pub async fn tenant(slug: &str) -> Result<(AppState, TenantScope), ApiError> {
        let (state, user) = user().await?;
        let scope = tenant_scope(&state, &user, slug).await?;
        Ok((state, scope))
    }

    /// An uploaded form: its text fields and the bytes of its one file field.
    pub struct Upload {
        /// Text fields by name.
        pub text: std::collections::HashMap<String, String>,
        /// The file's bytes (empty when none was sent).
        pub file: Vec<u8>,
    }

    /// Reads a multipart form, keeping the text fields and the file field `file_field`. Reading
    /// stops with a field error as soon as the file passes `max` bytes: memory stays bounded.
    pub async fn read_upload(
        data: leptos::server_fn::codec::MultipartData,
        file_field: &str,
        max: usize,
    ) -> Result<Upload, ApiError> {
        use crate::domain::account::FieldProblem;
        fn request(e: impl std::fmt::Display) -> ApiError {
            ApiError::Request(e.to_string())
        }
        let mut data = data
            .into_inner()
            .ok_or_else(|| ApiError::Request("no form data".to_owned()))?;
        let mut upload = Upload {
            text: std::collections::HashMap::new(),
            file: Vec::new(),
        };
        while let Some(mut field) = data.next_field().await.map_err(request)? {
            let name = field.name().unwrap_or_default().to_owned();
            if name == file_field {
                while let Some(chunk) = field.chunk().await.map_err(request)? {
                    upload.file.extend_from_slice(&chunk);
                    if upload.file.len() > max {
                        return Err(ApiError::Field {
                            field: file_field.to_owned(),
                            problem: FieldProblem::TooLong,
                        });
                    }
                }
            } else {
                let value = field.text().await.map_err(request)?;
                upload.text.insert(name, value);
            }
        }
        Ok(upload)
    }

    /// The caller as platform operator.
    pub async fn operator() -> Result<(AppState, OperatorScope), ApiError> {
        let (state, user) = user().await?;
        let scope = operator_scope(&user)?;
        Ok((state, scope))
    }
}
