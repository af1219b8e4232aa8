//! Two-factor sign-in with an authenticator app (TOTP, RFC 6238, computed by `totp-rs`), with
//! single-use recovery codes.
//!
//! A person sets up an authenticator by scanning a QR code (or typing its key) and confirming
//! one code; only then is the second factor on, and ten recovery codes are shown once (only their
//! SHA-256 is kept). At sign-in, after the password, a code is asked for; a code is accepted
//! once (the last accepted time step is kept) and wrong codes count against the same throttling
//! as wrong passwords. When the platform requires it (see
//! [`crate::domain::role::Role::needs_second_factor`]), operators, coordinators and mentors
//! cannot finish signing in before they have set one up, and cannot switch it off. An operator
//! can reset a person's second factor (lost phone and codes); that is audited and ends the
//! person's sessions.

use super::audit;
use super::entities::{membership, office_member, recovery_code, user, user_totp};
use super::error::{ServiceError, ServiceResult};
use super::scope::OperatorScope;
use super::session_store::DbSessionStore;
use super::state::AppState;
use crate::domain::account::FieldProblem;
use crate::domain::role::Role;
use crate::domain::two_factor::{
    read_code, recovery_code as new_recovery_code, TypedCode, RECOVERY_CODES, TOTP_DIGITS,
    TOTP_STEP,
};
use crate::model::two_factor::{Enrolment, TwoFactorStatus};
use chrono::Utc;
use rand::RngCore;
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};
use uuid::Uuid;

/// The issuer an authenticator app shows above the code.
pub const ISSUER: &str = "Patuh";

fn code_field(problem: FieldProblem) -> ServiceError {
    ServiceError::Field {
        field: "code",
        problem,
    }
}

/// The RFC 6238 generator for `secret` (Base32) and the account `email`.
fn totp(secret: &str, email: &str) -> ServiceResult<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned())
        .to_bytes()
        .map_err(|e| ServiceError::Internal(format!("stored TOTP secret unreadable: {e:?}")))?;
    // `:` separates issuer and account in the otpauth label.
    Ok(TOTP::new_unchecked(
        Algorithm::SHA1,
        TOTP_DIGITS,
        0,
        TOTP_STEP,
        bytes,
        Some(ISSUER.to_owned()),
        email.replace(':', "."),
    ))
}

/// The time step `code` belongs to, if it is the code of the step now or of the one just before
/// or after (a phone's clock a little off, a code typed as it changed).
fn matching_step(generator: &TOTP, code: &str, now: u64) -> Option<u64> {
    let current = now / TOTP_STEP;
    [current, current.saturating_sub(1), current + 1]
        .into_iter()
        .find(|step| generator.check(code, step * TOTP_STEP))
}

fn hash(code: &str) -> String {
    hex::encode(Sha256::digest(code.as_bytes()))
}

/// Whether `user` has a confirmed authenticator.
pub async fn is_enabled(db: &impl ConnectionTrait, user: Uuid) -> ServiceResult<bool> {
    Ok(user_totp::Entity::find_by_id(user)
        .filter(user_totp::Column::EnabledAt.is_not_null())
        .one(db)
        .await?
        .is_some())
}

/// Whether the platform requires `user` to use a second factor: it does, and the person is an
/// operator, an active coordinator somewhere, or a mentor of an office.
pub async fn is_required(state: &AppState, user: &user::Model) -> ServiceResult<bool> {
    if !state.settings.require_two_factor {
        return Ok(false);
    }
    if user.is_operator {
        return Ok(Role::Operator.needs_second_factor());
    }
    let roles: Vec<String> = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user.id))
        .filter(membership::Column::DisabledAt.is_null())
        .all(&state.db)
        .await?
        .into_iter()
        .map(|m| m.role)
        .collect();
    if roles
        .iter()
        .filter_map(|r| r.parse::<Role>().ok())
        .any(Role::needs_second_factor)
    {
        return Ok(true);
    }
    let mentor = office_member::Entity::find()
        .filter(office_member::Column::UserId.eq(user.id))
        .count(&state.db)
        .await?
        > 0;
    Ok(mentor && Role::Mentor.needs_second_factor())
}

/// What the account page shows.
pub async fn status(state: &AppState, user: &user::Model) -> ServiceResult<TwoFactorStatus> {
    let left = recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(user.id))
        .filter(recovery_code::Column::UsedAt.is_null())
        .count(&state.db)
        .await?;
    Ok(TwoFactorStatus {
        enabled: is_enabled(&state.db, user.id).await?,
        required: is_required(state, user).await?,
        recovery_codes_left: u32::try_from(left).unwrap_or(u32::MAX),
    })
}

