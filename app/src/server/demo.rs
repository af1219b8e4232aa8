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
