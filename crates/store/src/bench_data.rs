//! Realistic, reproducible bulk data for benchmarks (and, later, `anzhi bench-data`):
//! enterprises spread over the districts and industry categories with valid credit
//! codes, and hazards over three years with realistic sources, levels, states,
//! deadlines, overdue shares and closing times. Written in large batches straight
//! to the tables, with the same derived data the normal writes keep (name bigrams,
//! hazard numbers, running totals), so every query sees what it would in production.

use std::collections::HashMap;

use anzhi_domain::OrgKind;
use anzhi_domain::hazard::{Level, Source, State};
use chrono::{Duration, NaiveDate};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::entity::{counter, enterprise, hazard, hazard_category, industry_category, org};
use crate::{Result, Store};

/// A small, fast, reproducible generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// 0..n
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// true with probability `p` percent.
    pub fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

const PLACES: [&str; 24] = [
    "椰城",
    "南海",
    "琼州",
    "滨海",
    "万绿",
    "海甸",
    "白沙",
    "龙昆",
    "金盘",
    "国兴",
    "府城",
    "长流",
    "西秀",
    "东山",
    "红旗",
    "三江",
    "灵山",
    "演丰",
    "新埠",
    "大致坡",
    "永兴",
    "石山",
    "遵谭",
    "龙塘",
];
const WORDS: [&str; 16] = [
    "鑫源", "华联", "惠民", "佳乐", "恒信", "万家", "福润", "宏达", "金海", "益民", "嘉禾", "新宇",
    "瑞丰", "和顺", "椰风", "海韵",
];
const KINDS: [(&str, &str); 8] = [
    ("购物广场有限公司", "大型商业综合体/商场"),
    ("超市有限公司", "超市"),
    ("农贸市场管理有限公司", "农贸市场"),
    ("餐饮管理有限公司", "餐饮"),
    ("石油销售有限公司", "成品油零售"),
    ("酒店管理有限公司", "住宿"),
    ("批发市场有限公司", "批发市场"),
    ("汽车销售服务有限公司", "汽车销售"),
];
const FINDINGS: [&str; 12] = [
    "疏散通道堆放杂物",
    "安全出口指示灯不亮",
    "灭火器压力不足或过期",
    "配电箱前堆放货物",
    "电气线路私拉乱接",
    "燃气报警装置未正常工作",
    "消防栓被遮挡",
    "应急照明灯损坏",
    "员工未经安全培训上岗",
    "货架超高堆放存在倒塌风险",
    "厨房排油烟管道未定期清洗",
    "防火门处于常开状态且闭门器损坏",
];

fn credit_code(serial: u64) -> String {
    let head = format!("9146019{}MA{:07}", serial % 10, serial % 10_000_000);
    let c = anzhi_domain::validate::credit_code_check_char(&head).unwrap_or('0');
    format!("{head}{c}")
}

