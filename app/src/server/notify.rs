//! The notification centre and its e-mail: a notification row per person and event, written in
//! the same transaction as the event; an e-mail at once for people who want that, and one daily
//! digest at 07:00 WIB for people who prefer it.

use super::entities::{assignment, notification, tenant, user};
use super::error::ServiceResult;
use super::mail::{enqueue, Message};
use super::state::AppState;
use crate::api::review::{NoticeRow, Notices};
use crate::domain::review::{EmailPref, NoticeKind};
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use sea_orm::prelude::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// Hour of the day (WIB) after which the daily digest goes out.
pub const DIGEST_HOUR_WIB: u32 = 7;

/// One notification to write.
#[derive(Debug, Clone)]
pub struct Notice {
    /// Who is told.
    pub to: Uuid,
    /// The tenant.
    pub tenant: Uuid,
    /// The item.
    pub item: Option<Uuid>,
    /// The comment.
    pub comment: Option<Uuid>,
    /// Who caused it.
    pub actor: Option<Uuid>,
    /// Why.
    pub kind: NoticeKind,
    /// One line naming the item.
    pub summary: String,
}

/// The address of an item's page.
fn item_href(slug: &str, item: Uuid, comment: Option<Uuid>) -> String {
    match comment {
        Some(c) => format!("/t/{slug}/butir/{item}#k-{c}"),
        None => format!("/t/{slug}/butir/{item}#tinjauan"),
    }
}

