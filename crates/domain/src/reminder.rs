//! Reminder rules: when a unit is reminded of a deadline, as slots that each
//! fire once (the store claims a slot before anything is sent, so several
//! servers never send the same reminder twice).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Validator;
use crate::validate::FieldError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReminderRules {
    /// Remind the responsible unit this many days before the deadline (e.g. 7 and 1).
    pub before_days: Vec<u32>,
    /// While overdue, remind again every this many days (0 = never).
    pub overdue_every_days: u32,
    /// A daily digest to the lead unit of overdue items and items awaiting its review.
    pub lead_digest: bool,
}

impl Default for ReminderRules {
    fn default() -> Self {
        ReminderRules {
            before_days: vec![7, 1],
            overdue_every_days: 3,
            lead_digest: true,
        }
    }
}

/// A reminder due for one assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// Stable key of the occurrence, unique per assignment (`before:7`, `overdue:2`).
    pub slot: String,
    /// Whether to send it; slots superseded by a more urgent one are only claimed.
    pub send: bool,
    pub kind: DueKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueKind {
    /// Days left until the deadline (0 = today is the last day).
    Before(u32),
    /// Days past the deadline.
    Overdue(u32),
}

impl ReminderRules {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut v = Validator::new();
        if self.before_days.len() > 10 {
            v.error("before_days", "too_long", "提前提醒最多设置10个时间点");
        }
        for (i, d) in self.before_days.iter().enumerate() {
            v.range(
                &format!("before_days[{i}]"),
                "提前提醒天数",
                (*d).into(),
                0,
                365,
            );
        }
        v.range(
            "overdue_every_days",
            "逾期提醒间隔天数",
            self.overdue_every_days.into(),
            0,
            90,
        );
        v.into_result()
    }

    /// The reminders due on `today` for a deadline ending `end`. A reminder
    /// missed while no server ran still fires later, but only the most urgent
    /// of several due at once is sent.
    pub fn due(&self, end: NaiveDate, today: NaiveDate) -> Vec<Due> {
        let mut out = Vec::new();
        if today <= end {
            let left = (end - today).num_days() as u32;
            let mut due: Vec<u32> = self
                .before_days
                .iter()
                .copied()
                .filter(|d| *d >= left)
                .collect();
            due.sort_unstable();
            due.dedup();
            for (i, d) in due.iter().enumerate() {
                out.push(Due {
                    slot: format!("before:{d}"),
                    send: i == 0,
                    kind: DueKind::Before(left),
                });
            }
        } else {
            let over = (today - end).num_days() as u32;
            if let Some(k) = (over - 1).checked_div(self.overdue_every_days) {
                out.push(Due {
                    slot: format!("overdue:{k}"),
                    send: true,
                    kind: DueKind::Overdue(over),
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, m, day).unwrap()
    }

    #[test]
    fn before_the_deadline() {
        let r = ReminderRules::default();
        let end = d(3, 31);
        assert!(r.due(end, d(3, 20)).is_empty());
        let seven = r.due(end, d(3, 24));
        assert_eq!(
            seven,
            vec![Due {
                slot: "before:7".into(),
                send: true,
                kind: DueKind::Before(7)
            }]
        );
        // Two days later the 7-day slot is still due (already claimed, so not resent by the store).
        let later = r.due(end, d(3, 26));
        assert_eq!(later.len(), 1);
        assert_eq!(later[0].slot, "before:7");
        // On the last day but one both are due; only the 1-day reminder is sent.
        let one = r.due(end, d(3, 30));
        assert_eq!(
            one.iter()
                .map(|x| (x.slot.as_str(), x.send))
                .collect::<Vec<_>>(),
            vec![("before:1", true), ("before:7", false)]
        );
    }

    #[test]
    fn every_three_days_while_overdue() {
        let r = ReminderRules::default();
        let end = d(3, 31);
        let slots: Vec<String> = (1..=10)
            .map(|i| r.due(end, end + chrono::Duration::days(i))[0].slot.clone())
            .collect();
        assert_eq!(
            slots,
            vec![
                "overdue:0",
                "overdue:0",
                "overdue:0",
                "overdue:1",
                "overdue:1",
                "overdue:1",
                "overdue:2",
                "overdue:2",
                "overdue:2",
                "overdue:3"
            ]
        );
        let off = ReminderRules {
            overdue_every_days: 0,
            ..r
        };
        assert!(off.due(end, d(4, 5)).is_empty());
    }

    #[test]
    fn rules_are_validated() {
        let bad = ReminderRules {
            before_days: vec![7, 400],
            overdue_every_days: 100,
            lead_digest: true,
        };
        let errs = bad.validate().unwrap_err();
        assert_eq!(
            errs.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(),
            vec!["before_days[1]", "overdue_every_days"]
        );
    }
}
