//! People of a tenant and accounts: invitations (single-use, expiring links), accepting them,
//! password reset and change, disabling a person in a tenant, and mentor offices' access.

use super::audit;
use super::auth::{hash_password, verify_password};
use super::entities::{
    invitation, membership, mentor_office, office_grant, office_member, opd, password_reset,
    tenant, user,
};
use super::error::{ServiceError, ServiceResult};
use super::mail::{self, Message};
use super::scope::TenantScope;
use super::session_store::DbSessionStore;
use super::state::AppState;
use super::tokens::{hash_token, new_token};
use crate::api::people::{InvitationInfo, InvitationView, MemberView, OfficeAccess, PeoplePage};
use crate::domain::account::{check_email, check_name, check_new_password, normalize_email};
use crate::domain::role::{Permission, Role};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Rows per page of the people list.
pub const PER_PAGE: u64 = 25;

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Operator => "operator platform",
        Role::Coordinator => "koordinator",
        Role::OpdHead => "kepala OPD",
        Role::OpdStaff => "staf OPD (PIC)",
        Role::Viewer => "pimpinan (hanya lihat)",
        Role::Mentor => "mentor Ombudsman",
    }
}

/// Members of the tenant matching `q` (name or email), one page, plus open invitations; in a
/// fixed number of queries.
pub async fn list(
    state: &AppState,
    scope: &TenantScope,
    q: &str,
    page: u64,
) -> ServiceResult<PeoplePage> {
    scope.require(Permission::ManageOrganisation)?;
    let db = &state.db;
    let tenant = scope.tenant_id();
    let q = q.trim().to_lowercase();
    let mut user_filter = None;
    if !q.is_empty() {
        let pattern = super::platform::like_pattern(&q);
        let ids: Vec<Uuid> = user::Entity::find()
            .filter(
                Condition::any()
                    .add(super::platform::lower(user::Column::Name).like(pattern.clone()))
                    .add(user::Column::Email.like(pattern)),
            )
            .filter(
                user::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(membership::Column::UserId)
                        .from(membership::Entity)
                        .and_where(membership::Column::TenantId.eq(tenant))
                        .to_owned(),
                ),
            )
            .all(db)
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect();
        user_filter = Some(ids);
    }
    let mut query = membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tenant))
        .order_by_asc(membership::Column::CreatedAt);
    if let Some(ids) = user_filter {
        query = query.filter(membership::Column::UserId.is_in(ids));
    }
    let page = page.max(1);
    let paginator = query.paginate(db, PER_PAGE);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(page - 1).await?;
    let user_ids: Vec<Uuid> = rows.iter().map(|m| m.user_id).collect();
    let users: HashMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let opd_ids: Vec<Uuid> = rows.iter().filter_map(|m| m.opd_id).collect();
    let opds: HashMap<Uuid, String> = opd::Entity::find()
        .filter(opd::Column::Id.is_in(opd_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let members = rows
        .into_iter()
        .filter_map(|m| {
            let u = users.get(&m.user_id)?;
            Some(MemberView {
                membership_id: m.id,
                name: u.name.clone(),
                email: u.email.clone(),
                role: m.role.parse().ok()?,
                opd_name: m.opd_id.and_then(|id| opds.get(&id).cloned()),
                disabled: m.disabled_at.is_some() || u.disabled_at.is_some(),
            })
        })
        .collect();
    let now = Utc::now();
    let invitations = invitation::Entity::find()
        .filter(invitation::Column::TenantId.eq(tenant))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .order_by_desc(invitation::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|i| InvitationView {
            id: i.id,
            email: i.email,
            role: i.role.as_deref().and_then(|r| r.parse().ok()),
            expired: i.expires_at <= now,
        })
        .collect();
    Ok(PeoplePage {
        members,
        total,
        page,
        per_page: PER_PAGE,
        invitations,
    })
}

/// What an invitation grants.
#[derive(Debug, Clone, Default)]
pub struct Offer {
    /// The pemda.
    pub tenant_id: Option<Uuid>,
    /// The role in it.
    pub role: Option<Role>,
    /// The OPD (heads and staff).
    pub opd_id: Option<Uuid>,
    /// The mentor office.
    pub office_id: Option<Uuid>,
    /// Platform operator.
    pub is_operator: bool,
}

/// Creates an invitation and its email in `db` (the caller's transaction). Returns the link.
pub async fn create_invitation(
    db: &impl ConnectionTrait,
    state: &AppState,
    invited_by: Option<Uuid>,
    email: &str,
    name: Option<&str>,
    offer: Offer,
    place: &str,
) -> ServiceResult<String> {
    let (token, hash) = new_token();
    let now = Utc::now();
    let ttl = chrono::Duration::from_std(state.settings.invitation_ttl)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    invitation::ActiveModel {
        id: Set(Uuid::now_v7()),
        token_hash: Set(hash),
        email: Set(email.to_owned()),
        name: Set(name.map(str::to_owned)),
        tenant_id: Set(offer.tenant_id),
        role: Set(offer.role.map(|r| r.code().to_owned())),
        opd_id: Set(offer.opd_id),
        office_id: Set(offer.office_id),
        is_operator: Set(offer.is_operator),
        invited_by: Set(invited_by),
        created_at: Set(now),
        expires_at: Set(now + ttl),
        accepted_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    let link = format!("{}/undangan/{token}", state.settings.public_url);
    let days = state.settings.invitation_ttl.as_secs() / 86_400;
    mail::enqueue(
        db,
        Message {
            to: email.to_owned(),
            subject: format!("Undangan ke Patuh: {place}"),
            body: format!(
                "Halo{},\n\nAnda diundang bergabung di Patuh sebagai {place}.\n\
                 Buka tautan berikut untuk menerima undangan dan membuat kata sandi:\n\n{link}\n\n\
                 Tautan berlaku {days} hari dan hanya dapat dipakai sekali.\n\
                 Jika Anda tidak merasa diundang, abaikan email ini.\n\n— Patuh\n",
                name.map(|n| format!(" {n}")).unwrap_or_default()
            ),
        },
    )
    .await?;
    Ok(link)
}

/// Invites `email` to `role` in the tenant. Only coordinators (and operators) may; nobody can
/// hand out the operator role or the mentor role here (mentors come through their office).
pub async fn invite(
    state: &AppState,
    scope: &TenantScope,
    email: &str,
    name: Option<&str>,
    role: Role,
    opd_id: Option<Uuid>,
) -> ServiceResult<String> {
    scope.require(Permission::ManageOrganisation)?;
    if matches!(role, Role::Operator | Role::Mentor) {
        return Err(ServiceError::Forbidden);
    }
    let email = normalize_email(email);
    check_email(&email).map_err(|problem| ServiceError::Field {
        field: "email",
        problem,
    })?;
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    if let Some(n) = name {
        check_name(n).map_err(|problem| ServiceError::Field {
            field: "name",
            problem,
        })?;
    }
    let opd_id = match role {
        Role::OpdHead | Role::OpdStaff => {
            let id = opd_id.ok_or(ServiceError::Field {
                field: "opd_id",
                problem: crate::domain::account::FieldProblem::Required,
            })?;
            opd::Entity::find_by_id(id)
                .filter(opd::Column::TenantId.eq(scope.tenant_id()))
                .one(&state.db)
                .await?
                .ok_or(ServiceError::NotFound)?;
            Some(id)
        }
        _ => None,
    };
    // Already holding this role here?
    if let Some(existing) = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&state.db)
        .await?
    {
        let has = membership::Entity::find()
            .filter(membership::Column::UserId.eq(existing.id))
            .filter(membership::Column::TenantId.eq(scope.tenant_id()))
            .filter(membership::Column::Role.eq(role.code()))
            .count(&state.db)
            .await?
            > 0;
        if has {
            return Err(ServiceError::Taken { field: "email" });
        }
    }
    let txn = crate::server::db::begin(&state.db).await?;
    let place = format!("{} di {}", role_label(role), scope.tenant().name);
    let link = create_invitation(
        &txn,
        state,
        Some(scope.user_id()),
        &email,
        name,
        Offer {
            tenant_id: Some(scope.tenant_id()),
            role: Some(role),
            opd_id,
            ..Default::default()
        },
        &place,
    )
    .await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "invitation.create",
            entity: "invitation",
            summary: format!("invited {email} as {}", role.code()),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(link)
}

/// Revokes an open invitation of this tenant.
pub async fn revoke_invitation(
    state: &AppState,
    scope: &TenantScope,
    id: Uuid,
) -> ServiceResult<()> {
    scope.require(Permission::ManageOrganisation)?;
    let inv = invitation::Entity::find_by_id(id)
        .filter(invitation::Column::TenantId.eq(scope.tenant_id()))
        .filter(invitation::Column::AcceptedAt.is_null())
        .one(&state.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let txn = crate::server::db::begin(&state.db).await?;
    let email = inv.email.clone();
    let mut a: invitation::ActiveModel = inv.into();
    a.revoked_at = Set(Some(Utc::now()));
    a.update(&txn).await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: "invitation.revoke",
            entity: "invitation",
            entity_id: Some(id.to_string()),
            summary: format!("revoked the invitation of {email}"),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Disables (or re-enables) a membership of this tenant. The last active coordinator cannot be
/// disabled.
pub async fn set_disabled(
    state: &AppState,
    scope: &TenantScope,
    membership_id: Uuid,
    disabled: bool,
) -> ServiceResult<()> {
    scope.require(Permission::ManageOrganisation)?;
    let txn = crate::server::db::begin(&state.db).await?;
    let m = membership::Entity::find_by_id(membership_id)
        .filter(membership::Column::TenantId.eq(scope.tenant_id()))
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if disabled && m.role == Role::Coordinator.code() && m.disabled_at.is_none() {
        let active = membership::Entity::find()
            .filter(membership::Column::TenantId.eq(scope.tenant_id()))
            .filter(membership::Column::Role.eq(Role::Coordinator.code()))
            .filter(membership::Column::DisabledAt.is_null())
            .count(&txn)
            .await?;
        if active <= 1 {
            return Err(ServiceError::LastCoordinator);
        }
    }
    let user_id = m.user_id;
    let role = m.role.clone();
    let mut a: membership::ActiveModel = m.into();
    a.disabled_at = Set(disabled.then(Utc::now));
    a.update(&txn).await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(scope.user_id()),
            tenant: Some(scope.tenant_id()),
            action: if disabled {
                "membership.disable"
            } else {
                "membership.enable"
            },
            entity: "user",
            entity_id: Some(user_id.to_string()),
            summary: format!(
                "{role}: {}",
                if disabled {
                    "active → disabled"
                } else {
                    "disabled → active"
                }
            ),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    state.live.access(scope.tenant_id());
    Ok(())
}

/// Every mentor office and whether it has access here.
pub async fn office_access(
    state: &AppState,
    scope: &TenantScope,
) -> ServiceResult<Vec<OfficeAccess>> {
    scope.require(Permission::ManageOrganisation)?;
    let granted: std::collections::HashSet<Uuid> = office_grant::Entity::find()
        .filter(office_grant::Column::TenantId.eq(scope.tenant_id()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|g| g.office_id)
        .collect();
    Ok(mentor_office::Entity::find()
        .order_by_asc(mentor_office::Column::Name)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|o| OfficeAccess {
            granted: granted.contains(&o.id),
            office_id: o.id,
            name: o.name,
            province: o.province,
        })
        .collect())
}

/// Grants or revokes an office's access to this tenant; logged.
pub async fn set_office_access(
    state: &AppState,
    scope: &TenantScope,
    office_id: Uuid,
    granted: bool,
) -> ServiceResult<()> {
    scope.require(Permission::ManageOrganisation)?;
    let office = mentor_office::Entity::find_by_id(office_id)
        .one(&state.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let txn = crate::server::db::begin(&state.db).await?;
    let existing = office_grant::Entity::find()
        .filter(office_grant::Column::TenantId.eq(scope.tenant_id()))
        .filter(office_grant::Column::OfficeId.eq(office_id))
        .one(&txn)
        .await?;
    let changed = match (existing, granted) {
        (None, true) => {
            let inserted = office_grant::ActiveModel {
                id: Set(Uuid::now_v7()),
                office_id: Set(office_id),
                tenant_id: Set(scope.tenant_id()),
                granted_by: Set(Some(scope.user_id())),
                created_at: Set(Utc::now()),
            }
            .insert(&txn)
            .await;
            match inserted {
                Ok(_) => true,
                // The same grant sent twice at once: the other request made it.
                Err(e) if super::error::is_unique_violation(&e) => return Ok(()),
                Err(e) => return Err(e.into()),
            }
        }
        (Some(g), false) => {
            office_grant::Entity::delete_by_id(g.id).exec(&txn).await?;
            true
        }
        _ => false,
    };
    if changed {
        audit::record(
            &txn,
            audit::Entry {
                actor: Some(scope.user_id()),
                tenant: Some(scope.tenant_id()),
                action: if granted {
                    "office_access.grant"
                } else {
                    "office_access.revoke"
                },
                entity: "mentor_office",
                entity_id: Some(office_id.to_string()),
                summary: format!(
                    "{}: {}",
                    office.name,
                    if granted {
                        "no access → access"
                    } else {
                        "access → no access"
                    }
                ),
                ..Default::default()
            },
        )
        .await?;
    }
    txn.commit().await?;
    state.live.access(scope.tenant_id());
    Ok(())
}

async fn open_invitation(
    db: &impl ConnectionTrait,
    token: &str,
) -> ServiceResult<invitation::Model> {
    invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(hash_token(token)))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?
        .ok_or(ServiceError::LinkInvalid)
}

/// What the invitation offers.
pub async fn invitation_info(state: &AppState, token: &str) -> ServiceResult<InvitationInfo> {
    let inv = open_invitation(&state.db, token).await?;
    let tenant_name = match inv.tenant_id {
        Some(id) => tenant::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .map(|t| t.name),
        None => None,
    };
    let office_name = match inv.office_id {
        Some(id) => mentor_office::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .map(|o| o.name),
        None => None,
    };
    let account_exists = user::Entity::find()
        .filter(user::Column::Email.eq(inv.email.as_str()))
        .count(&state.db)
        .await?
        > 0;
    Ok(InvitationInfo {
        role: inv
            .role
            .as_deref()
            .and_then(|r| r.parse().ok())
            .or(if inv.office_id.is_some() {
                Some(Role::Mentor)
            } else if inv.is_operator {
                Some(Role::Operator)
            } else {
                None
            }),
        email: inv.email,
        name: inv.name,
        tenant_name,
        office_name,
        account_exists,
    })
}

/// Accepts an invitation. A new account needs a name and a password; an existing account just
/// gains the role. The link works once.
pub async fn accept(
    state: &AppState,
    token: &str,
    name: Option<&str>,
    password: Option<&str>,
) -> ServiceResult<Uuid> {
    let txn = crate::server::db::begin(&state.db).await?;
    let inv = open_invitation(&txn, token).await?;
    let now = Utc::now();
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(inv.email.as_str()))
        .one(&txn)
        .await?;
    let user_id = match existing {
        Some(u) => {
            if inv.is_operator && !u.is_operator {
                let mut a: user::ActiveModel = u.clone().into();
                a.is_operator = Set(true);
                a.update(&txn).await?;
            }
            u.id
        }
        None => {
            let name = name.map(str::trim).unwrap_or_default();
            check_name(name).map_err(|problem| ServiceError::Field {
                field: "name",
                problem,
            })?;
            let password = password.unwrap_or_default();
            check_new_password(password).map_err(|problem| ServiceError::Field {
                field: "password",
                problem,
            })?;
            let hash = hash_password(password.to_owned()).await?;
            user::ActiveModel {
                id: Set(Uuid::now_v7()),
                email: Set(inv.email.clone()),
                name: Set(name.to_owned()),
                password_hash: Set(Some(hash)),
                is_operator: Set(inv.is_operator),
                disabled_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                notify_email: Set("immediate".to_owned()),
            }
            .insert(&txn)
            .await
            // The same link accepted twice at once: the other request made the account.
            .map_err(ServiceError::on_unique(ServiceError::LinkInvalid))?
            .id
        }
    };
    if let (Some(tenant_id), Some(role)) = (inv.tenant_id, inv.role.clone()) {
        let has = membership::Entity::find()
            .filter(membership::Column::UserId.eq(user_id))
            .filter(membership::Column::TenantId.eq(tenant_id))
            .filter(membership::Column::Role.eq(role.as_str()))
            .one(&txn)
            .await?;
        match has {
            Some(m) if m.disabled_at.is_some() => {
                let mut a: membership::ActiveModel = m.into();
                a.disabled_at = Set(None);
                a.update(&txn).await?;
            }
            Some(_) => {}
            None => {
                membership::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    user_id: Set(user_id),
                    tenant_id: Set(tenant_id),
                    role: Set(role),
                    opd_id: Set(inv.opd_id),
                    disabled_at: Set(None),
                    created_at: Set(now),
                }
                .insert(&txn)
                .await
                .map_err(ServiceError::on_unique(ServiceError::LinkInvalid))?;
            }
        }
    }
    if let Some(office_id) = inv.office_id {
        let member = office_member::Entity::find()
            .filter(office_member::Column::UserId.eq(user_id))
            .filter(office_member::Column::OfficeId.eq(office_id))
            .count(&txn)
            .await?
            > 0;
        if !member {
            office_member::ActiveModel {
                id: Set(Uuid::now_v7()),
                office_id: Set(office_id),
                user_id: Set(user_id),
                created_at: Set(now),
            }
            .insert(&txn)
            .await
            .map_err(ServiceError::on_unique(ServiceError::LinkInvalid))?;
        }
    }
    let tenant = inv.tenant_id;
    let email = inv.email.clone();
    let mut a: invitation::ActiveModel = inv.into();
    a.accepted_at = Set(Some(now));
    a.update(&txn).await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(user_id),
            tenant,
            action: "invitation.accept",
            entity: "user",
            entity_id: Some(user_id.to_string()),
            summary: format!("{email} accepted the invitation"),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(user_id)
}

/// Sends a reset link when an active account has `email`; answers the same either way.
pub async fn request_reset(state: &AppState, email: &str) -> ServiceResult<()> {
    let email = normalize_email(email);
    let Some(u) = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .filter(user::Column::DisabledAt.is_null())
        .one(&state.db)
        .await?
    else {
        return Ok(());
    };
    let (token, hash) = new_token();
    let now = Utc::now();
    let ttl = chrono::Duration::from_std(state.settings.reset_ttl)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let txn = crate::server::db::begin(&state.db).await?;
    password_reset::ActiveModel {
        id: Set(Uuid::now_v7()),
        token_hash: Set(hash),
        user_id: Set(u.id),
        created_at: Set(now),
        expires_at: Set(now + ttl),
        used_at: Set(None),
    }
    .insert(&txn)
    .await?;
    let minutes = state.settings.reset_ttl.as_secs() / 60;
    mail::enqueue(
        &txn,
        Message {
            to: u.email.clone(),
            subject: "Atur ulang kata sandi Patuh".to_owned(),
            body: format!(
                "Halo {},\n\nSeseorang (semoga Anda) meminta pengaturan ulang kata sandi Patuh.\n\
                 Buka tautan berikut untuk membuat kata sandi baru:\n\n{}/atur-ulang-sandi/{token}\n\n\
                 Tautan berlaku {minutes} menit dan hanya dapat dipakai sekali.\n\
                 Jika Anda tidak memintanya, abaikan email ini; kata sandi Anda tidak berubah.\n\n— Patuh\n",
                u.name, state.settings.public_url
            ),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Sets a new password with a reset token; every session of the account ends.
pub async fn reset(state: &AppState, token: &str, password: &str) -> ServiceResult<()> {
    check_new_password(password).map_err(|problem| ServiceError::Field {
        field: "password",
        problem,
    })?;
    let txn = crate::server::db::begin(&state.db).await?;
    let r = password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(hash_token(token)))
        .filter(password_reset::Column::UsedAt.is_null())
        .filter(password_reset::Column::ExpiresAt.gt(Utc::now()))
        .one(&txn)
        .await?
        .ok_or(ServiceError::LinkInvalid)?;
    let u = user::Entity::find_by_id(r.user_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::LinkInvalid)?;
    let hash = hash_password(password.to_owned()).await?;
    let user_id = u.id;
    let mut a: user::ActiveModel = u.into();
    a.password_hash = Set(Some(hash));
    a.updated_at = Set(Utc::now());
    a.update(&txn).await?;
    let mut ra: password_reset::ActiveModel = r.into();
    ra.used_at = Set(Some(Utc::now()));
    ra.update(&txn).await?;
    DbSessionStore::delete_for_user(&txn, user_id, None).await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(user_id),
            action: "user.password_reset",
            entity: "user",
            entity_id: Some(user_id.to_string()),
            summary: "password reset by email link; all sessions ended".to_owned(),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    state.live.signed_out(user_id);
    Ok(())
}

/// Changes `user`'s password after checking the current one; other sessions end.
pub async fn change_password(
    state: &AppState,
    u: &user::Model,
    current: &str,
    password: &str,
    keep_session: Option<String>,
) -> ServiceResult<()> {
    let ok = match &u.password_hash {
        Some(hash) => verify_password(hash.clone(), current.to_owned()).await,
        None => false,
    };
    if !ok {
        return Err(ServiceError::WrongCurrentPassword);
    }
    check_new_password(password).map_err(|problem| ServiceError::Field {
        field: "password",
        problem,
    })?;
    let hash = hash_password(password.to_owned()).await?;
    let txn = crate::server::db::begin(&state.db).await?;
    let mut a: user::ActiveModel = u.clone().into();
    a.password_hash = Set(Some(hash));
    a.updated_at = Set(Utc::now());
    a.update(&txn).await?;
    DbSessionStore::delete_for_user(&txn, u.id, keep_session).await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(u.id),
            action: "user.password_change",
            entity: "user",
            entity_id: Some(u.id.to_string()),
            summary: "password changed; other sessions ended".to_owned(),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    state.live.signed_out(u.id);
    Ok(())
}
