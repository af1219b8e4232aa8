//! The platform operator's services: tenants, mentor offices, accounts, outbox, audit log and
//! status. Each takes an [`OperatorScope`] first, so only a proven operator reaches them.

use super::audit;
use super::clock;
use super::entities::{
    audit_log, invitation, mentor_office, office_grant, office_member, outbox, tenant, user,
};
use super::error::{ServiceError, ServiceResult};
use super::people::{create_invitation, Offer};
use super::scope::{OperatorScope, TenantScope};
use super::session_store::DbSessionStore;
use super::state::AppState;
use crate::api::admin::{
    AuditRow, OfficeRow, OutboxRow, Page, PendingInvitation, SystemStatus, TenantRow, UserRow,
};
use crate::domain::account::{check_email, normalize_email, FieldProblem};
use crate::domain::org::{check_org_name, check_slug, TENANT_KINDS};
use crate::domain::role::{Permission, Role};
use crate::domain::zone::Zone;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Select, Set,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Rows per page in the consoles.
pub const PER_PAGE: u64 = 25;

/// A case-insensitive `LIKE` pattern for a search box (wildcards typed by the user are dropped).
pub fn like_pattern(q: &str) -> String {
    format!("%{}%", q.trim().to_lowercase().replace(['%', '_'], ""))
}

async fn paged<E>(
    state: &AppState,
    query: Select<E>,
    page: u64,
) -> ServiceResult<(Vec<E::Model>, u64, u64)>
where
    E: EntityTrait,
    E::Model: Sync,
{
    let page = page.max(1);
    let paginator = query.paginate(&state.db, PER_PAGE);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(page - 1).await?;
    Ok((rows, total, page))
}

/// `LOWER(col)`, for case-insensitive search on SQLite and PostgreSQL alike.
pub fn lower(col: impl sea_orm::sea_query::IntoColumnRef) -> sea_orm::sea_query::Expr {
    sea_orm::sea_query::Expr::expr(sea_orm::sea_query::Func::lower(
        sea_orm::sea_query::Expr::col(col),
    ))
}

/// Tenants whose name, slug or province matches `q`.
pub async fn tenants(
    state: &AppState,
    _op: &OperatorScope,
    q: &str,
    page: u64,
) -> ServiceResult<Page<TenantRow>> {
    let mut query = tenant::Entity::find().order_by_asc(tenant::Column::Name);
    if !q.trim().is_empty() {
        let p = like_pattern(q);
        query = query.filter(
            Condition::any()
                .add(lower(tenant::Column::Name).like(p.clone()))
                .add(tenant::Column::Slug.like(p.clone()))
                .add(lower(tenant::Column::Province).like(p)),
        );
    }
    let (rows, total, page) = paged(state, query, page).await?;
    Ok(Page {
        rows: rows.into_iter().map(tenant_row).collect(),
        total,
        page,
        per_page: PER_PAGE,
    })
}

