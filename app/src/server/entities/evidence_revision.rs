//! The `evidence_revisions` table.
use sea_orm::entity::prelude::*;

/// One row of `evidence_revisions`: one version of a document. Written only after its bytes
/// are stored. The id is random and is what download addresses carry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evidence_revisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub evidence_id: Uuid,
    pub tenant_id: Uuid,
    pub assignment_id: Uuid,
    /// 1, 2, … within the document.
    pub number: i32,
    /// Where the bytes are in the object store (files only); kept after purging for the record.
    pub storage_key: Option<String>,
    /// The address (links only).
    pub url: Option<String>,
    /// The cleaned name as uploaded (files) or the title (links).
    pub name: String,
    /// The type found in the content (files only).
    pub content_type: Option<String>,
    pub size_bytes: i64,
    /// SHA-256 of the bytes (files) or of the address (links), hex.
    pub sha256: String,
    /// When the document was signed or became valid.
    pub effective_on: Date,
    /// When it stops being valid.
    pub expires_on: Option<Date>,
    pub note: Option<String>,
    pub uploaded_at: DateTimeUtc,
    pub uploaded_by: Option<Uuid>,
    pub deleted_at: Option<DateTimeUtc>,
    pub deleted_by: Option<Uuid>,
    /// When the bytes were removed for good after deletion.
    pub purged_at: Option<DateTimeUtc>,
}

/// No relations are declared; queries join by id explicitly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
