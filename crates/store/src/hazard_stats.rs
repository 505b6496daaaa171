//! Hazard statistics (动态分析): found, closed, open, overdue, on-the-spot fixes,
//! rectification rate and average days to close, by district, category, level,
//! source or month; and repeat hazards. Read from the running totals
//! (`hazard_tally`, kept in each write's transaction) plus the open hazards past
//! their deadline (a covering index), so the cost does not grow with closed hazards.

use std::collections::{BTreeMap, HashMap};

use anzhi_domain::Scope;
use anzhi_domain::hazard::{Level, REPEAT_WINDOW_DAYS, Source, State};
use chrono::{Datelike, Duration, NaiveDate};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::entity::{hazard, hazard_category, hazard_tally};
use crate::hazards::hazard_scope;
use crate::{Result, Store, StoreError};

/// What the statistics are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatsBy {
    District,
    Category,
    Level,
    Source,
    Month,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, utoipa::ToSchema)]
pub struct StatsRow {
    pub key: String,
    pub label: String,
    pub found: i64,
    /// 已销号
    pub closed: i64,
    /// 未销号
    pub open: i64,
    /// Open and past the deadline today.
    pub overdue: i64,
    /// 即查即改
    pub on_spot: i64,
    /// closed ÷ found, in % (one decimal).
    pub rate: f64,
    /// Mean days from found to 销号 of those closed.
    pub avg_days: Option<f64>,
    #[serde(skip)]
    close_days: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HazardStats {
    pub by: StatsBy,
    pub rows: Vec<StatsRow>,
    pub total: StatsRow,
}

#[derive(Debug, Clone, Default)]
pub struct StatsFilter {
    pub district_id: Option<Uuid>,
    /// First month of finding, `YYYY-MM`.
    pub from: Option<String>,
    /// Last month of finding, `YYYY-MM`.
    pub to: Option<String>,
    /// Leave the overdue counts out (they are counted from the hazards; the rest comes
    /// from the running totals): for callers that show found and closed only.
    pub skip_overdue: bool,
}

/// Hazards of one enterprise and category found again within the window.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RepeatGroup {
    pub enterprise_id: Uuid,
    pub enterprise_name: String,
    pub district_name: String,
    pub category_id: Uuid,
    pub category_name: String,
    pub count: usize,
    pub hazards: Vec<RepeatHazard>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RepeatHazard {
    pub id: Uuid,
    pub code: String,
    pub found_on: NaiveDate,
    pub state_label: String,
}

fn month_ok(m: &str) -> bool {
    NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").is_ok() && m.len() == 7
}

fn first_day(m: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok()
}

fn last_day(m: &str) -> Option<NaiveDate> {
    let d = first_day(m)?;
    let next = if d.month() == 12 {
        NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)?
    };
    Some(next - Duration::days(1))
}

impl StatsRow {
    fn finish(mut self) -> StatsRow {
        self.open = self.found - self.closed;
        self.rate = if self.found > 0 {
            (self.closed as f64 * 1000.0 / self.found as f64).round() / 10.0
        } else {
            0.0
        };
        self.avg_days = (self.closed > 0)
            .then(|| (self.close_days as f64 * 10.0 / self.closed as f64).round() / 10.0);
        self
    }

    fn add(&mut self, o: &StatsRow) {
        self.found += o.found;
        self.closed += o.closed;
        self.close_days += o.close_days;
        self.on_spot += o.on_spot;
        self.overdue += o.overdue;
    }
}

