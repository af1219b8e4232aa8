//! Numbers as Indonesians write them: decimal comma, dot between thousands (`1.234,56`).
//!
//! Hand-written because it is a few lines and must give the same output on the server and in the
//! browser; the ICU-based formatting crates add hundreds of kilobytes of locale data to the
//! browser bundle for this one rule.

use super::instrument::round_half_up;

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
    use super::decimal_id;

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