/// Writes `notices` (inside the caller's transaction) and queues the immediate e-mails. A person
/// is never told about their own action, and one person gets one notice per event.
pub async fn send(
    db: &impl ConnectionTrait,
    public_url: &str,
    notices: Vec<Notice>,
) -> ServiceResult<()> {
    let mut seen = HashSet::new();
    let notices: Vec<Notice> = notices
        .into_iter()
        .filter(|n| Some(n.to) != n.actor && seen.insert(n.to))
        .collect();
    if notices.is_empty() {
        return Ok(());
    }
    let people: HashMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(notices.iter().map(|n| n.to).collect::<Vec<_>>()))
        .filter(user::Column::DisabledAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let tenant_ids: HashSet<Uuid> = notices.iter().map(|n| n.tenant).collect();
    let slugs: HashMap<Uuid, (String, String)> = tenant::Entity::find()
        .filter(tenant::Column::Id.is_in(tenant_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, (t.slug, t.name)))
        .collect();
    let now = Utc::now();
    for n in notices {
        let Some(person) = people.get(&n.to) else {
            continue;
        };
        let immediate = EmailPref::from_code(&person.notify_email) == EmailPref::Immediate;
        notification::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(n.to),
            tenant_id: Set(n.tenant),
            assignment_id: Set(n.item),
            comment_id: Set(n.comment),
            actor_id: Set(n.actor),
            kind: Set(n.kind.code().to_owned()),
            summary: Set(n.summary.chars().take(500).collect()),
            created_at: Set(now),
            read_at: Set(None),
            emailed_at: Set(immediate.then_some(now)),
        }
        .insert(db)
        .await?;
        if immediate {
            let (slug, tenant_name) = slugs.get(&n.tenant).cloned().unwrap_or_default();
            let link = n
                .item
                .map(|i| format!("{public_url}{}", item_href(&slug, i, n.comment)))
                .unwrap_or_else(|| format!("{public_url}/notifikasi"));
            enqueue(
                db,
                Message {
                    to: person.email.clone(),
                    subject: format!("{}: {}", n.kind.label_id(), n.summary),
                    body: format!(
                        "Yth. {},\n\n{} — {}\n{}\n\nBuka: {link}\n\nAnda dapat memilih ringkasan harian \
                         atau mematikan surel ini di {public_url}/notifikasi.\n\n— Patuh\n",
                        person.name,
                        n.kind.label_id(),
                        tenant_name,
                        n.summary,
                    ),
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// The caller's notification centre.
pub async fn list(state: &AppState, me: &user::Model) -> ServiceResult<Notices> {
    let db = &state.db;
    let rows = notification::Entity::find()
        .filter(notification::Column::UserId.eq(me.id))
        .order_by_desc(notification::Column::CreatedAt)
        .limit(100)
        .all(db)
        .await?;
    let actors: HashSet<Uuid> = rows.iter().filter_map(|n| n.actor_id).collect();
    let names: HashMap<Uuid, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(actors))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let tenants: HashMap<Uuid, (String, String)> = tenant::Entity::find()
        .filter(tenant::Column::Id.is_in(rows.iter().map(|n| n.tenant_id).collect::<HashSet<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, (t.slug, t.name)))
        .collect();
    Ok(Notices {
        unread: unread(state, me).await?,
        email: EmailPref::from_code(&me.notify_email),
        rows: rows
            .into_iter()
            .filter_map(|n| {
                let kind = NoticeKind::from_code(&n.kind)?;
                let (slug, tenant) = tenants.get(&n.tenant_id).cloned().unwrap_or_default();
                Some(NoticeRow {
                    id: n.id,
                    kind,
                    summary: n.summary,
                    actor: n.actor_id.and_then(|a| names.get(&a).cloned()),
                    tenant,
                    href: n.assignment_id.map(|i| item_href(&slug, i, n.comment_id)),
                    at: super::cycles::rfc3339(n.created_at),
                    read: n.read_at.is_some(),
                })
            })
            .collect(),
    })
}

/// How many of the caller's notifications are unread.
pub async fn unread(state: &AppState, me: &user::Model) -> ServiceResult<usize> {
    let n = notification::Entity::find()
        .filter(notification::Column::UserId.eq(me.id))
        .filter(notification::Column::ReadAt.is_null())
        .count(&state.db)
        .await?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// Marks one of the caller's notifications read, or all of them.
pub async fn mark_read(state: &AppState, me: &user::Model, id: Option<Uuid>) -> ServiceResult<()> {
    let mut update = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Some(Utc::now())))
        .filter(notification::Column::UserId.eq(me.id))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(id) = id {
        update = update.filter(notification::Column::Id.eq(id));
    }
    update.exec(&state.db).await?;
    Ok(())
}

/// Marks the caller's notifications about `item` read (they opened it).
pub async fn mark_item_read(state: &AppState, me: Uuid, item: Uuid) -> ServiceResult<()> {
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Some(Utc::now())))
        .filter(notification::Column::UserId.eq(me))
        .filter(notification::Column::AssignmentId.eq(item))
        .filter(notification::Column::ReadAt.is_null())
        .exec(&state.db)
        .await?;
    Ok(())
}

/// Sets the caller's e-mail preference.
pub async fn set_pref(state: &AppState, me: &user::Model, pref: EmailPref) -> ServiceResult<()> {
    user::Entity::update_many()
        .col_expr(user::Column::NotifyEmail, Expr::value(pref.code()))
        .filter(user::Column::Id.eq(me.id))
        .exec(&state.db)
        .await?;
    Ok(())
}

/// The moment of today's digest (07:00 WIB) as seen at `now`.
fn digest_moment(now: DateTime<Utc>) -> DateTime<Utc> {
    let wib = chrono::FixedOffset::east_opt(7 * 3600).expect("WIB is a valid offset");
    let local = now.with_timezone(&wib).date_naive();
    let at = local.and_time(NaiveTime::from_hms_opt(DIGEST_HOUR_WIB, 0, 0).expect("valid hour"));
    wib.from_local_datetime(&at)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now)
}