impl Store {
    pub async fn hazard_stats(
        &self,
        scope: Scope,
        by: StatsBy,
        f: &StatsFilter,
    ) -> Result<HazardStats> {
        let mut v = anzhi_domain::Validator::new();
        for (field, m) in [("from", &f.from), ("to", &f.to)] {
            if let Some(m) = m
                && !month_ok(m)
            {
                v.error(field, "invalid", "月份格式应为YYYY-MM，如2026-01");
            }
        }
        v.into_result().map_err(StoreError::Invalid)?;
        let district = match scope {
            Scope::District(d) => Some(d),
            _ => f.district_id,
        };
        if let (Scope::District(d), Some(x)) = (scope, f.district_id)
            && d != x
        {
            return Err(StoreError::NotFound);
        }
        let today = anzhi_domain::time::today_china(crate::now());
        let mut rows: BTreeMap<String, StatsRow> = BTreeMap::new();
        if let Scope::Enterprise(e) = scope {
            // One enterprise: straight from its hazards (a few hundred at most).
            let mut q = hazard::Entity::find().filter(hazard::Column::EnterpriseId.eq(e));
            if let Some(d) = f.from.as_deref().and_then(first_day) {
                q = q.filter(hazard::Column::FoundOn.gte(d));
            }
            if let Some(d) = f.to.as_deref().and_then(last_day) {
                q = q.filter(hazard::Column::FoundOn.lte(d));
            }
            for h in q.all(self.r()).await? {
                let key = key_of(
                    by,
                    h.district_id,
                    h.category_id,
                    &h.level,
                    &h.source,
                    h.found_on,
                );
                let r = rows.entry(key).or_default();
                r.found += 1;
                if let Some(c) = h.closed_on {
                    r.closed += 1;
                    r.close_days += (c - h.found_on).num_days().max(0);
                }
                r.on_spot += i64::from(h.fixed_on_spot);
                let state = State::from_code(&h.state).unwrap_or(State::Pending);
                r.overdue += i64::from(anzhi_domain::hazard::is_overdue(state, h.deadline, today));
            }
        } else {
            hazard_scope(scope)?;
            let mut q = hazard_tally::Entity::find().select_only();
            if let Some(d) = district {
                q = q.filter(hazard_tally::Column::DistrictId.eq(d));
            }
            if let Some(m) = &f.from {
                q = q.filter(hazard_tally::Column::Month.gte(m.clone()));
            }
            if let Some(m) = &f.to {
                q = q.filter(hazard_tally::Column::Month.lte(m.clone()));
            }
            // Summed by the database: a handful of rows back, whatever the size.
            let sums: Vec<(String, [i64; 4])> = match by {
                StatsBy::District => sums::<Uuid>(self, q, hazard_tally::Column::DistrictId)
                    .await?
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect(),
                StatsBy::Category => sums::<Uuid>(self, q, hazard_tally::Column::CategoryId)
                    .await?
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect(),
                StatsBy::Level => sums::<String>(self, q, hazard_tally::Column::Level).await?,
                StatsBy::Source => sums::<String>(self, q, hazard_tally::Column::Source).await?,
                StatsBy::Month => sums::<String>(self, q, hazard_tally::Column::Month).await?,
            };
            for (key, [found, closed, days, spot]) in sums {
                let r = rows.entry(key).or_default();
                r.found += found;
                r.closed += closed;
                r.close_days += days;
                r.on_spot += spot;
            }
            // Overdue today, counted by the database from the covering index of open
            // hazards by deadline.
            if !f.skip_overdue {
                let mut q = hazard::Entity::find()
                    .select_only()
                    .filter(
                        hazard::Column::State
                            .is_in([State::Pending.code(), State::Rectifying.code()]),
                    )
                    .filter(hazard::Column::Deadline.lt(today));
                if let Some(d) = district {
                    q = q.filter(hazard::Column::DistrictId.eq(d));
                }
                if let Some(d) = f.from.as_deref().and_then(first_day) {
                    q = q.filter(hazard::Column::FoundOn.gte(d));
                }
                if let Some(d) = f.to.as_deref().and_then(last_day) {
                    q = q.filter(hazard::Column::FoundOn.lte(d));
                }
                let counts: Vec<(String, i64)> = match by {
                    StatsBy::District => {
                        counts::<Uuid>(self, q, Expr::col(hazard::Column::DistrictId))
                            .await?
                            .into_iter()
                            .map(|(k, n)| (k.to_string(), n))
                            .collect()
                    }
                    StatsBy::Category => {
                        counts::<Uuid>(self, q, Expr::col(hazard::Column::CategoryId))
                            .await?
                            .into_iter()
                            .map(|(k, n)| (k.to_string(), n))
                            .collect()
                    }
                    StatsBy::Level => {
                        counts::<String>(self, q, Expr::col(hazard::Column::Level)).await?
                    }
                    StatsBy::Source => {
                        counts::<String>(self, q, Expr::col(hazard::Column::Source)).await?
                    }
                    StatsBy::Month => {
                        let month = match self.backend() {
                            crate::Backend::Sqlite => Expr::cust("substr(found_on, 1, 7)"),
                            crate::Backend::Postgres => Expr::cust("to_char(found_on, 'YYYY-MM')"),
                        };
                        counts::<String>(self, q, month).await?
                    }
                };
                for (key, n) in counts {
                    rows.entry(key).or_default().overdue += n;
                }
            }
        }
        // Every level and source, and each month of the range, even when zero.
        match by {
            StatsBy::Level => {
                for l in Level::ALL {
                    rows.entry(l.code().into()).or_default();
                }
            }
            StatsBy::Source => {
                for s in Source::ALL {
                    rows.entry(s.code().into()).or_default();
                }
            }
            StatsBy::Month => {
                let start = f
                    .from
                    .as_deref()
                    .and_then(first_day)
                    .or_else(|| rows.keys().next().and_then(|m| first_day(m)));
                let end =
                    f.to.as_deref()
                        .and_then(first_day)
                        .or_else(|| rows.keys().next_back().and_then(|m| first_day(m)));
                if let (Some(mut d), Some(end)) = (start, end) {
                    let mut n = 0;
                    while d <= end && n < 120 {
                        rows.entry(d.format("%Y-%m").to_string()).or_default();
                        d = last_day(&d.format("%Y-%m").to_string()).unwrap_or(end)
                            + Duration::days(1);
                        n += 1;
                    }
                }
            }
            _ => {}
        }
        let labels = self.stats_labels(by, rows.keys()).await?;
        let mut total = StatsRow {
            key: "total".into(),
            label: "合计".into(),
            ..Default::default()
        };
        let mut out: Vec<StatsRow> = rows
            .into_iter()
            .map(|(key, mut r)| {
                total.add(&r);
                r.label = labels.get(&key).cloned().unwrap_or_else(|| key.clone());
                r.key = key;
                r.finish()
            })
            .collect();
        match by {
            StatsBy::Month => {}
            StatsBy::Level | StatsBy::Source => {
                let order: Vec<String> = match by {
                    StatsBy::Level => Level::ALL.iter().map(|l| l.code().to_string()).collect(),
                    _ => Source::ALL.iter().map(|s| s.code().to_string()).collect(),
                };
                out.sort_by_key(|r| order.iter().position(|k| *k == r.key).unwrap_or(99));
            }
            _ => out.sort_by(|a, b| b.found.cmp(&a.found).then(a.label.cmp(&b.label))),
        }
        Ok(HazardStats {
            by,
            rows: out,
            total: total.finish(),
        })
    }

