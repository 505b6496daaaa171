//! The deadline grammar: `3月份`, `5-7月份`, `6月底前`, `2021年6月底前`, `上半年`, `全年`,
//! `长期坚持`, `每季度` … See the crate README for the full list.

use chrono::{Datelike, Days, NaiveDate};

use crate::chars::{ascii_digit, cn_digit, cn_value, is_space};
use crate::{Deadline, DeadlineKind, Period};

/// The result of reading one deadline text.
#[derive(Debug, Clone)]
pub struct ParsedDeadline {
    pub deadline: Deadline,
    /// Warnings for the task (Chinese sentences).
    pub warnings: Vec<String>,
    /// True when the text was read (kind is not `unknown`).
    pub readable: bool,
    /// True when the text names more than a bare year (`2021年`): used to accept a
    /// bracket holding only a deadline as an assignment.
    pub specific: bool,
}

/// Reads a deadline text. `year` is the plan year, used when the text names none.
pub fn parse_deadline(text: &str, year: Option<i32>) -> ParsedDeadline {
    let text = crate::chars::trim(text);
    let shown = text.trim_end_matches(['。', '；', ';', '，', ',', '.']);
    let mut out = ParsedDeadline {
        deadline: Deadline {
            text: shown.to_string(),
            kind: DeadlineKind::Unknown,
            start: None,
            end: None,
            period: None,
        },
        warnings: Vec::new(),
        readable: false,
        specific: false,
    };
    let norm = normalize(shown);
    if norm.is_empty() {
        out.warnings
            .push(format!("无法识别完成时限“{shown}”，未换算为日期"));
        return out;
    }

    if let Some((period, word)) = recurring_period(&norm) {
        out.deadline.kind = DeadlineKind::Recurring;
        out.deadline.period = Some(period);
        out.readable = true;
        out.specific = true;
        // Dates named beside the period: `全年每季度`, `3月起每月`, `2021年6-12月每月`.
        let rest: String = norm.iter().collect::<String>().replacen(word, "，", 1);
        let rest: Vec<char> = rest.chars().collect();
        let values: Vec<Value> = split_parts(&rest)
            .filter_map(|p| parse_part(p, year))
            .collect();
        out.deadline.start = values.iter().filter_map(|v| v.start).min();
        out.deadline.end = values.iter().filter_map(|v| v.end).max();
        return out;
    }

    let (ongoing, rest) = strip_ongoing(&norm);
    let mut values = Vec::new();
    let mut failed = Vec::new();
    for part in
        rest.split(|c| matches!(c, '，' | ',' | '；' | ';' | '、' | '和' | '及' | '与' | '/'))
    {
        if part.is_empty() {
            continue;
        }
        match parse_part(part, year) {
            Some(v) => values.push(v),
            None => {
                if part
                    .iter()
                    .any(|c| c.is_ascii_digit() || matches!(c, '月' | '季' | '日' | '旬'))
                {
                    failed.push(part.iter().collect::<String>());
                }
            }
        }
    }

    if values.is_empty() && !ongoing {
        out.warnings
            .push(format!("无法识别完成时限“{shown}”，未换算为日期"));
        return out;
    }
    for f in &failed {
        out.warnings
            .push(format!("完成时限中的“{f}”未能识别，已忽略"));
    }
    out.readable = true;
    out.specific = ongoing || values.iter().any(|v| v.specific);
    for v in &mut values {
        out.warnings.append(&mut v.warnings);
    }
    if values.len() > 1 {
        out.warnings
            .push("完成时限包含多个时间，已按最早开始、最晚截止处理".to_string());
    }

    let start = values.iter().filter_map(|v| v.start).min();
    let end = values.iter().filter_map(|v| v.end).max();
    if ongoing || values.iter().any(|v| v.kind == DeadlineKind::Ongoing) {
        out.deadline.kind = DeadlineKind::Ongoing;
        out.deadline.start = start;
        out.deadline.end = None;
    } else if values.iter().all(|v| v.kind == DeadlineKind::By) {
        out.deadline.kind = DeadlineKind::By;
        out.deadline.end = end;
    } else {
        out.deadline.kind = DeadlineKind::Window;
        out.deadline.start = start;
        out.deadline.end = end;
    }
    out
}

