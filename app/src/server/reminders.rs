//! Daily reminder emails to PICs with overdue or soon-due items in active cycles.
//!
//! The background job calls [`send_due`] every few minutes; a person gets at most one reminder a
//! day, across all their pemda. That rule is kept by the database, not by the job: the
//! `reminders_sent` row (primary key person × day) and the outbox message are written in one
//! transaction, so a restart, a second run or a second server instance cannot send twice.

use super::entities::{assignment, cycle, reminder_sent, tenant, user};
use super::error::{ServiceError, ServiceResult};
use super::mail::{enqueue, Message};
use crate::domain::cycle::{urgency, CycleStatus, Urgency, DUE_SOON_DAYS};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// One line of a reminder.
struct Line {
    tenant: String,
    slug: String,
    cycle: String,
    code: String,
    due: NaiveDate,
    overdue: bool,
}

/// Sends today's reminders (`today` in the pemda's calendar); returns how many went out.
pub async fn send_due(
    db: &DatabaseConnection,
    public_url: &str,
    today: NaiveDate,
) -> ServiceResult<usize> {
    let cycles: HashMap<Uuid, cycle::Model> = cycle::Entity::find()
        .filter(cycle::Column::Status.eq(CycleStatus::Active.code()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    if cycles.is_empty() {
        return Ok(0);
    }
    let horizon = today + Duration::days(DUE_SOON_DAYS);
    let items = assignment::Entity::find()
        .filter(assignment::Column::CycleId.is_in(cycles.keys().copied().collect::<Vec<_>>()))
        .filter(assignment::Column::Answer.is_null())
        .filter(assignment::Column::PicUserId.is_not_null())
        .filter(assignment::Column::DueOn.lte(horizon))
        .all(db)
        .await?;
    let tenants: HashMap<Uuid, tenant::Model> = tenant::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let mut by_person: BTreeMap<Uuid, Vec<Line>> = BTreeMap::new();
    for a in items {
        let (Some(pic), Some(due), Some(c)) = (a.pic_user_id, a.due_on, cycles.get(&a.cycle_id))
        else {
            continue;
        };
        let Some(t) = tenants
            .get(&c.tenant_id)
            .filter(|t| t.status != "suspended")
        else {
            continue;
        };
        let u = urgency(Some(due), today);
        if u == Urgency::Later {
            continue;
        }
        by_person.entry(pic).or_default().push(Line {
            tenant: t.name.clone(),
            slug: t.slug.clone(),
            cycle: c.name.clone(),
            code: a.indicator_code,
            due,
            overdue: u == Urgency::Overdue,
        });
    }
    let people: HashMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(by_person.keys().copied().collect::<Vec<_>>()))
        .filter(user::Column::DisabledAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let mut sent = 0;
    for (person, mut lines) in by_person {
        let Some(u) = people.get(&person) else {
            continue;
        };
        let already = reminder_sent::Entity::find_by_id((person, today))
            .one(db)
            .await?
            .is_some();
        if already {
            continue;
        }
        lines.sort_by(|a, b| (a.due, &a.code).cmp(&(b.due, &b.code)));
        let overdue = lines.iter().filter(|l| l.overdue).count();
        let txn = crate::server::db::begin(db).await?;
        let claimed = reminder_sent::ActiveModel {
            user_id: Set(person),
            day: Set(today),
            items: Set(i32::try_from(lines.len()).unwrap_or(i32::MAX)),
            sent_at: Set(Utc::now()),
        }
        .insert(&txn)
        .await;
        if let Err(e) = claimed {
            // Another run claimed this person's reminder for today first: theirs stands.
            tracing::debug!(error = %e, %person, "reminder already claimed");
            continue;
        }
        enqueue(&txn, message(u, &lines, overdue, public_url)).await?;
        txn.commit().await.map_err(ServiceError::from)?;
        sent += 1;
    }
    Ok(sent)
}

fn message(u: &user::Model, lines: &[Line], overdue: usize, public_url: &str) -> Message {
    let mut body = format!(
        "Yth. {},\n\nAda {} butir penilaian yang perlu Anda jawab{}:\n\n",
        u.name,
        lines.len(),
        if overdue > 0 {
            format!(", {overdue} di antaranya sudah lewat tenggat")
        } else {
            String::new()
        }
    );
    let mut slugs: Vec<(&str, &str)> = Vec::new();
    for l in lines.iter().take(30) {
        body.push_str(&format!(
            "- {} · {} · {} · tenggat {}{}\n",
            l.tenant,
            l.cycle,
            l.code,
            l.due.format("%d-%m-%Y"),
            if l.overdue { " (lewat)" } else { "" }
        ));
        if !slugs.iter().any(|(s, _)| *s == l.slug) {
            slugs.push((&l.slug, &l.tenant));
        }
    }
    if lines.len() > 30 {
        body.push_str(&format!("… dan {} butir lainnya.\n", lines.len() - 30));
    }
    body.push_str("\nDaftar tugas Anda:\n");
    for (slug, name) in slugs {
        body.push_str(&format!("{name}: {public_url}/t/{slug}/tugas\n"));
    }
    body.push_str("\nPengingat ini dikirim paling banyak sekali sehari.\n\n— Patuh\n");
    Message {
        to: u.email.clone(),
        subject: format!(
            "Pengingat: {} butir penilaian menunggu jawaban Anda",
            lines.len()
        ),
        body,
    }
}
