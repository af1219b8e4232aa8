//! Reusable pieces of the interface.

pub mod chart;
pub mod error_text;
pub mod layout;
pub mod ui;
