//! The monthly report (月报): the cockpit's figures and the month's work (hazards,
//! inspections, training, referrals, meetings, interviews, bulletins) for the city or
//! one district, as text sections and tables.

use anzhi_domain::Scope;
use anzhi_domain::accountability::{BulletinState, InterviewKind, Section, compose_bulletin};
use chrono::{Datelike, Months, NaiveDate};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde::Serialize;
use uuid::Uuid;

use crate::cockpit::{Cockpit, narrow};
use crate::entity::{bulletin, interview, meeting};
use crate::{Result, Store, StoreError};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportTable {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MonthlyReport {
    /// `YYYY-MM`
    pub month: String,
    pub title: String,
    pub scope_label: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub sections: Vec<Section>,
    pub tables: Vec<ReportTable>,
    pub cockpit: Cockpit,
}

/// `2026-11` → its first and last day.
pub fn month_range(month: &str) -> Option<(NaiveDate, NaiveDate)> {
    let (y, m) = month.split_once('-')?;
    let first = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    (m.len() == 2).then_some((first, last))
}

fn pct(part: u32, whole: u32) -> String {
    match anzhi_domain::accountability::percent(part, whole) {
        Some(p) => format!("{p:.1}%"),
        None => "—".into(),
    }
}

impl Store {
    pub async fn monthly_report(
        &self,
        scope: Scope,
        month: &str,
        district_id: Option<Uuid>,
    ) -> Result<MonthlyReport> {
        let Some((from, to)) = month_range(month) else {
            return Err(StoreError::invalid(
                "month",
                "invalid",
                "月份格式应为 YYYY-MM，如 2026-11",
            ));
        };
        let today = anzhi_domain::time::today_china(crate::now());
        if from > today {
            return Err(StoreError::invalid(
                "month",
                "invalid",
                "不能生成未来月份的月报",
            ));
        }
        let view = narrow(scope, district_id)?;
        let cockpit = self.cockpit(scope, district_id, None).await?;
        let (facts, named) = self.bulletin_facts(view, from, to).await?;
        let mut sections = compose_bulletin(&facts);
        // The report states the situation; the bulletin's demands are not its part.
        sections.truncate(2);
        let start = anzhi_domain::time::china_day_start(from);
        let end = anzhi_domain::time::china_day_start(to + chrono::Duration::days(1));
        let meetings = match view {
            Scope::District(_) => 0,
            _ => {
                meeting::Entity::find()
                    .filter(meeting::Column::HeldOn.between(from, to))
                    .count(self.r())
                    .await?
            }
        };
        let mut iq = interview::Entity::find().filter(interview::Column::HeldOn.between(from, to));
        if let Scope::District(d) = view {
            iq = iq.filter(interview::Column::DistrictId.eq(d));
        }
        let ivs = iq.all(self.r()).await?;
        let interviews = ivs
            .iter()
            .filter(|i| i.kind == InterviewKind::Interview.code())
            .count();
        let exposures = ivs.len() - interviews;
        let bulletins = bulletin::Entity::find()
            .filter(bulletin::Column::State.eq(BulletinState::Issued.code()))
            .filter(bulletin::Column::IssuedAt.gte(start))
            .filter(bulletin::Column::IssuedAt.lt(end))
            .count(self.r())
            .await?;
        let c = &cockpit;
        let mut tables = vec![
            ReportTable {
                caption: "表1 主要指标".into(),
                head: vec!["指标".into(), "数值".into()],
                rows: [
                    ("本月排查隐患（处）", facts.hazards_found.to_string()),
                    ("其中重大隐患（处）", facts.major_found.to_string()),
                    ("本月隐患已整改销号（处）", facts.hazards_closed.to_string()),
                    (
                        "本月隐患整改率",
                        pct(facts.hazards_closed, facts.hazards_found),
                    ),
                    ("未销号隐患（处，截至报告日）", c.hazards.open.to_string()),
                    ("逾期未整改隐患（处）", c.hazards.overdue.to_string()),
                    ("未销号重大隐患（处）", c.hazards.major_open.to_string()),
                    (
                        "企业自查（家，本月/应自查）",
                        format!("{}/{}", facts.self_check_done, facts.self_check_due),
                    ),
                    ("督导检查完成（次）", facts.inspections_done.to_string()),
                    ("企业培训（场）", facts.trainings.to_string()),
                    ("全员轮训率（本年）", format!("{:.1}%", c.training.rate)),
                    ("函送执法（件）", facts.referrals_sent.to_string()),
                    ("专班会议（次）", meetings.to_string()),
                    ("约谈（次）", interviews.to_string()),
                    ("曝光（次）", exposures.to_string()),
                    ("印发通报（期）", bulletins.to_string()),
                ]
                .into_iter()
                .map(|(k, v)| vec![k.to_string(), v])
                .collect(),
            },
            ReportTable {
                caption: "表2 各区隐患排查治理情况（本月发现）".into(),
                head: vec![
                    "区".into(),
                    "发现（处）".into(),
                    "已销号（处）".into(),
                    "整改率".into(),
                ],
                rows: facts
                    .districts
                    .iter()
                    .map(|d| {
                        vec![
                            d.name.clone(),
                            d.found.to_string(),
                            d.closed.to_string(),
                            pct(d.closed, d.found),
                        ]
                    })
                    .collect(),
            },
        ];
        if let Some(cf) = &c.campaign {
            tables.push(ReportTable {
                caption: format!("表3 {}任务进展", cf.title),
                head: vec![
                    "任务数".into(),
                    "分解事项".into(),
                    "已验收".into(),
                    "逾期".into(),
                    "完成率".into(),
                ],
                rows: vec![vec![
                    cf.tasks.to_string(),
                    cf.assignments.to_string(),
                    cf.accepted.to_string(),
                    cf.overdue.to_string(),
                    format!("{:.1}%", cf.completion_rate),
                ]],
            });
        }
        tables.push(ReportTable {
            caption: "表4 逾期任务单位".into(),
            head: vec!["单位".into(), "逾期事项（项）".into(), "任务".into()],
            rows: named
                .overdue_units
                .iter()
                .map(|u| vec![u.name.clone(), u.overdue.to_string(), u.tasks.join("；")])
                .collect(),
        });
        tables.push(ReportTable {
            caption: "表5 重大隐患逾期未整改企业".into(),
            head: vec!["企业".into(), "所属区".into(), "逾期重大隐患（处）".into()],
            rows: named
                .major_overdue_enterprises
                .iter()
                .map(|m| vec![m.name.clone(), m.district_name.clone(), m.count.to_string()])
                .collect(),
        });
        tables.push(ReportTable {
            caption: "表6 风险分级与诚信等级（截至报告日）".into(),
            head: vec![
                "类别".into(),
                "重大/A".into(),
                "较大/B".into(),
                "一般/C".into(),
                "低/D".into(),
                "未评定".into(),
            ],
            rows: vec![
                vec![
                    "企业风险等级（家）".into(),
                    c.risk.major.to_string(),
                    c.risk.large.to_string(),
                    c.risk.general.to_string(),
                    c.risk.low.to_string(),
                    c.risk.unassessed.to_string(),
                ],
                vec![
                    "企业诚信等级（家）".into(),
                    c.credit.a.to_string(),
                    c.credit.b.to_string(),
                    c.credit.c.to_string(),
                    c.credit.d.to_string(),
                    c.credit.unscored.to_string(),
                ],
            ],
        });
        let scope_label = cockpit.scope_label.clone();
        let place = if scope_label == "全市" {
            "海口市商务系统".to_string()
        } else {
            format!("{scope_label}商务系统")
        };
        Ok(MonthlyReport {
            month: month.to_string(),
            title: format!(
                "{place}安全生产专项整治工作月报（{}年{}月）",
                from.year(),
                from.month()
            ),
            scope_label,
            period_from: from,
            period_to: to,
            sections,
            tables,
            cockpit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        assert_eq!(
            month_range("2026-02"),
            Some((
                NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
                NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
            ))
        );
        assert_eq!(
            month_range("2026-12").map(|r| r.1),
            NaiveDate::from_ymd_opt(2026, 12, 31)
        );
        assert_eq!(month_range("2026-13"), None);
        assert_eq!(month_range("2026-1"), None);
        assert_eq!(month_range("202611"), None);
    }
}