impl Store {
    /// Adds `n` enterprises (in operation) under the district bureaus; returns
    /// (enterprise, district) of every enterprise now registered.
    pub async fn bench_fill_enterprises(&self, n: u64, seed: u64) -> Result<Vec<(Uuid, Uuid)>> {
        let mut rng = Rng::new(seed);
        let districts: Vec<(Uuid, String)> = org::Entity::find()
            .filter(org::Column::Kind.eq(OrgKind::District.code()))
            .all(self.r())
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let categories: HashMap<String, Uuid> = industry_category::Entity::find()
            .all(self.r())
            .await?
            .into_iter()
            .map(|c| (c.name, c.id))
            .collect();
        let now = crate::now();
        let mut done = 0;
        while done < n {
            let batch = (n - done).min(5_000);
            let txn = self.tx().await?;
            let mut orgs = Vec::with_capacity(batch as usize);
            let mut rows = Vec::with_capacity(batch as usize);
            let mut names = Vec::with_capacity(batch as usize);
            for i in 0..batch {
                let serial = 700_000 + done + i;
                let (d, dname) = rng.pick(&districts).clone();
                let (kind, cat) = *rng.pick(&KINDS);
                let short = dname.trim_end_matches("商务局");
                let name = format!(
                    "海口{}{}{}{}（{}）",
                    rng.pick(&PLACES),
                    rng.pick(&WORDS),
                    kind,
                    serial,
                    short
                );
                let id = Uuid::now_v7();
                orgs.push(org::ActiveModel {
                    id: Set(id),
                    name: Set(name.clone()),
                    kind: Set(OrgKind::Enterprise.code().into()),
                    parent_id: Set(Some(d)),
                    code: Set(Some(credit_code(serial))),
                    sort_order: Set(0),
                    created_at: Set(now - Duration::days(1200)),
                    updated_at: Set(now),
                });
                rows.push(enterprise::ActiveModel {
                    org_id: Set(id),
                    category_id: Set(categories.get(cat).copied()),
                    is_key: Set(rng.percent(10)),
                    address: Set(Some(format!(
                        "海口市{}路{}号",
                        rng.pick(&PLACES),
                        serial % 500
                    ))),
                    longitude: Set(None),
                    latitude: Set(None),
                    legal_rep: Set(Some(format!("法人{}", serial % 97))),
                    principal: Set(Some(format!("负责人{}", serial % 89))),
                    principal_phone: Set(None),
                    principal_phone_masked: Set(None),
                    safety_manager: Set(Some(format!("安全员{}", serial % 83))),
                    safety_manager_phone: Set(None),
                    safety_manager_phone_masked: Set(None),
                    employees: Set(Some(10 + (serial % 300) as i64)),
                    floor_area: Set(Some(200.0 + (serial % 9000) as f64)),
                    status: Set("operating".into()),
                    profile_score: Set(0),
                    updated_at: Set(now),
                });
                names.push((id, name));
            }
            for chunk in orgs.chunks(1_000) {
                org::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&txn)
                    .await?;
            }
            for chunk in rows.chunks(1_000) {
                enterprise::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&txn)
                    .await?;
            }
            crate::enterprises::insert_grams(&txn, &names).await?;
            txn.commit().await?;
            done += batch;
        }
        Ok(org::Entity::find()
            .filter(org::Column::Kind.eq(OrgKind::Enterprise.code()))
            .all(self.r())
            .await?
            .into_iter()
            .filter_map(|o| o.parent_id.map(|d| (o.id, d)))
            .collect())
    }

    /// Adds `n` hazards of these enterprises found over the three years before
    /// `today`: mostly closed, a few percent open and overdue, recent ones in every
    /// state; numbers, running totals and counters kept as the normal writes keep them.
    pub async fn bench_fill_hazards(
        &self,
        enterprises: &[(Uuid, Uuid)],
        n: u64,
        seed: u64,
        today: NaiveDate,
    ) -> Result<u64> {
        // A bulk load: the secondary indexes are dropped and built again at the end
        // (one sorted build each instead of a million scattered inserts).
        let suspended = self.suspend_indexes("hazards").await?;
        let mut rng = Rng::new(seed);
        let categories: Vec<Uuid> = hazard_category::Entity::find()
            .all(self.r())
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        let sources: [(Source, u64); 6] = [
            (Source::SelfCheck, 45),
            (Source::DistrictCheck, 30),
            (Source::BureauSupervision, 8),
            (Source::SpecialCheck, 10),
            (Source::PublicReport, 4),
            (Source::Other, 3),
        ];
        let mut numbers: HashMap<i32, i64> = HashMap::new();
        for c in counter::Entity::find().all(self.r()).await? {
            if let Some(y) = c.name.strip_prefix("hazard:").and_then(|y| y.parse().ok()) {
                numbers.insert(y, c.value);
            }
        }
        type Key = (Uuid, String, Uuid, &'static str, &'static str);
        let mut tally: HashMap<Key, [i64; 4]> = HashMap::new();
        let now = crate::now();
        let author = Uuid::nil();
        let mut done = 0;
        while done < n {
            let batch = (n - done).min(20_000);
            let txn = self.tx().await?;
            let mut rows = Vec::with_capacity(batch as usize);
            for _ in 0..batch {
                let (e, d) = *rng.pick(enterprises);
                let k = *rng.pick(&categories);
                let mut roll = rng.below(100);
                let source = sources
                    .iter()
                    .find(|(_, w)| {
                        if roll < *w {
                            true
                        } else {
                            roll -= w;
                            false
                        }
                    })
                    .map(|(s, _)| *s)
                    .unwrap_or(Source::Other);
                let level = if rng.percent(3) {
                    Level::Major
                } else {
                    Level::General
                };
                let age = rng.below(3 * 365) as i64;
                let found_on = today - Duration::days(age);
                let deadline = found_on
                    + Duration::days(match level {
                        Level::General => 30,
                        Level::Major => 15,
                    });
                let on_spot =
                    level == Level::General && source == Source::SelfCheck && rng.percent(40);
                let state = if on_spot {
                    State::Closed
                } else if age > 60 {
                    match rng.below(100) {
                        0..=96 => State::Closed,
                        97 => State::Verifying,
                        98 => State::Rectifying,
                        _ => State::Pending,
                    }
                } else {
                    match rng.below(100) {
                        0..=44 => State::Closed,
                        45..=59 => State::Verifying,
                        60..=84 => State::Rectifying,
                        _ => State::Pending,
                    }
                };
                let closed_on = (state == State::Closed).then(|| {
                    if on_spot {
                        found_on
                    } else {
                        (found_on + Duration::days(1 + rng.below(45) as i64)).min(today)
                    }
                });
                let year = chrono::Datelike::year(&found_on);
                let seq = numbers.entry(year).or_insert(0);
                *seq += 1;
                let supervised = level == Level::Major;
                let t = tally
                    .entry((
                        d,
                        found_on.format("%Y-%m").to_string(),
                        k,
                        level.code(),
                        source.code(),
                    ))
                    .or_insert([0; 4]);
                t[0] += 1;
                if let Some(c) = closed_on {
                    t[1] += 1;
                    t[2] += (c - found_on).num_days();
                }
                t[3] += i64::from(on_spot);
                let at = anzhi_domain::time::china_day_start(found_on) + Duration::hours(9);
                rows.push(hazard::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    code: Set(format!("YH{year}{seq:06}")),
                    enterprise_id: Set(e),
                    district_id: Set(d),
                    source: Set(source.code().into()),
                    category_id: Set(k),
                    level: Set(level.code().into()),
                    state: Set(state.code().into()),
                    description: Set(format!(
                        "{}（{}号区域）",
                        rng.pick(&FINDINGS),
                        rng.below(30) + 1
                    )),
                    location: Set(Some(format!("{}楼", rng.below(6) + 1))),
                    found_on: Set(found_on),
                    found_by: Set(Some("检查人员".into())),
                    measures: Set(Some("立即整改，落实责任人".into())),
                    responsible: Set(Some(format!("责任人{}", rng.below(50)))),
                    deadline: Set(if on_spot { found_on } else { deadline }),
                    funds: Set(None),
                    fixed_on_spot: Set(on_spot),
                    self_check_id: Set(None),
                    supervision_kind: Set(supervised.then(|| "district".to_string())),
                    supervision_org_id: Set(supervised.then_some(d)),
                    supervised_by_name: Set(supervised.then(|| "区局督办人".to_string())),
                    supervised_at: Set(supervised.then_some(at)),
                    supervision_deadline: Set(supervised.then_some(deadline)),
                    supervision_note: Set(None),
                    plan: Set(None),
                    plan_at: Set(None),
                    rectified_note: Set(closed_on.map(|_| "已按要求整改".to_string())),
                    funds_spent: Set(None),
                    submitted_at: Set(closed_on.map(|_| at)),
                    verified_by_name: Set(closed_on.map(|_| "验收人".to_string())),
                    verified_by_org: Set(closed_on.map(|_| d)),
                    closed_at: Set(closed_on.map(anzhi_domain::time::china_day_start)),
                    closed_on: Set(closed_on),
                    returns: Set(0),
                    created_by: Set(author),
                    created_by_name: Set("演示数据".into()),
                    created_by_org: Set(Some(d)),
                    created_at: Set(at),
                    updated_at: Set(now),
                    inspection_id: Set(None),
                    inspection_item: Set(None),
                });
            }
            for chunk in rows.chunks(500) {
                hazard::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&txn)
                    .await?;
            }
            txn.commit().await?;
            done += batch;
        }
        let txn = self.tx().await?;
        for ((d, month, k, level, source), [found, closed, days, spot]) in tally {
            let first =
                NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").unwrap_or(today);
            crate::hazards::tally(&txn, d, first, k, level, source, found, closed, days, spot)
                .await?;
        }
        for (year, value) in numbers {
            let name = format!("hazard:{year}");
            counter::Entity::delete_by_id(name.clone())
                .exec(&txn)
                .await?;
            counter::Entity::insert(counter::ActiveModel {
                name: Set(name),
                value: Set(value),
            })
            .exec_without_returning(&txn)
            .await?;
        }
        txn.commit().await?;
        self.restore_indexes(suspended).await?;
        Ok(n)
    }

    /// Drops the non-unique secondary indexes of a table, returning the statements
    /// that create them again.
    async fn suspend_indexes(&self, table: &str) -> Result<Vec<(String, String)>> {
        use sea_orm::{ConnectionTrait, Statement};
        let c = self.raw_write_connection();
        let backend = c.get_database_backend();
        let sql = match backend {
            sea_orm::DatabaseBackend::Postgres => format!(
                "SELECT indexname AS name, indexdef AS sql FROM pg_indexes \
                 WHERE schemaname = current_schema() AND tablename = '{table}' \
                 AND indexdef NOT LIKE 'CREATE UNIQUE%'"
            ),
            _ => format!(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' \
                 AND tbl_name = '{table}' AND sql IS NOT NULL \
                 AND sql NOT LIKE 'CREATE UNIQUE%'"
            ),
        };
        let mut out = Vec::new();
        for row in c
            .query_all_raw(Statement::from_string(backend, sql))
            .await?
        {
            let name: String = row.try_get("", "name")?;
            let create: String = row.try_get("", "sql")?;
            out.push((name, create));
        }
        for (name, _) in &out {
            c.execute_unprepared(&format!("DROP INDEX {name}")).await?;
        }
        Ok(out)
    }

    async fn restore_indexes(&self, indexes: Vec<(String, String)>) -> Result<()> {
        use sea_orm::ConnectionTrait;
        let c = self.raw_write_connection();
        for (_, create) in indexes {
            c.execute_unprepared(&create).await?;
        }
        Ok(())
    }
}
