//! The campaign loop: tasks from a plan, one assignment per responsible unit,
//! progress reports, acceptance by the lead unit, and the roll-up.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// State of one responsible unit's share of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentState {
    NotStarted,
    InProgress,
    Submitted,
    Completed,
    Returned,
}

/// What a user does to an assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentAction {
    /// The responsible unit reports progress (text, percent).
    Report,
    /// The responsible unit sends its work to the lead unit for acceptance.
    Submit,
    /// The lead unit accepts the work.
    Accept,
    /// The lead unit returns it with a reason.
    Return,
}

/// Who acts on an assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A user of the assigned (responsible) unit.
    Responsible,
    /// A user of a lead unit (or of the campaign owner when the task has no lead unit).
    Lead,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("当前状态为“{from}”，不能{action}")]
    State {
        from: &'static str,
        action: &'static str,
    },
    #[error("只有{who}可以{action}")]
    Actor {
        who: &'static str,
        action: &'static str,
    },
}

impl AssignmentState {
    pub const ALL: [AssignmentState; 5] = [
        AssignmentState::NotStarted,
        AssignmentState::InProgress,
        AssignmentState::Submitted,
        AssignmentState::Completed,
        AssignmentState::Returned,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AssignmentState::NotStarted => "not_started",
            AssignmentState::InProgress => "in_progress",
            AssignmentState::Submitted => "submitted",
            AssignmentState::Completed => "completed",
            AssignmentState::Returned => "returned",
        }
    }

    pub fn from_code(s: &str) -> Option<AssignmentState> {
        AssignmentState::ALL.into_iter().find(|x| x.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            AssignmentState::NotStarted => "未开始",
            AssignmentState::InProgress => "进行中",
            AssignmentState::Submitted => "已报送",
            AssignmentState::Completed => "已完成",
            AssignmentState::Returned => "已退回",
        }
    }

    /// The state after `action` by `actor`, or why it is not allowed.
    pub fn apply(
        self,
        action: AssignmentAction,
        actor: Actor,
    ) -> Result<AssignmentState, TransitionError> {
        use AssignmentAction as A;
        use AssignmentState as S;
        let need = match action {
            A::Report | A::Submit => Actor::Responsible,
            A::Accept | A::Return => Actor::Lead,
        };
        if actor != need {
            return Err(TransitionError::Actor {
                who: match need {
                    Actor::Responsible => "责任单位",
                    Actor::Lead => "牵头单位",
                },
                action: action.label(),
            });
        }
        let next = match (self, action) {
            (S::NotStarted | S::InProgress | S::Returned, A::Report) => S::InProgress,
            (S::NotStarted | S::InProgress | S::Returned, A::Submit) => S::Submitted,
            (S::Submitted, A::Accept) => S::Completed,
            (S::Submitted, A::Return) => S::Returned,
            _ => {
                return Err(TransitionError::State {
                    from: self.label(),
                    action: action.label(),
                });
            }
        };
        Ok(next)
    }

    /// Whether the responsible unit may report now.
    pub fn open_for_report(self) -> bool {
        matches!(
            self,
            AssignmentState::NotStarted | AssignmentState::InProgress | AssignmentState::Returned
        )
    }
}

impl AssignmentAction {
    pub fn code(self) -> &'static str {
        match self {
            AssignmentAction::Report => "report",
            AssignmentAction::Submit => "submit",
            AssignmentAction::Accept => "accept",
            AssignmentAction::Return => "return",
        }
    }

    pub fn from_code(s: &str) -> Option<AssignmentAction> {
        [
            AssignmentAction::Report,
            AssignmentAction::Submit,
            AssignmentAction::Accept,
            AssignmentAction::Return,
        ]
        .into_iter()
        .find(|a| a.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            AssignmentAction::Report => "报告进展",
            AssignmentAction::Submit => "报送",
            AssignmentAction::Accept => "通过",
            AssignmentAction::Return => "退回",
        }
    }
}

/// A task's status, rolled up from its assignments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    Completed,
}