/// Starts (or shows again) setting up an authenticator for `user`: a new secret the first time,
/// the same one until it is confirmed, so reloading the page does not invalidate a scanned code.
/// Refused when one is already on.
pub async fn enrolment(state: &AppState, user: &user::Model) -> ServiceResult<Enrolment> {
    let existing = user_totp::Entity::find_by_id(user.id)
        .one(&state.db)
        .await?;
    let secret = match existing {
        Some(t) if t.enabled_at.is_some() => return Err(ServiceError::Stale),
        Some(t) => t.secret,
        None => {
            let secret = match Secret::generate_secret().to_encoded() {
                Secret::Encoded(s) => s,
                Secret::Raw(_) => unreachable!("to_encoded gives an encoded secret"),
            };
            let inserted = user_totp::ActiveModel {
                user_id: Set(user.id),
                secret: Set(secret.clone()),
                enabled_at: Set(None),
                last_step: Set(None),
                created_at: Set(Utc::now()),
            }
            .insert(&state.db)
            .await;
            match inserted {
                Ok(_) => secret,
                // Opened twice at once: the other request's secret stands.
                Err(e) if super::error::is_unique_violation(&e) => {
                    user_totp::Entity::find_by_id(user.id)
                        .one(&state.db)
                        .await?
                        .ok_or(ServiceError::Stale)?
                        .secret
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    let generator = totp(&secret, &user.email)?;
    let url = generator.get_url();
    let qr_svg = super::skm_poster::svg(&url).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let key = secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Enrolment {
        url,
        key,
        qr_svg,
        account: user.email.clone(),
    })
}

/// Confirms the authenticator being set up with one of its codes: the second factor is on from
/// now. Returns the recovery codes, to be shown once.
pub async fn confirm(
    state: &AppState,
    user: &user::Model,
    typed: &str,
    address: &str,
) -> ServiceResult<Vec<String>> {
    super::auth::check_throttle(state, &user.email, address).await?;
    let Some(TypedCode::Totp(code)) = read_code(typed) else {
        return Err(code_field(FieldProblem::Invalid));
    };
    let t = user_totp::Entity::find_by_id(user.id)
        .one(&state.db)
        .await?
        .ok_or(ServiceError::Stale)?;
    if t.enabled_at.is_some() {
        return Err(ServiceError::Stale);
    }
    let now = Utc::now();
    let Some(step) = matching_step(
        &totp(&t.secret, &user.email)?,
        &code,
        now.timestamp() as u64,
    ) else {
        super::auth::record_attempt(state, &user.email, address, false).await?;
        return Err(code_field(FieldProblem::Invalid));
    };
    let txn = super::db::begin(&state.db).await?;
    let done = user_totp::Entity::update_many()
        .col_expr(user_totp::Column::EnabledAt, Expr::value(Some(now)))
        .col_expr(user_totp::Column::LastStep, Expr::value(Some(step as i64)))
        .filter(user_totp::Column::UserId.eq(user.id))
        .filter(user_totp::Column::EnabledAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(ServiceError::Stale);
    }
    let codes = replace_recovery_codes(&txn, user.id).await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(user.id),
            action: "user.two_factor_on",
            entity: "user",
            entity_id: Some(user.id.to_string()),
            summary: "authenticator app set up; recovery codes issued".to_owned(),
            address: Some(address.to_owned()),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(codes)
}

/// Checks a code typed at sign-in (or before a change to the second factor): an authenticator
/// code not used before, or an unused recovery code, which is used up. Wrong codes count
/// against the sign-in throttling of the account and the address.
pub async fn verify(
    state: &AppState,
    user: &user::Model,
    typed: &str,
    address: &str,
) -> ServiceResult<()> {
    super::auth::check_throttle(state, &user.email, address).await?;
    let accepted = match read_code(typed) {
        Some(TypedCode::Totp(code)) => {
            let t = user_totp::Entity::find_by_id(user.id)
                .filter(user_totp::Column::EnabledAt.is_not_null())
                .one(&state.db)
                .await?
                .ok_or(ServiceError::Stale)?;
            match matching_step(
                &totp(&t.secret, &user.email)?,
                &code,
                Utc::now().timestamp() as u64,
            ) {
                // Only a step after the last one accepted: a code seen over a shoulder or in
                // a proxy's log cannot be replayed.
                Some(step) => {
                    user_totp::Entity::update_many()
                        .col_expr(user_totp::Column::LastStep, Expr::value(Some(step as i64)))
                        .filter(user_totp::Column::UserId.eq(user.id))
                        .filter(
                            Condition::any()
                                .add(user_totp::Column::LastStep.is_null())
                                .add(user_totp::Column::LastStep.lt(step as i64)),
                        )
                        .exec(&state.db)
                        .await?
                        .rows_affected
                        == 1
                }
                None => false,
            }
        }
        Some(TypedCode::Recovery(code)) => {
            recovery_code::Entity::update_many()
                .col_expr(recovery_code::Column::UsedAt, Expr::value(Some(Utc::now())))
                .filter(recovery_code::Column::UserId.eq(user.id))
                .filter(recovery_code::Column::CodeHash.eq(hash(&code)))
                .filter(recovery_code::Column::UsedAt.is_null())
                .exec(&state.db)
                .await?
                .rows_affected
                == 1
        }
        None => false,
    };
    super::auth::record_attempt(state, &user.email, address, accepted).await?;
    if accepted {
        Ok(())
    } else {
        Err(code_field(FieldProblem::Invalid))
    }
}

/// New recovery codes for `user` (the old ones stop working), after a current code.
pub async fn regenerate_codes(
    state: &AppState,
    user: &user::Model,
    typed: &str,
    address: &str,
) -> ServiceResult<Vec<String>> {
    verify(state, user, typed, address).await?;
    let txn = super::db::begin(&state.db).await?;
    let codes = replace_recovery_codes(&txn, user.id).await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(user.id),
            action: "user.recovery_codes",
            entity: "user",
            entity_id: Some(user.id.to_string()),
            summary: "new recovery codes issued; the old ones no longer work".to_owned(),
            address: Some(address.to_owned()),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(codes)
}

/// Switches `user`'s second factor off after a current code; refused while their roles
/// require one.
pub async fn disable(
    state: &AppState,
    user: &user::Model,
    typed: &str,
    address: &str,
) -> ServiceResult<()> {
    if is_required(state, user).await? {
        return Err(ServiceError::Forbidden);
    }
    verify(state, user, typed, address).await?;
    let txn = super::db::begin(&state.db).await?;
    remove(&txn, user.id).await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(user.id),
            action: "user.two_factor_off",
            entity: "user",
            entity_id: Some(user.id.to_string()),
            summary: "authenticator app removed by its owner".to_owned(),
            address: Some(address.to_owned()),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The operator resets `user_id`'s second factor (phone and codes lost): it is removed, the
/// person's sessions end, and the next sign-in asks them to set one up again if their roles
/// require it.
pub async fn reset(state: &AppState, op: &OperatorScope, user_id: Uuid) -> ServiceResult<()> {
    let u = user::Entity::find_by_id(user_id)
        .one(&state.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let txn = super::db::begin(&state.db).await?;
    remove(&txn, u.id).await?;
    DbSessionStore::delete_for_user(&txn, u.id, None).await?;
    audit::record(
        &txn,
        audit::Entry {
            actor: Some(op.user_id()),
            action: "user.two_factor_reset",
            entity: "user",
            entity_id: Some(u.id.to_string()),
            summary: format!(
                "{}: second factor reset by an operator; sessions ended",
                u.email
            ),
            ..Default::default()
        },
    )
    .await?;
    txn.commit().await?;
    state.live.signed_out(u.id);
    Ok(())
}

async fn remove(db: &impl ConnectionTrait, user: Uuid) -> ServiceResult<()> {
    user_totp::Entity::delete_by_id(user).exec(db).await?;
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user))
        .exec(db)
        .await?;
    Ok(())
}

async fn replace_recovery_codes(
    db: &impl ConnectionTrait,
    user: Uuid,
) -> ServiceResult<Vec<String>> {
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(user))
        .exec(db)
        .await?;
    let now = Utc::now();
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    let mut rows = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let mut random = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut random);
        let code = new_recovery_code(&random);
        rows.push(recovery_code::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user),
            code_hash: Set(hash(&code.replace('-', ""))),
            used_at: Set(None),
            created_at: Set(now),
        });
        codes.push(code);
    }
    recovery_code::Entity::insert_many(rows).exec(db).await?;
    Ok(codes)
}