/// Sends the daily digests that are due at `now`: from 07:00 WIB, one e-mail per person who
/// prefers a digest, listing their notifications not yet e-mailed from before 07:00. Each
/// notification is claimed (`emailed_at`) in the transaction that queues the e-mail, so a second
/// run or a second instance never sends it twice. Returns how many e-mails were queued.
pub async fn send_digests(
    db: &DatabaseConnection,
    public_url: &str,
    now: DateTime<Utc>,
) -> ServiceResult<usize> {
    let moment = digest_moment(now);
    if now < moment {
        return Ok(0);
    }
    let people: HashMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::NotifyEmail.eq(EmailPref::Digest.code()))
        .filter(user::Column::DisabledAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    if people.is_empty() {
        return Ok(0);
    }
    let pending = notification::Entity::find()
        .filter(notification::Column::UserId.is_in(people.keys().copied().collect::<Vec<_>>()))
        .filter(notification::Column::EmailedAt.is_null())
        .filter(notification::Column::CreatedAt.lt(moment))
        .filter(notification::Column::CreatedAt.gte(moment - Duration::days(14)))
        .order_by_asc(notification::Column::CreatedAt)
        .all(db)
        .await?;
    let mut by_person: BTreeMap<Uuid, Vec<notification::Model>> = BTreeMap::new();
    for n in pending {
        by_person.entry(n.user_id).or_default().push(n);
    }
    let tenants: HashMap<Uuid, (String, String)> = tenant::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, (t.slug, t.name)))
        .collect();
    let mut sent = 0;
    for (person, notes) in by_person {
        let Some(u) = people.get(&person) else {
            continue;
        };
        let txn = crate::server::db::begin(db).await?;
        let ids: Vec<Uuid> = notes.iter().map(|n| n.id).collect();
        let claimed = notification::Entity::update_many()
            .col_expr(notification::Column::EmailedAt, Expr::value(Some(now)))
            .filter(notification::Column::Id.is_in(ids.clone()))
            .filter(notification::Column::EmailedAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected != ids.len() as u64 {
            // Another run is sending these; leave them to it.
            continue;
        }
        let mut body = format!(
            "Yth. {},\n\nRingkasan pemberitahuan Patuh ({} pemberitahuan):\n\n",
            u.name,
            notes.len()
        );
        for n in notes.iter().take(50) {
            let kind = NoticeKind::from_code(&n.kind).map_or("", |k| k.label_id());
            let (slug, tenant) = tenants.get(&n.tenant_id).cloned().unwrap_or_default();
            body.push_str(&format!("- {kind} · {tenant} · {}\n", n.summary));
            if let Some(item) = n.assignment_id {
                body.push_str(&format!(
                    "  {public_url}{}\n",
                    item_href(&slug, item, n.comment_id)
                ));
            }
        }
        if notes.len() > 50 {
            body.push_str(&format!("… dan {} lainnya.\n", notes.len() - 50));
        }
        body.push_str(&format!(
            "\nSemua pemberitahuan: {public_url}/notifikasi\n\n— Patuh\n"
        ));
        enqueue(
            &txn,
            Message {
                to: u.email.clone(),
                subject: format!("Ringkasan harian Patuh: {} pemberitahuan", notes.len()),
                body,
            },
        )
        .await?;
        txn.commit().await?;
        sent += 1;
    }
    Ok(sent)
}

/// Coordinators (active) of a tenant.
pub async fn coordinators(db: &impl ConnectionTrait, tenant: Uuid) -> ServiceResult<Vec<Uuid>> {
    use super::entities::membership;
    Ok(membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tenant))
        .filter(membership::Column::Role.eq(crate::domain::role::Role::Coordinator.code()))
        .filter(membership::Column::DisabledAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect())
}

/// Who should hear about a change to item `a`: its PIC, or the coordinators when it has none.
pub async fn owners(db: &impl ConnectionTrait, a: &assignment::Model) -> ServiceResult<Vec<Uuid>> {
    match a.pic_user_id {
        Some(pic) => Ok(vec![pic]),
        None => coordinators(db, a.tenant_id).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_moment_is_seven_in_jakarta() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap(); // 09:00 WIB
        assert_eq!(
            digest_moment(now),
            Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap()
        );
        let late = Utc.with_ymd_and_hms(2026, 11, 23, 20, 0, 0).unwrap(); // 03:00 WIB next day
        assert_eq!(
            digest_moment(late),
            Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap()
        );
    }
}
