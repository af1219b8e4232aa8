//! sea-orm entities, one module per table. Models that hold secrets (password hashes) do not
//! derive `Serialize`, so they cannot leak into a response by accident.

pub mod assignment;
pub mod audit_log;
pub mod comment;
pub mod comment_edit;
pub mod cycle;
pub mod cycle_event;
pub mod cycle_unit;
pub mod evidence;
pub mod evidence_revision;
pub mod instrument;
pub mod instrument_version;
pub mod invitation;
pub mod login_attempt;
pub mod membership;
pub mod mentor_office;
pub mod notification;
pub mod office_grant;
pub mod office_member;
pub mod official_result;
pub mod opd;
pub mod outbox;
pub mod password_reset;
pub mod reason_template;
pub mod reminder_sent;
pub mod review;
pub mod service;
pub mod session;
pub mod tenant;
pub mod tenant_logo;
pub mod unit;
pub mod user;
pub mod work_package;
