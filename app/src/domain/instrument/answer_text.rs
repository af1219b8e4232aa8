//! Answers written as text: a cell of the spreadsheets people keep, or a form field.
//!
//! Accepted, case-insensitively: an empty cell is no answer; `na`, `n/a`, `tb` or `tidak berlaku`
//! is "not applicable"; an ordinal level by its value (`2`) or label; yes/no as `ya`/`tidak`
//! (also `y`, `yes`, `1`, `ada`, `sudah` and `t`, `no`, `0`, `belum`, `tidak ada`); a choice by its
//! code or label; a number or percentage with a decimal point or an Indonesian decimal comma,
//! optionally with `%`.

use super::model::AnswerType;
use super::scoring::{Answer, AnswerError};

/// Why a text is not an answer to an indicator.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnswerTextError {
    /// The text is not a way of writing any answer of this type.
    #[error("{0:?} is not an answer of this kind")]
    NotUnderstood(String),
    /// It reads as an answer that does not fit (no such level, out of range …).
    #[error("{0}")]
    Invalid(AnswerError),
}

impl AnswerTextError {
    /// The problem in Indonesian.
    pub fn message_id(&self) -> String {
        match self {
            AnswerTextError::NotUnderstood(text) => {
                format!("\"{text}\" tidak dikenali sebagai jawaban indikator ini")
            }
            AnswerTextError::Invalid(AnswerError::UnknownLevel(level)) => {
                format!("tidak ada tingkat {level}")
            }
            AnswerTextError::Invalid(AnswerError::UnknownOption(code)) => {
                format!("tidak ada pilihan \"{code}\"")
            }
            AnswerTextError::Invalid(AnswerError::OutOfRange(x)) => {
                format!("{x} di luar rentang yang diterima")
            }
            AnswerTextError::Invalid(_) => "jawaban tidak sesuai jenis indikator".to_owned(),
        }
    }
}

const NOT_APPLICABLE: &[&str] = &["na", "n/a", "tb", "tidak berlaku", "not applicable"];
const YES: &[&str] = &["ya", "y", "yes", "1", "true", "ada", "sudah"];
const NO: &[&str] = &["tidak", "t", "no", "n", "0", "false", "belum", "tidak ada"];

/// A number written with a decimal point or an Indonesian decimal comma (`21,85`), optionally
/// followed by `%`. Thousands separators are not accepted: `1.234` is one point two three four.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let t = text.trim().trim_end_matches('%').trim();
    let t = if t.contains(',') && !t.contains('.') {
        t.replacen(',', ".", 1)
    } else {
        t.to_owned()
    };
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// An answer as a person reads it, in Indonesian: `2 · Sesuai`, `Ya`, an option's label, `21,5`,
/// `Tidak berlaku`.
pub fn answer_label(answer_type: Option<&AnswerType>, answer: &Answer) -> String {
    match (answer, answer_type) {
        (Answer::Level(v), Some(AnswerType::Ordinal { levels })) => levels
            .iter()
            .find(|l| l.value == *v)
            .map_or_else(|| v.to_string(), |l| format!("{v} · {}", l.label_id)),
        (Answer::Level(v), _) => v.to_string(),
        (Answer::YesNo(b), _) => if *b { "Ya" } else { "Tidak" }.to_owned(),
        (Answer::Choice(c), Some(AnswerType::Choice { options })) => options
            .iter()
            .find(|o| &o.code == c)
            .map_or_else(|| c.clone(), |o| o.label_id.clone()),
        (Answer::Choice(c), _) => c.clone(),
        (Answer::Number(x), _) => crate::domain::format::decimal_id(*x, 2),
        (Answer::NotApplicable, _) => "Tidak berlaku".to_owned(),
    }
}

/// Reads `text` as an answer of `answer_type`: `Ok(None)` for an empty cell.
pub fn parse_answer(
    answer_type: &AnswerType,
    text: &str,
) -> Result<Option<Answer>, AnswerTextError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let lower = t.to_lowercase();
    if NOT_APPLICABLE.contains(&lower.as_str()) {
        return Ok(Some(Answer::NotApplicable));
    }
    let not_understood = || AnswerTextError::NotUnderstood(t.to_owned());
    let answer = match answer_type {
        AnswerType::Ordinal { levels } => {
            let by_value = parse_decimal(t)
                .filter(|x| x.fract() == 0.0 && *x >= 0.0 && *x <= f64::from(u32::MAX))
                .map(|x| x as u32);
            match by_value {
                Some(v) => Answer::Level(v),
                None => levels
                    .iter()
                    .find(|l| {
                        l.label_id.to_lowercase() == lower
                            || l.label_en.as_deref().map(str::to_lowercase).as_deref()
                                == Some(lower.as_str())
                    })
                    .map(|l| Answer::Level(l.value))
                    .ok_or_else(not_understood)?,
            }
        }
        AnswerType::YesNo { .. } => {
            if YES.contains(&lower.as_str()) {
                Answer::YesNo(true)
            } else if NO.contains(&lower.as_str()) {
                Answer::YesNo(false)
            } else {
                return Err(not_understood());
            }
        }
        AnswerType::Choice { options } => options
            .iter()
            .find(|o| {
                o.code.to_lowercase() == lower
                    || o.label_id.to_lowercase() == lower
                    || o.label_en.as_deref().map(str::to_lowercase).as_deref()
                        == Some(lower.as_str())
            })
            .map(|o| Answer::Choice(o.code.clone()))
            .ok_or_else(not_understood)?,
        AnswerType::Number { .. } | AnswerType::Percentage { .. } => {
            Answer::Number(parse_decimal(t).ok_or_else(not_understood)?)
        }
        AnswerType::Unknown => return Err(not_understood()),
    };
    answer_type
        .score(&answer)
        .map_err(AnswerTextError::Invalid)?;
    Ok(Some(answer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::instrument::builtin::builtin_versions;

    fn ordinal() -> AnswerType {
        let v = builtin_versions()
            .into_iter()
            .find(|v| v.instrument.code == "ombudsman-kepatuhan" && v.version == "2023")
            .expect("built-in");
        let i = v.indicators()[0].clone();
        v.answer_type(&i).expect("answer type").clone()
    }

    #[test]
    fn ordinal_by_value_or_label() {
        let t = ordinal();
        assert_eq!(parse_answer(&t, " 2 "), Ok(Some(Answer::Level(2))));
        assert_eq!(parse_answer(&t, "3,0"), Ok(Some(Answer::Level(3))));
        assert_eq!(parse_answer(&t, ""), Ok(None));
        assert_eq!(parse_answer(&t, "TB"), Ok(Some(Answer::NotApplicable)));
        assert!(matches!(
            parse_answer(&t, "7"),
            Err(AnswerTextError::Invalid(AnswerError::UnknownLevel(7)))
        ));
        assert!(matches!(
            parse_answer(&t, "lumayan"),
            Err(AnswerTextError::NotUnderstood(_))
        ));
    }

    #[test]
    fn yes_no_and_numbers() {
        let yn = AnswerType::YesNo { yes: 1.0, no: 0.0 };
        assert_eq!(parse_answer(&yn, "Ya"), Ok(Some(Answer::YesNo(true))));
        assert_eq!(parse_answer(&yn, "belum"), Ok(Some(Answer::YesNo(false))));
        assert!(parse_answer(&yn, "mungkin").is_err());
        assert_eq!(parse_decimal("21,85"), Some(21.85));
        assert_eq!(parse_decimal("87.5 %"), Some(87.5));
        assert_eq!(parse_decimal("abc"), None);
    }
}
