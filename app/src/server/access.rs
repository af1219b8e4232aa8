//! Who the caller is and what they can reach: the session's user, their memberships and the
//! tenants their mentor office was granted.

use super::auth::active_user;
use super::entities::{membership, mentor_office, office_grant, office_member, opd, tenant, user};
use super::error::ServiceResult;
use super::memo::RequestMemo;
use super::session_store::USER_ID_KEY;
use super::state::AppState;
use crate::api::auth::{Access, Me};
use crate::domain::role::Role;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

/// The signed-in, active user of the current request, if any. A session whose user was disabled
/// or deleted counts as signed out.
pub async fn session_user(state: &AppState) -> ServiceResult<Option<user::Model>> {
    match RequestMemo::current() {
        Some(memo) => memo
            .user
            .get_or_try_init(|| resolve_session_user(state))
            .await
            .cloned(),
        None => resolve_session_user(state).await,
    }
}

/// The "who am I" view of the session's user, once per read request (see [`RequestMemo`]).
/// When the person's access changed since the session last saw it, the session gets a new id
/// ([`rotate_on_access_change`]).
pub async fn session_me(state: &AppState) -> ServiceResult<Option<Me>> {
    let Some(user) = session_user(state).await? else {
        return Ok(None);
    };
    let resolve = || async {
        let me = me(state, user).await?;
        rotate_on_access_change(&me).await;
        Ok(me)
    };
    match RequestMemo::current() {
        Some(memo) => memo
            .me
            .get_or_try_init(resolve)
            .await
            .map(|m| Some(m.clone())),
        None => resolve().await.map(Some),
    }
}

/// The session key holding [`access_fingerprint`] of the person's access when last seen.
pub const ACCESS_KEY: &str = "akses";

/// A short digest of what a person may do: operator or not, and every tenant role (with its
/// OPD). It changes whenever a role is granted, disabled or revoked, an office gains or loses a
/// pemda, or the operator flag changes.
pub fn access_fingerprint(me: &Me) -> String {
    use sha2::{Digest, Sha256};
    let mut lines: Vec<String> = me
        .access
        .iter()
        .map(|a| {
            format!(
                "{}|{}|{}",
                a.tenant_slug,
                a.role.code(),
                a.opd_name.as_deref().unwrap_or("")
            )
        })
        .collect();
    lines.sort();
    lines.push(format!("operator={}", me.is_operator));
    hex::encode(&Sha256::digest(lines.join("\n").as_bytes())[..12])
}

/// Gives the session a new id when the person's access changed since the session last saw it
/// (a role granted or taken away while signed in), as sign-in does: a session id that may have
/// leaked before the change does not carry the new rights. The first page of a session only
/// records the fingerprint.
async fn rotate_on_access_change(me: &Me) {
    let Ok(session) = leptos_axum::extract::<tower_sessions::Session>().await else {
        return;
    };
    let now = access_fingerprint(me);
    let seen: Option<String> = session.get(ACCESS_KEY).await.ok().flatten();
    if seen.as_deref() == Some(now.as_str()) {
        return;
    }
    if seen.is_some() {
        if let Err(e) = session.cycle_id().await {
            tracing::warn!(error = %e, "could not give the session a new id");
            return;
        }
    }
    if let Err(e) = session.insert(ACCESS_KEY, now).await {
        tracing::warn!(error = %e, "could not record the session's access");
    }
}

async fn resolve_session_user(state: &AppState) -> ServiceResult<Option<user::Model>> {
    let Ok(session) = leptos_axum::extract::<tower_sessions::Session>().await else {
        return Ok(None);
    };
    let id: Option<Uuid> = session.get(USER_ID_KEY).await.ok().flatten();
    match id {
        Some(id) => active_user(state, id).await,
        None => Ok(None),
    }
}

/// Builds the "who am I" view of `user` in a fixed number of queries (no query per row).
pub async fn me(state: &AppState, user: user::Model) -> ServiceResult<Me> {
    let db = &state.db;
    let memberships = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user.id))
        .filter(membership::Column::DisabledAt.is_null())
        .all(db)
        .await?;
    let office_ids: Vec<Uuid> = office_member::Entity::find()
        .filter(office_member::Column::UserId.eq(user.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.office_id)
        .collect();
    let (grants, office_names) = if office_ids.is_empty() {
        (Vec::new(), HashMap::new())
    } else {
        let grants = office_grant::Entity::find()
            .filter(office_grant::Column::OfficeId.is_in(office_ids.clone()))
            .all(db)
            .await?;
        let names: HashMap<Uuid, String> = mentor_office::Entity::find()
            .filter(mentor_office::Column::Id.is_in(office_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        (grants, names)
    };

    let tenant_ids: Vec<Uuid> = memberships
        .iter()
        .map(|m| m.tenant_id)
        .chain(grants.iter().map(|g| g.tenant_id))
        .collect();
    let tenants: HashMap<Uuid, tenant::Model> = tenant::Entity::find()
        .filter(tenant::Column::Id.is_in(tenant_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let opd_ids: Vec<Uuid> = memberships.iter().filter_map(|m| m.opd_id).collect();
    let opds: HashMap<Uuid, String> = if opd_ids.is_empty() {
        HashMap::new()
    } else {
        opd::Entity::find()
            .filter(opd::Column::Id.is_in(opd_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect()
    };
    let mut access: Vec<Access> = Vec::new();
    for m in &memberships {
        let (Some(t), Ok(role)) = (tenants.get(&m.tenant_id), m.role.parse::<Role>()) else {
            continue;
        };
        access.push(Access {
            tenant_name: t.name.clone(),
            tenant_slug: t.slug.clone(),
            tenant_kind: t.kind.clone(),
            role,
            opd_name: m.opd_id.and_then(|id| opds.get(&id).cloned()),
            office_name: None,
        });
    }
    for g in &grants {
        let Some(t) = tenants.get(&g.tenant_id) else {
            continue;
        };
        access.push(Access {
            tenant_name: t.name.clone(),
            tenant_slug: t.slug.clone(),
            tenant_kind: t.kind.clone(),
            role: Role::Mentor,
            opd_name: None,
            office_name: office_names.get(&g.office_id).cloned(),
        });
    }
    access.sort_by(|a, b| a.tenant_name.cmp(&b.tenant_name).then(a.role.cmp(&b.role)));

    Ok(Me {
        id: user.id,
        name: user.name,
        email: user.email,
        is_operator: user.is_operator,
        access,
    })
}
