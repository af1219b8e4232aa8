//! The demo data set: a fictional pemda, "Kabupaten Contoh", with a few OPDs, one account per
//! role and a fictional Ombudsman office that has been granted access. Seeding is idempotent:
//! whatever already exists is left as it is.

use super::accounts::{create_user, NewUser};
use super::audit;
use super::entities::{
    membership, mentor_office, office_grant, office_member, opd, reason_template, service, tenant,
    unit, user,
};
use super::error::ServiceResult;
use crate::domain::role::Role;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

/// The password every demo account gets. Printed by the run command; never use it elsewhere.
pub const DEMO_PASSWORD: &str = "patuh-demo-2026";

/// The demo tenant's slug.
pub const DEMO_TENANT_SLUG: &str = "kab-contoh";

/// A demo account, as printed for the person trying Patuh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    /// Sign-in email.
    pub email: &'static str,
    /// Display name (fictional).
    pub name: &'static str,
    /// What the account is for.
    pub role: Role,
    /// The OPD code, for OPD heads and staff.
    pub opd: Option<&'static str>,
}

/// The demo accounts, one per role.
pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        email: "operator@patuh.test",
        name: "Operator Patuh",
        role: Role::Operator,
        opd: None,
    },
    DemoAccount {
        email: "koordinator@kab-contoh.test",
        name: "Siti Rahmawati",
        role: Role::Coordinator,
        opd: None,
    },
    DemoAccount {
        email: "kepala.disdukcapil@kab-contoh.test",
        name: "Budi Santoso",
        role: Role::OpdHead,
        opd: Some("DUKCAPIL"),
    },
    DemoAccount {
        email: "pic.disdukcapil@kab-contoh.test",
        name: "Dewi Lestari",
        role: Role::OpdStaff,
        opd: Some("DUKCAPIL"),
    },
    DemoAccount {
        email: "sekda@kab-contoh.test",
        name: "Agus Pratama",
        role: Role::Viewer,
        opd: None,
    },
    DemoAccount {
        email: "mentor@ombudsman-contoh.test",
        name: "Made Wirawan",
        role: Role::Mentor,
        opd: None,
    },
];

/// The demo pemda's OPDs: (code, name, lokus).
const DEMO_OPDS: &[(&str, &str, bool)] = &[
    ("SETDA-ORG", "Sekretariat Daerah — Bagian Organisasi", false),
    ("DIKBUD", "Dinas Pendidikan dan Kebudayaan", true),
    ("DINKES", "Dinas Kesehatan", true),
    (
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        true,
    ),
    ("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", true),
    ("DINSOS", "Dinas Sosial", true),
    ("KOMINFO", "Dinas Komunikasi dan Informatika", false),
];

const DEMO_OFFICE: &str = "Perwakilan Ombudsman RI Provinsi Contoh";

/// The demo office's revision reasons, as mentors write them.
const DEMO_REASONS: &[&str] = &[
    "Bukti dukung belum bertanggal atau belum ditandatangani pejabat berwenang",
    "Foto bukti tidak menunjukkan lokasi unit layanan",
    "Standar pelayanan belum dipublikasikan di ruang layanan dan laman resmi",
];

