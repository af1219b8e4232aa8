//! Two-factor sign-in rules: what a typed code is (a six-digit authenticator code or a recovery
//! code), and how recovery codes look. The cryptography (RFC 6238) is `totp-rs`'s, on the server.

use super::skm::CODE_ALPHABET;

/// Digits of an authenticator code (RFC 6238's usual six).
pub const TOTP_DIGITS: usize = 6;

/// Seconds per authenticator time step (RFC 6238's recommended 30).
pub const TOTP_STEP: u64 = 30;

/// Recovery codes given at once; each works one time.
pub const RECOVERY_CODES: usize = 10;

/// Characters of a recovery code (shown as two groups of five): about 50 bits from the
/// unambiguous alphabet, ample behind the sign-in throttling.
pub const RECOVERY_CODE_LEN: usize = 10;

/// What a person typed in the second-factor field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypedCode {
    /// Six digits from the authenticator app.
    Totp(String),
    /// A recovery code, normalised (upper case, no spaces or dashes).
    Recovery(String),
}

/// Reads the second-factor field: spaces and dashes are ignored (people copy `123 456` and
/// `ABCDE-FGHJK`); six digits are an authenticator code, ten characters of the recovery
/// alphabet a recovery code, anything else nothing.
pub fn read_code(typed: &str) -> Option<TypedCode> {
    let clean: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect();
    if clean.len() == TOTP_DIGITS && clean.bytes().all(|b| b.is_ascii_digit()) {
        Some(TypedCode::Totp(clean))
    } else if clean.len() == RECOVERY_CODE_LEN && clean.bytes().all(|b| CODE_ALPHABET.contains(&b))
    {
        Some(TypedCode::Recovery(clean))
    } else {
        None
    }
}

/// A recovery code from `random` bytes, as shown: `ABCDE-FGHJK`.
pub fn recovery_code(random: &[u8]) -> String {
    let code = super::skm::code_from_bytes(random, RECOVERY_CODE_LEN);
    format!("{}-{}", &code[..5], &code[5..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_are_read_as_people_type_them() {
        assert_eq!(read_code("123 456"), Some(TypedCode::Totp("123456".into())));
        assert_eq!(
            read_code(" 123-456 "),
            Some(TypedCode::Totp("123456".into()))
        );
        assert_eq!(
            read_code("abcde-fghjk"),
            Some(TypedCode::Recovery("ABCDEFGHJK".into()))
        );
        assert_eq!(read_code("12345"), None);
        assert_eq!(read_code("1234567"), None);
        assert_eq!(
            read_code("ABCDE-FGHI0"),
            None,
            "I and 0 are not in the alphabet"
        );
        assert_eq!(read_code(""), None);
    }

    proptest! {
        #[test]
        fn every_recovery_code_reads_back(random in proptest::collection::vec(any::<u8>(), RECOVERY_CODE_LEN)) {
            let shown = recovery_code(&random);
            prop_assert_eq!(shown.len(), RECOVERY_CODE_LEN + 1);
            let read = read_code(&shown);
            prop_assert_eq!(read, Some(TypedCode::Recovery(shown.replace('-', ""))));
        }
    }
}
