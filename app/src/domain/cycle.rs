//! The life of an evaluation cycle and of each OPD's work package in it: which transitions exist,
//! which states allow editing, and the date rules of a cycle's milestones.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Days before its due date an unanswered item counts as due soon (in the app and in reminders).
pub const DUE_SOON_DAYS: i64 = 3;

/// Where an unanswered item stands against its due date on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Urgency {
    /// Past its due date.
    Overdue,
    /// Due within [`DUE_SOON_DAYS`] days (today included).
    DueSoon,
    /// Later, or without a due date.
    Later,
}

/// The urgency of an unanswered item due on `due` (answered items are never urgent).
pub fn urgency(due: Option<NaiveDate>, today: NaiveDate) -> Urgency {
    match due {
        Some(d) if d < today => Urgency::Overdue,
        Some(d) if (d - today).num_days() <= DUE_SOON_DAYS => Urgency::DueSoon,
        _ => Urgency::Later,
    }
}

/// A cycle's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CycleStatus {
    /// Being set up: scope and assignments change, nobody answers yet.
    Draft,
    /// Open: PICs answer, OPDs submit.
    Active,
    /// Finished: read-only, kept for comparison.
    Closed,
}

impl CycleStatus {
    /// Stored value.
    pub fn code(self) -> &'static str {
        match self {
            CycleStatus::Draft => "draft",
            CycleStatus::Active => "active",
            CycleStatus::Closed => "closed",
        }
    }

    /// Reads a stored value (unknown values read as closed: nothing can change).
    pub fn from_code(code: &str) -> Self {
        match code {
            "draft" => CycleStatus::Draft,
            "active" => CycleStatus::Active,
            _ => CycleStatus::Closed,
        }
    }
}

/// An OPD's work package state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PackageStatus {
    /// Nothing answered yet.
    Draft,
    /// Being answered.
    InProgress,
    /// Submitted: locked for editing.
    Submitted,
    /// Sent back with a reason; being answered again.
    RevisionRequested,
    /// Accepted: locked.
    Accepted,
}

/// What can happen to a work package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PackageAction {
    /// The first answer is saved (or the first after a revision request).
    Start,
    /// The OPD submits every answer.
    Submit,
    /// The reviewer sends it back.
    RequestRevision,
    /// The reviewer accepts it.
    Accept,
    /// The coordinator opens a submitted or accepted package for editing again.
    Reopen,
}

impl PackageStatus {
    /// Stored value.
    pub fn code(self) -> &'static str {
        match self {
            PackageStatus::Draft => "draft",
            PackageStatus::InProgress => "in_progress",
            PackageStatus::Submitted => "submitted",
            PackageStatus::RevisionRequested => "revision_requested",
            PackageStatus::Accepted => "accepted",
        }
    }

    /// Reads a stored value (unknown values read as accepted: locked).
    pub fn from_code(code: &str) -> Self {
        match code {
            "draft" => PackageStatus::Draft,
            "in_progress" => PackageStatus::InProgress,
            "submitted" => PackageStatus::Submitted,
            "revision_requested" => PackageStatus::RevisionRequested,
            _ => PackageStatus::Accepted,
        }
    }

    /// Whether answers in the package may change.
    pub fn editable(self) -> bool {
        matches!(
            self,
            PackageStatus::Draft | PackageStatus::InProgress | PackageStatus::RevisionRequested
        )
    }

    /// The state after `action`, or `None` when the action does not apply in this state.
    pub fn apply(self, action: PackageAction) -> Option<PackageStatus> {
        use PackageAction as A;
        use PackageStatus as S;
        match (self, action) {
            (S::Draft | S::RevisionRequested, A::Start) => Some(S::InProgress),
            (S::Draft | S::InProgress | S::RevisionRequested, A::Submit) => Some(S::Submitted),
            (S::Submitted | S::Accepted, A::RequestRevision) => Some(S::RevisionRequested),
            (S::Submitted, A::Accept) => Some(S::Accepted),
            (S::Submitted | S::Accepted, A::Reopen) => Some(S::InProgress),
            _ => None,
        }
    }
}

