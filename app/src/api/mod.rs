//! Server functions: thin adapters that resolve the caller, call one service and map its error.
//! The types here cross the network, so they are compiled for the server and the browser.

pub mod auth;
pub mod error;

pub use error::ApiError;