/// Normalised characters: no white space, ASCII digits, every dash or `至`/`到` as `-`,
/// `截至`/`截止` and the like removed.
fn normalize(s: &str) -> Vec<char> {
    let mut s = s.to_string();
    for w in ["截止至", "截止到", "截至", "截止", "直至"] {
        s = s.replace(w, "");
    }
    let mut out: Vec<char> = Vec::with_capacity(s.len());
    for c in s.chars() {
        if is_space(c) {
            continue;
        }
        let c = match ascii_digit(c) {
            Some(d) => char::from_digit(d, 10).unwrap_or(c),
            None => c,
        };
        match c {
            '-' | '－' | '—' | '–' | '―' | '‐' | '‑' | '~' | '～' | '〜' | '至' | '到' => {
                if out.last() != Some(&'-') {
                    out.push('-');
                }
            }
            '（' | '(' | '）' | ')' | '“' | '”' | '"' => {}
            _ => out.push(c),
        }
    }
    while out
        .last()
        .is_some_and(|c| matches!(c, '。' | '.' | '；' | ';' | '，' | ','))
    {
        out.pop();
    }
    out
}

/// Parts of a deadline text listing several dates.
fn split_parts(s: &[char]) -> impl Iterator<Item = &[char]> {
    s.split(|c| matches!(c, '，' | ',' | '；' | ';' | '、' | '和' | '及' | '与' | '/'))
        .filter(|p| !p.is_empty())
}

fn contains(hay: &[char], needle: &str) -> bool {
    let n: Vec<char> = needle.chars().collect();
    !n.is_empty() && hay.windows(n.len()).any(|w| w == n.as_slice())
}

fn recurring_period(s: &[char]) -> Option<(Period, &'static str)> {
    const TABLE: &[(&str, Period)] = &[
        ("每半年", Period::HalfYearly),
        ("每个季度", Period::Quarterly),
        ("每季度", Period::Quarterly),
        ("每季", Period::Quarterly),
        ("按季度", Period::Quarterly),
        ("每个月", Period::Monthly),
        ("每月", Period::Monthly),
        ("按月", Period::Monthly),
        ("每周", Period::Weekly),
        ("每星期", Period::Weekly),
        ("每年", Period::Yearly),
        ("按年度", Period::Yearly),
    ];
    TABLE
        .iter()
        .find(|(w, _)| contains(s, w))
        .map(|(w, p)| (*p, *w))
}

/// Removes an "ongoing" keyword; returns whether one was found and the rest.
fn strip_ongoing(s: &[char]) -> (bool, Vec<char>) {
    const WORDS: &[&str] = &[
        "长期坚持",
        "长期开展",
        "长期推进",
        "持续推进",
        "持续开展",
        "持续实施",
        "常态化推进",
        "常态化开展",
        "常态化",
        "长期",
        "持续",
        "长效",
        "经常性",
        "日常",
        "随时",
        "不定期",
    ];
    let mut rest: String = s.iter().collect();
    let mut found = false;
    for w in WORDS {
        if rest.contains(w) {
            rest = rest.replace(w, "，");
            found = true;
        }
    }
    (found, rest.chars().collect())
}

#[derive(Debug, Clone)]
struct Value {
    kind: DeadlineKind,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    specific: bool,
    warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Pt {
    Year,
    Whole,
    Half(u8),
    YearEnd,
    Quarter(u32),
    QuarterEnd(u32),
    Month(u32),
    MonthEnd(u32),
    MonthPart(u32, u8),
    Day(u32, u32),
    Bare(u32),
}

#[derive(Debug, Clone, Copy)]
struct Point {
    /// The year written in the text, if any.
    explicit: Option<i32>,
    pt: Pt,
}

struct P<'a> {
    c: &'a [char],
    i: usize,
}

