//! Pure rules of the field: no Leptos, no database, no I/O. Compiled for the server and the
//! browser alike, so a page can check or preview before it saves.

pub mod account;
pub mod cycle;
pub mod evidence;
pub mod format;
pub mod instrument;
pub mod org;
pub mod review;
pub mod role;
pub mod skm;
pub mod two_factor;
pub mod zone;
