//! Times in a pemda's own zone. Every UTC instant a person sees, and every "today" that decides
//! something (overdue, due soon, an SKM period's state, the digest's hour), goes through here,
//! with the zone taken from the pemda (`tenants.time_zone`) and converted by the time-zone
//! database (`chrono-tz`).

use super::entities::tenant;
use crate::domain::zone::Zone;
use crate::model::time::Stamp;
use chrono::offset::{LocalResult, Offset};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz};

/// A pemda's zone; an unreadable stored name falls back to WIB (the column's default).
pub fn zone_of(t: &tenant::Model) -> Tz {
    parse(&t.time_zone)
}

/// The platform's own clock, for what belongs to no pemda (the operator's console: outbox,
/// instrument library, platform audit): WIB, the capital's zone.
pub fn platform() -> Tz {
    parse(Zone::Wib.iana())
}

/// The zone with IANA name `name`, WIB when it is not one.
pub fn parse(name: &str) -> Tz {
    name.parse::<Tz>().unwrap_or_else(|_| {
        Zone::Wib
            .iana()
            .parse()
            .expect("Asia/Jakarta is in the database")
    })
}

/// The date in `tz` at `now`.
pub fn today_at(tz: Tz, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&tz).date_naive()
}

/// Today in `tz`.
pub fn today(tz: Tz) -> NaiveDate {
    today_at(tz, Utc::now())
}

/// `at` on the wall clock of `tz`, labelled with the zone's abbreviation from the database
/// (`WIB`, `WITA`, `WIT`).
pub fn stamp(tz: Tz, at: DateTime<Utc>) -> Stamp {
    let local = at.with_timezone(&tz);
    let offset = local.offset();
    let zone = offset
        .abbreviation()
        .map(str::to_owned)
        .unwrap_or_else(|| offset.fix().to_string());
    Stamp {
        local: local.naive_local(),
        zone,
    }
}

/// The zone's label (`WITA`) as it reads now.
pub fn label(tz: Tz) -> String {
    stamp(tz, Utc::now()).zone
}

/// The UTC instant of `time` on `date` in `tz` (the earlier one should a zone ever repeat an
/// hour; the moment after a gap should it skip one).
pub fn instant(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = date.and_time(time);
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => tz
            .from_local_datetime(&(local + chrono::Duration::hours(1)))
            .earliest()
            .map_or_else(|| Utc.from_utc_datetime(&local), |t| t.with_timezone(&Utc)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// One second either side of local midnight in each zone: the date turns at the pemda's
    /// midnight, not at UTC's.
    #[test]
    fn the_day_turns_at_each_zones_midnight() {
        for (zone, last_second, first_second) in [
            (Zone::Wib, "2026-12-05T16:59:59Z", "2026-12-05T17:00:00Z"),
            (Zone::Wita, "2026-12-05T15:59:59Z", "2026-12-05T16:00:00Z"),
            (Zone::Wit, "2026-12-05T14:59:59Z", "2026-12-05T15:00:00Z"),
        ] {
            let tz = parse(zone.iana());
            assert_eq!(today_at(tz, utc(last_second)), day(2026, 12, 5), "{zone:?}");
            assert_eq!(
                today_at(tz, utc(first_second)),
                day(2026, 12, 6),
                "{zone:?}"
            );
            let s = stamp(tz, utc(first_second));
            assert_eq!(s.zone, zone.label());
            assert_eq!(
                s.to_string(),
                format!("6 Desember 2026 00.00 {}", zone.label())
            );
            assert_eq!(
                instant(tz, day(2026, 12, 6), NaiveTime::MIN),
                utc(first_second),
                "{zone:?}"
            );
        }
    }

    #[test]
    fn an_unknown_name_keeps_wib() {
        assert_eq!(parse("Mars/Olympus"), parse("Asia/Jakarta"));
        assert_eq!(label(parse("Asia/Pontianak")), "WIB");
    }
}
