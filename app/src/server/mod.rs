//! Server-only code: database access, services, authentication, sessions. Compiled with the
//! `ssr` feature only; never reaches the browser bundle.

pub mod access;
pub mod accounts;
pub mod audit;
pub mod auth;
pub mod cycles;
pub mod dashboard;
pub mod db;
pub mod demo;
pub mod entities;
pub mod error;
pub mod evidence;
pub mod gaps;
pub mod instrument_sheet;
pub mod instruments;
pub mod jobs;
pub mod live;
pub mod mail;
pub mod memo;
pub mod notify;
pub mod org;
pub mod people;
pub mod platform;
pub mod reminders;
pub mod report;
pub mod request;
pub mod review;
pub mod scale;
pub mod scope;
pub mod session_store;
pub mod sheets;
pub mod skm;
pub mod skm_poster;
pub mod state;
pub mod storage;
pub mod tokens;