/// Seeds the demo data set; safe to run any number of times.
pub async fn seed(db: &DatabaseConnection) -> ServiceResult<()> {
    let now = Utc::now();
    let tenant = match tenant::Entity::find()
        .filter(tenant::Column::Slug.eq(DEMO_TENANT_SLUG))
        .one(db)
        .await?
    {
        Some(t) => t,
        None => {
            let t = tenant::ActiveModel {
                id: Set(Uuid::now_v7()),
                slug: Set(DEMO_TENANT_SLUG.to_owned()),
                name: Set("Kabupaten Contoh".to_owned()),
                kind: Set("kabupaten".to_owned()),
                province: Set("Provinsi Contoh".to_owned()),
                status: Set("active".to_owned()),
                // The first users are in Kalimantan Timur: the demo keeps their clock (WITA).
                time_zone: Set(crate::domain::zone::Zone::Wita.iana().to_owned()),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(db)
            .await?;
            audit::record(
                db,
                audit::Entry {
                    tenant: Some(t.id),
                    action: "tenant.create",
                    entity: "tenant",
                    entity_id: Some(t.id.to_string()),
                    summary: "demo seed: created Kabupaten Contoh".to_owned(),
                    ..Default::default()
                },
            )
            .await?;
            t
        }
    };

    let existing_opds = opd::Entity::find()
        .filter(opd::Column::TenantId.eq(tenant.id))
        .all(db)
        .await?;
    let mut opd_ids = std::collections::HashMap::new();
    for o in &existing_opds {
        opd_ids.insert(o.code.clone(), o.id);
    }
    for (code, name, lokus) in DEMO_OPDS {
        if opd_ids.contains_key(*code) {
            continue;
        }
        let o = opd::ActiveModel {
            id: Set(Uuid::now_v7()),
            tenant_id: Set(tenant.id),
            code: Set((*code).to_owned()),
            name: Set((*name).to_owned()),
            is_lokus: Set(*lokus),
            head_name: Set(None),
            created_at: Set(now),
        }
        .insert(db)
        .await?;
        opd_ids.insert(o.code.clone(), o.id);
    }

    seed_units(db, tenant.id, &opd_ids).await?;

    let office = match mentor_office::Entity::find()
        .filter(mentor_office::Column::Name.eq(DEMO_OFFICE))
        .one(db)
        .await?
    {
        Some(o) => o,
        None => {
            mentor_office::ActiveModel {
                id: Set(Uuid::now_v7()),
                name: Set(DEMO_OFFICE.to_owned()),
                province: Set("Provinsi Contoh".to_owned()),
                created_at: Set(now),
            }
            .insert(db)
            .await?
        }
    };
    let granted = office_grant::Entity::find()
        .filter(office_grant::Column::OfficeId.eq(office.id))
        .filter(office_grant::Column::TenantId.eq(tenant.id))
        .one(db)
        .await?
        .is_some();
    if !granted {
        office_grant::ActiveModel {
            id: Set(Uuid::now_v7()),
            office_id: Set(office.id),
            tenant_id: Set(tenant.id),
            granted_by: Set(None),
            created_at: Set(now),
        }
        .insert(db)
        .await?;
    }

    let has_templates = reason_template::Entity::find()
        .filter(reason_template::Column::OfficeId.eq(office.id))
        .one(db)
        .await?
        .is_some();
    if !has_templates {
        for text in DEMO_REASONS {
            reason_template::ActiveModel {
                id: Set(Uuid::now_v7()),
                office_id: Set(office.id),
                text: Set((*text).to_owned()),
                created_by: Set(None),
                created_at: Set(now),
                archived_at: Set(None),
            }
            .insert(db)
            .await?;
        }
    }

    for account in DEMO_ACCOUNTS {
        let existing = user::Entity::find()
            .filter(user::Column::Email.eq(account.email))
            .one(db)
            .await?;
        if existing.is_some() {
            continue;
        }
        let u = create_user(
            db,
            NewUser {
                email: account.email,
                name: account.name,
                password: DEMO_PASSWORD,
                is_operator: account.role == Role::Operator,
            },
        )
        .await?;
        match account.role {
            Role::Operator => {}
            Role::Mentor => {
                office_member::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    office_id: Set(office.id),
                    user_id: Set(u.id),
                    created_at: Set(now),
                }
                .insert(db)
                .await?;
            }
            role => {
                membership::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    user_id: Set(u.id),
                    tenant_id: Set(tenant.id),
                    role: Set(role.code().to_owned()),
                    opd_id: Set(account.opd.and_then(|c| opd_ids.get(c).copied())),
                    disabled_at: Set(None),
                    created_at: Set(now),
                }
                .insert(db)
                .await?;
            }
        }
    }
    Ok(())
}

/// A demo service unit: (OPD code, unit code, name, lokus, services as (code, name)).
type DemoUnit = (
    &'static str,
    &'static str,
    &'static str,
    bool,
    &'static [(&'static str, &'static str)],
);

