//! Numbers and dates as Indonesians write them: decimal comma, dot between thousands
//! (`1.234,56`), dates as `20 Maret 2024`.
//!
//! Hand-written because it is a few lines and must give the same output on the server and in the
//! browser; the ICU-based formatting crates add hundreds of kilobytes of locale data to the
//! browser bundle for this one rule.

use super::instrument::round_half_up;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// Indonesian month names, January first.
pub const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// A date the Indonesian way: `20 Maret 2024`.
pub fn date_id(d: NaiveDate) -> String {
    format!(
        "{} {} {}",
        d.day(),
        MONTHS_ID[d.month0() as usize],
        d.year()
    )
}

/// A date the Indonesian way from its ISO form (`2026-12-01` → `1 Desember 2026`); text that is
/// not a date is returned as it is.
pub fn iso_date_id(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").map_or_else(|_| iso.to_owned(), date_id)
}

/// A wall-clock time the Indonesian way, with the zone's label:
/// `5 Desember 2026 15.49 WITA` (Indonesian writes a dot between hours and minutes).
pub fn datetime_id(local: NaiveDateTime, zone_label: &str) -> String {
    format!(
        "{} {:02}.{:02} {zone_label}",
        date_id(local.date()),
        local.hour(),
        local.minute()
    )
}

/// A signed change, e.g. `+1,25` or `-0,40` (`±0,00` for none).
pub fn change_id(delta: f64, decimals: u8) -> String {
    let rounded = round_half_up(delta, decimals);
    if rounded == 0.0 {
        format!("±{}", decimal_id(0.0, decimals))
    } else if rounded > 0.0 {
        format!("+{}", decimal_id(rounded, decimals))
    } else {
        decimal_id(rounded, decimals)
    }
}

/// `x` rounded half up to `decimals` and written the Indonesian way, e.g. `87,99` or `1.234,5`.
pub fn decimal_id(x: f64, decimals: u8) -> String {
    if !x.is_finite() {
        return "–".to_owned();
    }
    let rounded = round_half_up(x, decimals);
    let text = format!("{:.*}", usize::from(decimals), rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::{change_id, date_id, datetime_id, decimal_id, iso_date_id};
    use chrono::NaiveDate;

    #[test]
    fn indonesian_dates_and_changes() {
        assert_eq!(
            date_id(NaiveDate::from_ymd_opt(2024, 3, 20).unwrap()),
            "20 Maret 2024"
        );
        assert_eq!(
            date_id(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()),
            "1 November 2026"
        );
        assert_eq!(iso_date_id("2026-12-08"), "8 Desember 2026");
        assert_eq!(iso_date_id(""), "");
        let t = NaiveDate::from_ymd_opt(2026, 12, 5)
            .unwrap()
            .and_hms_opt(7, 5, 59)
            .unwrap();
        assert_eq!(datetime_id(t, "WITA"), "5 Desember 2026 07.05 WITA");
        assert_eq!(change_id(1.254, 2), "+1,25");
        assert_eq!(change_id(-0.4, 2), "-0,40");
        assert_eq!(change_id(0.001, 2), "±0,00");
    }

    #[test]
    fn indonesian_decimals() {
        assert_eq!(decimal_id(87.994, 2), "87,99");
        assert_eq!(decimal_id(87.995, 2), "88,00");
        assert_eq!(decimal_id(1234.5, 1), "1.234,5");
        assert_eq!(decimal_id(1_234_567.0, 0), "1.234.567");
        assert_eq!(decimal_id(-6.5, 2), "-6,50");
        assert_eq!(decimal_id(0.0, 2), "0,00");
    }
}
