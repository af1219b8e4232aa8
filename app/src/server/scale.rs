//! The scale data set for benchmarks (`patuh demo seed --scale pemda|province|national`): many
//! fictional kabupaten and kota under the 38 real provinces, each in the middle of an Ombudsman
//! compliance cycle, with what the services would have written by then: about 40 OPDs with a PIC
//! each, five lokus units, every lokus unit × indicator assigned and mostly answered with three
//! stored documents per answer, work packages in every state, a mentor's review queue,
//! revision requests, comment threads, notifications, the cycle history and the audit log. Each
//! province has an Ombudsman office with a mentor granted to all its pemda.
//!
//! Rows are written directly in multi-row inserts rather than through the per-row services (the
//! national set has about 2.5 million rows and 400 000 files), so every row here mirrors what the
//! service named next to it writes. One tenant is one transaction: its files first, then its rows,
//! then the commit. A tenant whose slug exists is skipped, so an interrupted run continues where
//! it stopped and a complete run changes nothing; files of a tenant whose rows never landed are
//! orphans that the evidence sweeper removes. Content is deterministic, drawn from hashes of the
//! tenant's slug and the item, so the same scale gives the same data set (up to dates, which
//! follow today like the ordinary demo).

use super::auth::hash_password;
use super::cycles::ymd;
use super::demo::pick;
use super::entities::{
    assignment, audit_log, comment, cycle, cycle_event, cycle_unit, evidence, evidence_revision,
    instrument, instrument_version, membership, mentor_office, notification, office_grant,
    office_member, opd, reason_template, review, service, tenant, unit, user, work_package,
};
use super::error::{ServiceError, ServiceResult};
use super::instruments::{self, Actor, Parsed};
use super::notify::Notice;
use super::storage::Storage;
use crate::api::instruments::VersionStatus;
use crate::domain::cycle::{CycleStatus, PackageStatus};
use crate::domain::evidence::{clean_name, human_size, FileKind};
use crate::domain::instrument::{answer_label, Answer, AnswerType, InstrumentVersion, Section};
use crate::domain::review::{NoticeKind, ReviewStatus};
use crate::domain::role::Role;
use bytes::Bytes;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use futures_util::{StreamExt, TryStreamExt};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    EntityTrait, IntoActiveModel, Iterable, QueryFilter, QueryOrder, Set,
};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;
use uuid::Uuid;

/// How much data to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// One kabupaten.
    Pemda,
    /// One province's pemda: Jawa Tengah, the province itself and its 35 kabupaten and kota.
    Province,
    /// Every province: 38 provinces and 514 kabupaten and kota, 552 pemda.
    National,
}

/// Indicators the cycle's instrument version should have; a newer built-in with fewer gets a
/// derived version (see [`grow`]).
const INDICATORS: usize = 60;
/// The instrument the cycles run on.
const INSTRUMENT: &str = "ombudsman-kepatuhan";
/// The province of the `province` and `pemda` scales.
const HOME_PROVINCE: &str = "Jawa Tengah";
/// Files written at once.
const FILES_IN_FLIGHT: usize = 16;

/// The 38 provinces with their number of kabupaten and kota (DKI Jakarta's five administrative
/// cities and one administrative regency included, which makes the usual 514).
const PROVINCES: &[(&str, usize)] = &[
    ("Aceh", 23),
    ("Sumatera Utara", 33),
    ("Sumatera Barat", 19),
    ("Riau", 12),
    ("Jambi", 11),
    ("Sumatera Selatan", 17),
    ("Bengkulu", 10),
    ("Lampung", 15),
    ("Kepulauan Bangka Belitung", 7),
    ("Kepulauan Riau", 7),
    ("DKI Jakarta", 6),
    ("Jawa Barat", 27),
    ("Jawa Tengah", 35),
    ("DI Yogyakarta", 5),
    ("Jawa Timur", 38),
    ("Banten", 8),
    ("Bali", 9),
    ("Nusa Tenggara Barat", 10),
    ("Nusa Tenggara Timur", 22),
    ("Kalimantan Barat", 14),
    ("Kalimantan Tengah", 14),
    ("Kalimantan Selatan", 13),
    ("Kalimantan Timur", 10),
    ("Kalimantan Utara", 5),
    ("Sulawesi Utara", 15),
    ("Sulawesi Tengah", 13),
    ("Sulawesi Selatan", 24),
    ("Sulawesi Tenggara", 17),
    ("Gorontalo", 6),
    ("Sulawesi Barat", 6),
    ("Maluku", 11),
    ("Maluku Utara", 10),
    ("Papua", 9),
    ("Papua Barat", 7),
    ("Papua Selatan", 4),
    ("Papua Tengah", 8),
    ("Papua Pegunungan", 8),
    ("Papua Barat Daya", 6),
];

/// Fictional place names are a prefix and a root: 24 × 24 distinct names for 514 kabupaten/kota.
const PLACE_PREFIXES: [&str; 24] = [
    "Tanjung", "Sungai", "Bukit", "Muara", "Teluk", "Pulau", "Gunung", "Batu", "Kuala", "Padang",
    "Karang", "Lubuk", "Rantau", "Tanah", "Air", "Danau", "Pasir", "Lembah", "Ranca", "Sumber",
    "Talang", "Kampung", "Pematang", "Ujung",
];
const PLACE_ROOTS: [&str; 24] = [
    "Jaya",
    "Makmur",
    "Indah",
    "Permai",
    "Sari",
    "Baru",
    "Raya",
    "Mulia",
    "Lestari",
    "Harapan",
    "Damai",
    "Sejahtera",
    "Asri",
    "Mekar",
    "Sentosa",
    "Abadi",
    "Bahari",
    "Kencana",
    "Wangi",
    "Mas",
    "Agung",
    "Cempaka",
    "Melati",
    "Kemuning",
];

const FIRST_NAMES: [&str; 30] = [
    "Siti", "Budi", "Dewi", "Agus", "Rina", "Made", "Wayan", "Nur", "Andi", "Rudi", "Fitri",
    "Hendra", "Yuni", "Bambang", "Lina", "Eko", "Ratna", "Joko", "Maya", "Arif", "Sri", "Dian",
    "Teguh", "Wulan", "Fajar", "Indah", "Rizky", "Putri", "Hadi", "Ayu",
];
const LAST_NAMES: [&str; 30] = [
    "Rahmawati",
    "Santoso",
    "Lestari",
    "Pratama",
    "Wirawan",
    "Hidayat",
    "Saputra",
    "Wijaya",
    "Kurniawan",
    "Susanti",
    "Nugroho",
    "Siregar",
    "Harahap",
    "Nasution",
    "Sihombing",
    "Halim",
    "Simanjuntak",
    "Manurung",
    "Tanjung",
    "Gunawan",
    "Setiawan",
    "Purnama",
    "Utami",
    "Permata",
    "Syahputra",
    "Ramadhan",
    "Maharani",
    "Anggraini",
    "Firmansyah",
    "Hasibuan",
];