    async fn stats_labels<'a>(
        &self,
        by: StatsBy,
        keys: impl Iterator<Item = &'a String>,
    ) -> Result<HashMap<String, String>> {
        Ok(match by {
            StatsBy::District => {
                let ids: Vec<Uuid> = keys.filter_map(|k| k.parse().ok()).collect();
                crate::org_names(self.r(), ids)
                    .await?
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect()
            }
            StatsBy::Category => hazard_category::Entity::find()
                .all(self.r())
                .await?
                .into_iter()
                .map(|c| (c.id.to_string(), c.name))
                .collect(),
            StatsBy::Level => Level::ALL
                .iter()
                .map(|l| (l.code().to_string(), l.label().to_string()))
                .collect(),
            StatsBy::Source => Source::ALL
                .iter()
                .map(|s| (s.code().to_string(), s.label().to_string()))
                .collect(),
            StatsBy::Month => keys
                .filter_map(|k| {
                    first_day(k).map(|d| (k.clone(), format!("{}年{}月", d.year(), d.month())))
                })
                .collect(),
        })
    }

    /// Repeat hazards: an enterprise's hazards of one category found within
    /// `REPEAT_WINDOW_DAYS` of each other, over hazards found in [from, to] (the
    /// last 180 days by default).
    pub async fn hazard_repeats(
        &self,
        scope: Scope,
        district_id: Option<Uuid>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<RepeatGroup>> {
        let today = anzhi_domain::time::today_china(crate::now());
        let from = from.unwrap_or(today - Duration::days(180));
        let mut q = hazard::Entity::find()
            .select_only()
            .column(hazard::Column::EnterpriseId)
            .column(hazard::Column::CategoryId)
            .column(hazard::Column::FoundOn)
            .column(hazard::Column::Id)
            .column(hazard::Column::Code)
            .column(hazard::Column::State)
            .column(hazard::Column::DistrictId)
            .filter(hazard_scope(scope)?)
            .filter(hazard::Column::FoundOn.gte(from));
        if let Some(to) = to {
            q = q.filter(hazard::Column::FoundOn.lte(to));
        }
        if let Some(d) = district_id {
            q = q.filter(hazard::Column::DistrictId.eq(d));
        }
        type Row = (Uuid, Uuid, NaiveDate, Uuid, String, String, Uuid);
        let rows: Vec<Row> = q
            .order_by_asc(hazard::Column::EnterpriseId)
            .order_by_asc(hazard::Column::CategoryId)
            .order_by_asc(hazard::Column::FoundOn)
            .into_tuple()
            .all(self.r())
            .await?;
        let mut groups: Vec<(Uuid, Uuid, Uuid, Vec<RepeatHazard>)> = Vec::new();
        let mut i = 0;
        while i < rows.len() {
            let (e, k) = (rows[i].0, rows[i].1);
            let mut j = i;
            while j < rows.len() && rows[j].0 == e && rows[j].1 == k {
                j += 1;
            }
            let run = &rows[i..j];
            // Keep the hazards that have a neighbour within the window.
            let repeated: Vec<RepeatHazard> = run
                .iter()
                .enumerate()
                .filter(|(n, r)| {
                    let near = |o: &Row| (r.2 - o.2).num_days().abs() <= REPEAT_WINDOW_DAYS;
                    (*n > 0 && near(&run[n - 1])) || (n + 1 < run.len() && near(&run[n + 1]))
                })
                .map(|(_, r)| RepeatHazard {
                    id: r.3,
                    code: r.4.clone(),
                    found_on: r.2,
                    state_label: State::from_code(&r.5)
                        .map(|s| s.label().to_string())
                        .unwrap_or_default(),
                })
                .collect();
            if repeated.len() >= 2 {
                groups.push((e, k, run[0].6, repeated));
            }
            i = j;
        }
        groups.sort_by_key(|g| std::cmp::Reverse(g.3.len()));
        groups.truncate(500);
        let names = crate::org_names(
            self.r(),
            groups
                .iter()
                .flat_map(|g| [g.0, g.2])
                .collect::<std::collections::HashSet<_>>(),
        )
        .await?;
        let categories: HashMap<Uuid, String> = hazard_category::Entity::find()
            .all(self.r())
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        Ok(groups
            .into_iter()
            .map(|(e, k, d, hazards)| RepeatGroup {
                enterprise_name: names.get(&e).cloned().unwrap_or_default(),
                district_name: names.get(&d).cloned().unwrap_or_default(),
                category_name: categories.get(&k).cloned().unwrap_or_default(),
                count: hazards.len(),
                enterprise_id: e,
                category_id: k,
                hazards,
            })
            .collect())
    }
}

