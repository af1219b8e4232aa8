//! The organisation of a pemda: OPDs, units, services, lokus; import and export of the OPD/unit
//! list. Every function takes the caller's [`TenantScope`] first and filters by its tenant.

use super::audit;
use super::entities::{opd, service, tenant, tenant_logo, unit};
use super::error::{ServiceError, ServiceResult};
use super::scope::TenantScope;
use super::state::AppState;
use crate::api::org::{OpdView, ServiceView, TenantInfo, UnitView};
use crate::domain::org::{
    check_code, check_org_name, normalize_code, ImportProblem, ImportProblemKind, OrgRow,
    IMPORT_COLUMNS,
};
use crate::domain::role::Permission;
use chrono::Utc;
use sea_orm::prelude::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use std::collections::HashMap;
use uuid::Uuid;

fn field(field: &'static str) -> impl Fn(crate::domain::account::FieldProblem) -> ServiceError {
    move |problem| ServiceError::Field { field, problem }
}

fn clean_optional(s: Option<&str>) -> ServiceResult<Option<String>> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => {
            check_org_name(s).map_err(field("head_name"))?;
            Ok(Some(s.to_owned()))
        }
        None => Ok(None),
    }
}

/// The tenant page header for the caller.
pub async fn tenant_info(state: &AppState, scope: &TenantScope) -> ServiceResult<TenantInfo> {
    scope.require(Permission::ViewTenant)?;
    let has_logo = tenant_logo::Entity::find_by_id(scope.tenant_id())
        .count(&state.db)
        .await?
        > 0;
    let t = scope.tenant();
    Ok(TenantInfo {
        slug: t.slug.clone(),
        name: t.name.clone(),
        kind: t.kind.clone(),
        province: t.province.clone(),
        can_manage: scope.can(Permission::ManageOrganisation),
        has_logo,
        time_zone: t.time_zone.clone(),
    })
}