/// The code the authenticator of `user` shows at `time` (Unix seconds): for tests and the
/// load benchmark, which sign in as a person with an authenticator.
pub async fn current_code(
    db: &impl ConnectionTrait,
    user: &user::Model,
    time: u64,
) -> ServiceResult<String> {
    let t = user_totp::Entity::find_by_id(user.id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(totp(&t.secret, &user.email)?.generate(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 test vectors (8 digits there; the last 6 here).
    #[test]
    fn codes_follow_rfc_6238() {
        let secret = match Secret::Raw(b"12345678901234567890".to_vec()).to_encoded() {
            Secret::Encoded(s) => s,
            Secret::Raw(_) => unreachable!(),
        };
        let g = totp(&secret, "uji@patuh.test").unwrap();
        for (time, expected) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(g.generate(time), expected, "{time}");
        }
        assert_eq!(matching_step(&g, "081804", 1_111_111_109), Some(37_037_036));
        assert_eq!(
            matching_step(&g, "081804", 1_111_111_109 + 30),
            Some(37_037_036)
        );
        assert_eq!(
            matching_step(&g, "081804", 1_111_111_109 + 90),
            None,
            "too old"
        );
        let url = g.get_url();
        assert!(url.starts_with("otpauth://totp/Patuh:"), "{url}");
        assert!(url.contains("issuer=Patuh"), "{url}");
    }
}
