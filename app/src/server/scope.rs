//! Tenant scoping. Every read or write of tenant-owned data takes a [`TenantScope`] first: the
//! tenant and the caller's roles in it, resolved once per request from the session. There is no
//! other path from a server function to a tenant table.

use super::entities::{membership, office_grant, office_member, tenant, user};
use super::error::{ServiceError, ServiceResult};
use super::memo::RequestMemo;
use super::state::AppState;
use crate::domain::role::{Permission, Role};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// The caller inside one tenant.
#[derive(Debug, Clone)]
pub struct TenantScope {
    tenant: tenant::Model,
    user_id: Uuid,
    roles: Vec<Role>,
    opd_id: Option<Uuid>,
}

impl TenantScope {
    /// The tenant's id: every query on tenant data filters by it.
    pub fn tenant_id(&self) -> Uuid {
        self.tenant.id
    }

    /// The tenant row.
    pub fn tenant(&self) -> &tenant::Model {
        &self.tenant
    }

    /// The pemda's time zone.
    pub fn zone(&self) -> chrono_tz::Tz {
        super::clock::zone_of(&self.tenant)
    }

    /// Today in the pemda's zone: what decides overdue, due soon and open periods.
    pub fn today(&self) -> chrono::NaiveDate {
        super::clock::today(self.zone())
    }

    /// A stored instant as the pemda's people read it.
    pub fn stamp(&self, at: chrono::DateTime<chrono::Utc>) -> crate::model::time::Stamp {
        super::clock::stamp(self.zone(), at)
    }

    /// The caller's user id.
    pub fn user_id(&self) -> Uuid {
        self.user_id
    }

    /// The caller's roles here (a platform operator has [`Role::Operator`]).
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// The OPD of an OPD head or staff member.
    pub fn opd_id(&self) -> Option<Uuid> {
        self.opd_id
    }

    /// Whether any of the caller's roles grants `permission`.
    pub fn can(&self, permission: Permission) -> bool {
        self.roles.iter().any(|r| r.allows(permission))
    }

    /// `Ok` when [`TenantScope::can`], else [`ServiceError::Forbidden`].
    pub fn require(&self, permission: Permission) -> ServiceResult<()> {
        if self.can(permission) {
            Ok(())
        } else {
            Err(ServiceError::Forbidden)
        }
    }
}

/// Resolves `user`'s scope in the tenant with `slug`. A tenant the user has no role in is
/// [`ServiceError::NotFound`] (its existence is not revealed); a suspended tenant is
/// [`ServiceError::TenantSuspended`] for everyone but operators. Within one read request the
/// scope is resolved once ([`RequestMemo`]).
pub async fn tenant_scope(
    state: &AppState,
    user: &user::Model,
    slug: &str,
) -> ServiceResult<TenantScope> {
    let memo = RequestMemo::current();
    if let Some(scope) = memo.as_ref().and_then(|m| m.scope(user.id, slug)) {
        return Ok(scope);
    }
    let tenant = tenant::Entity::find()
        .filter(tenant::Column::Slug.eq(slug))
        .one(&state.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let scope = scope_for(state, user, tenant).await?;
    if let Some(memo) = memo {
        memo.remember_scope(slug, &scope);
    }
    Ok(scope)
}

/// Like [`tenant_scope`], by tenant id.
pub async fn tenant_scope_by_id(
    state: &AppState,
    user: &user::Model,
    id: Uuid,
) -> ServiceResult<TenantScope> {
    let tenant = tenant::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    scope_for(state, user, tenant).await
}

async fn scope_for(
    state: &AppState,
    user: &user::Model,
    tenant: tenant::Model,
) -> ServiceResult<TenantScope> {
    let mut roles = Vec::new();
    if user.is_operator {
        roles.push(Role::Operator);
    }
    let memberships = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user.id))
        .filter(membership::Column::TenantId.eq(tenant.id))
        .filter(membership::Column::DisabledAt.is_null())
        .all(&state.db)
        .await?;
    let mut opd_id = None;
    for m in &memberships {
        if let Ok(role) = m.role.parse::<Role>() {
            roles.push(role);
        }
        opd_id = opd_id.or(m.opd_id);
    }
    let office_ids: Vec<Uuid> = office_member::Entity::find()
        .filter(office_member::Column::UserId.eq(user.id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|m| m.office_id)
        .collect();
    if !office_ids.is_empty() {
        let granted = office_grant::Entity::find()
            .filter(office_grant::Column::TenantId.eq(tenant.id))
            .filter(office_grant::Column::OfficeId.is_in(office_ids))
            .one(&state.db)
            .await?
            .is_some();
        if granted {
            roles.push(Role::Mentor);
        }
    }
    if roles.is_empty() {
        return Err(ServiceError::NotFound);
    }
    if tenant.status == "suspended" && !user.is_operator {
        return Err(ServiceError::TenantSuspended);
    }
    roles.sort();
    roles.dedup();
    Ok(TenantScope {
        tenant,
        user_id: user.id,
        roles,
        opd_id,
    })
}

/// A platform operator, proven.
#[derive(Debug, Clone)]
pub struct OperatorScope {
    user_id: Uuid,
}

impl OperatorScope {
    /// The operator's user id.
    pub fn user_id(&self) -> Uuid {
        self.user_id
    }
}

/// `Ok` for a platform operator; [`ServiceError::NotFound`] for anyone else (the admin console's
/// existence is not advertised).
pub fn operator_scope(user: &user::Model) -> ServiceResult<OperatorScope> {
    if user.is_operator {
        Ok(OperatorScope { user_id: user.id })
    } else {
        Err(ServiceError::NotFound)
    }
}
