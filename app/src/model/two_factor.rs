//! What the pages show of a person's second factor.

use serde::{Deserialize, Serialize};

/// A person's second factor, as their account page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorStatus {
    /// An authenticator is set up and confirmed.
    pub enabled: bool,
    /// Their roles require it on this platform (it cannot be switched off).
    pub required: bool,
    /// Unused recovery codes left.
    pub recovery_codes_left: u32,
}

/// What setting up an authenticator needs: the secret as a QR code and as a key to type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    /// The `otpauth://` URL the QR code holds.
    pub url: String,
    /// The secret in Base32, grouped by four for typing.
    pub key: String,
    /// The QR code as an SVG image (drawn on the server).
    pub qr_svg: String,
    /// The account name the app will show.
    pub account: String,
}

/// The second step of a sign-in in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingSignIn {
    /// Set up an authenticator first (the roles require one and none is set up): with the
    /// enrolment to show.
    pub enrol: Option<Enrolment>,
}
