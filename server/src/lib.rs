//! The Patuh server: configuration, command line, router and middleware. Business rules live in
//! the `app` crate; this crate wires them to HTTP.

pub mod cli;
pub mod config;
pub mod evidence;
pub mod exports;
pub mod instrument_cli;
pub mod live;
pub mod pages;
pub mod security;
pub mod skm_cli;
pub mod startup;
pub mod survey;
pub mod telemetry;
