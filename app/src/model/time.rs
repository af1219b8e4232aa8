//! A moment as a pemda sees it: the wall-clock time in its own zone and that zone's label.
//! The server converts (it holds the time-zone database); the browser only prints.

use crate::domain::format::datetime_id;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A stored UTC instant shown in one pemda's zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// The wall-clock time in the pemda's zone.
    pub local: NaiveDateTime,
    /// The zone's label: `WIB`, `WITA` or `WIT`.
    pub zone: String,
}

impl Stamp {
    /// The local date.
    pub fn date(&self) -> NaiveDate {
        self.local.date()
    }
}

impl std::fmt::Display for Stamp {
    /// `5 Desember 2026 15.49 WITA`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&datetime_id(self.local, &self.zone))
    }
}
