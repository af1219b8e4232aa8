//! Single-use link tokens (invitations, password resets): 256 random bits in the link, only
//! their SHA-256 in the database.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new token for a link, and the hash to store.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

/// The stored form of a token.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}