/// A pemda's OPDs (code, name); the five lokus OPDs come first. The last five differ between a
/// province and a kabupaten/kota (a province has no kecamatan).
const OPDS: [(&str, &str); 35] = [
    ("DIKBUD", "Dinas Pendidikan dan Kebudayaan"),
    ("DINKES", "Dinas Kesehatan"),
    (
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    ),
    ("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("DINSOS", "Dinas Sosial"),
    ("SETWAN", "Sekretariat DPRD"),
    ("INSPEKTORAT", "Inspektorat Daerah"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("BAPENDA", "Badan Pendapatan Daerah"),
    (
        "BKPSDM",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    ),
    ("BPBD", "Badan Penanggulangan Bencana Daerah"),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik"),
    ("KOMINFO", "Dinas Komunikasi dan Informatika"),
    ("DISHUB", "Dinas Perhubungan"),
    ("DLH", "Dinas Lingkungan Hidup"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("PERKIM", "Dinas Perumahan dan Kawasan Permukiman"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja"),
    ("DAMKAR", "Dinas Pemadam Kebakaran dan Penyelamatan"),
    ("DISNAKER", "Dinas Tenaga Kerja"),
    ("DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"),
    (
        "DPPKB",
        "Dinas Pengendalian Penduduk dan Keluarga Berencana",
    ),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan"),
    ("DISKOPUKM", "Dinas Koperasi dan Usaha Kecil Menengah"),
    ("DISTAN", "Dinas Pertanian"),
    ("DKP", "Dinas Kelautan dan Perikanan"),
    ("DISPAR", "Dinas Pariwisata"),
    ("DISPORA", "Dinas Kepemudaan dan Olahraga"),
    ("DISPUSIP", "Dinas Perpustakaan dan Kearsipan"),
    ("DKPANGAN", "Dinas Ketahanan Pangan"),
    ("DISBUN", "Dinas Perkebunan"),
    ("DISPERTANAH", "Dinas Pertanahan"),
    ("SETDA-ORG", "Sekretariat Daerah — Bagian Organisasi"),
];
const KABKOTA_OPDS: [(&str, &str); 5] = [
    ("KEC-KOTA", "Kecamatan Kota"),
    ("KEC-UTARA", "Kecamatan Utara"),
    ("KEC-SELATAN", "Kecamatan Selatan"),
    ("KEC-TIMUR", "Kecamatan Timur"),
    ("KEC-BARAT", "Kecamatan Barat"),
];
const PROVINCE_OPDS: [(&str, &str); 5] = [
    ("ESDM", "Dinas Energi dan Sumber Daya Mineral"),
    ("DISHUT", "Dinas Kehutanan"),
    ("BAPENGHUB", "Badan Penghubung Daerah"),
    ("BIRO-PEM", "Biro Pemerintahan dan Otonomi Daerah"),
    ("BIRO-HUKUM", "Biro Hukum"),
];
/// The lokus OPDs: the first five of [`OPDS`].
const LOKUS_OPDS: usize = 5;

/// A service unit: (OPD code, unit code, name (`{}`: the pemda's short name), lokus, services).
type UnitSpec = (
    &'static str,
    &'static str,
    &'static str,
    bool,
    &'static [(&'static str, &'static str)],
);

/// The units of every pemda: one lokus unit under each lokus OPD, and two that are not assessed.
const UNITS: &[UnitSpec] = &[
    (
        "DIKBUD",
        "DIKBUD-LAYANAN",
        "Layanan Administrasi Pendidikan",
        true,
        &[
            ("LEGALISIR", "Legalisir ijazah"),
            ("MUTASI", "Surat pindah sekolah"),
        ],
    ),
    (
        "DINKES",
        "PKM-KOTA",
        "Puskesmas {}",
        true,
        &[
            ("RAJAL", "Pelayanan rawat jalan"),
            ("KIA", "Pelayanan kesehatan ibu dan anak"),
        ],
    ),
    (
        "DPMPTSP",
        "MPP",
        "Mal Pelayanan Publik {}",
        true,
        &[
            ("PBG", "Persetujuan Bangunan Gedung"),
            ("NIB", "Pendampingan Nomor Induk Berusaha"),
        ],
    ),
    (
        "DUKCAPIL",
        "DUKCAPIL-LOKET",
        "Loket Pelayanan Disdukcapil",
        true,
        &[
            ("KTP-EL", "Penerbitan KTP-el"),
            ("KK", "Penerbitan Kartu Keluarga"),
            ("AKTA-LAHIR", "Penerbitan Akta Kelahiran"),
        ],
    ),
    (
        "DINSOS",
        "DINSOS-LAYANAN",
        "Layanan Rekomendasi Bantuan Sosial",
        true,
        &[("REK-BANSOS", "Rekomendasi bantuan sosial")],
    ),
    (
        "DINKES",
        "RSUD",
        "RSUD {}",
        false,
        &[("IGD", "Instalasi Gawat Darurat")],
    ),
    (
        "DISHUB",
        "DISHUB-PKB",
        "Unit Pengujian Kendaraan Bermotor",
        false,
        &[("UJI-KIR", "Uji berkala kendaraan bermotor")],
    ),
];

/// Revision reasons each office keeps as templates.
const REASONS: [&str; 5] = [
    "Bukti dukung belum bertanggal atau belum ditandatangani pejabat berwenang",
    "Foto bukti tidak menunjukkan lokasi unit layanan",
    "Standar pelayanan belum dipublikasikan di ruang layanan dan laman resmi",
    "Dokumen yang diunggah bukan untuk tahun penilaian berjalan",
    "Maklumat pelayanan belum memuat kesanggupan menerima sanksi",
];

/// Names for documents when an indicator lists fewer than three expected ones.
const MORE_DOCUMENTS: [&str; 3] = [
    "SK Kepala Dinas tentang Standar Pelayanan",
    "SOP Pelayanan",
    "Daftar hadir sosialisasi standar pelayanan",
];

/// One generated pemda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleTenant {
    /// Position in the national list (0–551): seeds its content.
    pub index: usize,
    /// Slug, e.g. `kab-sungai-makmur` or `prov-jawa-tengah`.
    pub slug: String,
    /// Name, e.g. "Kabupaten Sungai Makmur".
    pub name: String,
    /// `provinsi`, `kabupaten` or `kota`.
    pub kind: &'static str,
    /// Its province, e.g. "Jawa Tengah".
    pub province: &'static str,
}

/// A name as a slug: `Kalimantan Timur` → `kalimantan-timur`.
fn slug_of(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The pemda of a scale, in the order they are generated. The same pemda has the same slug and
/// content at every scale, so a smaller scale is the start of a larger one.
pub fn tenants(scale: Scale) -> Vec<ScaleTenant> {
    let mut all = Vec::new();
    let mut kabkota = 0;
    for (province, count) in PROVINCES {
        all.push(ScaleTenant {
            index: all.len(),
            slug: format!("prov-{}", slug_of(province)),
            name: format!("Provinsi {province}"),
            kind: "provinsi",
            province,
        });
        for _ in 0..*count {
            // A bijection of 0..576 onto prefix × root pairs, scrambled so neighbours differ.
            let prefix = PLACE_PREFIXES[kabkota % 24];
            let root = PLACE_ROOTS[(kabkota / 24 + 7 * (kabkota % 24)) % 24];
            let place = format!("{prefix} {root}");
            let (kind, title, short) = if kabkota % 5 == 2 {
                ("kota", "Kota", "kota")
            } else {
                ("kabupaten", "Kabupaten", "kab")
            };
            all.push(ScaleTenant {
                index: all.len(),
                slug: format!("{short}-{}", slug_of(&place)),
                name: format!("{title} {place}"),
                kind,
                province,
            });
            kabkota += 1;
        }
    }
    match scale {
        Scale::National => all,
        Scale::Province => all
            .into_iter()
            .filter(|t| t.province == HOME_PROVINCE)
            .collect(),
        Scale::Pemda => all
            .into_iter()
            .filter(|t| t.province == HOME_PROVINCE && t.kind == "kabupaten")
            .take(1)
            .collect(),
    }
}

/// The coordinator of a generated pemda.
pub fn coordinator_email(slug: &str) -> String {
    format!("koordinator@{slug}.test")
}

/// The leadership viewer (Sekretaris Daerah) of a generated pemda.
pub fn viewer_email(slug: &str) -> String {
    format!("pimpinan@{slug}.test")
}

/// The PIC of an OPD of a generated pemda, e.g. `pic.dukcapil@kab-sungai-makmur.test`.
pub fn staff_email(slug: &str, opd_code: &str) -> String {
    format!("pic.{}@{slug}.test", slug_of(opd_code))
}

/// The head of a lokus OPD of a generated pemda.
fn head_email(slug: &str, opd_code: &str) -> String {
    format!("kepala.{}@{slug}.test", slug_of(opd_code))
}

/// The mentor of a province's Ombudsman office, e.g. `mentor@jawa-tengah.ombudsman.test`.
pub fn mentor_email(province: &str) -> String {
    format!("mentor@{}.ombudsman.test", slug_of(province))
}

fn office_name(province: &str) -> String {
    format!("Perwakilan Ombudsman RI Provinsi {province}")
}

fn person(seed: u64) -> String {
    format!(
        "{} {}",
        FIRST_NAMES[(seed % 30) as usize],
        LAST_NAMES[((seed >> 16) % 30) as usize]
    )
}

/// Where a run is, after each pemda.
#[derive(Debug, Clone)]
pub struct Progress<'a> {
    /// Pemda handled so far (this one included).
    pub done: usize,
    /// Pemda in the scale.
    pub total: usize,
    /// This pemda.
    pub tenant: &'a ScaleTenant,
    /// False when it was there already and was skipped.
    pub created: bool,
    /// Rows written for it.
    pub rows: u64,
    /// Files stored for it.
    pub files: u64,
    /// Rows written in this run so far.
    pub rows_total: u64,
    /// Time since the run started.
    pub elapsed: std::time::Duration,
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Pemda created.
    pub created: usize,
    /// Pemda that were there already.
    pub skipped: usize,
    /// Rows written per table (shared setup included).
    pub rows: BTreeMap<&'static str, u64>,
    /// Evidence files stored.
    pub files: u64,
    /// Their bytes.
    pub bytes: u64,
    /// Wall time.
    pub elapsed: std::time::Duration,
}

impl Summary {
    /// Rows written in all.
    pub fn total_rows(&self) -> u64 {
        self.rows.values().sum()
    }
}

/// One indicator as the generator needs it.
struct IndicatorInfo {
    code: String,
    text: String,
    answer_type: Option<AnswerType>,
    /// Possible answers, worst to best, without "not applicable": (answer, JSON, typed text).
    steps: Vec<(Answer, String, String)>,
    documents: Vec<String>,
}

/// A province's Ombudsman office and its mentor.
#[derive(Debug, Clone)]
struct Office {
    id: Uuid,
    name: String,
    mentor: Uuid,
    reasons: Vec<String>,
}

/// What every pemda of a run shares.
struct Shared {
    version_id: Uuid,
    indicators: Vec<IndicatorInfo>,
    password_hash: String,
    offices: HashMap<&'static str, Office>,
    now: DateTime<Utc>,
    today: NaiveDate,
}

/// Fills the database with the pemda of `scale` (see the module documentation), telling
/// `progress` after each one. Safe to run again: what exists is kept and skipped.
pub async fn seed(
    db: &DatabaseConnection,
    storage: &Storage,
    scale: Scale,
    mut progress: impl FnMut(&Progress<'_>),
) -> ServiceResult<Summary> {
    let started = Instant::now();
    let mut summary = Summary::default();
    let list = tenants(scale);
    // Hashed once for every account: argon2 takes tens of milliseconds by design, which for
    // tens of thousands of accounts would be most of the run. The accounts then share a salt,
    // which is acceptable for throwaway benchmark data and nowhere else.
    let password_hash = hash_password(super::demo::DEMO_PASSWORD.to_owned()).await?;
    let (version_id, doc) = cycle_version(db, &mut summary).await?;
    let now = Utc::now();
    let mut offices = HashMap::new();
    for t in &list {
        if !offices.contains_key(t.province) {
            let office = ensure_office(db, t.province, &password_hash, now, &mut summary).await?;
            offices.insert(t.province, office);
        }
    }
    let shared = Shared {
        version_id,
        indicators: indicator_infos(&doc),
        password_hash,
        offices,
        now,
        today: super::clock::today(super::clock::platform()),
    };
    let mut existing: HashSet<String> = HashSet::new();
    for chunk in list.chunks(500) {
        existing.extend(
            tenant::Entity::find()
                .filter(tenant::Column::Slug.is_in(chunk.iter().map(|t| t.slug.clone())))
                .all(db)
                .await?
                .into_iter()
                .map(|t| t.slug),
        );
    }
    let binds = match db.get_database_backend() {
        DatabaseBackend::Postgres => 65_535,
        // SQLite's SQLITE_MAX_VARIABLE_NUMBER since 3.32 (MySQL is not supported).
        _ => 32_766,
    };
    let mut rows_total = 0;
    for (n, t) in list.iter().enumerate() {
        let (created, rows, files) = if existing.contains(&t.slug) {
            summary.skipped += 1;
            (false, 0, 0)
        } else {
            let plan = plan(t, &shared);
            let files = plan.files.len() as u64;
            let bytes: u64 = plan.files.iter().map(|f| f.1.len() as u64).sum();
            let rows = write_tenant(db, storage, plan, binds, &mut summary.rows).await?;
            summary.created += 1;
            summary.files += files;
            summary.bytes += bytes;
            (true, rows, files)
        };
        rows_total += rows;
        progress(&Progress {
            done: n + 1,
            total: list.len(),
            tenant: t,
            created,
            rows,
            files,
            rows_total,
            elapsed: started.elapsed(),
        });
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The published version the cycles use: the newest built-in Ombudsman version, or when it has
/// fewer than [`INDICATORS`] indicators a version derived from it (published once, then reused).
async fn cycle_version(
    db: &DatabaseConnection,
    summary: &mut Summary,
) -> ServiceResult<(Uuid, InstrumentVersion)> {
    let inst = instrument::Entity::find()
        .filter(instrument::Column::Code.eq(INSTRUMENT))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let newest = instrument_version::Entity::find()
        .filter(instrument_version::Column::InstrumentId.eq(inst.id))
        .filter(instrument_version::Column::Builtin.eq(true))
        .filter(instrument_version::Column::Status.eq(VersionStatus::Published.code()))
        .order_by_desc(instrument_version::Column::Version)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let doc = instruments::document(&newest)?;
    if doc.indicators().len() >= INDICATORS {
        return Ok((newest.id, doc));
    }
    let grown = grow(&doc)?;
    if instruments::find(db, INSTRUMENT, &grown.version)
        .await?
        .is_none()
    {
        instruments::import(
            db,
            Actor::command_line(),
            Parsed {
                doc: grown.clone(),
                yaml: None,
            },
            true,
        )
        .await?;
        *summary.rows.entry("instrument_versions").or_default() += 1;
        *summary.rows.entry("audit_log").or_default() += 1;
    }
    let (_, v) = instruments::find(db, INSTRUMENT, &grown.version)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if VersionStatus::from_code(&v.status) != VersionStatus::Published {
        return Err(ServiceError::Internal(format!(
            "{INSTRUMENT}@{} exists as a draft; publish or discard it first",
            grown.version
        )));
    }
    let doc = instruments::document(&v)?;
    Ok((v.id, doc))
}

/// `base` with the Proses dimension observed on more service products, as the Ombudsman does
/// on several products of a unit: its sub-sections repeated as "produk layanan 2", "3", … until
/// the version has at least [`INDICATORS`] indicators (the built-in 2023 version: 36 + 2 × 12).
fn grow(base: &InstrumentVersion) -> ServiceResult<InstrumentVersion> {
    fn count(s: &Section) -> usize {
        s.indicators.len() + s.sections.iter().map(count).sum::<usize>()
    }
    fn for_product(s: &Section, n: usize) -> Section {
        let mut copy = s.clone();
        copy.code = format!("{}-P{n}", s.code);
        copy.name_id = format!("{} — produk layanan {n}", s.name_id);
        copy.name_en = s
            .name_en
            .as_ref()
            .map(|e| format!("{e} — service product {n}"));
        copy.sections = s.sections.iter().map(|c| for_product(c, n)).collect();
        for i in &mut copy.indicators {
            i.code = format!("{}-P{n}", i.code);
            i.text_id = format!("Produk layanan {n}: {}", i.text_id);
            i.text_en = i
                .text_en
                .as_ref()
                .map(|e| format!("Service product {n}: {e}"));
        }
        copy
    }
    let mut doc = base.clone();
    let mut total = base.indicators().len();
    let proses = doc
        .sections
        .iter_mut()
        .find(|s| s.code == "PR")
        .ok_or_else(|| ServiceError::Internal("the instrument has no Proses dimension".into()))?;
    let originals = proses.sections.clone();
    if originals.iter().map(count).sum::<usize>() == 0 {
        return Err(ServiceError::Internal(
            "the Proses dimension has no sub-sections to repeat".into(),
        ));
    }
    let mut products = 1;
    while total < INDICATORS {
        products += 1;
        for s in &originals {
            let copy = for_product(s, products);
            total += count(&copy);
            proses.sections.push(copy);
        }
    }
    doc.version = format!("{}-{products}produk", base.version);
    doc.provenance.note = Some(format!(
        "Turunan versi {} untuk data uji skala: dimensi Proses diamati pada {products} produk \
         layanan. {}",
        base.version,
        base.provenance.note.clone().unwrap_or_default()
    ));
    Ok(doc)
}

fn indicator_infos(doc: &InstrumentVersion) -> Vec<IndicatorInfo> {
    doc.indicators()
        .into_iter()
        .map(|i| {
            let answer_type = doc.answer_type(i).cloned();
            let mut steps: Vec<(f64, Answer)> = answer_type
                .as_ref()
                .map(|t| t.steps())
                .unwrap_or_default()
                .into_iter()
                .filter(|s| s.answer != Answer::NotApplicable)
                .map(|s| (s.score, s.answer))
                .collect();
            steps.sort_by(|a, b| a.0.total_cmp(&b.0));
            IndicatorInfo {
                code: i.code.clone(),
                text: i.text_id.clone(),
                steps: steps
                    .into_iter()
                    .filter_map(|(_, a)| {
                        let json = serde_json::to_string(&a).ok()?;
                        let typed = match &a {
                            Answer::Level(v) => v.to_string(),
                            Answer::YesNo(true) => "Ya".to_owned(),
                            Answer::YesNo(false) => "Tidak".to_owned(),
                            Answer::Choice(c) => c.clone(),
                            Answer::Number(x) => crate::domain::format::decimal_id(*x, 2),
                            Answer::NotApplicable => return None,
                        };
                        Some((a, json, typed))
                    })
                    .collect(),
                answer_type,
                documents: i.evidence_expected.clone(),
            }
        })
        .filter(|i| !i.steps.is_empty())
        .collect()
}

/// The office of `province`, its mentor and its reason templates, created where missing.
async fn ensure_office(
    db: &DatabaseConnection,
    province: &'static str,
    password_hash: &str,
    now: DateTime<Utc>,
    summary: &mut Summary,
) -> ServiceResult<Office> {
    let name = office_name(province);
    let email = mentor_email(province);
    let txn = super::db::begin(db).await?;
    let mut audit = Vec::new();
    let office = match mentor_office::Entity::find()
        .filter(mentor_office::Column::Name.eq(name.as_str()))
        .one(&txn)
        .await?
    {
        Some(o) => o,
        None => {
            let o = mentor_office::ActiveModel {
                id: Set(Uuid::now_v7()),
                name: Set(name.clone()),
                province: Set(province.to_owned()),
                created_at: Set(now),
            }
            .insert(&txn)
            .await?;
            *summary.rows.entry("mentor_offices").or_default() += 1;
            // As the platform console records it.
            audit.push(audit_row(
                now,
                None,
                None,
                "office.create",
                "mentor_office",
                Some(o.id.to_string()),
                format!("created {} ({province})", o.name),
            ));
            o
        }
    };
    let mentor = match user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&txn)
        .await?
    {
        Some(u) => u,
        None => {
            let u = user_row(
                now,
                &email,
                &person(pick(&[province, "mentor"])),
                password_hash,
            );
            audit.push(user_audit(&u));
            let u = u.into_active_model().insert(&txn).await?;
            *summary.rows.entry("users").or_default() += 1;
            u
        }
    };
    if office_member::Entity::find()
        .filter(office_member::Column::OfficeId.eq(office.id))
        .filter(office_member::Column::UserId.eq(mentor.id))
        .one(&txn)
        .await?
        .is_none()
    {
        office_member::ActiveModel {
            id: Set(Uuid::now_v7()),
            office_id: Set(office.id),
            user_id: Set(mentor.id),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        *summary.rows.entry("office_members").or_default() += 1;
    }
    let mut reasons: Vec<String> = reason_template::Entity::find()
        .filter(reason_template::Column::OfficeId.eq(office.id))
        .filter(reason_template::Column::ArchivedAt.is_null())
        .order_by_asc(reason_template::Column::Text)
        .all(&txn)
        .await?
        .into_iter()
        .map(|t| t.text)
        .collect();
    if reasons.is_empty() {
        for text in REASONS {
            let id = Uuid::now_v7();
            reason_template::ActiveModel {
                id: Set(id),
                office_id: Set(office.id),
                text: Set(text.to_owned()),
                created_by: Set(Some(mentor.id)),
                created_at: Set(now),
                archived_at: Set(None),
            }
            .insert(&txn)
            .await?;
            audit.push(audit_row(
                now,
                Some(mentor.id),
                None,
                "review.template_add",
                "reason_template",
                Some(id.to_string()),
                format!("{}: {text}", office.name),
            ));
            reasons.push(text.to_owned());
        }
        *summary.rows.entry("reason_templates").or_default() += REASONS.len() as u64;
    }
    if !audit.is_empty() {
        *summary.rows.entry("audit_log").or_default() += audit.len() as u64;
        audit_log::Entity::insert_many(
            audit
                .into_iter()
                .map(|m| -> audit_log::ActiveModel { m.into_active_model() }),
        )
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(Office {
        id: office.id,
        name: office.name,
        mentor: mentor.id,
        reasons,
    })
}

/// A version 7 id for a moment in the past, so ids sort like the times they stand for.
fn id_at(t: DateTime<Utc>) -> Uuid {
    Uuid::new_v7(uuid::Timestamp::from_unix(
        uuid::NoContext,
        u64::try_from(t.timestamp()).unwrap_or(0),
        t.timestamp_subsec_nanos(),
    ))
}

fn user_row(at: DateTime<Utc>, email: &str, name: &str, password_hash: &str) -> user::Model {
    user::Model {
        id: id_at(at),
        email: email.to_owned(),
        name: name.to_owned(),
        password_hash: Some(password_hash.to_owned()),
        is_operator: false,
        disabled_at: None,
        created_at: at,
        updated_at: at,
        notify_email: "immediate".to_owned(),
    }
}

/// The audit entry `accounts::create_user` writes.
fn user_audit(u: &user::Model) -> audit_log::Model {
    audit_row(
        u.created_at,
        None,
        None,
        "user.create",
        "user",
        Some(u.id.to_string()),
        format!("created {} <{}>", u.name, u.email),
    )
}

fn audit_row(
    at: DateTime<Utc>,
    actor: Option<Uuid>,
    tenant: Option<Uuid>,
    action: &str,
    entity: &str,
    entity_id: Option<String>,
    summary: String,
) -> audit_log::Model {
    audit_log::Model {
        id: id_at(at),
        at,
        actor_user_id: actor,
        tenant_id: tenant,
        action: action.to_owned(),
        entity: entity.to_owned(),
        entity_id,
        summary,
        address: None,
    }
}

/// Everything one pemda is made of, before it is written.
#[derive(Default)]
struct Plan {
    tenants: Vec<tenant::Model>,
    users: Vec<user::Model>,
    memberships: Vec<membership::Model>,
    opds: Vec<opd::Model>,
    units: Vec<unit::Model>,
    services: Vec<service::Model>,
    grants: Vec<office_grant::Model>,
    cycles: Vec<cycle::Model>,
    cycle_units: Vec<cycle_unit::Model>,
    assignments: Vec<assignment::Model>,
    packages: Vec<work_package::Model>,
    evidence: Vec<evidence::Model>,
    revisions: Vec<evidence_revision::Model>,
    reviews: Vec<review::Model>,
    threads: Vec<comment::Model>,
    replies: Vec<comment::Model>,
    notifications: Vec<notification::Model>,
    events: Vec<cycle_event::Model>,
    audit: Vec<audit_log::Model>,
    /// Storage key and bytes of every file.
    files: Vec<(String, Bytes)>,
}

/// What happens to an OPD's work package by today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Story {
    /// Being answered; about seven in ten items done.
    Answering,
    /// Submitted; waiting in the mentor's queue.
    Submitted,
    /// Submitted; the mentor accepted part and sent two items back.
    SentBack,
    /// Sent back, fixed and submitted again.
    Resubmitted,
    /// Submitted and accepted, a few answers lowered by the mentor.
    Accepted,
}

/// Builds the rows and files of one pemda (pure: no I/O).
fn plan(t: &ScaleTenant, shared: &Shared) -> Plan {
    let mut b = Builder::new(t, shared);
    b.organisation();
    b.cycle();
    b.plan
}

/// Accumulates one pemda's plan.
struct Builder<'a> {
    t: &'a ScaleTenant,
    s: &'a Shared,
    office: &'a Office,
    plan: Plan,
    tenant_id: Uuid,
    /// When the cycle was created; everything in it happens after.
    t0: DateTime<Utc>,
    coordinator: (Uuid, String),
    /// Per OPD code: id, name, PIC (id, name).
    opds: HashMap<&'static str, (Uuid, String, Uuid)>,
    /// The lokus units: id, name, OPD code.
    lokus: Vec<(Uuid, String, &'static str)>,
    cycle_id: Uuid,
    cycle_name: String,
}

impl<'a> Builder<'a> {
    fn new(t: &'a ScaleTenant, s: &'a Shared) -> Self {
        let office = &s.offices[t.province];
        let t0 =
            s.now - Duration::days(42) + Duration::minutes((pick(&[&t.slug, "t0"]) % 600) as i64);
        Builder {
            t,
            s,
            office,
            plan: Plan::default(),
            tenant_id: id_at(t0 - Duration::days(10)),
            t0,
            coordinator: (Uuid::nil(), String::new()),
            opds: HashMap::new(),
            lokus: Vec::new(),
            cycle_id: Uuid::nil(),
            cycle_name: String::new(),
        }
    }

    fn h(&self, parts: &[&str]) -> u64 {
        let mut all = vec![self.t.slug.as_str()];
        all.extend_from_slice(parts);
        pick(&all)
    }

    fn audit(
        &mut self,
        at: DateTime<Utc>,
        actor: Option<Uuid>,
        action: &str,
        entity: &str,
        entity_id: Option<String>,
        summary: String,
    ) {
        self.plan.audit.push(audit_row(
            at,
            actor,
            Some(self.tenant_id),
            action,
            entity,
            entity_id,
            summary,
        ));
    }

    /// A cycle event, as `cycles::event` writes it.
    #[allow(clippy::too_many_arguments)]
    fn event(
        &mut self,
        at: DateTime<Utc>,
        actor: Uuid,
        package: Option<Uuid>,
        item: Option<Uuid>,
        kind: &str,
        change: Option<(&str, &str)>,
        note: Option<String>,
    ) {
        self.plan.events.push(cycle_event::Model {
            id: id_at(at),
            tenant_id: self.tenant_id,
            cycle_id: self.cycle_id,
            package_id: package,
            assignment_id: item,
            actor_user_id: Some(actor),
            at,
            kind: kind.to_owned(),
            from_status: change.map(|c| c.0.to_owned()),
            to_status: change.map(|c| c.1.to_owned()),
            note,
        });
    }

    /// A notification as `notify::send` writes it for someone who wants e-mail at once (the
    /// e-mail itself went out when it happened, so nothing is queued); those older than four days
    /// have been read.
    fn notify(&mut self, at: DateTime<Utc>, n: Notice) {
        if Some(n.to) == n.actor {
            return;
        }
        self.plan.notifications.push(notification::Model {
            id: id_at(at),
            user_id: n.to,
            tenant_id: n.tenant,
            assignment_id: n.item,
            comment_id: n.comment,
            actor_id: n.actor,
            kind: n.kind.code().to_owned(),
            summary: n.summary.chars().take(500).collect(),
            created_at: at,
            read_at: (at < self.s.now - Duration::days(4)).then(|| at + Duration::hours(5)),
            emailed_at: Some(at),
        });
    }

    fn member(
        &mut self,
        at: DateTime<Utc>,
        email: String,
        role: Role,
        opd: Option<Uuid>,
    ) -> (Uuid, String) {
        let name = person(self.h(&[&email]));
        let u = user_row(at, &email, &name, &self.s.password_hash);
        self.plan.audit.push(user_audit(&u));
        self.plan.memberships.push(membership::Model {
            id: id_at(at),
            user_id: u.id,
            tenant_id: self.tenant_id,
            role: role.code().to_owned(),
            opd_id: opd,
            disabled_at: None,
            created_at: at,
        });
        let id = u.id;
        self.plan.users.push(u);
        (id, name)
    }

    /// The tenant, its OPDs, units, services, people and the office's access.
    fn organisation(&mut self) {
        let t = self.t;
        let made = self.t0 - Duration::days(10);
        self.plan.tenants.push(tenant::Model {
            id: self.tenant_id,
            slug: t.slug.clone(),
            name: t.name.clone(),
            kind: t.kind.to_owned(),
            province: t.province.to_owned(),
            status: "active".to_owned(),
            time_zone: crate::domain::zone::Zone::for_province(t.province)
                .iana()
                .to_owned(),
            created_at: made,
            updated_at: made,
        });
        self.audit(
            made,
            None,
            "tenant.create",
            "tenant",
            Some(self.tenant_id.to_string()),
            format!("created {} ({})", t.name, t.slug),
        );
        let joined = made + Duration::hours(2);
        self.coordinator = self.member(joined, coordinator_email(&t.slug), Role::Coordinator, None);
        self.member(joined, viewer_email(&t.slug), Role::Viewer, None);
        let extra = if t.kind == "provinsi" {
            PROVINCE_OPDS
        } else {
            KABKOTA_OPDS
        };
        let organised = made + Duration::days(1);
        for (n, (code, name)) in OPDS.iter().chain(extra.iter()).enumerate() {
            let name = if t.kind == "provinsi" && *code == "SETDA-ORG" {
                "Sekretariat Daerah — Biro Organisasi"
            } else {
                name
            };
            let id = id_at(organised);
            self.plan.opds.push(opd::Model {
                id,
                tenant_id: self.tenant_id,
                code: (*code).to_owned(),
                name: name.to_owned(),
                is_lokus: n < LOKUS_OPDS,
                head_name: None,
                created_at: organised,
            });
            let joined = organised + Duration::hours(3);
            let (pic, _) =
                self.member(joined, staff_email(&t.slug, code), Role::OpdStaff, Some(id));
            if n < LOKUS_OPDS {
                self.member(joined, head_email(&t.slug, code), Role::OpdHead, Some(id));
            }
            self.opds.insert(*code, (id, name.to_owned(), pic));
        }
        let short = t
            .name
            .trim_start_matches("Provinsi ")
            .trim_start_matches("Kabupaten ")
            .trim_start_matches("Kota ")
            .to_owned();
        for (opd_code, code, name, lokus, services) in UNITS {
            let opd_id = self.opds[opd_code].0;
            let id = id_at(organised);
            let name = name.replace("{}", &short);
            self.plan.units.push(unit::Model {
                id,
                tenant_id: self.tenant_id,
                opd_id,
                code: (*code).to_owned(),
                name: name.clone(),
                head_name: None,
                is_lokus: *lokus,
                created_at: organised,
            });
            for (scode, sname) in *services {
                self.plan.services.push(service::Model {
                    id: id_at(organised),
                    tenant_id: self.tenant_id,
                    unit_id: id,
                    code: (*scode).to_owned(),
                    name: (*sname).to_owned(),
                    created_at: organised,
                });
            }
            if *lokus {
                self.lokus.push((id, name, *opd_code));
            }
        }
        let coordinator = self.coordinator.0;
        self.audit(
            organised,
            Some(coordinator),
            "organisation.import",
            "opd",
            None,
            format!(
                "import: {} OPD added, 0 updated; {} units added, 0 updated",
                self.plan.opds.len(),
                self.plan.units.len()
            ),
        );
        let granted = organised + Duration::days(1);
        self.plan.grants.push(office_grant::Model {
            id: id_at(granted),
            office_id: self.office.id,
            tenant_id: self.tenant_id,
            granted_by: Some(coordinator),
            created_at: granted,
        });
        self.audit(
            granted,
            Some(coordinator),
            "office_access.grant",
            "mentor_office",
            Some(self.office.id.to_string()),
            format!("{}: no access → access", self.office.name),
        );
    }

    /// This year's cycle, as `cycles::create`, `set_status` and `assign_bulk` leave it, then
    /// each OPD's [`Story`].
    fn cycle(&mut self) {
        use chrono::Datelike;
        let s = self.s;
        let today = s.today;
        let year = today.year();
        let t0 = self.t0;
        let coordinator = self.coordinator.0;
        self.cycle_id = id_at(t0);
        self.cycle_name = format!("Penilaian Kepatuhan {year}");
        let starts_on = NaiveDate::from_ymd_opt(year, 1, 15).unwrap_or(today);
        let self_deadline = today + Duration::days(21);
        let ends_on = (today + Duration::days(60))
            .max(NaiveDate::from_ymd_opt(year, 12, 15).unwrap_or(today));
        let cycle_name = self.cycle_name.clone();
        self.plan.cycles.push(cycle::Model {
            id: self.cycle_id,
            tenant_id: self.tenant_id,
            name: cycle_name.clone(),
            instrument_version_id: s.version_id,
            starts_on: starts_on.min(today - Duration::days(45)),
            ends_on,
            self_deadline,
            review_from: Some(today - Duration::days(30)),
            review_until: Some(self_deadline + Duration::days(30)),
            official_on: Some(self_deadline + Duration::days(45)),
            status: CycleStatus::Active.code().to_owned(),
            copied_from: None,
            revision: 2,
            created_at: t0,
            created_by: Some(coordinator),
            updated_at: t0 + Duration::hours(1),
        });
        for (id, ..) in &self.lokus {
            self.plan.cycle_units.push(cycle_unit::Model {
                cycle_id: self.cycle_id,
                unit_id: *id,
            });
        }
        let cycle_id = self.cycle_id;
        self.event(
            t0,
            coordinator,
            None,
            None,
            "cycle.created",
            Some(("", CycleStatus::Draft.code())),
            None,
        );
        self.audit(
            t0,
            Some(coordinator),
            "cycle.create",
            "cycle",
            Some(cycle_id.to_string()),
            format!(
                "{cycle_name}: {} unit × {} indikator = {} butir",
                self.lokus.len(),
                s.indicators.len(),
                self.lokus.len() * s.indicators.len()
            ),
        );
        let active = t0 + Duration::hours(1);
        self.event(
            active,
            coordinator,
            None,
            None,
            "cycle.status",
            Some((CycleStatus::Draft.code(), CycleStatus::Active.code())),
            None,
        );
        self.audit(
            active,
            Some(coordinator),
            "cycle.status",
            "cycle",
            Some(cycle_id.to_string()),
            format!("{cycle_name}: draft → active"),
        );
        // Who does what this year: the stories rotate over the five lokus OPDs from one pemda
        // to the next, and a third of the pemda are slower (nothing accepted yet).
        let mut stories = [
            Story::Accepted,
            Story::Submitted,
            Story::SentBack,
            Story::Resubmitted,
            Story::Answering,
        ];
        if self.h(&["tempo"]).is_multiple_of(3) {
            stories[0] = Story::Answering;
        }
        let turn = self.t.index % stories.len();
        stories.rotate_left(turn);
        let late = self.h(&["late"]).is_multiple_of(4);
        // How well this pemda does: the share of best answers.
        let good = 50 + self.h(&["quality"]) % 40;
        let lokus = self.lokus.clone();
        for (n, (unit_id, unit_name, opd_code)) in lokus.iter().enumerate() {
            let story = stories[n % stories.len()];
            let due = if late && story == Story::Answering {
                today - Duration::days(4)
            } else {
                self_deadline
            };
            self.opd_story(story, *unit_id, unit_name, opd_code, due, good);
        }
    }

    /// An answer for `code` in `unit`: mostly the best, sometimes one or two lower (as
    /// `demo::seed_cycles` draws them).
    fn answer(&self, ind: usize, unit: &str, good: u64) -> usize {
        let steps = self.s.indicators[ind].steps.len();
        let roll = self.h(&[&self.s.indicators[ind].code, unit, "answer"]) % 100;
        let down = if roll < good {
            0
        } else if roll < 93 {
            1
        } else {
            2
        };
        steps.saturating_sub(1 + down)
    }

    /// One lokus unit's items and its OPD's package through `story`.
    fn opd_story(
        &mut self,
        story: Story,
        unit_id: Uuid,
        unit_name: &str,
        opd_code: &'static str,
        due: NaiveDate,
        good: u64,
    ) {
        let s = self.s;
        let now = s.now;
        let t0 = self.t0;
        let coordinator = self.coordinator.0;
        let mentor = self.office.mentor;
        let (opd_id, opd_name, pic) = self.opds[opd_code].clone();
        let package_id = id_at(t0);
        let cycle_name = self.cycle_name.clone();
        // The coordinator gives the OPD's items to its PIC (`cycles::assign_bulk`).
        let assigned = t0 + Duration::days(1);
        let n_items = s.indicators.len();
        self.event(
            assigned,
            coordinator,
            None,
            None,
            "assignment.bulk",
            None,
            Some(format!("{n_items} butir")),
        );
        let due_text = if due == s.today + Duration::days(21) {
            "tetap".to_owned()
        } else {
            ymd(due)
        };
        self.audit(
            assigned,
            Some(coordinator),
            "cycle.assign",
            "cycle",
            Some(self.cycle_id.to_string()),
            format!("{cycle_name}: {n_items} butir (bagian semua, PIC {pic}, tenggat {due_text})"),
        );
        let submitted_at = now - Duration::days(4 + (self.h(&[opd_code, "submit"]) % 6) as i64);
        let until = if story == Story::Answering {
            now - Duration::hours(2)
        } else {
            submitted_at - Duration::hours(1)
        };
        let start = t0 + Duration::days(2);
        let span = (until - start).num_minutes().max(60) as u64;
        let mut items: Vec<assignment::Model> = Vec::with_capacity(n_items);
        let mut chosen: Vec<Option<usize>> = Vec::with_capacity(n_items);
        for ind in 0..n_items {
            let code = s.indicators[ind].code.clone();
            let answered =
                story != Story::Answering || self.h(&[&code, unit_name, "open"]) % 100 >= 30;
            let at = start + Duration::minutes((self.h(&[&code, unit_name, "when"]) % span) as i64);
            let step = answered.then(|| self.answer(ind, unit_name, good));
            chosen.push(step);
            items.push(assignment::Model {
                id: id_at(t0),
                tenant_id: self.tenant_id,
                cycle_id: self.cycle_id,
                unit_id,
                indicator_code: code,
                opd_id: Some(opd_id),
                pic_user_id: Some(pic),
                due_on: Some(due),
                answer: step.map(|k| s.indicators[ind].steps[k].1.clone()),
                notes: (answered
                    && self
                        .h(&[&s.indicators[ind].code, unit_name, "note"])
                        .is_multiple_of(5))
                .then(|| "Sudah dipajang di ruang tunggu dan laman resmi.".to_owned()),
                ready: answered,
                // Created, assigned in bulk, answered: each bumps the revision.
                revision: if answered { 3 } else { 2 },
                answered_at: answered.then_some(at),
                answered_by: answered.then_some(pic),
            });
        }
        let mut package = work_package::Model {
            id: package_id,
            tenant_id: self.tenant_id,
            cycle_id: self.cycle_id,
            opd_id,
            status: PackageStatus::Draft.code().to_owned(),
            revision: 1,
            updated_at: t0,
            updated_by: Some(coordinator),
        };
        // Answers and their documents, in the order they were given.
        let mut order: Vec<usize> = (0..n_items).filter(|i| chosen[*i].is_some()).collect();
        order.sort_by_key(|i| items[*i].answered_at);
        for (k, i) in order.iter().enumerate() {
            let a = items[*i].clone();
            let at = a.answered_at.unwrap_or(start);
            let step = chosen[*i].unwrap_or(0);
            let typed = s.indicators[*i].steps[step].2.clone();
            self.event(
                at,
                pic,
                None,
                Some(a.id),
                "answer.saved",
                None,
                Some(format!("{typed} · siap")),
            );
            if k == 0 {
                self.move_package(&mut package, at, pic, PackageStatus::InProgress, None);
            }
            for d in 0..3 {
                self.document(
                    &a,
                    *i,
                    unit_name,
                    d,
                    at + Duration::minutes(5 + d as i64),
                    pic,
                );
            }
        }
        if story == Story::Answering {
            // The coordinator chases two items; the PIC answers in the thread.
            for (k, i) in [n_items / 4, n_items / 2].into_iter().enumerate() {
                let a = items[i].clone();
                let at = now - Duration::days(3 - k as i64);
                self.thread(
                    &a,
                    at,
                    (
                        coordinator,
                        "Mohon bukti dukung dilengkapi sebelum tenggat, terima kasih.",
                    ),
                    Some((pic, "Siap, segera kami lengkapi.")),
                    false,
                );
            }
            self.plan.assignments.extend(items);
            self.plan.packages.push(package);
            return;
        }
        // Submitted (`cycles::submit` and `review::on_submit`).
        self.move_package(
            &mut package,
            submitted_at,
            pic,
            PackageStatus::Submitted,
            None,
        );
        self.audit(
            submitted_at,
            Some(pic),
            "package.submit",
            "work_package",
            Some(package_id.to_string()),
            format!("{cycle_name}: in_progress → submitted"),
        );
        let mut reviews: Vec<review::Model> = items
            .iter()
            .map(|a| review::Model {
                assignment_id: a.id,
                tenant_id: self.tenant_id,
                cycle_id: self.cycle_id,
                status: ReviewStatus::Awaiting.code().to_owned(),
                reason: None,
                verified_answer: None,
                justification: None,
                reviewer_id: None,
                reviewed_at: None,
                queued_at: submitted_at,
                revision: 1,
            })
            .collect();
        match story {
            Story::Submitted => {
                // A mentor-only note while reading the package.
                let a = items[n_items / 3].clone();
                self.thread(
                    &a,
                    submitted_at + Duration::hours(20),
                    (
                        mentor,
                        "Catatan internal: cocokkan dengan hasil observasi lapangan sebelum diterima.",
                    ),
                    None,
                    true,
                );
            }
            Story::Accepted => {
                for i in 0..n_items {
                    let at = submitted_at + Duration::days(1) + Duration::minutes(3 * i as i64);
                    self.accept(&items[i], &mut reviews[i], i, chosen[i], at, pic);
                }
                let at = submitted_at + Duration::days(1) + Duration::minutes(3 * n_items as i64);
                self.move_package(&mut package, at, mentor, PackageStatus::Accepted, None);
            }
            Story::SentBack | Story::Resubmitted => {
                let reviewed = n_items / 2;
                let first = (self.h(&[opd_code, "back"]) % reviewed as u64) as usize;
                let second = (first + 1 + n_items / 5) % reviewed;
                let mut sent_back = Vec::new();
                for i in 0..reviewed {
                    let at = submitted_at + Duration::days(1) + Duration::minutes(3 * i as i64);
                    if i == first || i == second {
                        let reason = self.office.reasons[(self
                            .h(&[&items[i].indicator_code, "why"])
                            % self.office.reasons.len() as u64)
                            as usize]
                            .clone();
                        self.send_back(&items[i], &mut reviews[i], at, pic, &reason);
                        if sent_back.is_empty() {
                            self.move_package(
                                &mut package,
                                at,
                                mentor,
                                PackageStatus::RevisionRequested,
                                Some(format!("{}: {reason}", items[i].indicator_code)),
                            );
                        }
                        sent_back.push((i, at, reason));
                    } else {
                        self.accept(&items[i], &mut reviews[i], i, chosen[i], at, pic);
                    }
                }
                for (i, at, reason) in &sent_back {
                    let a = items[*i].clone();
                    let reply = if story == Story::Resubmitted {
                        "Sudah kami perbaiki dan unggah ulang dokumennya."
                    } else {
                        "Baik, sedang kami siapkan dokumen perbaikannya."
                    };
                    let body = format!("Mohon diperbaiki: {}.", reason.to_lowercase());
                    self.thread(
                        &a,
                        *at + Duration::minutes(1),
                        (mentor, &body),
                        Some((pic, reply)),
                        false,
                    );
                }
                if story == Story::Resubmitted {
                    self.resubmit(
                        &mut items,
                        &mut reviews,
                        &mut package,
                        &sent_back,
                        unit_name,
                        submitted_at + Duration::days(2),
                        &opd_name,
                    );
                }
            }
            Story::Answering => {}
        }
        self.plan.assignments.extend(items);
        self.plan.reviews.extend(reviews);
        self.plan.packages.push(package);
    }

    /// A package moves (`cycles::move_package`).
    fn move_package(
        &mut self,
        p: &mut work_package::Model,
        at: DateTime<Utc>,
        by: Uuid,
        to: PackageStatus,
        note: Option<String>,
    ) {
        let from = PackageStatus::from_code(&p.status);
        self.event(
            at,
            by,
            Some(p.id),
            None,
            "package.status",
            Some((from.code(), to.code())),
            note,
        );
        p.status = to.code().to_owned();
        p.revision += 1;
        p.updated_at = at;
        p.updated_by = Some(by);
    }

    /// One stored document on an answer, number `d` of three (`evidence::upload`): the file,
    /// its rows, the item's history and the audit log.
    fn document(
        &mut self,
        a: &assignment::Model,
        ind: usize,
        unit_name: &str,
        d: usize,
        at: DateTime<Utc>,
        by: Uuid,
    ) {
        let info = &self.s.indicators[ind];
        let title = info
            .documents
            .get(d)
            .map(String::as_str)
            .unwrap_or(MORE_DOCUMENTS[d % MORE_DOCUMENTS.len()]);
        let photo = title.starts_with("Foto") || title.starts_with("Tangkapan layar");
        let kind = if photo { FileKind::Png } else { FileKind::Pdf };
        let name = clean_name(&format!("{title}.{}", kind.extension()))
            .unwrap_or_else(|| format!("bukti.{}", kind.extension()));
        let evidence_id = id_at(at);
        self.plan.evidence.push(evidence::Model {
            id: evidence_id,
            tenant_id: self.tenant_id,
            cycle_id: a.cycle_id,
            assignment_id: a.id,
            kind: "file".to_owned(),
            title: name.clone(),
            created_at: at,
            created_by: Some(by),
            deleted_at: None,
            deleted_by: None,
        });
        let lines = [
            self.t.name.clone(),
            unit_name.to_owned(),
            format!("{} {}", info.code, info.text),
            format!(
                "Dokumen {} dari 3, diunggah {}",
                d + 1,
                ymd(at.date_naive())
            ),
        ];
        self.revision(a, evidence_id, 1, &name, kind, &lines, at, by);
    }

    /// A document's revision `number`: its file and rows.
    #[allow(clippy::too_many_arguments)]
    fn revision(
        &mut self,
        a: &assignment::Model,
        evidence_id: Uuid,
        number: i32,
        name: &str,
        kind: FileKind,
        lines: &[String],
        at: DateTime<Utc>,
        by: Uuid,
    ) {
        let bytes = match kind {
            FileKind::Png => png_file(pick(&[
                &self.t.slug,
                &a.indicator_code,
                name,
                &lines.join("|"),
            ])),
            _ => pdf_file(name, lines),
        };
        let key = Storage::new_key(self.tenant_id);
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let size = bytes.len() as u64;
        let revision_id = Uuid::new_v4();
        self.plan.revisions.push(evidence_revision::Model {
            id: revision_id,
            evidence_id,
            tenant_id: self.tenant_id,
            assignment_id: a.id,
            number,
            storage_key: Some(key.clone()),
            url: None,
            name: name.to_owned(),
            content_type: Some(kind.mime().to_owned()),
            size_bytes: size as i64,
            sha256,
            effective_on: at.date_naive()
                - Duration::days((pick(&[name, "effective"]) % 90) as i64),
            expires_on: None,
            note: None,
            uploaded_at: at,
            uploaded_by: Some(by),
            deleted_at: None,
            deleted_by: None,
            purged_at: None,
        });
        self.plan.files.push((key, Bytes::from(bytes)));
        let what = format!("{name} ({}) · revisi {number}", human_size(size));
        self.event(
            at,
            by,
            None,
            Some(a.id),
            "evidence.added",
            None,
            Some(what.clone()),
        );
        self.audit(
            at,
            Some(by),
            "evidence.add",
            "evidence",
            Some(revision_id.to_string()),
            format!("{} · {what}", a.indicator_code),
        );
    }

    /// "`1.2` · unit — cycle", as notifications name an item.
    fn item_summary(&self, a: &assignment::Model) -> String {
        let unit = self
            .lokus
            .iter()
            .find(|u| u.0 == a.unit_id)
            .map(|u| u.1.as_str())
            .unwrap_or_default();
        format!("{} · {unit} — {}", a.indicator_code, self.cycle_name)
    }

    /// The mentor accepts (`review::accept`), lowering about one answer in seven with a reason.
    fn accept(
        &mut self,
        a: &assignment::Model,
        r: &mut review::Model,
        ind: usize,
        step: Option<usize>,
        at: DateTime<Utc>,
        pic: Uuid,
    ) {
        let mentor = self.office.mentor;
        let info = &self.s.indicators[ind];
        let own = step.unwrap_or(0);
        let lowered = own > 0 && self.h(&[&a.indicator_code, "verify"]).is_multiple_of(7);
        let verified = if lowered { own - 1 } else { own };
        let (answer, json, _) = info.steps[verified].clone();
        let justification = lowered.then(|| {
            "Bukti foto tidak menunjukkan informasi ini terpampang di ruang layanan.".to_owned()
        });
        let label = answer_label(info.answer_type.as_ref(), &answer);
        let from = ReviewStatus::from_code(&r.status).map_or("", |s| s.code());
        r.status = ReviewStatus::Accepted.code().to_owned();
        r.verified_answer = Some(json);
        r.justification = justification.clone();
        r.reviewer_id = Some(mentor);
        r.reviewed_at = Some(at);
        r.revision += 1;
        let note = match &justification {
            Some(j) => format!("nilai terverifikasi {label} · {j}"),
            None => format!("nilai terverifikasi {label}"),
        };
        self.event(
            at,
            mentor,
            None,
            Some(a.id),
            "review.accepted",
            Some((from, ReviewStatus::Accepted.code())),
            Some(note.clone()),
        );
        self.audit(
            at,
            Some(mentor),
            "review.accept",
            "assignment",
            Some(a.id.to_string()),
            format!("{} · {note}", a.indicator_code),
        );
        let summary = self.item_summary(a);
        self.notify(
            at,
            Notice {
                to: pic,
                tenant: self.tenant_id,
                item: Some(a.id),
                comment: None,
                actor: Some(mentor),
                kind: NoticeKind::Accepted,
                summary,
            },
        );
    }

    /// The mentor sends an item back with a template reason (`review::request_revision`).
    fn send_back(
        &mut self,
        a: &assignment::Model,
        r: &mut review::Model,
        at: DateTime<Utc>,
        pic: Uuid,
        reason: &str,
    ) {
        let mentor = self.office.mentor;
        let from = ReviewStatus::from_code(&r.status).map_or("", |s| s.code());
        r.status = ReviewStatus::RevisionRequested.code().to_owned();
        r.reason = Some(reason.to_owned());
        r.reviewer_id = Some(mentor);
        r.reviewed_at = Some(at);
        r.revision += 1;
        self.event(
            at,
            mentor,
            None,
            Some(a.id),
            "review.revision_requested",
            Some((from, ReviewStatus::RevisionRequested.code())),
            Some(reason.to_owned()),
        );
        self.audit(
            at,
            Some(mentor),
            "review.request_revision",
            "assignment",
            Some(a.id.to_string()),
            format!("{} · {reason}", a.indicator_code),
        );
        let summary = format!("{} · {reason}", self.item_summary(a));
        self.notify(
            at,
            Notice {
                to: pic,
                tenant: self.tenant_id,
                item: Some(a.id),
                comment: None,
                actor: Some(mentor),
                kind: NoticeKind::RevisionRequested,
                summary,
            },
        );
    }

    /// The PIC fixes what was sent back (a better answer, a new revision of the first document)
    /// and submits again; the items return to the queue as resubmitted (`cycles::save_answer`,
    /// `evidence::upload`, `cycles::submit`, `review::on_submit`).
    #[allow(clippy::too_many_arguments)]
    fn resubmit(
        &mut self,
        items: &mut [assignment::Model],
        reviews: &mut [review::Model],
        package: &mut work_package::Model,
        sent_back: &[(usize, DateTime<Utc>, String)],
        unit_name: &str,
        at: DateTime<Utc>,
        opd_name: &str,
    ) {
        let s = self.s;
        let pic = items[0].pic_user_id.unwrap_or_default();
        let mentor = self.office.mentor;
        for (k, (i, ..)) in sent_back.iter().enumerate() {
            let fixed = at + Duration::minutes(10 * k as i64);
            let info = &s.indicators[*i];
            let (_, json, typed) = info.steps[info.steps.len() - 1].clone();
            let a = &mut items[*i];
            a.answer = Some(json);
            a.revision += 1;
            a.answered_at = Some(fixed);
            let a = a.clone();
            self.event(
                fixed,
                pic,
                None,
                Some(a.id),
                "answer.saved",
                None,
                Some(format!("{typed} · siap")),
            );
            if k == 0 {
                self.move_package(package, fixed, pic, PackageStatus::InProgress, None);
            }
            let doc = self
                .plan
                .evidence
                .iter()
                .find(|e| e.assignment_id == a.id)
                .map(|e| (e.id, e.title.clone()));
            if let Some((evidence_id, title)) = doc {
                let kind = if title.ends_with(".png") {
                    FileKind::Png
                } else {
                    FileKind::Pdf
                };
                let lines = [
                    self.t.name.clone(),
                    unit_name.to_owned(),
                    format!("{} {}", info.code, info.text),
                    format!("Perbaikan, diunggah {}", ymd(fixed.date_naive())),
                ];
                self.revision(
                    &a,
                    evidence_id,
                    2,
                    &title,
                    kind,
                    &lines,
                    fixed + Duration::minutes(2),
                    pic,
                );
            }
        }
        let submitted = at + Duration::hours(2);
        self.move_package(package, submitted, pic, PackageStatus::Submitted, None);
        self.audit(
            submitted,
            Some(pic),
            "package.submit",
            "work_package",
            Some(package.id.to_string()),
            format!("{}: in_progress → submitted", self.cycle_name),
        );
        let mut codes = Vec::new();
        for (i, ..) in sent_back {
            let r = &mut reviews[*i];
            r.status = ReviewStatus::Resubmitted.code().to_owned();
            r.queued_at = submitted;
            r.revision += 1;
            codes.push(items[*i].indicator_code.clone());
        }
        if let Some((first, ..)) = sent_back.first() {
            let item = items[*first].id;
            let tenant = self.tenant_id;
            self.notify(
                submitted,
                Notice {
                    to: mentor,
                    tenant,
                    item: Some(item),
                    comment: None,
                    actor: Some(pic),
                    kind: NoticeKind::Resubmitted,
                    summary: format!(
                        "{opd_name}: {} butir dikirim ulang ({})",
                        codes.len(),
                        codes.join(", ")
                    ),
                },
            );
        }
    }

    /// A comment thread on an item: a first comment and maybe a reply an hour later
    /// (`review::add_comment`; the starter hears of the reply).
    fn thread(
        &mut self,
        a: &assignment::Model,
        at: DateTime<Utc>,
        first: (Uuid, &str),
        reply: Option<(Uuid, &str)>,
        internal: bool,
    ) {
        let root = id_at(at);
        let tenant_id = self.tenant_id;
        let row = |id: Uuid, parent: Option<Uuid>, author: Uuid, body: &str, at| comment::Model {
            id,
            tenant_id,
            cycle_id: a.cycle_id,
            assignment_id: a.id,
            evidence_id: None,
            parent_id: parent,
            author_id: Some(author),
            body: body.to_owned(),
            internal,
            created_at: at,
            edited_at: None,
            revision: 1,
        };
        let summary =
            |note: &str| format!("{}{}", a.indicator_code, if internal { note } else { "" });
        self.plan
            .threads
            .push(row(root, None, first.0, first.1, at));
        self.audit(
            at,
            Some(first.0),
            "comment.add",
            "comment",
            Some(root.to_string()),
            summary(" · catatan internal"),
        );
        if let Some((author, body)) = reply {
            let later = at + Duration::hours(1);
            let id = id_at(later);
            self.plan
                .replies
                .push(row(id, Some(root), author, body, later));
            self.audit(
                later,
                Some(author),
                "comment.add",
                "comment",
                Some(id.to_string()),
                summary(" · catatan internal"),
            );
            let item_summary = self.item_summary(a);
            self.notify(
                later,
                Notice {
                    to: first.0,
                    tenant: self.tenant_id,
                    item: Some(a.id),
                    comment: Some(id),
                    actor: Some(author),
                    kind: NoticeKind::Reply,
                    summary: item_summary,
                },
            );
        }
    }
}

/// A one-page PDF naming the document (a few hundred bytes; Helvetica needs no embedded font).
fn pdf_file(title: &str, lines: &[String]) -> Vec<u8> {
    use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
    // WinAnsi text: keep to ASCII so every character shows.
    let ascii = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '—' | '–' => '-',
                c if c.is_ascii() && !c.is_ascii_control() => c,
                _ => '?',
            })
            .collect()
    };
    let mut c = Content::new();
    c.begin_text();
    c.set_font(Name(b"F1"), 14.0);
    c.next_line(56.0, 770.0);
    c.show(Str(ascii(title).as_bytes()));
    c.set_font(Name(b"F1"), 10.0);
    for line in lines {
        c.next_line(0.0, -18.0);
        c.show(Str(ascii(line).as_bytes()));
    }
    c.end_text();
    let stream = c.finish();
    let (catalog, pages, page, content, font, info) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
        Ref::new(6),
    );
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).kids([page]).count(1);
    {
        let mut p = pdf.page(page);
        p.media_box(Rect::new(0.0, 0.0, 595.0, 842.0))
            .parent(pages)
            .contents(content);
        p.resources().fonts().pair(Name(b"F1"), font).finish();
    }
    pdf.stream(content, &stream);
    pdf.type1_font(font)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.document_info(info)
        .title(TextStr(title))
        .creator(TextStr("Patuh (data uji skala)"));
    pdf.finish()
}

/// A small PNG "photo": 24 × 16 pixels of colour bands drawn from `seed` (unique per document).
fn png_file(seed: u64) -> Vec<u8> {
    let (w, h) = (24u32, 16u32);
    let bytes = seed.to_le_bytes();
    let mut pixels = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let band = bytes[((x / 3) % 8) as usize];
            pixels.extend_from_slice(&[band, band.wrapping_add((y * 8) as u8), 255 - band]);
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // Infallible for a buffer in memory with the right number of pixels.
        if let Ok(mut writer) = encoder.write_header() {
            let _ = writer.write_image_data(&pixels);
        }
    }
    out
}

