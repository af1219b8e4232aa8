//! Creating accounts from the command line and the demo seed; a person's display name.

use super::audit;
use super::auth::hash_password;
use super::entities::user;
use super::error::{ServiceError, ServiceResult};
use crate::domain::account::{check_email, check_name, check_new_password, normalize_email};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use uuid::Uuid;

/// A new account's details.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// Email address (normalised before storing).
    pub email: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Initial password.
    pub password: &'a str,
    /// Whether the account is a platform operator.
    pub is_operator: bool,
}

/// Creates an account after checking every field; a taken email is a field error.
pub async fn create_user(db: &DatabaseConnection, new: NewUser<'_>) -> ServiceResult<user::Model> {
    let email = normalize_email(new.email);
    check_email(&email).map_err(|problem| ServiceError::Field {
        field: "email",
        problem,
    })?;
    check_name(new.name).map_err(|problem| ServiceError::Field {
        field: "name",
        problem,
    })?;
    check_new_password(new.password).map_err(|problem| ServiceError::Field {
        field: "password",
        problem,
    })?;
    let taken = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
        .is_some();
    if taken {
        return Err(ServiceError::Taken { field: "email" });
    }
    let hash = hash_password(new.password.to_owned()).await?;
    let now = Utc::now();
    let model = user::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(email),
        name: Set(new.name.trim().to_owned()),
        password_hash: Set(Some(hash)),
        is_operator: Set(new.is_operator),
        disabled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        notify_email: Set("immediate".to_owned()),
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        audit::Entry {
            action: "user.create",
            entity: "user",
            entity_id: Some(model.id.to_string()),
            summary: format!(
                "created {} <{}>{}",
                model.name,
                model.email,
                if model.is_operator {
                    " as platform operator"
                } else {
                    ""
                }
            ),
            ..Default::default()
        },
    )
    .await?;
    Ok(model)
}

/// The display name of the account `id`, if any (for "changed by …" and histories).
pub async fn user_name(
    db: &impl ConnectionTrait,
    id: Option<Uuid>,
) -> ServiceResult<Option<String>> {
    Ok(match id {
        Some(id) => user::Entity::find_by_id(id).one(db).await?.map(|u| u.name),
        None => None,
    })
}
