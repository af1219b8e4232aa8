//! The notification centre and its e-mail: a notification row per person and event, written in
//! the same transaction as the event; an e-mail at once for people who want that, and a daily
//! digest at 07:00 in each pemda's own zone for people who prefer it.

use super::entities::{assignment, notification, tenant, user};
use super::error::ServiceResult;
use super::mail::{enqueue, Message};
use super::state::AppState;
use crate::api::review::{NoticeRow, Notices};
use crate::domain::review::{EmailPref, NoticeKind};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use sea_orm::prelude::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

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
    let tenants: HashMap<Uuid, (String, String, chrono_tz::Tz)> = tenant::Entity::find()
        .filter(tenant::Column::Id.is_in(rows.iter().map(|n| n.tenant_id).collect::<HashSet<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| {
            let zone = super::clock::zone_of(&t);
            (t.id, (t.slug, t.name, zone))
        })
        .collect();
    Ok(Notices {
        unread: unread(state, me).await?,
        email: EmailPref::from_code(&me.notify_email),
        rows: rows
            .into_iter()
            .filter_map(|n| {
                let kind = NoticeKind::from_code(&n.kind)?;
                let (slug, tenant, zone) = tenants
                    .get(&n.tenant_id)
                    .cloned()
                    .unwrap_or_else(|| (String::new(), String::new(), super::clock::platform()));
                Some(NoticeRow {
                    id: n.id,
                    kind,
                    summary: n.summary,
                    actor: n.actor_id.and_then(|a| names.get(&a).cloned()),
                    tenant,
                    href: n.assignment_id.map(|i| item_href(&slug, i, n.comment_id)),
                    at: super::clock::stamp(zone, n.created_at),
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

/// The moment of today's digest in `tz` (07:00 on its clock) once it has come at `now`.
fn digest_moment(tz: chrono_tz::Tz, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let day = super::reminders::morning(tz, now)?;
    let hour = NaiveTime::from_hms_opt(super::reminders::MORNING_HOUR, 0, 0).expect("valid hour");
    Some(super::clock::instant(tz, day, hour))
}

/// Sends the daily digests that are due at `now`: from 07:00 in each pemda's own zone, one
/// e-mail per person and pemda for people who prefer a digest, listing their notifications of
/// that pemda not yet e-mailed from before that 07:00 (a mentor serving pemda in two zones gets
/// each pemda's digest at its own morning). Each notification is claimed (`emailed_at`) in the
/// transaction that queues the e-mail, so a second run or a second instance never sends it
/// twice. Returns how many e-mails were queued.
pub async fn send_digests(
    db: &DatabaseConnection,
    public_url: &str,
    now: DateTime<Utc>,
) -> ServiceResult<usize> {
    let tenants: HashMap<Uuid, (String, String, DateTime<Utc>)> = tenant::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|t| {
            digest_moment(super::clock::zone_of(&t), now).map(|m| (t.id, (t.slug, t.name, m)))
        })
        .collect();
    let Some(latest) = tenants.values().map(|(_, _, m)| *m).max() else {
        return Ok(0);
    };
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
        .filter(notification::Column::CreatedAt.lt(latest))
        .filter(notification::Column::CreatedAt.gte(latest - Duration::days(14)))
        .order_by_asc(notification::Column::CreatedAt)
        .all(db)
        .await?;
    let mut by_person: BTreeMap<(Uuid, Uuid), Vec<notification::Model>> = BTreeMap::new();
    for n in pending {
        let due = tenants
            .get(&n.tenant_id)
            .is_some_and(|(_, _, moment)| n.created_at < *moment);
        if due {
            by_person
                .entry((n.user_id, n.tenant_id))
                .or_default()
                .push(n);
        }
    }
    let mut sent = 0;
    for ((person, tenant_id), notes) in by_person {
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
            let (slug, tenant, _) = tenants.get(&n.tenant_id).cloned().unwrap_or_default();
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
                subject: format!(
                    "Ringkasan harian Patuh, {}: {} pemberitahuan",
                    tenants
                        .get(&tenant_id)
                        .map_or("", |(_, name, _)| name.as_str()),
                    notes.len()
                ),
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
    use chrono::TimeZone;

    #[test]
    fn the_digest_moment_is_seven_on_each_pemdas_clock() {
        let jakarta = super::super::clock::parse("Asia/Jakarta");
        let jayapura = super::super::clock::parse("Asia/Jayapura");
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap(); // 09:00 WIB, 11:00 WIT
        assert_eq!(
            digest_moment(jakarta, now),
            Some(Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap())
        );
        assert_eq!(
            digest_moment(jayapura, now),
            Some(Utc.with_ymd_and_hms(2026, 11, 22, 22, 0, 0).unwrap())
        );
        // 06:30 WIB: not yet in Jakarta, already 08:30 in Jayapura.
        let early = Utc.with_ymd_and_hms(2026, 11, 22, 23, 30, 0).unwrap();
        assert_eq!(digest_moment(jakarta, early), None);
        assert_eq!(
            digest_moment(jayapura, early),
            Some(Utc.with_ymd_and_hms(2026, 11, 22, 22, 0, 0).unwrap())
        );
    }
}
