//! The instrument library: versions stored as their canonical YAML document, with a life cycle
//! of draft (editable) → published (frozen). Cycles may only use published versions, so a version
//! in use is always frozen. The built-in versions are loaded on first start.
//!
//! Every write validates the whole document first and stores nothing when anything is wrong;
//! every change is checked against the revision the editor loaded and is written to the audit log.

use super::accounts::user_name;
use super::audit;
use super::clock;
use super::entities::{instrument, instrument_version};
use super::error::{ServiceError, ServiceResult};
use super::scope::OperatorScope;
use crate::api::instruments::{
    Comparison, InstrumentEntry, InstrumentProblem, ProblemPlace, VersionDetail, VersionRow,
    VersionStatus,
};
use crate::domain::instrument::{self as domain, InstrumentVersion, YamlError};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

/// Longest instrument code (the column's size).
const CODE_MAX: usize = 64;
/// Longest version label.
const VERSION_MAX: usize = 32;

/// Who changes the library: an operator in the console, or the command line on the server.
#[derive(Debug, Clone, Copy)]
pub struct Actor(Option<Uuid>);

impl Actor {
    /// The `patuh` command on the server (whoever can run it owns the database anyway).
    pub fn command_line() -> Self {
        Actor(None)
    }
}

impl From<&OperatorScope> for Actor {
    fn from(op: &OperatorScope) -> Self {
        Actor(Some(op.user_id()))
    }
}

fn problem(path: &str, message_id: &str, message_en: &str) -> InstrumentProblem {
    InstrumentProblem {
        place: ProblemPlace::File,
        path: Some(path.to_owned()),
        message_id: message_id.to_owned(),
        message_en: message_en.to_owned(),
    }
}

/// Reads a YAML document, or lists every problem with its line.
pub fn parse_yaml(text: &str) -> Result<InstrumentVersion, Vec<InstrumentProblem>> {
    domain::from_yaml(text).map_err(|e| match e {
        YamlError::Syntax {
            line,
            column,
            message,
        } => vec![InstrumentProblem {
            place: line.map_or(ProblemPlace::File, |line| ProblemPlace::Line {
                line,
                column,
            }),
            path: None,
            message_id: format!("YAML tidak dapat dibaca: {message}"),
            message_en: format!("YAML cannot be read: {message}"),
        }],
        YamlError::Invalid(errors) => errors
            .0
            .into_iter()
            .map(|p| InstrumentProblem {
                place: p
                    .line
                    .map_or(ProblemPlace::File, |line| ProblemPlace::Line {
                        line,
                        column: None,
                    }),
                path: Some(p.path),
                message_id: p.kind.message_id(),
                message_en: p.kind.to_string(),
            })
            .collect(),
        YamlError::Write(message) => vec![InstrumentProblem {
            place: ProblemPlace::File,
            path: None,
            message_id: message.clone(),
            message_en: message,
        }],
    })
}

/// An instrument file read and validated.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The version.
    pub doc: InstrumentVersion,
    /// The YAML text it came from, kept as written (comments included); `None` for a workbook.
    pub yaml: Option<String>,
}

