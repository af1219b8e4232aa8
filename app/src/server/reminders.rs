//! Daily reminder emails to PICs with overdue or soon-due items in active cycles.
//!
//! The background job calls [`send_due`] every few minutes. Reminders go out from 07:00 in each
//! pemda's own zone, with "today" (and so overdue and due soon) as that pemda counts it; a person
//! gets at most one reminder a day, across all their pemda. That rule is kept by the database, not by the job: the
//! `reminders_sent` row (primary key person × day) and the outbox message are written in one
//! transaction, so a restart, a second run or a second server instance cannot send twice.

use super::entities::{assignment, cycle, reminder_sent, tenant, user};
use super::error::{ServiceError, ServiceResult};
use super::mail::{enqueue, Message};
use crate::domain::cycle::{urgency, CycleStatus, Urgency, DUE_SOON_DAYS};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
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

/// The hour, on the pemda's own clock, from which its reminders and digests go out.
pub const MORNING_HOUR: u32 = 7;

/// The date in `tz` at `now` once its morning hour has come, else `None` (not yet time).
pub fn morning(tz: chrono_tz::Tz, now: DateTime<Utc>) -> Option<NaiveDate> {
    let today = super::clock::today_at(tz, now);
    let hour = NaiveTime::from_hms_opt(MORNING_HOUR, 0, 0).expect("a valid hour");
    (now >= super::clock::instant(tz, today, hour)).then_some(today)
}

/// Sends the reminders due at `now`; returns how many went out.
pub async fn send_due(
    db: &DatabaseConnection,
    public_url: &str,
    now: DateTime<Utc>,
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
    let tenants: HashMap<Uuid, (tenant::Model, NaiveDate)> = tenant::Entity::find()
        .filter(tenant::Column::Status.ne("suspended"))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|t| morning(super::clock::zone_of(&t), now).map(|today| (t.id, (t, today))))
        .collect();
    // The latest "today" of any pemda bounds what can be due soon anywhere.
    let Some(latest) = tenants.values().map(|(_, d)| *d).max() else {
        return Ok(0);
    };
    let horizon = latest + Duration::days(DUE_SOON_DAYS);
    let items = assignment::Entity::find()
        .filter(assignment::Column::CycleId.is_in(cycles.keys().copied().collect::<Vec<_>>()))
        .filter(assignment::Column::Answer.is_null())
        .filter(assignment::Column::PicUserId.is_not_null())
        .filter(assignment::Column::DueOn.lte(horizon))
        .all(db)
        .await?;
    let mut by_person: BTreeMap<Uuid, (NaiveDate, Vec<Line>)> = BTreeMap::new();
    for a in items {
        let (Some(pic), Some(due), Some(c)) = (a.pic_user_id, a.due_on, cycles.get(&a.cycle_id))
        else {
            continue;
        };
        let Some((t, today)) = tenants.get(&c.tenant_id) else {
            continue;
        };
        let u = urgency(Some(due), *today);
        if u == Urgency::Later {
            continue;
        }
        // The day a reminder is counted against: the pemda's today (the earliest, should a
        // person's pemda lie in two zones).
        let entry = by_person.entry(pic).or_insert((*today, Vec::new()));
        entry.0 = entry.0.min(*today);
        entry.1.push(Line {
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
    for (person, (today, mut lines)) in by_person {
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
            crate::domain::format::date_id(l.due),
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
