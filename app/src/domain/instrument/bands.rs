//! Band tables (categories, zones, mutu) and the half-up rounding that band lookup relies on.
//!
//! Regulators publish results and band bounds at two decimals and read a result's band from its
//! published (rounded) value: under the Ombudsman 2022–2024 table 87.99 is B, 87.995 rounds to
//! 88.00 and is A. [`round_half_up`] reproduces that in binary floating point.

use serde::{Deserialize, Serialize};

/// One band of a result scale, e.g. `A` *Kualitas Tertinggi* 88.00–100.00 (zone *hijau*).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Short code, e.g. `A`, `B-` or `hijau`.
    pub code: String,
    /// Name in Indonesian, e.g. "Kualitas Tertinggi".
    pub name_id: String,
    /// Name in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Lowest value in the band, inclusive, at the scale's decimals.
    pub lower: f64,
    /// Highest value in the band, inclusive, at the scale's decimals.
    pub upper: f64,
    /// Zone the band belongs to, e.g. `hijau`, `kuning`, `merah`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// Display colour, e.g. `#2e7d32`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
}

/// The bands of one instrument version, in any order; validation checks they tile the scale.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BandTable {
    /// The bands.
    pub bands: Vec<Band>,
}

impl BandTable {
    /// The band holding `value` once rounded half up to `decimals` (see [`round_half_up`]).
    /// `None` when no band holds it (a gap, or a value off the scale) or `value` is not finite.
    pub fn lookup(&self, value: f64, decimals: u8) -> Option<&Band> {
        let v = to_units(value, decimals)?;
        self.bands.iter().find(|b| {
            matches!((to_units(b.lower, decimals), to_units(b.upper, decimals)),
                (Some(lo), Some(hi)) if lo <= v && v <= hi)
        })
    }

    /// The band directly above `band` (the one with the lowest lower bound above its upper bound).
    pub fn next_above(&self, band: &Band, decimals: u8) -> Option<&Band> {
        let upper = to_units(band.upper, decimals)?;
        self.bands
            .iter()
            .filter_map(|b| Some((to_units(b.lower, decimals)?, b)))
            .filter(|(lo, _)| *lo > upper)
            .min_by_key(|(lo, _)| *lo)
            .map(|(_, b)| b)
    }
}

/// Rounds half up (away from zero at exactly half) to `decimals`, as spreadsheets and published
/// tables do: 87.994 → 87.99, 87.995 → 88.00.
///
/// Method: `value` is first written as a decimal with 15 significant digits (what a spreadsheet
/// displays and stores), then that decimal is rounded half up in integer arithmetic. So the
/// literal 87.995, stored as 87.99499999999999744…, and sums such as 87.99 + 0.005 that land one
/// ulp below it, both round to 88.00, while 87.9949999 (a genuinely smaller value) rounds to 87.99.
/// Returns `value` unchanged when it is not finite.
pub fn round_half_up(value: f64, decimals: u8) -> f64 {
    match to_units(value, decimals) {
        Some(units) => units as f64 / 10f64.powi(i32::from(decimals)),
        None => value,
    }
}

/// `value` rounded half up to `decimals`, as a whole number of `10^-decimals` units
/// (e.g. hundredths). `None` for non-finite values or magnitudes beyond `i64`.
pub(super) fn to_units(value: f64, decimals: u8) -> Option<i64> {
    if !value.is_finite() {
        return None;
    }
    // Fast path. Rounding to 15 significant digits moves a value by at most 5·10⁻¹⁵ of itself,
    // and only a move across a half unit can change the result; so when `value` in units is
    // clearly away from the half, plain arithmetic gives the same answer as the exact path
    // below, without formatting the number. Scores are rounded thousands of times per page (the
    // gap analysis rescores every candidate answer), which made the formatting the hot spot.
    let x = value.abs() * 10f64.powi(i32::from(decimals));
    if x < 1e15 {
        let floor = x.floor();
        let fraction = x - floor;
        if (fraction - 0.5).abs() > x * 1e-13 + 1e-9 {
            let units = floor as i64 + i64::from(fraction > 0.5);
            return Some(if value < 0.0 { -units } else { units });
        }
    }
    to_units_exact(value, decimals)
}