fn key_of(
    by: StatsBy,
    district: Uuid,
    category: Uuid,
    level: &str,
    source: &str,
    found: NaiveDate,
) -> String {
    match by {
        StatsBy::District => district.to_string(),
        StatsBy::Category => category.to_string(),
        StatsBy::Level => level.to_string(),
        StatsBy::Source => source.to_string(),
        StatsBy::Month => found.format("%Y-%m").to_string(),
    }
}

/// Sums of the running totals grouped by one column (cast back to bigint: PostgreSQL
/// sums bigints as numeric).
async fn sums<K: sea_orm::TryGetable>(
    store: &Store,
    q: sea_orm::Select<hazard_tally::Entity>,
    key: hazard_tally::Column,
) -> Result<Vec<(K, [i64; 4])>> {
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func};
    let sum = |c: hazard_tally::Column| {
        Expr::expr(Func::cast_as(Expr::col(c).sum(), Alias::new("bigint")))
    };
    type Sums<K> = (K, Option<i64>, Option<i64>, Option<i64>, Option<i64>);
    let rows: Vec<Sums<K>> = q
        .column(key)
        .column_as(sum(hazard_tally::Column::Found), "found")
        .column_as(sum(hazard_tally::Column::Closed), "closed")
        .column_as(sum(hazard_tally::Column::CloseDays), "close_days")
        .column_as(sum(hazard_tally::Column::OnSpot), "on_spot")
        .group_by(key)
        .into_tuple()
        .all(store.r())
        .await?;
    Ok(rows
        .into_iter()
        .map(|(k, a, b, c, d)| {
            (
                k,
                [
                    a.unwrap_or(0),
                    b.unwrap_or(0),
                    c.unwrap_or(0),
                    d.unwrap_or(0),
                ],
            )
        })
        .collect())
}

/// Rows counted by the database, grouped by one expression.
async fn counts<K: sea_orm::TryGetable>(
    store: &Store,
    q: sea_orm::Select<hazard::Entity>,
    key: sea_orm::sea_query::Expr,
) -> Result<Vec<(K, i64)>> {
    use sea_orm::sea_query::{Alias, Func};
    let rows: Vec<(K, Option<i64>)> = q
        .column_as(key.clone(), "k")
        .column_as(
            Expr::expr(Func::cast_as(Expr::cust("COUNT(*)"), Alias::new("bigint"))),
            "n",
        )
        .group_by(key)
        .into_tuple()
        .all(store.r())
        .await?;
    Ok(rows.into_iter().map(|(k, n)| (k, n.unwrap_or(0))).collect())
}
