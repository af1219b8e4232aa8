//! Indonesia's three time zones, and which one a pemda keeps.
//!
//! A pemda's zone is stored as its IANA name (`Asia/Makassar`); the server converts with the
//! time-zone database (`chrono-tz`), never with offsets written here. This module only names the
//! zones a pemda can choose and guesses one from a province, so a form can offer them in the
//! browser too.

/// A time zone a pemda can keep.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Zone {
    /// Waktu Indonesia Barat: Sumatra, Java, West and Central Kalimantan.
    Wib,
    /// Waktu Indonesia Tengah: Bali, Nusa Tenggara, South, East and North Kalimantan, Sulawesi.
    Wita,
    /// Waktu Indonesia Timur: Maluku and Papua.
    Wit,
}

/// WITA provinces, by the words of their names (matched case-insensitively).
const WITA_PROVINCES: &[&str] = &[
    "bali",
    "nusa tenggara",
    "ntb",
    "ntt",
    "kalimantan selatan",
    "kalimantan timur",
    "kalimantan utara",
    "kalsel",
    "kaltim",
    "kaltara",
    "sulawesi",
    "gorontalo",
];

/// WIT provinces, likewise.
const WIT_PROVINCES: &[&str] = &["maluku", "papua"];

impl Zone {
    /// Every zone, west to east.
    pub const ALL: [Zone; 3] = [Zone::Wib, Zone::Wita, Zone::Wit];

    /// The zone's name in the time-zone database.
    pub fn iana(self) -> &'static str {
        match self {
            Zone::Wib => "Asia/Jakarta",
            Zone::Wita => "Asia/Makassar",
            Zone::Wit => "Asia/Jayapura",
        }
    }

    /// The label Indonesians write after a time: `WIB`, `WITA`, `WIT`.
    pub fn label(self) -> &'static str {
        match self {
            Zone::Wib => "WIB",
            Zone::Wita => "WITA",
            Zone::Wit => "WIT",
        }
    }

    /// The zone's full Indonesian name.
    pub fn name_id(self) -> &'static str {
        match self {
            Zone::Wib => "Waktu Indonesia Barat",
            Zone::Wita => "Waktu Indonesia Tengah",
            Zone::Wit => "Waktu Indonesia Timur",
        }
    }

    /// The zone with this IANA name (`Asia/Pontianak` keeps WIB too).
    pub fn from_iana(name: &str) -> Option<Zone> {
        match name {
            "Asia/Jakarta" | "Asia/Pontianak" => Some(Zone::Wib),
            "Asia/Makassar" => Some(Zone::Wita),
            "Asia/Jayapura" => Some(Zone::Wit),
            _ => None,
        }
    }

    /// The zone of a province, from its name as people write it (`Kalimantan Timur`,
    /// `Provinsi Kalimantan Timur`, `Kaltim`). Unknown names keep WIB, where most pemda are.
    pub fn for_province(province: &str) -> Zone {
        let p = province.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| p.contains(w));
        if has(WIT_PROVINCES) {
            Zone::Wit
        } else if has(WITA_PROVINCES) {
            Zone::Wita
        } else {
            Zone::Wib
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Zone;

    #[test]
    fn provinces_keep_their_zone() {
        for (province, zone) in [
            ("Kalimantan Timur", Zone::Wita),
            ("Provinsi Kalimantan Timur", Zone::Wita),
            ("Kaltim", Zone::Wita),
            ("Kalimantan Barat", Zone::Wib),
            ("Kalimantan Tengah", Zone::Wib),
            ("Kalimantan Utara", Zone::Wita),
            ("Bali", Zone::Wita),
            ("Nusa Tenggara Timur", Zone::Wita),
            ("Sulawesi Selatan", Zone::Wita),
            ("Gorontalo", Zone::Wita),
            ("Maluku Utara", Zone::Wit),
            ("Papua Barat Daya", Zone::Wit),
            ("DKI Jakarta", Zone::Wib),
            ("Sumatera Utara", Zone::Wib),
            ("Provinsi Contoh", Zone::Wib),
        ] {
            assert_eq!(Zone::for_province(province), zone, "{province}");
        }
    }

    #[test]
    fn names_round_trip() {
        for z in Zone::ALL {
            assert_eq!(Zone::from_iana(z.iana()), Some(z));
        }
        assert_eq!(Zone::from_iana("Asia/Pontianak"), Some(Zone::Wib));
        assert_eq!(Zone::from_iana("Europe/Berlin"), None);
    }
}