/// The demo service units.
const DEMO_UNITS: &[DemoUnit] = &[
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
        "DPMPTSP",
        "MPP",
        "Mal Pelayanan Publik",
        true,
        &[
            ("PBG", "Persetujuan Bangunan Gedung"),
            ("NIB", "Pendampingan Nomor Induk Berusaha"),
        ],
    ),
    (
        "DINKES",
        "PKM-KOTA",
        "Puskesmas Kota",
        true,
        &[("RAJAL", "Pelayanan rawat jalan")],
    ),
    (
        "DINKES",
        "RSUD",
        "RSUD Kabupaten Contoh",
        true,
        &[("IGD", "Instalasi Gawat Darurat")],
    ),
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
        "DINSOS",
        "DINSOS-LAYANAN",
        "Layanan Rekomendasi Bantuan Sosial",
        true,
        &[("REK-BANSOS", "Rekomendasi bantuan sosial")],
    ),
];

async fn seed_units(
    db: &DatabaseConnection,
    tenant_id: Uuid,
    opd_ids: &std::collections::HashMap<String, Uuid>,
) -> ServiceResult<()> {
    let now = Utc::now();
    let existing: std::collections::HashSet<String> = unit::Entity::find()
        .filter(unit::Column::TenantId.eq(tenant_id))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.code)
        .collect();
    for (opd_code, code, name, lokus, services) in DEMO_UNITS {
        let (Some(opd_id), false) = (opd_ids.get(*opd_code), existing.contains(*code)) else {
            continue;
        };
        let u = unit::ActiveModel {
            id: Set(Uuid::now_v7()),
            tenant_id: Set(tenant_id),
            opd_id: Set(*opd_id),
            code: Set((*code).to_owned()),
            name: Set((*name).to_owned()),
            head_name: Set(None),
            is_lokus: Set(*lokus),
            created_at: Set(now),
        }
        .insert(db)
        .await?;
        for (scode, sname) in *services {
            service::ActiveModel {
                id: Set(Uuid::now_v7()),
                tenant_id: Set(tenant_id),
                unit_id: Set(u.id),
                code: Set((*scode).to_owned()),
                name: Set((*sname).to_owned()),
                created_at: Set(now),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Whether the database has no accounts yet (the first start of the run command).
pub async fn is_empty(db: &DatabaseConnection) -> ServiceResult<bool> {
    use sea_orm::PaginatorTrait;
    Ok(user::Entity::find().count(db).await? == 0)
}

/// A stable pseudo-random number for demo answers (FNV-1a): the same demo every time.
pub(crate) fn pick(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The demo's evaluation history: last year's closed Ombudsman compliance cycle with its
/// official result, and this year's active cycle part-way through (Disdukcapil submitted and
/// accepted by the mentor, other OPDs answering, some items overdue). Runs only when the demo
/// pemda has no cycle yet, so it never touches a cycle someone made.
pub async fn seed_cycles(state: &super::state::AppState) -> ServiceResult<()> {
    use super::cycles::{self, NewCycle};
    use super::entities::{
        assignment, comment, cycle, instrument, instrument_version, review, work_package,
    };
    use super::error::ServiceError;
    use crate::domain::cycle::{CycleStatus, PackageStatus};
    use crate::domain::instrument::Answer;
    use crate::domain::review::ReviewStatus;
    use chrono::{Datelike, Duration};
    use sea_orm::sea_query::Expr;
    use sea_orm::QueryOrder;

    let db = &state.db;
    let Some(tenant) = tenant::Entity::find()
        .filter(tenant::Column::Slug.eq(DEMO_TENANT_SLUG))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    if cycle::Entity::find()
        .filter(cycle::Column::TenantId.eq(tenant.id))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let by_email = |email: &'static str| async move {
        user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(db)
            .await
            .map_err(ServiceError::from)?
            .ok_or(ServiceError::NotFound)
    };
    let coordinator = by_email("koordinator@kab-contoh.test").await?;
    let head = by_email("kepala.disdukcapil@kab-contoh.test").await?;
    let mentor = by_email("mentor@ombudsman-contoh.test").await?;
    let scope = super::scope::tenant_scope(state, &coordinator, DEMO_TENANT_SLUG).await?;
    let Some(ombudsman) = instrument::Entity::find()
        .filter(instrument::Column::Code.eq("ombudsman-kepatuhan"))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let Some(version) = instrument_version::Entity::find()
        .filter(instrument_version::Column::InstrumentId.eq(ombudsman.id))
        .filter(instrument_version::Column::Status.eq("published"))
        // The newest edition (the built-ins are all published at once).
        .order_by_desc(instrument_version::Column::Version)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let doc = super::instruments::document(&version)?;
    let units = unit::Entity::find()
        .filter(unit::Column::TenantId.eq(tenant.id))
        .filter(unit::Column::IsLokus.eq(true))
        .all(db)
        .await?;
    let dukcapil = opd::Entity::find()
        .filter(opd::Column::TenantId.eq(tenant.id))
        .filter(opd::Column::Code.eq("DUKCAPIL"))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let today = super::clock::today(super::clock::zone_of(&tenant));
    let year = today.year();
    let date = |y: i32, m: u32, d: u32| format!("{y:04}-{m:02}-{d:02}");
    // An answer drawn from the indicator's steps: mostly the best, sometimes one or two lower.
    let answer_for = |code: &str, unit: &str, salt: &str, good: u64| -> Option<String> {
        let t = doc.answer_type(doc.indicator(code)?)?;
        let steps: Vec<Answer> = t
            .steps()
            .into_iter()
            .map(|s| s.answer)
            .filter(|a| *a != Answer::NotApplicable)
            .collect();
        let roll = pick(&[code, unit, salt]) % 100;
        let down = if roll < good {
            0
        } else if roll < 93 {
            1
        } else {
            2
        };
        let chosen = steps
            .get(steps.len().checked_sub(1 + down)?)
            .or(steps.first())?;
        serde_json::to_string(chosen).ok()
    };
    let mut made = Vec::new();
    for (name, y, good, closed) in [
        (
            format!("Penilaian Kepatuhan {}", year - 1),
            year - 1,
            62,
            true,
        ),
        (format!("Penilaian Kepatuhan {year}"), year, 80, false),
    ] {
        let id = cycles::create(
            state,
            &scope,
            NewCycle {
                name: name.clone(),
                version_id: version.id,
                starts_on: date(y, 1, 15),
                ends_on: if closed {
                    date(y, 12, 15)
                } else {
                    super::cycles::ymd(
                        (today + Duration::days(60))
                            .max(chrono::NaiveDate::from_ymd_opt(y, 12, 15).unwrap_or(today)),
                    )
                },
                self_deadline: if closed {
                    date(y, 6, 30)
                } else {
                    super::cycles::ymd(today + Duration::days(21))
                },
                review_from: None,
                review_until: None,
                official_on: closed.then(|| date(y, 10, 20)),
                units: units.iter().map(|u| u.id).collect(),
                copy_from: None,
            },
        )
        .await?;
        cycles::set_status(state, &scope, id, CycleStatus::Active, 1).await?;
        let items = assignment::Entity::find()
            .filter(assignment::Column::CycleId.eq(id))
            .all(db)
            .await?;
        let unit_name = |id: Uuid| {
            units
                .iter()
                .find(|u| u.id == id)
                .map(|u| u.name.clone())
                .unwrap_or_default()
        };
        let txn = crate::server::db::begin(db).await?;
        let now = Utc::now();
        for a in &items {
            let unit = unit_name(a.unit_id);
            let ours = a.opd_id == Some(dukcapil.id);
            // This year: Disdukcapil is done; the others have answered about three in four,
            // and the education office is behind its own, earlier deadline.
            let skip = !closed && !ours && pick(&[&a.indicator_code, &unit, "open"]) % 100 < 28;
            let mut update =
                assignment::Entity::update_many().filter(assignment::Column::Id.eq(a.id));
            if ours {
                update = update.col_expr(assignment::Column::PicUserId, Expr::value(Some(head.id)));
            }
            if !closed && unit.contains("Pendidikan") {
                update = update.col_expr(
                    assignment::Column::DueOn,
                    Expr::value(Some(today - Duration::days(4))),
                );
            }
            if !skip {
                update = update
                    .col_expr(
                        assignment::Column::Answer,
                        Expr::value(answer_for(&a.indicator_code, &unit, &name, good)),
                    )
                    .col_expr(assignment::Column::Ready, Expr::value(true))
                    .col_expr(assignment::Column::AnsweredAt, Expr::value(Some(now)))
                    .col_expr(
                        assignment::Column::AnsweredBy,
                        Expr::value(Some(if ours { head.id } else { coordinator.id })),
                    );
            }
            update.exec(&txn).await?;
        }
        if !closed {
            // The mentor accepted Disdukcapil's package, lowering two answers with a reason.
            let mut lowered = 0;
            for a in items.iter().filter(|a| a.opd_id == Some(dukcapil.id)) {
                let verified = (lowered < 2
                    && pick(&[&a.indicator_code, "verify"]).is_multiple_of(5))
                .then(|| answer_for(&a.indicator_code, "verifikasi", "rendah", 0))
                .flatten();
                if verified.is_some() {
                    lowered += 1;
                }
                review::ActiveModel {
                    assignment_id: Set(a.id),
                    tenant_id: Set(tenant.id),
                    cycle_id: Set(id),
                    status: Set(ReviewStatus::Accepted.code().to_owned()),
                    reason: Set(None),
                    justification: Set(verified.as_ref().map(|_| {
                        "Bukti foto tidak menunjukkan informasi ini terpampang di ruang layanan.".to_owned()
                    })),
                    verified_answer: Set(verified),
                    reviewer_id: Set(Some(mentor.id)),
                    reviewed_at: Set(Some(now)),
                    queued_at: Set(now - Duration::days(3)),
                    revision: Set(2),
                }
                .insert(&txn)
                .await?;
            }
            work_package::Entity::update_many()
                .col_expr(
                    work_package::Column::Status,
                    Expr::value(PackageStatus::Accepted.code()),
                )
                .filter(work_package::Column::CycleId.eq(id))
                .filter(work_package::Column::OpdId.eq(dukcapil.id))
                .exec(&txn)
                .await?;
            if let Some(first) = items.iter().find(|a| a.opd_id == Some(dukcapil.id)) {
                for (author, body, internal) in [
                    (mentor.id, "Mohon lampirkan foto maklumat pelayanan yang **sudah ditandatangani** kepala dinas.", false),
                    (head.id, "Sudah kami unggah ulang, Pak. Terima kasih.", false),
                ] {
                    comment::ActiveModel {
                        id: Set(Uuid::now_v7()),
                        tenant_id: Set(tenant.id),
                        cycle_id: Set(id),
                        assignment_id: Set(first.id),
                        evidence_id: Set(None),
                        parent_id: Set(None),
                        author_id: Set(Some(author)),
                        body: Set(body.to_owned()),
                        internal: Set(internal),
                        created_at: Set(now),
                        edited_at: Set(None),
                        revision: Set(1),
                    }
                    .insert(&txn)
                    .await?;
                }
            }
        }
        txn.commit().await?;
        made.push((id, closed));
    }
    // Last year's cycle is closed with its official result, a little under the projection as
    // is usual after the Ombudsman's own observation.
    if let Some((last_year, _)) = made.iter().find(|(_, closed)| *closed) {
        let d = super::dashboard::dashboard(state, &scope, *last_year).await?;
        let projected = d.pemda.map_or(80.0, |p| p.value);
        let official = format!("{:.2}", (projected - 2.37).max(0.0));
        super::dashboard::record_official(
            state,
            &scope,
            *last_year,
            official,
            Vec::new(),
            Some("Hasil penilaian Ombudsman RI".to_owned()),
        )
        .await?;
        let c = cycle::Entity::find_by_id(*last_year)
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)?;
        cycles::set_status(state, &scope, *last_year, CycleStatus::Closed, c.revision).await?;
    }
    super::skm::seed_demo(db).await?;
    Ok(())
}
