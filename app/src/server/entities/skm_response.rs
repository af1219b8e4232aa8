//! The `skm_responses` table.
use sea_orm::entity::prelude::*;

/// One respondent's answers and profile.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "skm_responses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub period_id: Uuid,
    /// One digit 1–4 per unsur.
    pub answers: String,
    pub age: Option<i32>,
    pub sex: Option<String>,
    pub education: Option<String>,
    pub occupation: Option<String>,
    pub service: Option<String>,
    pub suggestion: Option<String>,
    /// `daring` (the public form) or `kertas` (typed in or imported).
    pub source: String,
    /// The form's one-time token (online responses).
    pub token: Option<String>,
    /// SHA-256 of what the respondent chose and wrote.
    pub fingerprint: Option<String>,
    /// SHA-256 of the client address with the day (never the address itself).
    pub address_hash: Option<String>,
    pub submitted_at: DateTimeUtc,
    /// Who typed in or imported a paper response.
    pub entered_by: Option<Uuid>,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