/// Creates a tenant; with `coordinator_email`, invites its first coordinator in the same step.
pub async fn create_tenant(
    state: &AppState,
    op: &OperatorScope,
    name: &str,
    slug: &str,
    kind: &str,
    province: &str,
    coordinator_email: Option<&str>,
) -> ServiceResult<tenant::Model> {
    let slug = slug.trim().to_lowercase();
    check_org_name(name).map_err(|problem| ServiceError::Field {
        field: "name",
        problem,
    })?;
    check_slug(&slug).map_err(|problem| ServiceError::Field {
        field: "slug",
        problem,
    })?;
    if !TENANT_KINDS.contains(&kind) {
        return Err(ServiceError::Field {
            field: "kind",
            problem: FieldProblem::Invalid,
        });
    }
    check_org_name(province).map_err(|problem| ServiceError::Field {
        field: "province",
        problem,
    })?;
    let coordinator = coordinator_email
        .map(normalize_email)
        .filter(|e| !e.is_empty());
    if let Some(email) = &coordinator {
        check_email(email).map_err(|problem| ServiceError::Field {
            field: "coordinator_email",
            problem,
        })?;
    }
    if tenant::Entity::find()
        .filter(tenant::Column::Slug.eq(slug.as_str()))
        .count(&state.db)
        .await?
        > 0
    {
        return Err(ServiceError::Taken { field: "slug" });
    }
    let now = Utc::now();
    let txn = crate::server::db::begin(&state.db).await?;
    let t = tenant::ActiveModel {
        id: Set(Uuid::now_v7()),
        slug: Set(slug),
        name: Set(name.trim().to_owned()),
        kind: Set(kind.to_owned()),
        province: Set(province.trim().to_owned()),
        status: Set("active".to_owned()),
        time_zone: Set(Zone::for_province(province).iana().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await
    .map_err(ServiceError::taken_on_unique("slug"))?;
    if let Some(email) = coordinator {
        create_invitation(
            &txn,
            state,
            Some(op.user_id()),
            &email,
            None,
            Offer {
                tenant_id: Some(t.id),
                role: Some(Role::Coordinator),
                ..Default::default()
            },
            &format!("koordinator di {}", t.name),
        )
        .await?;
    }
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(op.user_id()),
            tenant: Some(t.id),
            action: "tenant.create",
            entity: "tenant",
            entity_id: Some(t.id.to_string()),
            summary: format!("created {} ({})", t.name, t.slug),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(t)
}

/// Suspends or reactivates a tenant.
pub async fn set_tenant_suspended(
    state: &AppState,
    op: &OperatorScope,
    id: Uuid,
    suspended: bool,
) -> ServiceResult<()> {
    let t = tenant::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let before = t.status.clone();
    let after = if suspended { "suspended" } else { "active" };
    let txn = crate::server::db::begin(&state.db).await?;
    let mut a: tenant::ActiveModel = t.into();
    a.status = Set(after.to_owned());
    a.updated_at = Set(Utc::now());
    a.update(&txn).await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(op.user_id()),
            tenant: Some(id),
            action: if suspended {
                "tenant.suspend"
            } else {
                "tenant.reactivate"
            },
            entity: "tenant",
            entity_id: Some(id.to_string()),
            summary: format!("status {before} → {after}"),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Every mentor office with its mentors and granted tenants (four queries).
pub async fn offices(state: &AppState, _op: &OperatorScope) -> ServiceResult<Vec<OfficeRow>> {
    let db = &state.db;
    let offices = mentor_office::Entity::find()
        .order_by_asc(mentor_office::Column::Name)
        .all(db)
        .await?;
    let members = office_member::Entity::find().all(db).await?;
    let users: HashMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(members.iter().map(|m| m.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let grants = office_grant::Entity::find().all(db).await?;
    let tenants: HashMap<Uuid, String> = tenant::Entity::find()
        .filter(tenant::Column::Id.is_in(grants.iter().map(|g| g.tenant_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    Ok(offices
        .into_iter()
        .map(|o| OfficeRow {
            mentors: members
                .iter()
                .filter(|m| m.office_id == o.id)
                .filter_map(|m| {
                    users
                        .get(&m.user_id)
                        .map(|u| (u.name.clone(), u.email.clone()))
                })
                .collect(),
            tenants: grants
                .iter()
                .filter(|g| g.office_id == o.id)
                .filter_map(|g| tenants.get(&g.tenant_id).cloned())
                .collect(),
            id: o.id,
            name: o.name,
            province: o.province,
        })
        .collect())
}

/// Creates a mentor office.
pub async fn create_office(
    state: &AppState,
    op: &OperatorScope,
    name: &str,
    province: &str,
) -> ServiceResult<()> {
    check_org_name(name).map_err(|problem| ServiceError::Field {
        field: "name",
        problem,
    })?;
    check_org_name(province).map_err(|problem| ServiceError::Field {
        field: "province",
        problem,
    })?;
    if mentor_office::Entity::find()
        .filter(mentor_office::Column::Name.eq(name.trim()))
        .count(&state.db)
        .await?
        > 0
    {
        return Err(ServiceError::Taken { field: "name" });
    }
    let txn = crate::server::db::begin(&state.db).await?;
    let o = mentor_office::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(name.trim().to_owned()),
        province: Set(province.trim().to_owned()),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(op.user_id()),
            action: "office.create",
            entity: "mentor_office",
            entity_id: Some(o.id.to_string()),
            summary: format!("created office {}", o.name),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Invites a mentor into an office.
pub async fn invite_mentor(
    state: &AppState,
    op: &OperatorScope,
    office_id: Uuid,
    email: &str,
    name: Option<&str>,
) -> ServiceResult<()> {
    let office = mentor_office::Entity::find_by_id(office_id)
        .one(&state.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let email = normalize_email(email);
    check_email(&email).map_err(|problem| ServiceError::Field {
        field: "email",
        problem,
    })?;
    let txn = crate::server::db::begin(&state.db).await?;
    create_invitation(
        &txn,
        state,
        Some(op.user_id()),
        &email,
        name.map(str::trim).filter(|n| !n.is_empty()),
        Offer {
            office_id: Some(office.id),
            ..Default::default()
        },
        &format!("mentor di {}", office.name),
    )
    .await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(op.user_id()),
            action: "invitation.create",
            entity: "mentor_office",
            entity_id: Some(office.id.to_string()),
            summary: format!("invited {email} as mentor of {}", office.name),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Accounts matching `q`, with every open invitation.
pub async fn users(
    state: &AppState,
    _op: &OperatorScope,
    q: &str,
    page: u64,
) -> ServiceResult<(Page<UserRow>, Vec<PendingInvitation>)> {
    let mut query = user::Entity::find().order_by_asc(user::Column::Email);
    if !q.trim().is_empty() {
        let p = like_pattern(q);
        query = query.filter(
            Condition::any()
                .add(lower(user::Column::Name).like(p.clone()))
                .add(user::Column::Email.like(p)),
        );
    }
    let (rows, total, page) = paged(state, query, page).await?;
    let with_second_factor: std::collections::HashSet<Uuid> =
        super::entities::user_totp::Entity::find()
            .filter(super::entities::user_totp::Column::UserId.is_in(rows.iter().map(|u| u.id)))
            .filter(super::entities::user_totp::Column::EnabledAt.is_not_null())
            .all(&state.db)
            .await?
            .into_iter()
            .map(|t| t.user_id)
            .collect();
    let invitations = invitation::Entity::find()
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .order_by_desc(invitation::Column::CreatedAt)
        .all(&state.db)
        .await?;
    let tenant_names: HashMap<Uuid, String> = tenant::Entity::find()
        .filter(
            tenant::Column::Id.is_in(
                invitations
                    .iter()
                    .filter_map(|i| i.tenant_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(&state.db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let office_names: HashMap<Uuid, String> = mentor_office::Entity::find()
        .filter(
            mentor_office::Column::Id.is_in(
                invitations
                    .iter()
                    .filter_map(|i| i.office_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(&state.db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let now = Utc::now();
    Ok((
        Page {
            rows: rows
                .into_iter()
                .map(|u| UserRow {
                    two_factor: with_second_factor.contains(&u.id),
                    id: u.id,
                    name: u.name,
                    email: u.email,
                    is_operator: u.is_operator,
                    disabled: u.disabled_at.is_some(),
                })
                .collect(),
            total,
            page,
            per_page: PER_PAGE,
        },
        invitations
            .into_iter()
            .map(|i| PendingInvitation {
                id: i.id,
                place: i
                    .tenant_id
                    .and_then(|t| tenant_names.get(&t).cloned())
                    .or_else(|| i.office_id.and_then(|o| office_names.get(&o).cloned()))
                    .unwrap_or_else(|| "Patuh".to_owned()),
                email: i.email,
                expired: i.expires_at <= now,
            })
            .collect(),
    ))
}

/// Disables an account everywhere (its sessions end at once) or re-enables it. An operator
/// cannot disable themself.
pub async fn set_user_disabled(
    state: &AppState,
    op: &OperatorScope,
    id: Uuid,
    disabled: bool,
) -> ServiceResult<()> {
    if id == op.user_id() && disabled {
        return Err(ServiceError::Forbidden);
    }
    let u = user::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let txn = crate::server::db::begin(&state.db).await?;
    let email = u.email.clone();
    let mut a: user::ActiveModel = u.into();
    a.disabled_at = Set(disabled.then(Utc::now));
    a.updated_at = Set(Utc::now());
    a.update(&txn).await?;
    if disabled {
        DbSessionStore::delete_for_user(&txn, id, None).await?;
    }
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(op.user_id()),
            action: if disabled {
                "user.disable"
            } else {
                "user.enable"
            },
            entity: "user",
            entity_id: Some(id.to_string()),
            summary: format!(
                "{email}: {}",
                if disabled {
                    "active → disabled everywhere"
                } else {
                    "disabled → active"
                }
            ),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    state.live.access_everywhere();
    Ok(())
}

/// Re-sends an open invitation with a new link; the old link is revoked.
pub async fn resend_invitation(
    state: &AppState,
    op: &OperatorScope,
    id: Uuid,
) -> ServiceResult<()> {
    let old = invitation::Entity::find_by_id(id)
        .filter(invitation::Column::AcceptedAt.is_null())
        .one(&state.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let place = match (old.tenant_id, old.office_id) {
        (Some(t), _) => tenant::Entity::find_by_id(t)
            .one(&state.db)
            .await?
            .map(|t| t.name),
        (None, Some(o)) => mentor_office::Entity::find_by_id(o)
            .one(&state.db)
            .await?
            .map(|o| o.name),
        _ => None,
    }
    .unwrap_or_else(|| "Patuh".to_owned());
    let txn = crate::server::db::begin(&state.db).await?;
    let offer = Offer {
        tenant_id: old.tenant_id,
        role: old.role.as_deref().and_then(|r| r.parse().ok()),
        opd_id: old.opd_id,
        office_id: old.office_id,
        is_operator: old.is_operator,
    };
    let (email, name) = (old.email.clone(), old.name.clone());
    let mut a: invitation::ActiveModel = old.into();
    a.revoked_at = Set(Some(Utc::now()));
    a.update(&txn).await?;
    create_invitation(
        &txn,
        state,
        Some(op.user_id()),
        &email,
        name.as_deref(),
        offer,
        &place,
    )
    .await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(op.user_id()),
            tenant: None,
            action: "invitation.resend",
            entity: "invitation",
            entity_id: Some(id.to_string()),
            summary: format!("sent a new invitation link to {email}"),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The outbox, newest first.
pub async fn outbox(
    state: &AppState,
    _op: &OperatorScope,
    page: u64,
) -> ServiceResult<Page<OutboxRow>> {
    let (rows, total, page) = paged(
        state,
        outbox::Entity::find().order_by_desc(outbox::Column::CreatedAt),
        page,
    )
    .await?;
    Ok(Page {
        rows: rows
            .into_iter()
            .map(|m| OutboxRow {
                to: m.to_email,
                subject: m.subject,
                body: m.body_text,
                created_at: clock::stamp(clock::platform(), m.created_at),
                sent_at: m.sent_at.map(|t| clock::stamp(clock::platform(), t)),
                last_error: m.last_error,
            })
            .collect(),
        total,
        page,
        per_page: PER_PAGE,
    })
}

async fn audit_page(
    state: &AppState,
    tenant_id: Option<Uuid>,
    action: Option<&str>,
    page: u64,
) -> ServiceResult<Page<AuditRow>> {
    let mut query = audit_log::Entity::find().order_by_desc(audit_log::Column::At);
    if let Some(t) = tenant_id {
        query = query.filter(audit_log::Column::TenantId.eq(t));
    }
    if let Some(a) = action {
        query = query.filter(audit_log::Column::Action.starts_with(a.trim()));
    }
    let (rows, total, page) = paged(state, query, page).await?;
    let users: HashMap<Uuid, String> = user::Entity::find()
        .filter(
            user::Column::Id.is_in(
                rows.iter()
                    .filter_map(|r| r.actor_user_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let tenants: HashMap<Uuid, tenant::Model> = tenant::Entity::find()
        .filter(
            tenant::Column::Id.is_in(rows.iter().filter_map(|r| r.tenant_id).collect::<Vec<_>>()),
        )
        .all(&state.db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    // A pemda's own log reads in its zone; the operator's log across pemda on the platform's.
    let zone = tenant_id
        .and_then(|t| tenants.get(&t))
        .map_or_else(clock::platform, clock::zone_of);
    Ok(Page {
        rows: rows
            .into_iter()
            .map(|r| AuditRow {
                at: clock::stamp(zone, r.at),
                actor: r.actor_user_id.and_then(|u| users.get(&u).cloned()),
                tenant: r
                    .tenant_id
                    .and_then(|t| tenants.get(&t).map(|t| t.name.clone())),
                action: r.action,
                entity: r.entity,
                summary: r.summary,
                address: r.address,
            })
            .collect(),
        total,
        page,
        per_page: PER_PAGE,
    })
}

/// The whole audit log.
pub async fn audit(
    state: &AppState,
    _op: &OperatorScope,
    action: Option<&str>,
    page: u64,
) -> ServiceResult<Page<AuditRow>> {
    audit_page(state, None, action, page).await
}

/// The tenant's audit log, for those allowed to read it.
pub async fn tenant_audit(
    state: &AppState,
    scope: &TenantScope,
    action: Option<&str>,
    page: u64,
) -> ServiceResult<Page<AuditRow>> {
    scope.require(Permission::ViewAuditLog)?;
    audit_page(state, Some(scope.tenant_id()), action, page).await
}

/// Version, database, storage, uptime and counts.
pub async fn status(state: &AppState, _op: &OperatorScope) -> ServiceResult<SystemStatus> {
    let db = &state.db;
    let database = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Sqlite => "SQLite",
        sea_orm::DatabaseBackend::Postgres => "PostgreSQL",
        sea_orm::DatabaseBackend::MySql => "MySQL",
    };
    let writable = {
        let probe = state.settings.data_dir.join(".patuh-status-probe");
        let ok = tokio::fs::write(&probe, b"ok").await.is_ok();
        let _ = tokio::fs::remove_file(probe).await;
        ok
    };
    Ok(SystemStatus {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: database.to_owned(),
        database_ok: super::db::ping(db).await,
        uptime_seconds: (Utc::now() - state.settings.started_at)
            .num_seconds()
            .max(0) as u64,
        tenants: tenant::Entity::find().count(db).await?,
        users: user::Entity::find().count(db).await?,
        outbox_pending: outbox::Entity::find()
            .filter(outbox::Column::SentAt.is_null())
            .count(db)
            .await?,
        storage: format!(
            "{} ({})",
            state.settings.data_dir.display(),
            if writable {
                "dapat ditulis / writable"
            } else {
                "TIDAK dapat ditulis / NOT writable"
            }
        ),
    })
}

fn tenant_row(t: tenant::Model) -> TenantRow {
    TenantRow {
        id: t.id,
        suspended: t.status == "suspended",
        slug: t.slug,
        name: t.name,
        kind: t.kind,
        province: t.province,
        time_zone: t.time_zone,
    }
}

/// One tenant.
pub async fn tenant(state: &AppState, _op: &OperatorScope, id: Uuid) -> ServiceResult<TenantRow> {
    let t = tenant::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(tenant_row(t))
}

/// Renames a tenant or corrects its kind and province; logged with before → after.
/// What the operator may change of a tenant.
#[derive(Debug, Clone, Copy)]
pub struct TenantChange<'a> {
    /// Its name.
    pub name: &'a str,
    /// `provinsi`, `kabupaten` or `kota`.
    pub kind: &'a str,
    /// Its province.
    pub province: &'a str,
    /// Its time zone's IANA name (one of [`Zone::ALL`]).
    pub time_zone: &'a str,
}

/// The zone named `name` when a pemda may keep it, else a field error on `time_zone`.
pub fn check_zone(name: &str) -> ServiceResult<Zone> {
    Zone::from_iana(name.trim()).ok_or(ServiceError::Field {
        field: "time_zone",
        problem: FieldProblem::Invalid,
    })
}

/// Changes a tenant's name, kind, province and zone.
pub async fn update_tenant(
    state: &AppState,
    op: &OperatorScope,
    id: Uuid,
    change: TenantChange<'_>,
) -> ServiceResult<()> {
    let TenantChange {
        name,
        kind,
        province,
        time_zone,
    } = change;
    let zone = check_zone(time_zone)?;
    check_org_name(name).map_err(|problem| ServiceError::Field {
        field: "name",
        problem,
    })?;
    if !TENANT_KINDS.contains(&kind) {
        return Err(ServiceError::Field {
            field: "kind",
            problem: FieldProblem::Invalid,
        });
    }
    check_org_name(province).map_err(|problem| ServiceError::Field {
        field: "province",
        problem,
    })?;
    let t = tenant::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let before = format!("{} / {} / {} / {}", t.name, t.kind, t.province, t.time_zone);
    let txn = crate::server::db::begin(&state.db).await?;
    let mut a: tenant::ActiveModel = t.into();
    a.name = Set(name.trim().to_owned());
    a.kind = Set(kind.to_owned());
    a.province = Set(province.trim().to_owned());
    a.time_zone = Set(zone.iana().to_owned());
    a.updated_at = Set(Utc::now());
    a.update(&txn).await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(op.user_id()),
            tenant: Some(id),
            action: "tenant.update",
            entity: "tenant",
            entity_id: Some(id.to_string()),
            summary: format!(
                "{before} → {} / {kind} / {} / {}",
                name.trim(),
                province.trim(),
                zone.iana()
            ),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The image types a logo may have, sniffed from its bytes (SVG is refused: it can carry script).
const LOGO_TYPES: [&str; 3] = ["image/png", "image/jpeg", "image/webp"];

/// Stores a tenant's logo after checking its content type by magic bytes.
pub async fn set_logo(
    state: &AppState,
    op: &OperatorScope,
    id: Uuid,
    bytes: Vec<u8>,
) -> ServiceResult<()> {
    use super::entities::tenant_logo;
    tenant::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if bytes.is_empty() {
        return Err(ServiceError::Field {
            field: "logo",
            problem: FieldProblem::Required,
        });
    }
    let content_type = infer::get(&bytes)
        .map(|t| t.mime_type())
        .filter(|m| LOGO_TYPES.contains(m))
        .ok_or(ServiceError::Field {
            field: "logo",
            problem: FieldProblem::Invalid,
        })?;
    let txn = crate::server::db::begin(&state.db).await?;
    tenant_logo::Entity::delete_by_id(id).exec(&txn).await?;
    let size = bytes.len();
    tenant_logo::ActiveModel {
        tenant_id: Set(id),
        content_type: Set(content_type.to_owned()),
        bytes: Set(bytes),
        updated_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(op.user_id()),
            tenant: Some(id),
            action: "tenant.logo",
            entity: "tenant",
            entity_id: Some(id.to_string()),
            summary: format!("logo set ({content_type}, {size} bytes)"),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The tenant's logo, for someone with a role in it.
pub async fn logo(state: &AppState, scope: &TenantScope) -> ServiceResult<(String, Vec<u8>)> {
    use super::entities::tenant_logo;
    scope.require(Permission::ViewTenant)?;
    let l = tenant_logo::Entity::find_by_id(scope.tenant_id())
        .one(&state.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok((l.content_type, l.bytes))
}
