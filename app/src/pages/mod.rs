//! Routes: one module per page or area.

pub mod account;
pub mod admin;
pub mod home;
pub mod not_found;
pub mod sign_in;
pub mod tenant;