impl P<'_> {
    fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }

    fn eat(&mut self, s: &str) -> bool {
        let mut j = self.i;
        for ch in s.chars() {
            if self.c.get(j) != Some(&ch) {
                return false;
            }
            j += 1;
        }
        self.i = j;
        true
    }

    fn eat_any(&mut self, list: &[&str]) -> bool {
        list.iter().any(|s| self.eat(s))
    }

    /// A number of up to 4 ASCII digits or a Chinese numeral up to 99.
    fn num(&mut self) -> Option<u32> {
        let start = self.i;
        let mut v: u32 = 0;
        while let Some(c) = self.peek() {
            match c.to_digit(10) {
                Some(d) if self.i - start < 4 => {
                    v = v * 10 + d;
                    self.i += 1;
                }
                _ => break,
            }
        }
        if self.i > start {
            if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.i = start;
                return None;
            }
            return Some(v);
        }
        let mut end = start;
        while end < self.c.len() && end - start < 3 && cn_digit(self.c[end]).is_some() {
            end += 1;
        }
        // Longest numeral first: 十二 before 十.
        while end > start {
            let s: String = self.c[start..end].iter().collect();
            if let Some(v) = cn_value(&s) {
                self.i = end;
                return Some(v);
            }
            end -= 1;
        }
        None
    }

    /// `2021年` (or `2021年度`).
    fn year(&mut self) -> Option<i32> {
        let start = self.i;
        let digits = self.c.get(start..start + 4)?;
        if !digits.iter().all(|c| c.is_ascii_digit()) {
            return None;
        }
        if self.c.get(start + 4) != Some(&'年') {
            return None;
        }
        let y: i32 = digits.iter().collect::<String>().parse().ok()?;
        if !(1900..=2200).contains(&y) {
            return None;
        }
        self.i = start + 5;
        self.eat("度");
        Some(y)
    }

    fn point(&mut self, ctx_month: Option<u32>) -> Option<Point> {
        let save = self.i;
        let explicit = self.year();
        let pt = self.point_body(explicit.is_some(), ctx_month);
        match pt {
            Some(pt) => Some(Point { explicit, pt }),
            None => {
                self.i = save;
                None
            }
        }
    }

    fn point_body(&mut self, has_year: bool, ctx_month: Option<u32>) -> Option<Pt> {
        if self.eat("全年") {
            return Some(Pt::Whole);
        }
        if self.eat("上半年") {
            return Some(Pt::Half(1));
        }
        if self.eat("下半年") {
            return Some(Pt::Half(2));
        }
        if self.eat_any(&["年底", "年末", "年内", "年终"]) {
            return Some(Pt::YearEnd);
        }
        if has_year && self.eat_any(&["底", "末", "内"]) {
            return Some(Pt::YearEnd);
        }
        let save = self.i;
        self.eat("第");
        if let Some(q) = self.num()
            && self.eat_any(&["季度", "季"])
        {
            if !(1..=4).contains(&q) {
                return None;
            }
            if self.eat_any(&["末", "底"]) {
                return Some(Pt::QuarterEnd(q));
            }
            return Some(Pt::Quarter(q));
        }
        self.i = save;
        if let Some(n) = self.num() {
            if self.eat("月") {
                self.eat("份");
                if !(1..=12).contains(&n) {
                    return None;
                }
                let s3 = self.i;
                if let Some(d) = self.num()
                    && self.eat_any(&["日", "号"])
                {
                    return valid_day(n, d).then_some(Pt::Day(n, d));
                }
                self.i = s3;
                if self.eat("上旬") {
                    return Some(Pt::MonthPart(n, 1));
                }
                if self.eat("中旬") {
                    return Some(Pt::MonthPart(n, 2));
                }
                if self.eat("下旬") {
                    return Some(Pt::MonthPart(n, 3));
                }
                if self.eat_any(&["底", "末"]) {
                    return Some(Pt::MonthEnd(n));
                }
                if self.eat("中") {
                    return Some(Pt::MonthPart(n, 2));
                }
                return Some(Pt::Month(n));
            }
            if self.eat_any(&["日", "号"]) {
                let m = ctx_month?;
                return valid_day(m, n).then_some(Pt::Day(m, n));
            }
            if self.peek() == Some('-') {
                return Some(Pt::Bare(n));
            }
            return None;
        }
        if has_year {
            return Some(Pt::Year);
        }
        None
    }
}

fn valid_day(m: u32, d: u32) -> bool {
    NaiveDate::from_ymd_opt(2000, m, d).is_some()
}

fn month_of(pt: Pt) -> Option<u32> {
    match pt {
        Pt::Month(m) | Pt::MonthEnd(m) | Pt::MonthPart(m, _) | Pt::Day(m, _) => Some(m),
        _ => None,
    }
}

fn last_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