/// Writes one pemda: its files (at most [`FILES_IN_FLIGHT`] at once), then its rows in one
/// transaction. Returns the rows written; counts them per table into `counts`.
async fn write_tenant(
    db: &DatabaseConnection,
    storage: &Storage,
    mut plan: Plan,
    binds: usize,
    counts: &mut BTreeMap<&'static str, u64>,
) -> ServiceResult<u64> {
    let files = std::mem::take(&mut plan.files);
    let keys: Vec<String> = files.iter().map(|f| f.0.clone()).collect();
    let stored = futures_util::stream::iter(files)
        .map(|(key, bytes)| async move {
            let size = bytes.len() as u64;
            storage
                .put(
                    &key,
                    bytes,
                    futures_util::stream::empty::<Result<Bytes, std::io::Error>>(),
                    size,
                )
                .await
                .map_err(|e| ServiceError::Internal(format!("storage: {e:?}")))
        })
        .buffer_unordered(FILES_IN_FLIGHT)
        .try_collect::<Vec<_>>()
        .await;
    let result = match stored {
        Ok(_) => insert_plan(db, plan, binds, counts).await,
        Err(e) => Err(e),
    };
    if result.is_err() {
        // As a refused upload does: the rows did not land, so the bytes must not stay.
        futures_util::stream::iter(keys)
            .for_each_concurrent(FILES_IN_FLIGHT, |key| async move {
                let _ = storage.delete(&key).await;
            })
            .await;
    }
    result
}

