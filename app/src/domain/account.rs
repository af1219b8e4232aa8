//! Rules for account fields: email addresses, names and passwords.

use serde::{Deserialize, Serialize};

/// Longest email address accepted (RFC 5321 path limit).
pub const EMAIL_MAX: usize = 254;
/// Longest display name accepted.
pub const NAME_MAX: usize = 200;
/// Shortest password accepted for new passwords.
pub const PASSWORD_MIN: usize = 10;
/// Longest password accepted (bounded so hashing cost stays bounded).
pub const PASSWORD_MAX: usize = 256;

/// Why a field was refused; the page turns it into a sentence in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldProblem {
    /// Left empty.
    Required,
    /// Longer than allowed.
    TooLong,
    /// Shorter than allowed.
    TooShort,
    /// Not of the expected form.
    Invalid,
}

/// Normalises an email address for lookup and storage: trimmed and lower-cased.
pub fn normalize_email(raw: &str) -> String {
    raw.trim().to_lowercase()
}

/// Checks an email address is plausibly deliverable: one `@`, a non-empty local part, a domain
/// with a dot, no spaces, within [`EMAIL_MAX`]. Full RFC 5322 validation is not the goal; the
/// invitation email is the real proof.
pub fn check_email(email: &str) -> Result<(), FieldProblem> {
    let email = email.trim();
    if email.is_empty() {
        return Err(FieldProblem::Required);
    }
    if email.len() > EMAIL_MAX {
        return Err(FieldProblem::TooLong);
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(FieldProblem::Invalid);
    };
    let ok = !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(())
    } else {
        Err(FieldProblem::Invalid)
    }
}

/// Checks a new password's length (a passphrase is welcome; no composition rules, per NIST 800-63B).
pub fn check_new_password(password: &str) -> Result<(), FieldProblem> {
    let n = password.chars().count();
    if n == 0 {
        Err(FieldProblem::Required)
    } else if n < PASSWORD_MIN {
        Err(FieldProblem::TooShort)
    } else if n > PASSWORD_MAX {
        Err(FieldProblem::TooLong)
    } else {
        Ok(())
    }
}

/// Checks a display name: not blank, within [`NAME_MAX`] characters, no control characters.
pub fn check_name(name: &str) -> Result<(), FieldProblem> {
    let name = name.trim();
    if name.is_empty() {
        Err(FieldProblem::Required)
    } else if name.chars().count() > NAME_MAX {
        Err(FieldProblem::TooLong)
    } else if name.chars().any(char::is_control) {
        Err(FieldProblem::Invalid)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(normalize_email("  Siti@Contoh.GO.id "), "siti@contoh.go.id");
        assert_eq!(check_email("siti@contoh.go.id"), Ok(()));
        assert_eq!(check_email(""), Err(FieldProblem::Required));
        assert_eq!(check_email("siti"), Err(FieldProblem::Invalid));
        assert_eq!(check_email("siti@localhost"), Err(FieldProblem::Invalid));
        assert_eq!(check_email("si ti@contoh.id"), Err(FieldProblem::Invalid));
        let long = format!("{}@contoh.id", "a".repeat(260));
        assert_eq!(check_email(&long), Err(FieldProblem::TooLong));
    }

    #[test]
    fn passwords_need_length_not_composition() {
        assert_eq!(check_new_password("pendek"), Err(FieldProblem::TooShort));
        assert_eq!(check_new_password("kata sandi yang panjang"), Ok(()));
        assert_eq!(
            check_new_password(&"x".repeat(300)),
            Err(FieldProblem::TooLong)
        );
    }

    #[test]
    fn names_are_bounded() {
        assert_eq!(check_name("Siti Rahmawati"), Ok(()));
        assert_eq!(check_name("   "), Err(FieldProblem::Required));
        assert_eq!(check_name(&"n".repeat(201)), Err(FieldProblem::TooLong));
        assert_eq!(check_name("a\u{0}b"), Err(FieldProblem::Invalid));
    }
}
