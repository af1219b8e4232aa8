//! Routes: one module per page or area.

pub mod account;
pub mod admin;
pub mod home;
pub mod mentor;
pub mod not_found;
pub mod notices;
pub mod regional;
pub mod sign_in;
pub mod tenant;
pub mod two_factor;