async fn insert_plan(
    db: &DatabaseConnection,
    plan: Plan,
    binds: usize,
    counts: &mut BTreeMap<&'static str, u64>,
) -> ServiceResult<u64> {
    let txn = super::db::begin(db).await?;
    let mut n = 0;
    // In the order the foreign keys need.
    n += insert::<tenant::Entity>(&txn, binds, plan.tenants, "tenants", counts).await?;
    n += insert::<user::Entity>(&txn, binds, plan.users, "users", counts).await?;
    n += insert::<opd::Entity>(&txn, binds, plan.opds, "opds", counts).await?;
    n += insert::<membership::Entity>(&txn, binds, plan.memberships, "memberships", counts).await?;
    n += insert::<unit::Entity>(&txn, binds, plan.units, "units", counts).await?;
    n += insert::<service::Entity>(&txn, binds, plan.services, "services", counts).await?;
    n += insert::<office_grant::Entity>(&txn, binds, plan.grants, "office_grants", counts).await?;
    n += insert::<cycle::Entity>(&txn, binds, plan.cycles, "cycles", counts).await?;
    n += insert::<cycle_unit::Entity>(&txn, binds, plan.cycle_units, "cycle_units", counts).await?;
    n += insert::<assignment::Entity>(&txn, binds, plan.assignments, "assignments", counts).await?;
    n +=
        insert::<work_package::Entity>(&txn, binds, plan.packages, "work_packages", counts).await?;
    n += insert::<evidence::Entity>(&txn, binds, plan.evidence, "evidence", counts).await?;
    n += insert::<evidence_revision::Entity>(
        &txn,
        binds,
        plan.revisions,
        "evidence_revisions",
        counts,
    )
    .await?;
    n += insert::<review::Entity>(&txn, binds, plan.reviews, "reviews", counts).await?;
    n += insert::<comment::Entity>(&txn, binds, plan.threads, "comments", counts).await?;
    n += insert::<comment::Entity>(&txn, binds, plan.replies, "comments", counts).await?;
    n += insert::<notification::Entity>(&txn, binds, plan.notifications, "notifications", counts)
        .await?;
    n += insert::<cycle_event::Entity>(&txn, binds, plan.events, "cycle_events", counts).await?;
    n += insert::<audit_log::Entity>(&txn, binds, plan.audit, "audit_log", counts).await?;
    txn.commit().await?;
    Ok(n)
}