fn first_day(y: Option<i32>, pt: Pt) -> Option<NaiveDate> {
    let y = y?;
    let (m, d) = match pt {
        Pt::Year | Pt::Whole | Pt::YearEnd => (1, 1),
        Pt::Half(h) => (if h == 1 { 1 } else { 7 }, 1),
        Pt::Quarter(q) | Pt::QuarterEnd(q) => (q * 3 - 2, 1),
        Pt::Month(m) | Pt::MonthEnd(m) | Pt::Bare(m) => (m, 1),
        Pt::MonthPart(m, p) => (m, [1, 11, 21][usize::from(p.clamp(1, 3)) - 1]),
        Pt::Day(m, d) => (m, d),
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

fn last_day(y: Option<i32>, pt: Pt) -> Option<NaiveDate> {
    let y = y?;
    match pt {
        Pt::Year | Pt::Whole | Pt::YearEnd => NaiveDate::from_ymd_opt(y, 12, 31),
        Pt::Half(h) => {
            if h == 1 {
                NaiveDate::from_ymd_opt(y, 6, 30)
            } else {
                NaiveDate::from_ymd_opt(y, 12, 31)
            }
        }
        Pt::Quarter(q) | Pt::QuarterEnd(q) => last_of_month(y, q * 3),
        Pt::Month(m) | Pt::MonthEnd(m) | Pt::Bare(m) => last_of_month(y, m),
        Pt::MonthPart(m, p) => match p {
            1 => NaiveDate::from_ymd_opt(y, m, 10),
            2 => NaiveDate::from_ymd_opt(y, m, 20),
            _ => last_of_month(y, m),
        },
        Pt::Day(m, d) => NaiveDate::from_ymd_opt(y, m, d),
    }
}

/// Words that may follow a deadline without changing it.
fn rest_is_harmless(rest: &[char]) -> bool {
    !rest
        .iter()
        .any(|c| c.is_ascii_digit() || matches!(c, '月' | '季' | '旬' | '-'))
}

fn parse_part(part: &[char], year: Option<i32>) -> Option<Value> {
    let mut p = P { c: part, i: 0 };
    // Leading words that carry no date.
    loop {
        if p.eat_any(&[
            "自即日起",
            "即日起",
            "即日",
            "现在起",
            "从现在起",
            "计划于",
            "计划",
            "预计",
            "力争",
            "确保",
            "争取",
            "务必",
            "要在",
            "于",
            "在",
            "自",
            "从",
            "-",
        ]) {
            continue;
        }
        break;
    }
    let by_only = part.first() == Some(&'-')
        || part.starts_with(&['即', '日'])
        || part.starts_with(&['自', '即']);
    let a = p.point(None)?;
    let mut warnings = Vec::new();
    let value;
    if p.peek() == Some('-') {
        p.i += 1;
        let b = p.point(month_of(a.pt))?;
        let a_pt = match (a.pt, b.pt) {
            (Pt::Bare(n), Pt::Month(_) | Pt::MonthEnd(_) | Pt::MonthPart(..) | Pt::Day(..)) => {
                if !(1..=12).contains(&n) {
                    return None;
                }
                Pt::Month(n)
            }
            (Pt::Bare(n), Pt::Quarter(_) | Pt::QuarterEnd(_)) => {
                if !(1..=4).contains(&n) {
                    return None;
                }
                Pt::Quarter(n)
            }
            (Pt::Bare(_), _) => return None,
            (_, Pt::Bare(_)) => return None,
            (x, _) => x,
        };
        let ya = a.explicit.or(b.explicit).or(year);
        let mut yb = b.explicit.or(a.explicit).or(year);
        let start = first_day(ya, a_pt);
        let mut end = last_day(yb, b.pt);
        if let (Some(s), Some(e)) = (start, end)
            && e < s
            && b.explicit.is_none()
        {
            yb = yb.map(|y| y + 1);
            end = last_day(yb, b.pt);
            warnings.push("完成时限跨年，截止日期按次年处理".to_string());
        }
        p.eat_any(&["之前", "以前", "前"]);
        value = Value {
            kind: DeadlineKind::Window,
            start,
            end,
            specific: true,
            warnings,
        };
    } else if let Pt::Bare(_) = a.pt {
        return None;
    } else {
        let y = a.explicit.or(year);
        let before = p.eat_any(&["之前", "以前", "前"]);
        let from = !before && p.eat_any(&["起", "开始", "以后", "以来"]);
        let specific = a.pt != Pt::Year;
        if from {
            value = Value {
                kind: DeadlineKind::Ongoing,
                start: first_day(y, a.pt),
                end: None,
                specific,
                warnings,
            };
        } else if before && matches!(a.pt, Pt::Month(_) | Pt::Quarter(_) | Pt::Year) {
            // "6月前": read literally, before June 1st.
            let first = first_day(y, a.pt);
            let end = first.and_then(|d| d.checked_sub_days(Days::new(1)));
            let written: String = part[..p.i].iter().collect();
            let label = match a.pt {
                Pt::Month(m) => format!("{m}月1日"),
                Pt::Quarter(q) => format!("第{q}季度开始"),
                _ => "当年1月1日".to_string(),
            };
            match end {
                Some(e) => warnings.push(format!(
                    "“{written}”按{label}之前理解，截止{}月{}日",
                    e.month(),
                    e.day()
                )),
                None => warnings.push(format!("“{written}”按{label}之前理解")),
            }
            value = Value {
                kind: DeadlineKind::By,
                start: None,
                end,
                specific,
                warnings,
            };
        } else {
            let window = !before
                && !by_only
                && matches!(
                    a.pt,
                    Pt::Year
                        | Pt::Whole
                        | Pt::Half(_)
                        | Pt::Quarter(_)
                        | Pt::Month(_)
                        | Pt::MonthPart(..)
                );
            value = if window {
                Value {
                    kind: DeadlineKind::Window,
                    start: first_day(y, a.pt),
                    end: last_day(y, a.pt),
                    specific,
                    warnings,
                }
            } else {
                Value {
                    kind: DeadlineKind::By,
                    start: None,
                    end: last_day(y, a.pt),
                    specific,
                    warnings,
                }
            };
        }
    }
    if !rest_is_harmless(&part[p.i..]) {
        return None;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    fn check(text: &str, kind: DeadlineKind, start: Option<&str>, end: Option<&str>) {
        let p = parse_deadline(text, Some(2021));
        assert_eq!(p.deadline.kind, kind, "{text}: {p:?}");
        assert_eq!(p.deadline.start, start.and_then(d), "{text} start");
        assert_eq!(p.deadline.end, end.and_then(d), "{text} end");
    }

    use DeadlineKind::*;

    #[test]
    fn months_and_ranges() {
        check("3月份", Window, Some("2021-03-01"), Some("2021-03-31"));
        check("2月", Window, Some("2021-02-01"), Some("2021-02-28"));
        check("三月", Window, Some("2021-03-01"), Some("2021-03-31"));
        check("十二月底前", By, None, Some("2021-12-31"));
        check("5-7月份", Window, Some("2021-05-01"), Some("2021-07-31"));
        check("9-12月份", Window, Some("2021-09-01"), Some("2021-12-31"));
        check("5—7月", Window, Some("2021-05-01"), Some("2021-07-31"));
        check("5月-7月", Window, Some("2021-05-01"), Some("2021-07-31"));
        check("５月至７月", Window, Some("2021-05-01"), Some("2021-07-31"));
        check(
            "3月1日-3月15日",
            Window,
            Some("2021-03-01"),
            Some("2021-03-15"),
        );
        check(
            "3月1日-15日",
            Window,
            Some("2021-03-01"),
            Some("2021-03-15"),
        );
        check("3月至6月底", Window, Some("2021-03-01"), Some("2021-06-30"));
        check(
            "2021年9月-2022年3月",
            Window,
            Some("2021-09-01"),
            Some("2022-03-31"),
        );
    }

    #[test]
    fn by_dates() {
        check("6月底前", By, None, Some("2021-06-30"));
        check("6月底", By, None, Some("2021-06-30"));
        check("6月末", By, None, Some("2021-06-30"));
        check("3月15日前", By, None, Some("2021-03-15"));
        check("3月15号之前", By, None, Some("2021-03-15"));
        check("2022年6月底前", By, None, Some("2022-06-30"));
        check("2022年6月底前完成", By, None, Some("2022-06-30"));
        check("年底前", By, None, Some("2021-12-31"));
        check("2021年底前", By, None, Some("2021-12-31"));
        check("年内", By, None, Some("2021-12-31"));
        check("于6月30日前完成", By, None, Some("2021-06-30"));
        check("截至9月底", By, None, Some("2021-09-30"));
        check("即日起至6月底", By, None, Some("2021-06-30"));
        check("三季度末", By, None, Some("2021-09-30"));
        check("6月中旬前", By, None, Some("2021-06-20"));
    }

    #[test]
    fn halves_quarters_year() {
        check("上半年", Window, Some("2021-01-01"), Some("2021-06-30"));
        check("下半年", Window, Some("2021-07-01"), Some("2021-12-31"));
        check("全年", Window, Some("2021-01-01"), Some("2021-12-31"));
        check("2022年全年", Window, Some("2022-01-01"), Some("2022-12-31"));
        check("第二季度", Window, Some("2021-04-01"), Some("2021-06-30"));
        check("一季度", Window, Some("2021-01-01"), Some("2021-03-31"));
        check("6月上旬", Window, Some("2021-06-01"), Some("2021-06-10"));
    }

    #[test]
    fn ongoing_and_recurring() {
        check("长期坚持", Ongoing, None, None);
        check("持续推进", Ongoing, None, None);
        check("常态化", Ongoing, None, None);
        check("3月起长期坚持", Ongoing, Some("2021-03-01"), None);
        check("3月起", Ongoing, Some("2021-03-01"), None);
        let p = parse_deadline("每月", Some(2021));
        assert_eq!(p.deadline.kind, Recurring);
        assert_eq!(p.deadline.period, Some(Period::Monthly));
        let p = parse_deadline("每季度", Some(2021));
        assert_eq!(p.deadline.period, Some(Period::Quarterly));
        let p = parse_deadline("每月5日前报送", Some(2021));
        assert_eq!(p.deadline.period, Some(Period::Monthly));
        assert_eq!(p.deadline.end, None);
        let p = parse_deadline("全年每季度", Some(2021));
        assert_eq!(p.deadline.kind, Recurring);
        assert_eq!(p.deadline.period, Some(Period::Quarterly));
        assert_eq!(
            (p.deadline.start, p.deadline.end),
            (d("2021-01-01"), d("2021-12-31"))
        );
        let p = parse_deadline("3月起每月", Some(2021));
        assert_eq!((p.deadline.start, p.deadline.end), (d("2021-03-01"), None));
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn guesses_are_warned() {
        let p = parse_deadline("6月前", Some(2021));
        assert_eq!(p.deadline.kind, By);
        assert_eq!(p.deadline.end, d("2021-05-31"));
        assert_eq!(p.warnings, vec!["“6月前”按6月1日之前理解，截止5月31日"]);

        let p = parse_deadline("11-2月", Some(2021));
        assert_eq!(p.deadline.end, d("2022-02-28"));
        assert_eq!(p.warnings, vec!["完成时限跨年，截止日期按次年处理"]);

        let p = parse_deadline("3月份启动，6月底前完成", Some(2021));
        assert_eq!(p.deadline.kind, Window);
        assert_eq!(p.deadline.start, d("2021-03-01"));
        assert_eq!(p.deadline.end, d("2021-06-30"));
        assert_eq!(p.warnings.len(), 1);
    }

    #[test]
    fn unreadable_keeps_text() {
        for t in ["立即", "尽快", "13月", "2月30日", "按上级要求", ""] {
            let p = parse_deadline(t, Some(2021));
            assert_eq!(p.deadline.kind, Unknown, "{t}");
            assert_eq!(p.deadline.text, t);
            assert_eq!((p.deadline.start, p.deadline.end), (None, None));
            assert!(p.warnings[0].starts_with("无法识别完成时限"), "{t}");
        }
    }

    #[test]
    fn without_a_year_no_dates() {
        let p = parse_deadline("3月份", None);
        assert_eq!(p.deadline.kind, Window);
        assert_eq!((p.deadline.start, p.deadline.end), (None, None));
        let p = parse_deadline("2022年3月份", None);
        assert_eq!(p.deadline.start, d("2022-03-01"));
    }

    #[test]
    fn harmless_words_after() {
        check("6月底前完成排查、整改", By, None, Some("2021-06-30"));
        check(
            "全年，重点在汛期",
            Window,
            Some("2021-01-01"),
            Some("2021-12-31"),
        );
    }
}
