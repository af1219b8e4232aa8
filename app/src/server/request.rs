//! Facts about the current request that services record: client address and request id.

use http::request::Parts;
use leptos::prelude::use_context;

/// The request id header set by the server's middleware.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Who is asking, as far as the network tells.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    /// The client's address (peer address of the connection).
    pub address: String,
    /// The request id (also in the response's `x-request-id` header and in the logs).
    pub request_id: String,
}

/// The client address the server's middleware put into the request extensions.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

impl RequestMeta {
    /// Reads the current request's metadata from the Leptos context.
    pub fn current() -> Self {
        let Some(parts) = use_context::<Parts>() else {
            return Self::default();
        };
        Self::from_parts(&parts)
    }

    /// Reads the metadata from request parts.
    pub fn from_parts(parts: &Parts) -> Self {
        let request_id = parts
            .headers
            .get(REQUEST_ID_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-")
            .to_owned();
        let address = parts
            .extensions
            .get::<ClientAddress>()
            .map(|a| a.0.clone())
            .unwrap_or_else(|| "unknown".to_owned());
        Self {
            address,
            request_id,
        }
    }
}