/// [`to_units`] by way of the 15 significant digits a spreadsheet keeps.
fn to_units_exact(value: f64, decimals: u8) -> Option<i64> {
    // "d.dddddddddddddde±x": 15 significant digits, correctly rounded by the formatter.
    let text = format!("{:.14e}", value.abs());
    let (mantissa, exponent) = text.split_once('e')?;
    let digits: i128 = mantissa.replace('.', "").parse().ok()?;
    let exponent: i32 = exponent.parse().ok()?;
    // value = digits × 10^(exponent − 14); we want value × 10^decimals.
    let shift = exponent - 14 + i32::from(decimals);
    let units = if shift >= 0 {
        digits.checked_mul(10i128.checked_pow(u32::try_from(shift).ok()?)?)?
    } else if shift < -20 {
        0 // far below half a unit: digits < 10^15
    } else {
        let div = 10i128.pow(shift.unsigned_abs());
        let (q, r) = (digits / div, digits % div);
        if 2 * r >= div {
            q + 1
        } else {
            q
        }
    };
    let units = i64::try_from(units).ok()?;
    Some(if value < 0.0 { -units } else { units })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_up_at_two_decimals() {
        assert_eq!(round_half_up(87.994, 2), 87.99);
        assert_eq!(round_half_up(87.995, 2), 88.0);
        assert_eq!(round_half_up(87.99 + 0.005, 2), 88.0);
        assert_eq!(round_half_up(87.9949999, 2), 87.99);
        assert_eq!(round_half_up(1.005, 2), 1.01);
        assert_eq!(round_half_up(2.675, 2), 2.68);
        assert_eq!(round_half_up(0.125, 2), 0.13);
        assert_eq!(round_half_up(100.0, 2), 100.0);
        assert_eq!(round_half_up(0.0, 2), 0.0);
        assert_eq!(round_half_up(79.507, 0), 80.0);
        assert_eq!(round_half_up(-1.005, 2), -1.01);
        assert_eq!(round_half_up(1e-30, 2), 0.0);
        assert!(round_half_up(f64::NAN, 2).is_nan());
    }

    #[test]
    fn one_ulp_below_half_still_rounds_up() {
        let x = 87.995f64;
        let below = f64::from_bits(x.to_bits() - 1);
        assert_eq!(round_half_up(below, 2), 88.0);
        // 1/3 of 263.985 computed in floating point:
        assert_eq!(round_half_up(263.985 / 3.0, 2), 88.0);
    }

    #[test]
    fn lookup_misses_gaps_and_off_scale_values() {
        let table = BandTable {
            bands: vec![Band {
                code: "X".into(),
                name_id: "X".into(),
                name_en: None,
                lower: 10.0,
                upper: 20.0,
                zone: None,
                colour: None,
            }],
        };
        assert!(table.lookup(9.994, 2).is_none());
        assert_eq!(table.lookup(9.995, 2).map(|b| b.code.as_str()), Some("X"));
        assert_eq!(table.lookup(20.004, 2).map(|b| b.code.as_str()), Some("X"));
        assert!(table.lookup(20.005, 2).is_none());
        assert!(table.lookup(f64::INFINITY, 2).is_none());
    }

    #[test]
    fn the_fast_rounding_path_agrees_with_the_exact_one() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for decimals in 0..=4u8 {
            for n in 0..200_000u64 {
                let value = match n % 4 {
                    // Near halves: the hardest cases.
                    0 => (n / 4) as f64 / 1000.0 + 0.0005,
                    1 => (n / 4) as f64 / 100.0 + 0.005,
                    2 => (next() % 10_000_000) as f64 / 97.0,
                    _ => -((next() % 1_000_000) as f64) / 3.0,
                };
                assert_eq!(
                    to_units(value, decimals),
                    to_units_exact(value, decimals),
                    "{value} to {decimals} decimals"
                );
            }
        }
    }
}