/// Sets the pemda's time zone (coordinators; operators on the console).
pub async fn set_time_zone(state: &AppState, scope: &TenantScope, name: &str) -> ServiceResult<()> {
    scope.require(Permission::ManageOrganisation)?;
    let zone = super::platform::check_zone(name)?;
    let before = scope.tenant().time_zone.clone();
    let txn = crate::server::db::begin(&state.db).await?;
    tenant::Entity::update_many()
        .col_expr(tenant::Column::TimeZone, Expr::value(zone.iana()))
        .col_expr(tenant::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(tenant::Column::Id.eq(scope.tenant_id()))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "tenant.time_zone",
            entity: "tenant",
            entity_id: Some(scope.tenant_id().to_string()),
            summary: format!("zona waktu {before} → {}", zone.iana()),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Every OPD with its units and services, in three queries whatever the size.
pub async fn list(state: &AppState, scope: &TenantScope) -> ServiceResult<Vec<OpdView>> {
    scope.require(Permission::ViewTenant)?;
    let tenant = scope.tenant_id();
    let opds = opd::Entity::find()
        .filter(opd::Column::TenantId.eq(tenant))
        .order_by_asc(opd::Column::Code)
        .all(&state.db)
        .await?;
    let units = unit::Entity::find()
        .filter(unit::Column::TenantId.eq(tenant))
        .order_by_asc(unit::Column::Code)
        .all(&state.db)
        .await?;
    let services = service::Entity::find()
        .filter(service::Column::TenantId.eq(tenant))
        .order_by_asc(service::Column::Code)
        .all(&state.db)
        .await?;
    let mut services_by_unit: HashMap<Uuid, Vec<ServiceView>> = HashMap::new();
    for s in services {
        services_by_unit
            .entry(s.unit_id)
            .or_default()
            .push(ServiceView {
                id: s.id,
                code: s.code,
                name: s.name,
            });
    }
    let mut units_by_opd: HashMap<Uuid, Vec<UnitView>> = HashMap::new();
    for u in units {
        units_by_opd.entry(u.opd_id).or_default().push(UnitView {
            id: u.id,
            services: services_by_unit.remove(&u.id).unwrap_or_default(),
            code: u.code,
            name: u.name,
            head_name: u.head_name,
            is_lokus: u.is_lokus,
        });
    }
    Ok(opds
        .into_iter()
        .map(|o| OpdView {
            id: o.id,
            units: units_by_opd.remove(&o.id).unwrap_or_default(),
            code: o.code,
            name: o.name,
            head_name: o.head_name,
            is_lokus: o.is_lokus,
        })
        .collect())
}

async fn code_taken<E: sea_orm::EntityTrait>(
    db: &impl ConnectionTrait,
    tenant_col: E::Column,
    code_col: E::Column,
    tenant: Uuid,
    code: &str,
) -> ServiceResult<bool>
where
    E::Model: Sync,
{
    Ok(E::find()
        .filter(tenant_col.eq(tenant))
        .filter(code_col.eq(code))
        .count(db)
        .await?
        > 0)
}

/// Adds an OPD; a code already used in this pemda is a field error.
pub async fn create_opd(
    state: &AppState,
    scope: &TenantScope,
    code: &str,
    name: &str,
    head_name: Option<&str>,
    is_lokus: bool,
) -> ServiceResult<opd::Model> {
    scope.require(Permission::ManageOrganisation)?;
    let code = normalize_code(code);
    check_code(&code).map_err(field("code"))?;
    check_org_name(name).map_err(field("name"))?;
    let head_name = clean_optional(head_name)?;
    if code_taken::<opd::Entity>(
        &state.db,
        opd::Column::TenantId,
        opd::Column::Code,
        scope.tenant_id(),
        &code,
    )
    .await?
    {
        return Err(ServiceError::Taken { field: "code" });
    }
    let txn = crate::server::db::begin(&state.db).await?;
    let model = opd::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(scope.tenant_id()),
        code: Set(code),
        name: Set(name.trim().to_owned()),
        head_name: Set(head_name),
        is_lokus: Set(is_lokus),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await
    .map_err(ServiceError::taken_on_unique("code"))?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "opd.create",
            entity: "opd",
            entity_id: Some(model.id.to_string()),
            summary: format!("added OPD {} — {}", model.code, model.name),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(model)
}

/// Adds a unit under one of this pemda's OPDs.
pub async fn create_unit(
    state: &AppState,
    scope: &TenantScope,
    opd_id: Uuid,
    code: &str,
    name: &str,
    head_name: Option<&str>,
    is_lokus: bool,
) -> ServiceResult<unit::Model> {
    scope.require(Permission::ManageOrganisation)?;
    let parent = opd::Entity::find_by_id(opd_id)
        .filter(opd::Column::TenantId.eq(scope.tenant_id()))
        .one(&state.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let code = normalize_code(code);
    check_code(&code).map_err(field("code"))?;
    check_org_name(name).map_err(field("name"))?;
    let head_name = clean_optional(head_name)?;
    if code_taken::<unit::Entity>(
        &state.db,
        unit::Column::TenantId,
        unit::Column::Code,
        scope.tenant_id(),
        &code,
    )
    .await?
    {
        return Err(ServiceError::Taken { field: "code" });
    }
    let txn = crate::server::db::begin(&state.db).await?;
    let model = unit::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(scope.tenant_id()),
        opd_id: Set(parent.id),
        code: Set(code),
        name: Set(name.trim().to_owned()),
        head_name: Set(head_name),
        is_lokus: Set(is_lokus),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await
    .map_err(ServiceError::taken_on_unique("code"))?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "unit.create",
            entity: "unit",
            entity_id: Some(model.id.to_string()),
            summary: format!(
                "added unit {} — {} under {}",
                model.code, model.name, parent.code
            ),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(model)
}

/// Adds a service to one of this pemda's units.
pub async fn create_service(
    state: &AppState,
    scope: &TenantScope,
    unit_id: Uuid,
    code: &str,
    name: &str,
) -> ServiceResult<service::Model> {
    scope.require(Permission::ManageOrganisation)?;
    let parent = unit::Entity::find_by_id(unit_id)
        .filter(unit::Column::TenantId.eq(scope.tenant_id()))
        .one(&state.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let code = normalize_code(code);
    check_code(&code).map_err(field("code"))?;
    check_org_name(name).map_err(field("name"))?;
    if code_taken::<service::Entity>(
        &state.db,
        service::Column::TenantId,
        service::Column::Code,
        scope.tenant_id(),
        &code,
    )
    .await?
    {
        return Err(ServiceError::Taken { field: "code" });
    }
    let txn = crate::server::db::begin(&state.db).await?;
    let model = service::ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(scope.tenant_id()),
        unit_id: Set(parent.id),
        code: Set(code),
        name: Set(name.trim().to_owned()),
        created_at: Set(Utc::now()),
    }
    .insert(&txn)
    .await
    .map_err(ServiceError::taken_on_unique("code"))?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "service.create",
            entity: "service",
            entity_id: Some(model.id.to_string()),
            summary: format!(
                "added service {} — {} to {}",
                model.code, model.name, parent.code
            ),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(model)
}

/// Marks the OPD or unit with `id` (of this pemda) as lokus or not.
pub async fn set_lokus(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
    lokus: bool,
) -> ServiceResult<()> {
    scope.require(Permission::ManageOrganisation)?;
    let txn = crate::server::db::begin(&state.db).await?;
    let (entity, label) = if let Some(o) = opd::Entity::find_by_id(id)
        .filter(opd::Column::TenantId.eq(scope.tenant_id()))
        .one(&txn)
        .await?
    {
        let label = o.code.clone();
        let mut a: opd::ActiveModel = o.into();
        a.is_lokus = Set(lokus);
        a.update(&txn).await?;
        ("opd", label)
    } else if let Some(u) = unit::Entity::find_by_id(id)
        .filter(unit::Column::TenantId.eq(scope.tenant_id()))
        .one(&txn)
        .await?
    {
        let label = u.code.clone();
        let mut a: unit::ActiveModel = u.into();
        a.is_lokus = Set(lokus);
        a.update(&txn).await?;
        ("unit", label)
    } else {
        return Err(ServiceError::NotFound);
    };
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "lokus.set",
            entity,
            entity_id: Some(id.to_string()),
            summary: format!("{label}: lokus {}", if lokus { "ya" } else { "tidak" }),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Summary of a completed import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// OPDs added.
    pub opds_added: usize,
    /// OPDs whose name or head changed.
    pub opds_updated: usize,
    /// Units added.
    pub units_added: usize,
    /// Units whose name, head or lokus changed.
    pub units_updated: usize,
}

/// Imports checked rows in one transaction: OPDs and units are matched by code (added or
/// updated; nothing is deleted). A unit code that already belongs to another OPD refuses the
/// whole file. All or nothing.
pub async fn import(
    state: &AppState,
    scope: &TenantScope,
    rows: Vec<OrgRow>,
) -> ServiceResult<ImportSummary> {
    scope.require(Permission::ManageOrganisation)?;
    let tenant = scope.tenant_id();
    let txn = crate::server::db::begin(&state.db).await?;
    let mut opds: HashMap<String, opd::Model> = opd::Entity::find()
        .filter(opd::Column::TenantId.eq(tenant))
        .all(&txn)
        .await?
        .into_iter()
        .map(|o| (o.code.clone(), o))
        .collect();
    let units: HashMap<String, unit::Model> = unit::Entity::find()
        .filter(unit::Column::TenantId.eq(tenant))
        .all(&txn)
        .await?
        .into_iter()
        .map(|u| (u.code.clone(), u))
        .collect();
    let opd_code_by_id: HashMap<Uuid, String> =
        opds.values().map(|o| (o.id, o.code.clone())).collect();

    // Conflicts with what is stored, reported like the file's own problems.
    let mut problems = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if let Some(u) = row.unit.as_ref().and_then(|u| units.get(&u.code)) {
            let owner = opd_code_by_id.get(&u.opd_id).cloned().unwrap_or_default();
            if owner != row.opd_code {
                problems.push(ImportProblem {
                    row: i + 2,
                    column: "kode_unit".to_owned(),
                    kind: ImportProblemKind::UnitOfOtherOpd { opd_code: owner },
                });
            }
        }
    }
    if !problems.is_empty() {
        return Err(ServiceError::Import(problems));
    }

    let now = Utc::now();
    let mut summary = ImportSummary::default();
    let mut seen_opds = std::collections::HashSet::new();
    for row in &rows {
        if seen_opds.insert(row.opd_code.clone()) {
            match opds.get(&row.opd_code) {
                Some(existing)
                    if existing.name == row.opd_name && existing.head_name == row.opd_head => {}
                Some(existing) => {
                    let mut a: opd::ActiveModel = existing.clone().into();
                    a.name = Set(row.opd_name.clone());
                    a.head_name = Set(row.opd_head.clone());
                    let updated = a.update(&txn).await?;
                    opds.insert(updated.code.clone(), updated);
                    summary.opds_updated += 1;
                }
                None => {
                    let created = opd::ActiveModel {
                        id: Set(Uuid::now_v7()),
                        tenant_id: Set(tenant),
                        code: Set(row.opd_code.clone()),
                        name: Set(row.opd_name.clone()),
                        head_name: Set(row.opd_head.clone()),
                        is_lokus: Set(false),
                        created_at: Set(now),
                    }
                    .insert(&txn)
                    .await
                    // Another import added it meanwhile: this one is refused as a whole.
                    .map_err(ServiceError::on_unique(ServiceError::Stale))?;
                    opds.insert(created.code.clone(), created);
                    summary.opds_added += 1;
                }
            }
        }
        let Some(u) = &row.unit else { continue };
        let opd_id = opds[&row.opd_code].id;
        match units.get(&u.code) {
            Some(existing)
                if existing.name == u.name
                    && existing.head_name == u.head
                    && existing.is_lokus == u.lokus => {}
            Some(existing) => {
                let mut a: unit::ActiveModel = existing.clone().into();
                a.name = Set(u.name.clone());
                a.head_name = Set(u.head.clone());
                a.is_lokus = Set(u.lokus);
                a.update(&txn).await?;
                summary.units_updated += 1;
            }
            None => {
                unit::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    tenant_id: Set(tenant),
                    opd_id: Set(opd_id),
                    code: Set(u.code.clone()),
                    name: Set(u.name.clone()),
                    head_name: Set(u.head.clone()),
                    is_lokus: Set(u.lokus),
                    created_at: Set(now),
                }
                .insert(&txn)
                .await
                .map_err(ServiceError::on_unique(ServiceError::Stale))?;
                summary.units_added += 1;
            }
        }
    }
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(tenant),
            action: "organisation.import",
            entity: "opd",
            summary: format!(
                "import: {} OPD added, {} updated; {} units added, {} updated",
                summary.opds_added,
                summary.opds_updated,
                summary.units_added,
                summary.units_updated
            ),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(summary)
}

/// The OPD/unit list as import rows (header first), the same format import reads.
pub async fn export_rows(state: &AppState, scope: &TenantScope) -> ServiceResult<Vec<Vec<String>>> {
    let opds = list(state, scope).await?;
    let mut out = vec![IMPORT_COLUMNS
        .iter()
        .map(|c| (*c).to_owned())
        .collect::<Vec<_>>()];
    for o in opds {
        let base = [
            o.code.clone(),
            o.name.clone(),
            o.head_name.clone().unwrap_or_default(),
        ];
        if o.units.is_empty() {
            out.push(
                base.iter()
                    .cloned()
                    .chain([String::new(), String::new(), String::new(), String::new()])
                    .collect(),
            );
        }
        for u in o.units {
            out.push(
                base.iter()
                    .cloned()
                    .chain([
                        u.code,
                        u.name,
                        u.head_name.unwrap_or_default(),
                        if u.is_lokus { "ya" } else { "tidak" }.to_owned(),
                    ])
                    .collect(),
            );
        }
    }
    Ok(out)
}