/// Inserts `rows` in multi-row statements that stay under the database's `binds` limit.
async fn insert<E>(
    db: &impl ConnectionTrait,
    binds: usize,
    rows: Vec<E::Model>,
    table: &'static str,
    counts: &mut BTreeMap<&'static str, u64>,
) -> ServiceResult<u64>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel>,
{
    let n = rows.len() as u64;
    let per_statement = (binds / E::Column::iter().count()).max(1);
    let mut rest = rows.into_iter();
    loop {
        let chunk: Vec<E::ActiveModel> = rest
            .by_ref()
            .take(per_statement)
            .map(IntoActiveModel::into_active_model)
            .collect();
        if chunk.is_empty() {
            break;
        }
        E::insert_many(chunk).exec_without_returning(db).await?;
    }
    *counts.entry(table).or_default() += n;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scales_are_nested_and_the_slugs_unique() {
        let national = tenants(Scale::National);
        assert_eq!(national.len(), 552);
        assert_eq!(national.iter().filter(|t| t.kind == "provinsi").count(), 38);
        let slugs: HashSet<&str> = national.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs.len(), 552);
        assert!(national
            .iter()
            .all(|t| t.slug != super::super::demo::DEMO_TENANT_SLUG));
        assert!(national
            .iter()
            .all(|t| crate::domain::org::check_slug(&t.slug).is_ok()));
        let province = tenants(Scale::Province);
        assert_eq!(province.len(), 36);
        assert!(province.iter().all(|t| national.contains(t)));
        let pemda = tenants(Scale::Pemda);
        assert_eq!(pemda.len(), 1);
        assert_eq!(pemda[0].kind, "kabupaten");
        assert!(province.contains(&pemda[0]));
    }

    #[test]
    fn the_derived_instrument_has_sixty_valid_indicators() {
        let base = crate::domain::instrument::builtin::BUILTIN_YAML
            .iter()
            .find(|(file, _)| *file == "ombudsman-kepatuhan-2023.yaml")
            .map(|(_, text)| crate::domain::instrument::from_yaml(text).unwrap())
            .unwrap();
        let grown = grow(&base).unwrap();
        assert_eq!(grown.indicators().len(), INDICATORS);
        assert_eq!(grown.version, "2023-3produk");
        let yaml = crate::domain::instrument::to_yaml(&grown).unwrap();
        assert_eq!(crate::domain::instrument::from_yaml(&yaml).unwrap(), grown);
        assert!(indicator_infos(&grown).iter().all(|i| i.steps.len() >= 3));
    }

    #[test]
    fn generated_files_are_what_the_upload_check_accepts() {
        let pdf = pdf_file("SOP Pelayanan.pdf", &["Kabupaten Uji — Loket".to_owned()]);
        assert_eq!(crate::domain::evidence::sniff(&pdf), Some(FileKind::Pdf));
        assert!(pdf.len() < 2048, "{}", pdf.len());
        let png = png_file(42);
        assert_eq!(crate::domain::evidence::sniff(&png), Some(FileKind::Png));
        assert_ne!(png, png_file(43));
    }
}
