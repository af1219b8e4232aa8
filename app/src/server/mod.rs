//! Server-only code: database access, services, authentication, sessions. Compiled with the
//! `ssr` feature only; never reaches the browser bundle.

pub mod access;
pub mod accounts;
pub mod audit;
pub mod auth;
pub mod db;
pub mod demo;
pub mod entities;
pub mod error;
pub mod request;
pub mod session_store;
pub mod state;