/// Reads an instrument file, YAML or XLSX (told apart by content: XLSX files are ZIP archives),
/// or lists every problem with its line, or sheet, row and column.
pub fn parse_file(bytes: &[u8]) -> Result<Parsed, Vec<InstrumentProblem>> {
    if bytes.starts_with(b"PK\x03\x04") {
        let doc = super::instrument_sheet::from_xlsx(bytes).map_err(|problems| {
            problems
                .into_iter()
                .map(|p| InstrumentProblem {
                    place: ProblemPlace::Cell {
                        sheet: p.sheet,
                        row: p.row,
                        column: p.column,
                    },
                    path: None,
                    message_id: p.message.clone(),
                    message_en: p.message,
                })
                .collect::<Vec<_>>()
        })?;
        return Ok(Parsed { doc, yaml: None });
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(
        |_| {
            vec![InstrumentProblem {
                place: ProblemPlace::File,
                path: None,
                message_id: "berkas bukan YAML (teks UTF-8) maupun XLSX".to_owned(),
                message_en: "the file is neither YAML (UTF-8 text) nor XLSX".to_owned(),
            }]
        },
    )?;
    Ok(Parsed {
        doc: parse_yaml(text)?,
        yaml: Some(text.to_owned()),
    })
}

/// Checks what the database adds to validation: lengths and the shape of the version label.
fn check_labels(doc: &InstrumentVersion) -> Result<(), Vec<InstrumentProblem>> {
    let mut problems = Vec::new();
    if doc.instrument.code.chars().count() > CODE_MAX {
        problems.push(problem(
            "instrument.code",
            &format!("kode instrumen paling panjang {CODE_MAX} karakter"),
            &format!("an instrument code has at most {CODE_MAX} characters"),
        ));
    }
    let v = &doc.version;
    if v.is_empty()
        || v.chars().count() > VERSION_MAX
        || !v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        problems.push(problem(
            "version",
            &format!("label versi berisi 1–{VERSION_MAX} huruf, angka, titik, tanda hubung atau garis bawah, tanpa spasi (mis. 2025 atau 2025-rev1)"),
            &format!("a version label has 1–{VERSION_MAX} letters, digits, dots, hyphens or underscores, no spaces (e.g. 2025 or 2025-rev1)"),
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn canonical_yaml(doc: &InstrumentVersion) -> ServiceResult<String> {
    domain::to_yaml(doc).map_err(|e| ServiceError::Internal(e.to_string()))
}

fn row(v: &instrument_version::Model) -> VersionRow {
    VersionRow {
        id: v.id,
        version: v.version.clone(),
        status: VersionStatus::from_code(&v.status),
        builtin: v.builtin,
        public_sources: v.public_sources,
        indicator_count: v.indicator_count,
        updated_at: clock::stamp(clock::platform(), v.updated_at),
        published_at: v.published_at.map(|t| clock::stamp(clock::platform(), t)),
    }
}

/// Reads a stored document. Stored documents were validated when written; one that no longer
/// reads is our fault (a model change without a data migration), reported as such.
///
/// Nearly every page of a cycle needs its instrument, so parsed documents are kept per version
/// and reused while the version's revision and update time stay the same (every write bumps
/// both; published versions never change). A copy of the parsed value costs a fraction of
/// parsing the YAML again. One entry per version: the library holds tens of versions, not
/// thousands, so the map needs no eviction.
pub fn document(v: &instrument_version::Model) -> ServiceResult<InstrumentVersion> {
    use std::collections::HashMap;
    use std::sync::{Arc, LazyLock, Mutex};
    type Parsed = (i32, chrono::DateTime<Utc>, Arc<InstrumentVersion>);
    static PARSED: LazyLock<Mutex<HashMap<Uuid, Parsed>>> = LazyLock::new(Default::default);
    let cached = PARSED
        .lock()
        .ok()
        .and_then(|m| m.get(&v.id).cloned())
        .filter(|(revision, updated, _)| *revision == v.revision && *updated == v.updated_at);
    if let Some((.., doc)) = cached {
        return Ok(InstrumentVersion::clone(&doc));
    }
    let doc = domain::from_yaml(&v.document)
        .map_err(|e| ServiceError::Internal(format!("stored instrument version {}: {e}", v.id)))?;
    if let Ok(mut m) = PARSED.lock() {
        m.insert(v.id, (v.revision, v.updated_at, Arc::new(doc.clone())));
    }
    Ok(doc)
}

/// Splits `CODE@VERSION`.
pub fn split_ref(reference: &str) -> Option<(&str, &str)> {
    reference
        .split_once('@')
        .filter(|(c, v)| !c.is_empty() && !v.is_empty())
}

/// The version `code@version`.
pub async fn find(
    db: &impl ConnectionTrait,
    code: &str,
    version: &str,
) -> ServiceResult<Option<(instrument::Model, instrument_version::Model)>> {
    let Some(inst) = instrument::Entity::find()
        .filter(instrument::Column::Code.eq(code))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let v = instrument_version::Entity::find()
        .filter(instrument_version::Column::InstrumentId.eq(inst.id))
        .filter(instrument_version::Column::Version.eq(version))
        .one(db)
        .await?;
    Ok(v.map(|v| (inst, v)))
}

async fn load(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ServiceResult<(instrument::Model, instrument_version::Model)> {
    let v = instrument_version::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let inst = instrument::Entity::find_by_id(v.instrument_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok((inst, v))
}

/// Loads the built-in versions that are not in the database yet, published and marked as
/// built-in. Runs at every start; a version already present (or loaded at the same moment by
/// another instance) is left as it is. Returns how many were loaded.
pub async fn load_builtins(db: &DatabaseConnection) -> ServiceResult<usize> {
    let mut loaded = 0;
    for (file, source) in domain::builtin::BUILTIN_YAML {
        let doc = domain::from_yaml(source)
            .map_err(|e| ServiceError::Internal(format!("built-in {file}: {e}")))?;
        if find(db, &doc.instrument.code, &doc.version)
            .await?
            .is_some()
        {
            continue;
        }
        let txn = crate::server::db::begin(db).await?;
        match store(
            &txn,
            Actor::command_line(),
            &doc,
            source.to_string(),
            true,
            true,
        )
        .await
        {
            Ok(_) => {
                txn.commit().await?;
                loaded += 1;
            }
            // Another instance loaded it between our check and our insert.
            Err(ServiceError::Db(_))
                if find(db, &doc.instrument.code, &doc.version)
                    .await?
                    .is_some() => {}
            Err(e) => return Err(e),
        }
    }
    if loaded > 0 {
        tracing::info!(loaded, "built-in instrument versions loaded");
    }
    Ok(loaded)
}

/// Inserts a new version (and its instrument when new), or replaces a draft's content.
async fn store(
    txn: &impl ConnectionTrait,
    actor: Actor,
    doc: &InstrumentVersion,
    source: String,
    publish: bool,
    builtin: bool,
) -> ServiceResult<Uuid> {
    let now = Utc::now();
    let inst = match instrument::Entity::find()
        .filter(instrument::Column::Code.eq(&doc.instrument.code))
        .one(txn)
        .await?
    {
        Some(inst) => {
            let mut active: instrument::ActiveModel = inst.clone().into();
            active.name = Set(doc.instrument.name.clone());
            active.publisher = Set(doc.instrument.publisher.clone());
            active.update(txn).await?
        }
        None => {
            instrument::ActiveModel {
                id: Set(Uuid::now_v7()),
                code: Set(doc.instrument.code.clone()),
                name: Set(doc.instrument.name.clone()),
                publisher: Set(doc.instrument.publisher.clone()),
                created_at: Set(now),
            }
            .insert(txn)
            .await?
        }
    };
    let count = i32::try_from(doc.indicators().len()).unwrap_or(i32::MAX);
    let existing = instrument_version::Entity::find()
        .filter(instrument_version::Column::InstrumentId.eq(inst.id))
        .filter(instrument_version::Column::Version.eq(&doc.version))
        .one(txn)
        .await?;
    let status = if publish {
        VersionStatus::Published
    } else {
        VersionStatus::Draft
    };
    let id = match existing {
        Some(v) if VersionStatus::from_code(&v.status) == VersionStatus::Published => {
            return Err(ServiceError::Frozen)
        }
        Some(v) => {
            let id = v.id;
            let mut active: instrument_version::ActiveModel = v.clone().into();
            active.document = Set(source);
            active.indicator_count = Set(count);
            active.public_sources = Set(doc.provenance.compiled_from_public_sources);
            active.revision = Set(v.revision + 1);
            active.updated_at = Set(now);
            active.updated_by = Set(actor.0);
            active.status = Set(status.code().to_owned());
            if publish {
                active.published_at = Set(Some(now));
                active.published_by = Set(actor.0);
            }
            active.update(txn).await?;
            id
        }
        None => {
            let id = Uuid::now_v7();
            instrument_version::ActiveModel {
                id: Set(id),
                instrument_id: Set(inst.id),
                version: Set(doc.version.clone()),
                status: Set(status.code().to_owned()),
                builtin: Set(builtin),
                public_sources: Set(doc.provenance.compiled_from_public_sources),
                indicator_count: Set(count),
                document: Set(source),
                revision: Set(1),
                copied_from: Set(None),
                created_at: Set(now),
                created_by: Set(actor.0),
                updated_at: Set(now),
                updated_by: Set(actor.0),
                published_at: Set(publish.then_some(now)),
                published_by: Set(if publish { actor.0 } else { None }),
            }
            .insert(txn)
            .await?;
            id
        }
    };
    audit::record(
        txn,
        audit::Entry {
            actor: actor.0,
            action: if builtin {
                "instrument.load_builtin"
            } else {
                "instrument.import"
            },
            entity: "instrument_version",
            entity_id: Some(id.to_string()),
            summary: format!(
                "{}@{} ({}, {count} indikator)",
                doc.instrument.code,
                doc.version,
                status.code()
            ),
            ..Default::default()
        },
    )
    .await?;
    Ok(id)
}

/// Imports a version read from a file: a new version, or new content for a draft of the same
/// label; published when `publish`. A published version of the same label is refused (frozen).
pub async fn import(
    db: &DatabaseConnection,
    actor: Actor,
    parsed: Parsed,
    publish: bool,
) -> ServiceResult<Uuid> {
    let doc = parsed.doc;
    check_labels(&doc).map_err(ServiceError::Instrument)?;
    let source = match parsed.yaml {
        Some(yaml) => yaml,
        None => canonical_yaml(&doc)?,
    };
    let txn = crate::server::db::begin(db).await?;
    let id = store(&txn, actor, &doc, source, publish, false).await?;
    txn.commit().await?;
    Ok(id)
}

/// Every instrument with its versions (newest label first). Drafts included: the console
/// checks for an operator before calling, the command line runs on the server.
pub async fn library(db: &DatabaseConnection) -> ServiceResult<Vec<InstrumentEntry>> {
    let instruments = instrument::Entity::find()
        .order_by_asc(instrument::Column::Name)
        .all(db)
        .await?;
    let versions = instrument_version::Entity::find()
        .order_by_desc(instrument_version::Column::Version)
        .all(db)
        .await?;
    Ok(instruments
        .into_iter()
        .map(|i| InstrumentEntry {
            versions: versions
                .iter()
                .filter(|v| v.instrument_id == i.id)
                .map(row)
                .collect(),
            code: i.code,
            name: i.name,
            publisher: i.publisher,
        })
        .collect())
}

/// One version with its content, its lineage and its siblings.
pub async fn detail(
    db: &DatabaseConnection,
    _op: &OperatorScope,
    id: Uuid,
) -> ServiceResult<VersionDetail> {
    let (_, v) = load(db, id).await?;
    let document = document(&v)?;
    let siblings = instrument_version::Entity::find()
        .filter(instrument_version::Column::InstrumentId.eq(v.instrument_id))
        .order_by_desc(instrument_version::Column::Version)
        .all(db)
        .await?;
    let copied_from = v.copied_from.and_then(|c| {
        siblings
            .iter()
            .find(|s| s.id == c)
            .map(|s| (s.id, s.version.clone()))
    });
    let updated_by = user_name(db, v.updated_by).await?;
    Ok(VersionDetail {
        row: row(&v),
        revision: v.revision,
        updated_by,
        copied_from,
        siblings: siblings
            .into_iter()
            .filter(|s| s.id != v.id)
            .map(|s| (s.id, s.version))
            .collect(),
        document,
    })
}

/// A version's YAML source, revision and status.
pub async fn source(
    db: &DatabaseConnection,
    _op: &OperatorScope,
    id: Uuid,
) -> ServiceResult<(String, i32, VersionStatus)> {
    let (_, v) = load(db, id).await?;
    let status = VersionStatus::from_code(&v.status);
    Ok((v.document, v.revision, status))
}

/// What changed from `old` to `new`.
pub async fn compare(
    db: &DatabaseConnection,
    _op: &OperatorScope,
    old: Uuid,
    new: Uuid,
) -> ServiceResult<Comparison> {
    let (oi, ov) = load(db, old).await?;
    let (ni, nv) = load(db, new).await?;
    let diff = domain::compare(&document(&ov)?, &document(&nv)?);
    Ok(Comparison {
        old: (ov.id, format!("{}@{}", oi.code, ov.version)),
        new: (nv.id, format!("{}@{}", ni.code, nv.version)),
        diff,
    })
}

/// A version's file for download: (file name, content type, bytes), as YAML or XLSX.
pub async fn export(
    db: &DatabaseConnection,
    id: Uuid,
    xlsx: bool,
) -> ServiceResult<(String, &'static str, Vec<u8>)> {
    let (inst, v) = load(db, id).await?;
    let name = format!("{}-{}", inst.code, v.version);
    if xlsx {
        let doc = document(&v)?;
        let bytes = super::blocking::off_runtime(move || super::instrument_sheet::to_xlsx(&doc))
            .await?
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        Ok((
            format!("{name}.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            bytes,
        ))
    } else {
        Ok((
            format!("{name}.yaml"),
            "application/yaml; charset=utf-8",
            v.document.into_bytes(),
        ))
    }
}

/// The refusal for an edit made on an older revision: who changed it since, and when.
async fn changed_by(
    db: &impl ConnectionTrait,
    v: &instrument_version::Model,
) -> ServiceResult<ServiceError> {
    Ok(ServiceError::ChangedBy {
        by: user_name(db, v.updated_by).await?,
        at: clock::stamp(clock::platform(), v.updated_at).to_string(),
    })
}

/// Loads a draft for a change at `revision`: refused when published or stale.
async fn editable(
    db: &impl ConnectionTrait,
    id: Uuid,
    revision: i32,
) -> ServiceResult<(instrument::Model, instrument_version::Model)> {
    let (inst, v) = load(db, id).await?;
    if VersionStatus::from_code(&v.status) != VersionStatus::Draft {
        return Err(ServiceError::Frozen);
    }
    if v.revision != revision {
        return Err(changed_by(db, &v).await?);
    }
    Ok((inst, v))
}

/// Writes `changes` to a draft only if it is still at `revision` (a concurrent save loses the
/// race here rather than overwriting), bumping the revision.
async fn update_if_current(
    db: &impl ConnectionTrait,
    v: &instrument_version::Model,
    actor: Actor,
    changes: impl FnOnce(
        sea_orm::UpdateMany<instrument_version::Entity>,
    ) -> sea_orm::UpdateMany<instrument_version::Entity>,
) -> ServiceResult<()> {
    let update = instrument_version::Entity::update_many()
        .col_expr(
            instrument_version::Column::Revision,
            Expr::value(v.revision + 1),
        )
        .col_expr(
            instrument_version::Column::UpdatedAt,
            Expr::value(Utc::now()),
        )
        .col_expr(instrument_version::Column::UpdatedBy, Expr::value(actor.0))
        .filter(instrument_version::Column::Id.eq(v.id))
        .filter(instrument_version::Column::Revision.eq(v.revision))
        .filter(instrument_version::Column::Status.eq(VersionStatus::Draft.code()));
    let result = changes(update).exec(db).await?;
    if result.rows_affected == 1 {
        return Ok(());
    }
    let (_, now) = load(db, v.id).await?;
    if VersionStatus::from_code(&now.status) != VersionStatus::Draft {
        return Err(ServiceError::Frozen);
    }
    Err(changed_by(db, &now).await?)
}

/// Copies version `id` into a new draft labelled `label`; returns the draft's id.
pub async fn copy_to_draft(
    db: &DatabaseConnection,
    actor: Actor,
    id: Uuid,
    label: &str,
) -> ServiceResult<Uuid> {
    let (inst, v) = load(db, id).await?;
    let mut doc = document(&v)?;
    doc.version = label.trim().to_owned();
    if let Err(problems) = check_labels(&doc) {
        return Err(
            if problems
                .iter()
                .any(|p| p.path.as_deref() == Some("version"))
            {
                ServiceError::Field {
                    field: "version",
                    problem: crate::domain::account::FieldProblem::Invalid,
                }
            } else {
                ServiceError::Instrument(problems)
            },
        );
    }
    let txn = crate::server::db::begin(db).await?;
    if find(&txn, &inst.code, &doc.version).await?.is_some() {
        return Err(ServiceError::Taken { field: "version" });
    }
    let now = Utc::now();
    let new_id = Uuid::now_v7();
    instrument_version::ActiveModel {
        id: Set(new_id),
        instrument_id: Set(inst.id),
        version: Set(doc.version.clone()),
        status: Set(VersionStatus::Draft.code().to_owned()),
        builtin: Set(false),
        public_sources: Set(v.public_sources),
        indicator_count: Set(v.indicator_count),
        document: Set(canonical_yaml(&doc)?),
        revision: Set(1),
        copied_from: Set(Some(v.id)),
        created_at: Set(now),
        created_by: Set(actor.0),
        updated_at: Set(now),
        updated_by: Set(actor.0),
        published_at: Set(None),
        published_by: Set(None),
    }
    .insert(&txn)
    .await
    .map_err(ServiceError::taken_on_unique("version"))?;
    audit::record(
        &txn,
        audit::Entry {
            actor: actor.0,
            action: "instrument.copy",
            entity: "instrument_version",
            entity_id: Some(new_id.to_string()),
            summary: format!(
                "{0}@{1} → {0}@{2} (draft)",
                inst.code, v.version, doc.version
            ),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(new_id)
}

/// Replaces a draft's content with the YAML `source` (same instrument code and version label),
/// if nobody changed it since `revision`. The text is kept as written, comments included.
/// Returns the new revision.
pub async fn save_draft(
    db: &DatabaseConnection,
    actor: Actor,
    id: Uuid,
    revision: i32,
    source: String,
) -> ServiceResult<i32> {
    let doc = parse_yaml(&source).map_err(ServiceError::Instrument)?;
    let txn = crate::server::db::begin(db).await?;
    let (inst, v) = editable(&txn, id, revision).await?;
    let mut problems = check_labels(&doc).err().unwrap_or_default();
    if doc.instrument.code != inst.code {
        problems.push(problem(
            "instrument.code",
            &format!("kode instrumen tidak dapat diubah (tetap \"{}\"); untuk instrumen lain, impor sebagai berkas baru", inst.code),
            &format!("the instrument code cannot change (it stays \"{}\"); import another instrument as a new file", inst.code),
        ));
    }
    if doc.version != v.version {
        problems.push(problem(
            "version",
            &format!("label versi tidak dapat diubah di sini (tetap \"{}\"); untuk versi baru, salin ke draf baru", v.version),
            &format!("the version label cannot change here (it stays \"{}\"); copy to a new draft for a new version", v.version),
        ));
    }
    if !problems.is_empty() {
        return Err(ServiceError::Instrument(problems));
    }
    let count = i32::try_from(doc.indicators().len()).unwrap_or(i32::MAX);
    let public = doc.provenance.compiled_from_public_sources;
    update_if_current(&txn, &v, actor, |u| {
        u.col_expr(instrument_version::Column::Document, Expr::value(source))
            .col_expr(
                instrument_version::Column::IndicatorCount,
                Expr::value(count),
            )
            .col_expr(
                instrument_version::Column::PublicSources,
                Expr::value(public),
            )
    })
    .await?;
    {
        let mut active: instrument::ActiveModel = inst.clone().into();
        active.name = Set(doc.instrument.name.clone());
        active.publisher = Set(doc.instrument.publisher.clone());
        active.update(&txn).await?;
    }
    audit::record(
        &txn,
        audit::Entry {
            actor: actor.0,
            action: "instrument.edit",
            entity: "instrument_version",
            entity_id: Some(id.to_string()),
            summary: format!(
                "{}@{}: revisi {} → {}, {count} indikator",
                inst.code,
                v.version,
                revision,
                revision + 1
            ),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(revision + 1)
}

/// Publishes a draft at `revision`: frozen from now on, offered to cycles.
pub async fn publish(
    db: &DatabaseConnection,
    actor: Actor,
    id: Uuid,
    revision: i32,
) -> ServiceResult<()> {
    let txn = crate::server::db::begin(db).await?;
    let (inst, v) = editable(&txn, id, revision).await?;
    // Validated on every write; checked again so a version that no longer reads is never frozen.
    document(&v)?;
    let now = Utc::now();
    update_if_current(&txn, &v, actor, |u| {
        u.col_expr(
            instrument_version::Column::Status,
            Expr::value(VersionStatus::Published.code()),
        )
        .col_expr(instrument_version::Column::PublishedAt, Expr::value(now))
        .col_expr(
            instrument_version::Column::PublishedBy,
            Expr::value(actor.0),
        )
    })
    .await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: actor.0,
            action: "instrument.publish",
            entity: "instrument_version",
            entity_id: Some(id.to_string()),
            summary: format!("{}@{}: draft → published", inst.code, v.version),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes a draft at `revision` (and its instrument when it has no version left).
pub async fn discard_draft(
    db: &DatabaseConnection,
    actor: Actor,
    id: Uuid,
    revision: i32,
) -> ServiceResult<()> {
    let txn = crate::server::db::begin(db).await?;
    let (inst, v) = editable(&txn, id, revision).await?;
    // Copies of this draft keep their content; only the lineage link goes.
    instrument_version::Entity::update_many()
        .col_expr(
            instrument_version::Column::CopiedFrom,
            Expr::value(Option::<Uuid>::None),
        )
        .filter(instrument_version::Column::CopiedFrom.eq(v.id))
        .exec(&txn)
        .await?;
    let deleted = instrument_version::Entity::delete_many()
        .filter(instrument_version::Column::Id.eq(v.id))
        .filter(instrument_version::Column::Revision.eq(revision))
        .filter(instrument_version::Column::Status.eq(VersionStatus::Draft.code()))
        .exec(&txn)
        .await?;
    if deleted.rows_affected != 1 {
        return Err(ServiceError::Stale);
    }
    let left = instrument_version::Entity::find()
        .filter(instrument_version::Column::InstrumentId.eq(inst.id))
        .one(&txn)
        .await?;
    if left.is_none() {
        instrument::Entity::delete_by_id(inst.id).exec(&txn).await?;
    }
    audit::record(
        &txn,
        audit::Entry {
            actor: actor.0,
            action: "instrument.discard",
            entity: "instrument_version",
            entity_id: Some(id.to_string()),
            summary: format!("{}@{} (draft) dibuang", inst.code, v.version),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