impl TaskStatus {
    pub fn code(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "not_started",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::Completed => "completed",
        }
    }

    pub fn from_code(s: &str) -> Option<TaskStatus> {
        [
            TaskStatus::NotStarted,
            TaskStatus::InProgress,
            TaskStatus::Completed,
        ]
        .into_iter()
        .find(|t| t.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::NotStarted => "未开始",
            TaskStatus::InProgress => "进行中",
            TaskStatus::Completed => "已完成",
        }
    }

    /// Completed when every assignment is; not started while none has moved.
    pub fn roll_up(states: impl IntoIterator<Item = AssignmentState>) -> TaskStatus {
        let mut any = false;
        let mut all_done = true;
        let mut any_moved = false;
        for s in states {
            any = true;
            if s != AssignmentState::Completed {
                all_done = false;
            }
            if s != AssignmentState::NotStarted {
                any_moved = true;
            }
        }
        if any && all_done {
            TaskStatus::Completed
        } else if any_moved {
            TaskStatus::InProgress
        } else {
            TaskStatus::NotStarted
        }
    }
}

/// How often a recurring task is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Weekly,
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
}

impl Period {
    pub fn from_code(s: &str) -> Option<Period> {
        match s {
            "weekly" => Some(Period::Weekly),
            "monthly" => Some(Period::Monthly),
            "quarterly" => Some(Period::Quarterly),
            "half_yearly" => Some(Period::HalfYearly),
            "yearly" => Some(Period::Yearly),
            _ => None,
        }
    }
}

/// One reporting period of a recurring task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportingPeriod {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// `2021年3月`, `2021年第2季度`, `2021年上半年`, `2021年度`, `2021年第12周`.
    pub label: String,
}

/// Most periods one recurring task may have.
pub const MAX_PERIODS: usize = 60;

/// The reporting periods of `period` that overlap `from..=to`, each clipped to it.
pub fn reporting_periods(period: Period, from: NaiveDate, to: NaiveDate) -> Vec<ReportingPeriod> {
    use chrono::{Datelike, Duration};
    let mut out = Vec::new();
    if from > to {
        return out;
    }
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d);
    let mut cursor = from;
    while cursor <= to && out.len() < MAX_PERIODS {
        let (y, m) = (cursor.year(), cursor.month());
        let (start, end, label) = match period {
            Period::Weekly => {
                let start = cursor - Duration::days(cursor.weekday().num_days_from_monday().into());
                let end = start + Duration::days(6);
                let w = start.iso_week();
                (start, end, format!("{}年第{}周", w.year(), w.week()))
            }
            Period::Monthly => {
                let start = ymd(y, m, 1);
                let next = if m == 12 {
                    ymd(y + 1, 1, 1)
                } else {
                    ymd(y, m + 1, 1)
                };
                match (start, next) {
                    (Some(s), Some(n)) => (s, n - Duration::days(1), format!("{y}年{m}月")),
                    _ => break,
                }
            }
            Period::Quarterly => {
                let q = (m - 1) / 3;
                let start = ymd(y, q * 3 + 1, 1);
                let next = if q == 3 {
                    ymd(y + 1, 1, 1)
                } else {
                    ymd(y, q * 3 + 4, 1)
                };
                match (start, next) {
                    (Some(s), Some(n)) => {
                        (s, n - Duration::days(1), format!("{y}年第{}季度", q + 1))
                    }
                    _ => break,
                }
            }
            Period::HalfYearly => {
                let first = m <= 6;
                let start = if first { ymd(y, 1, 1) } else { ymd(y, 7, 1) };
                let end = if first { ymd(y, 6, 30) } else { ymd(y, 12, 31) };
                match (start, end) {
                    (Some(s), Some(e)) => (
                        s,
                        e,
                        format!("{y}年{}", if first { "上半年" } else { "下半年" }),
                    ),
                    _ => break,
                }
            }
            Period::Yearly => match (ymd(y, 1, 1), ymd(y, 12, 31)) {
                (Some(s), Some(e)) => (s, e, format!("{y}年度")),
                _ => break,
            },
        };
        out.push(ReportingPeriod {
            start: start.max(from),
            end: end.min(to),
            label,
        });
        cursor = end + Duration::days(1);
    }
    out
}

