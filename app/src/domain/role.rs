//! Roles and the single permission table every check goes through.
//!
//! A user holds roles per tenant (a *pemda*), except the platform operator, which is global, and
//! the Ombudsman mentor, which a user holds through an office that tenants grant access to.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a person may be to a tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// Runs the whole service (global, not tied to a tenant).
    Operator,
    /// The pemda's *Biro/Bagian Organisasi*: plans and coordinates evaluations.
    Coordinator,
    /// Head of an OPD (department).
    OpdHead,
    /// OPD staff member responsible for indicators (the PIC).
    OpdStaff,
    /// Leadership (Bupati/Walikota/Gubernur, Sekda): read-only.
    Viewer,
    /// Ombudsman mentor, through an office the tenant granted access to.
    Mentor,
}

/// Something a person may want to do; checked only through [`Role::allows`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See the tenant's pages at all.
    ViewTenant,
    /// Manage OPDs, units, people and mentor access of the tenant.
    ManageOrganisation,
    /// Read the tenant's audit log.
    ViewAuditLog,
    /// Manage tenants, mentor offices and users of the whole platform.
    ManagePlatform,
    /// Create and run evaluation cycles: scope, assignments, reopening packages.
    ManageCycles,
    /// Answer assigned indicators and submit the OPD's work package.
    AnswerAssessment,
    /// Write in an item's comment thread.
    Comment,
    /// Review answers: accept with a verified score, request revisions, write mentor-only notes.
    Review,
    /// Run SKM surveys: open and close survey periods, make one-time codes, import paper
    /// responses, keep the follow-up plan (an OPD head only for the units of their OPD).
    ManageSurveys,
}

/// The permission table: one row per role. Every permission check in Patuh reads this table, so
/// the README's matrix and the code cannot drift apart.
pub const PERMISSION_TABLE: &[(Role, &[Permission])] = &[
    (
        Role::Operator,
        &[
            Permission::ViewTenant,
            Permission::ManageOrganisation,
            Permission::ViewAuditLog,
            Permission::ManagePlatform,
            Permission::ManageCycles,
            Permission::Comment,
            Permission::ManageSurveys,
        ],
    ),
    (
        Role::Coordinator,
        &[
            Permission::ViewTenant,
            Permission::ManageOrganisation,
            Permission::ViewAuditLog,
            Permission::ManageCycles,
            Permission::Comment,
            Permission::ManageSurveys,
        ],
    ),
    (
        Role::OpdHead,
        &[
            Permission::ViewTenant,
            Permission::AnswerAssessment,
            Permission::Comment,
            Permission::ManageSurveys,
        ],
    ),
    (
        Role::OpdStaff,
        &[
            Permission::ViewTenant,
            Permission::AnswerAssessment,
            Permission::Comment,
        ],
    ),
    (Role::Viewer, &[Permission::ViewTenant]),
    (
        Role::Mentor,
        &[
            Permission::ViewTenant,
            Permission::Comment,
            Permission::Review,
        ],
    ),
];

impl Role {
    /// Every role, in the order the interface lists them.
    pub const ALL: [Role; 6] = [
        Role::Operator,
        Role::Coordinator,
        Role::OpdHead,
        Role::OpdStaff,
        Role::Viewer,
        Role::Mentor,
    ];

    /// Whether this role grants `permission`, per [`PERMISSION_TABLE`].
    pub fn allows(self, permission: Permission) -> bool {
        PERMISSION_TABLE
            .iter()
            .find(|(role, _)| *role == self)
            .is_some_and(|(_, perms)| perms.contains(&permission))
    }

    /// Whether an account holding this role must sign in with a second factor when the
    /// platform requires it: the roles that run the platform, change a whole pemda's data, or
    /// see many pemda.
    pub fn needs_second_factor(self) -> bool {
        matches!(self, Role::Operator | Role::Coordinator | Role::Mentor)
    }

    /// The stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Coordinator => "coordinator",
            Role::OpdHead => "opd_head",
            Role::OpdStaff => "opd_staff",
            Role::Viewer => "viewer",
            Role::Mentor => "mentor",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A role code that is not one of [`Role::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{0}`")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_exactly_one_row_in_the_table() {
        for role in Role::ALL {
            let rows = PERMISSION_TABLE.iter().filter(|(r, _)| *r == role).count();
            assert_eq!(rows, 1, "{role} must appear once in the permission table");
        }
    }

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.code().parse::<Role>(), Ok(role));
        }
        assert!("superuser".parse::<Role>().is_err());
    }

    #[test]
    fn only_operator_manages_the_platform_and_viewers_only_view() {
        let managers: Vec<_> = Role::ALL
            .into_iter()
            .filter(|r| r.allows(Permission::ManagePlatform))
            .collect();
        assert_eq!(managers, vec![Role::Operator]);
        assert!(Role::Viewer.allows(Permission::ViewTenant));
        assert!(!Role::Viewer.allows(Permission::ManageOrganisation));
        assert!(!Role::Mentor.allows(Permission::ManageOrganisation));
        let reviewers: Vec<_> = Role::ALL
            .into_iter()
            .filter(|r| r.allows(Permission::Review))
            .collect();
        assert_eq!(reviewers, vec![Role::Mentor], "only mentors review");
        assert!(!Role::Mentor.allows(Permission::AnswerAssessment));
        assert!(!Role::Viewer.allows(Permission::Comment));
    }
}