/// A cycle's milestones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestones {
    /// First day of the period.
    pub starts_on: NaiveDate,
    /// Last day of the period.
    pub ends_on: NaiveDate,
    /// Self-assessment deadline.
    pub self_deadline: NaiveDate,
    /// Mentor review window, start.
    pub review_from: Option<NaiveDate>,
    /// Mentor review window, end.
    pub review_until: Option<NaiveDate>,
    /// Official assessment date.
    pub official_on: Option<NaiveDate>,
}

/// Which milestone is out of order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MilestoneProblem {
    /// The period ends before it starts.
    EndsBeforeStart,
    /// The self-assessment deadline is outside the period.
    DeadlineOutsidePeriod,
    /// The review window ends before it starts, or only one end is given.
    ReviewWindow,
}

impl Milestones {
    /// Checks the order of the dates; the form field at fault comes with the problem.
    pub fn check(&self) -> Result<(), (&'static str, MilestoneProblem)> {
        if self.ends_on < self.starts_on {
            return Err(("ends_on", MilestoneProblem::EndsBeforeStart));
        }
        if self.self_deadline < self.starts_on || self.self_deadline > self.ends_on {
            return Err(("self_deadline", MilestoneProblem::DeadlineOutsidePeriod));
        }
        match (self.review_from, self.review_until) {
            (Some(a), Some(b)) if b < a => Err(("review_until", MilestoneProblem::ReviewWindow)),
            (Some(_), None) | (None, Some(_)) => {
                Err(("review_until", MilestoneProblem::ReviewWindow))
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [PackageStatus; 5] = [
        PackageStatus::Draft,
        PackageStatus::InProgress,
        PackageStatus::Submitted,
        PackageStatus::RevisionRequested,
        PackageStatus::Accepted,
    ];

    #[test]
    fn the_package_workflow() {
        use PackageAction as A;
        use PackageStatus as S;
        let mut s = S::Draft;
        for (action, next) in [
            (A::Start, S::InProgress),
            (A::Submit, S::Submitted),
            (A::RequestRevision, S::RevisionRequested),
            (A::Start, S::InProgress),
            (A::Submit, S::Submitted),
            (A::Accept, S::Accepted),
            (A::Reopen, S::InProgress),
        ] {
            s = s
                .apply(action)
                .unwrap_or_else(|| panic!("{s:?} --{action:?}"));
            assert_eq!(s, next);
        }
        assert_eq!(
            S::Submitted.apply(A::Submit),
            None,
            "a second submit does nothing"
        );
        assert_eq!(S::InProgress.apply(A::Accept), None);
        assert_eq!(S::Draft.apply(A::Reopen), None);
    }

    #[test]
    fn locked_states_are_exactly_submitted_and_accepted() {
        for s in ALL {
            assert_eq!(
                s.editable(),
                !matches!(s, PackageStatus::Submitted | PackageStatus::Accepted)
            );
            assert_eq!(PackageStatus::from_code(s.code()), s);
        }
    }

    #[test]
    fn urgency_by_due_date() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 6, day).unwrap();
        assert_eq!(urgency(Some(d(9)), d(10)), Urgency::Overdue);
        assert_eq!(urgency(Some(d(10)), d(10)), Urgency::DueSoon);
        assert_eq!(urgency(Some(d(13)), d(10)), Urgency::DueSoon);
        assert_eq!(urgency(Some(d(14)), d(10)), Urgency::Later);
        assert_eq!(urgency(None, d(10)), Urgency::Later);
    }

    #[test]
    fn milestones_in_order() {
        let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        let ok = Milestones {
            starts_on: d(1, 1),
            ends_on: d(12, 31),
            self_deadline: d(6, 30),
            review_from: Some(d(7, 1)),
            review_until: Some(d(8, 31)),
            official_on: Some(d(9, 15)),
        };
        assert_eq!(ok.check(), Ok(()));
        let late = Milestones {
            self_deadline: d(12, 31).succ_opt().unwrap(),
            ..ok
        };
        assert_eq!(
            late.check(),
            Err(("self_deadline", MilestoneProblem::DeadlineOutsidePeriod))
        );
        let backwards = Milestones {
            ends_on: d(1, 1).pred_opt().unwrap(),
            ..ok
        };
        assert_eq!(
            backwards.check(),
            Err(("ends_on", MilestoneProblem::EndsBeforeStart))
        );
    }
}
