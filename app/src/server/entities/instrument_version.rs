//! The `instrument_versions` table.
use sea_orm::entity::prelude::*;

/// One row of `instrument_versions`: a version's canonical YAML document and its life cycle.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "instrument_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub instrument_id: Uuid,
    /// The version label, e.g. `2023`.
    pub version: String,
    /// `draft` (editable) or `published` (frozen).
    pub status: String,
    /// Loaded from the built-in library at start-up.
    pub builtin: bool,
    /// Compiled from public sources, to be checked against the official instrument.
    pub public_sources: bool,
    pub indicator_count: i32,
    /// The canonical YAML document (validated before every write).
    pub document: String,
    /// Bumped by every change, for refusing stale edits.
    pub revision: i32,
    pub copied_from: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub created_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
    pub published_at: Option<DateTimeUtc>,
    pub published_by: Option<Uuid>,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
