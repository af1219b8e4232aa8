//! Passwords and sign-in: Argon2id hashing off the async runtime, failure throttling per account
//! and per client address, and one answer for every kind of bad credential.

use super::entities::{login_attempt, user};
use super::error::{ServiceError, ServiceResult};
use super::state::AppState;
use crate::domain::account::{normalize_email, PASSWORD_MAX};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use std::sync::LazyLock;
use uuid::Uuid;

/// Argon2id with the OWASP Password Storage Cheat Sheet's first recommended configuration:
/// 19 MiB of memory, 2 iterations, 1 degree of parallelism.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("static Argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of a random password, verified against when the account does not exist so that an
/// unknown email takes as long as a wrong password. Made on first need through
/// [`hash_password`], so off the async runtime like every other hash.
static DUMMY_HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();

async fn dummy_hash() -> ServiceResult<String> {
    DUMMY_HASH
        .get_or_try_init(|| hash_password(Uuid::new_v4().to_string()))
        .await
        .cloned()
}

/// At most this many password hashes are computed at once (one per core). Each takes 19 MiB
/// and a few tens of milliseconds of one core; a hundred sign-ins at once on the blocking pool
/// took gigabytes and starved every other request of CPU, while queueing them costs a sign-in
/// nothing it would not have spent waiting for a core anyway.
static HASHING: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| {
    tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
});

/// Hashes `password` with Argon2id on the blocking pool.
pub async fn hash_password(password: String) -> ServiceResult<String> {
    let _turn = HASHING
        .acquire()
        .await
        .map_err(|e| ServiceError::Internal(format!("hashing queue closed: {e}")))?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ServiceError::Internal(format!("hashing failed: {e}")))
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("hashing task failed: {e}")))?
}

/// Verifies `password` against a stored PHC string on the blocking pool.
pub async fn verify_password(hash: String, password: String) -> bool {
    let Ok(_turn) = HASHING.acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// Minutes until the oldest failure in a window of `count` failures leaves the window.
async fn throttle_wait(
    state: &AppState,
    column: login_attempt::Column,
    value: &str,
    limit: u32,
) -> ServiceResult<Option<u32>> {
    let window = chrono::Duration::from_std(state.settings.failure_window)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let since = Utc::now() - window;
    let recent = login_attempt::Entity::find()
        .filter(column.eq(value))
        .filter(login_attempt::Column::Succeeded.eq(false))
        .filter(login_attempt::Column::At.gt(since));
    let count = recent.clone().count(&state.db).await?;
    if count < u64::from(limit) {
        return Ok(None);
    }
    // The attempt that must age out before one more is allowed.
    let skip = count - u64::from(limit);
    let oldest = recent
        .order_by_asc(login_attempt::Column::At)
        .paginate(&state.db, 1)
        .fetch_page(skip)
        .await?;
    let wait = oldest
        .first()
        .map(|a| (a.at + window - Utc::now()).num_seconds().max(0))
        .unwrap_or(window.num_seconds());
    Ok(Some(
        u32::try_from(((wait + 59) / 60).max(1)).unwrap_or(u32::MAX),
    ))
}

/// Refuses with [`ServiceError::Throttled`] when the account `email` or the client `address`
/// has too many recent failures (password or second-factor code alike).
pub async fn check_throttle(state: &AppState, email: &str, address: &str) -> ServiceResult<()> {
    let limits = [
        (
            login_attempt::Column::Email,
            email,
            state.settings.max_failures_per_account,
        ),
        (
            login_attempt::Column::Address,
            address,
            state.settings.max_failures_per_address,
        ),
    ];
    for (column, value, limit) in limits {
        if let Some(minutes) = throttle_wait(state, column, value, limit).await? {
            tracing::warn!(%address, "sign-in throttled");
            return Err(ServiceError::Throttled {
                retry_after_minutes: minutes,
            });
        }
    }
    Ok(())
}

/// Records one sign-in attempt (a password or a second-factor code) for the throttling.
pub async fn record_attempt(
    state: &AppState,
    email: &str,
    address: &str,
    ok: bool,
) -> ServiceResult<()> {
    login_attempt::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(email.chars().take(254).collect()),
        address: Set(address.chars().take(64).collect()),
        succeeded: Set(ok),
        at: Set(Utc::now()),
    }
    .insert(&state.db)
    .await?;
    Ok(())
}

/// Checks an email and password. Unknown account, wrong password and disabled account all give
/// [`ServiceError::InvalidCredentials`]; too many recent failures for the account or the
/// address give [`ServiceError::Throttled`] before the password is even checked.
pub async fn sign_in(
    state: &AppState,
    raw_email: &str,
    password: &str,
    address: &str,
) -> ServiceResult<user::Model> {
    let email = normalize_email(raw_email);
    check_throttle(state, &email, address).await?;

    let found = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(&state.db)
        .await?;
    let candidate = match found.as_ref().and_then(|u| u.password_hash.clone()) {
        Some(hash) => hash,
        None => dummy_hash().await?,
    };
    let password_ok =
        password.len() <= PASSWORD_MAX * 4 && verify_password(candidate, password.to_owned()).await;

    match found {
        Some(user) if password_ok && user.password_hash.is_some() && user.disabled_at.is_none() => {
            record_attempt(state, &email, address, true).await?;
            Ok(user)
        }
        _ => {
            record_attempt(state, &email, address, false).await?;
            Err(ServiceError::InvalidCredentials)
        }
    }
}

/// Loads an active (not disabled) user by id: the session's owner.
pub async fn active_user(state: &AppState, id: Uuid) -> ServiceResult<Option<user::Model>> {
    Ok(user::Entity::find_by_id(id)
        .filter(user::Column::DisabledAt.is_null())
        .one(&state.db)
        .await?)
}

/// Deletes sign-in attempts older than a day; they only matter inside the failure window.
pub async fn prune_attempts(state: &AppState) -> ServiceResult<u64> {
    let cutoff = Utc::now() - chrono::Duration::days(1);
    let res = login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::At.lt(cutoff))
        .exec(&state.db)
        .await?;
    Ok(res.rows_affected)
}