/// Overdue is derived, never stored: not completed and today (China) is after the last day.
pub fn is_overdue(completed: bool, end: Option<NaiveDate>, today: NaiveDate) -> bool {
    !completed && end.is_some_and(|e| today > e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use AssignmentAction as A;
    use AssignmentState as S;

    #[test]
    fn every_transition_is_decided() {
        // Exhaustive: every state × action × actor either moves to the one allowed
        // state or refuses with a reason.
        for s in S::ALL {
            for a in [A::Report, A::Submit, A::Accept, A::Return] {
                for actor in [Actor::Responsible, Actor::Lead] {
                    let r = s.apply(a, actor);
                    let allowed = match (s, a, actor) {
                        (
                            S::NotStarted | S::InProgress | S::Returned,
                            A::Report,
                            Actor::Responsible,
                        ) => Some(S::InProgress),
                        (
                            S::NotStarted | S::InProgress | S::Returned,
                            A::Submit,
                            Actor::Responsible,
                        ) => Some(S::Submitted),
                        (S::Submitted, A::Accept, Actor::Lead) => Some(S::Completed),
                        (S::Submitted, A::Return, Actor::Lead) => Some(S::Returned),
                        _ => None,
                    };
                    assert_eq!(r.clone().ok(), allowed, "{s:?} {a:?} {actor:?}: {r:?}");
                }
            }
        }
    }

    #[test]
    fn refusals_explain_in_chinese() {
        assert_eq!(
            S::Completed
                .apply(A::Report, Actor::Responsible)
                .unwrap_err()
                .to_string(),
            "当前状态为“已完成”，不能报告进展"
        );
        assert_eq!(
            S::Submitted
                .apply(A::Accept, Actor::Responsible)
                .unwrap_err()
                .to_string(),
            "只有牵头单位可以通过"
        );
    }

    #[test]
    fn roll_up() {
        assert_eq!(TaskStatus::roll_up([]), TaskStatus::NotStarted);
        assert_eq!(
            TaskStatus::roll_up([S::NotStarted, S::NotStarted]),
            TaskStatus::NotStarted
        );
        assert_eq!(
            TaskStatus::roll_up([S::NotStarted, S::Submitted]),
            TaskStatus::InProgress
        );
        assert_eq!(
            TaskStatus::roll_up([S::Completed, S::Returned]),
            TaskStatus::InProgress
        );
        assert_eq!(
            TaskStatus::roll_up([S::Completed, S::Completed]),
            TaskStatus::Completed
        );
    }

    #[test]
    fn overdue_is_after_the_last_day() {
        let d = |m, day| NaiveDate::from_ymd_opt(2021, m, day).unwrap();
        assert!(!is_overdue(false, Some(d(3, 31)), d(3, 31)));
        assert!(is_overdue(false, Some(d(3, 31)), d(4, 1)));
        assert!(!is_overdue(true, Some(d(3, 31)), d(4, 1)));
        assert!(!is_overdue(false, None, d(4, 1)));
    }

    #[test]
    fn reporting_periods_cover_the_window() {
        let d = |m, day| NaiveDate::from_ymd_opt(2021, m, day).unwrap();
        let months = reporting_periods(Period::Monthly, d(1, 1), d(12, 31));
        assert_eq!(months.len(), 12);
        assert_eq!(
            months[1],
            ReportingPeriod {
                start: d(2, 1),
                end: d(2, 28),
                label: "2021年2月".into()
            }
        );
        let q = reporting_periods(Period::Quarterly, d(3, 15), d(12, 31));
        assert_eq!(
            q.iter().map(|p| p.label.as_str()).collect::<Vec<_>>(),
            vec![
                "2021年第1季度",
                "2021年第2季度",
                "2021年第3季度",
                "2021年第4季度"
            ]
        );
        assert_eq!(q[0].start, d(3, 15), "clipped to the window");
        assert_eq!(q[0].end, d(3, 31));
        let h = reporting_periods(Period::HalfYearly, d(1, 1), d(12, 31));
        assert_eq!(
            h.iter().map(|p| p.label.as_str()).collect::<Vec<_>>(),
            vec!["2021年上半年", "2021年下半年"]
        );
        let w = reporting_periods(Period::Weekly, d(3, 1), d(3, 31));
        assert_eq!(w.len(), 5);
        assert_eq!(w[0].start, d(3, 1));
        assert!(
            w.windows(2)
                .all(|p| p[0].end + chrono::Duration::days(1) == p[1].start)
        );
        assert!(
            reporting_periods(
                Period::Weekly,
                d(1, 1),
                NaiveDate::from_ymd_opt(2030, 1, 1).unwrap()
            )
            .len()
                == MAX_PERIODS
        );
        assert!(reporting_periods(Period::Monthly, d(5, 1), d(4, 1)).is_empty());
        assert_eq!(Period::from_code("half_yearly"), Some(Period::HalfYearly));
    }

    #[test]
    fn codes_round_trip() {
        for s in S::ALL {
            assert_eq!(S::from_code(s.code()), Some(s));
        }
        for a in [A::Report, A::Submit, A::Accept, A::Return] {
            assert_eq!(A::from_code(a.code()), Some(a));
        }
    }
}
