//! Property tests: the parser never panics, and generated plans round-trip.

mod common;

use anzhi_plan::{DeadlineKind, Period, SourceFormat, parse};
use chrono::NaiveDate;
use common::{SEED, docx_from_text};
use proptest::prelude::*;

/// Failing cases are saved next to this file (integration tests have no lib.rs for the
/// default source-parallel persistence).
fn persistence() -> Option<Box<dyn proptest::test_runner::FailurePersistence>> {
    Some(Box::new(
        proptest::test_runner::FileFailurePersistence::Direct("tests/props.proptest-regressions"),
    ))
}

// ---------------------------------------------------------------------------------------
// Never panics

const VOCAB: &[&str] = &[
    "一、",
    "二、",
    "（一）",
    "(二)",
    "1.",
    "2、",
    "３．",
    "（1）",
    "(2)",
    "①",
    "⑵",
    "牵头单位",
    "责任单位",
    "配合单位",
    "完成时限",
    "完成时间",
    "时间节点",
    "时限",
    "责任人",
    "：",
    ":",
    "。",
    "；",
    ";",
    "，",
    ",",
    "、",
    "（",
    "）",
    "(",
    ")",
    "〔",
    "〕",
    "【",
    "】",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "　",
    "\t",
    "|",
    "| 序号 | 工作任务 | 牵头单位 | 责任单位 | 完成时限 |\n",
    "|---|---|\n",
    "局办公室",
    "各区商务局",
    "各乡(镇)",
    "等",
    "等单位",
    "牵头",
    "配合",
    "负责",
    "3月份",
    "5-7月份",
    "9—12月",
    "6月底前",
    "3月15日前",
    "2021年",
    "2022年6月底前",
    "上半年",
    "下半年",
    "年底前",
    "全年",
    "长期坚持",
    "持续推进",
    "常态化",
    "每月",
    "每季度",
    "月",
    "日",
    "前",
    "季度",
    "第",
    "十二",
    "13月",
    "0月",
    "2月30日",
    "9999年",
    "-",
    "—",
    "至",
    "附件1：",
    "方案",
    "开展检查",
    "\u{feff}",
    "\u{200b}",
    "𠀀",
    "é",
    "\u{0}",
];

fn vocab_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(VOCAB).prop_map(str::to_string),
            1 => any::<String>(),
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: persistence(), ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048), year in prop::option::of(1900i32..2200)) {
        let _ = parse(&bytes, SourceFormat::Text, year);
        let _ = parse(&bytes, SourceFormat::Docx, year);
    }

    #[test]
    fn never_panics_on_plan_vocabulary(text in vocab_text(), year in prop::option::of(2000i32..2100)) {
        if let Ok(plan) = parse(text.as_bytes(), SourceFormat::Text, year) {
            prop_assert!(!plan.tasks.is_empty());
            for t in &plan.tasks {
                if let Some(d) = &t.deadline
                    && let (Some(s), Some(e)) = (d.start, d.end) {
                        prop_assert!(s <= e, "{:?}", d);
                    }
            }
        }
        let (gb, _, _) = encoding_rs::GB18030.encode(&text);
        let _ = parse(&gb, SourceFormat::Text, year);
        let _ = parse(&docx_from_text(&text), SourceFormat::Docx, year);
    }

    #[test]
    fn never_panics_on_a_damaged_seed(flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..20)) {
        let mut bytes = SEED.as_bytes().to_vec();
        let mut docx = docx_from_text(SEED);
        for (i, b) in &flips {
            let n = i.index(bytes.len());
            bytes[n] = *b;
            let n = i.index(docx.len());
            docx[n] = *b;
        }
        let _ = parse(&bytes, SourceFormat::Text, None);
        let _ = parse(&docx, SourceFormat::Docx, None);
    }
}

// ---------------------------------------------------------------------------------------
// Round trip

const UNITS: &[&str] = &[
    "局办公室",
    "局政策法规科",
    "各区商务局",
    "流通业发展科",
    "展览科",
    "网点办",
    "各商贸企业",
    "局各相关科室",
    "市消防救援支队",
    "各乡(镇)街道办",
    "市场监管部门",
];

const PHRASES: &[&str] = &[
    "开展安全检查",
    "加强宣传教育",
    "督促企业落实主体责任",
    "完善应急预案",
    "组织培训演练",
    "排查整治隐患",
    "建立工作台账",
    "强化部门协作联动",
    "推动标准化建设",
    "做好迎检准备",
];

const HEADINGS: &[&str] = &[
    "组织领导",
    "重点任务",
    "消防安全",
    "燃气安全",
    "专项整治",
    "宣传教育",
    "其他重点工作",
];

type Ymd = Option<(i32, u32, u32)>;

struct DeadlineCase {
    text: &'static str,
    kind: DeadlineKind,
    start: Ymd,
    end: Ymd,
    period: Option<Period>,
}

const fn dc(text: &'static str, kind: DeadlineKind, start: Ymd, end: Ymd) -> DeadlineCase {
    DeadlineCase {
        text,
        kind,
        start,
        end,
        period: None,
    }
}

const DEADLINES: &[DeadlineCase] = &[
    dc(
        "3月份",
        DeadlineKind::Window,
        Some((2021, 3, 1)),
        Some((2021, 3, 31)),
    ),
    dc(
        "5-7月份",
        DeadlineKind::Window,
        Some((2021, 5, 1)),
        Some((2021, 7, 31)),
    ),
    dc(
        "9—12月",
        DeadlineKind::Window,
        Some((2021, 9, 1)),
        Some((2021, 12, 31)),
    ),
    dc("6月底前", DeadlineKind::By, None, Some((2021, 6, 30))),
    dc("10月15日前", DeadlineKind::By, None, Some((2021, 10, 15))),
    dc("2022年3月底前", DeadlineKind::By, None, Some((2022, 3, 31))),
    dc(
        "上半年",
        DeadlineKind::Window,
        Some((2021, 1, 1)),
        Some((2021, 6, 30)),
    ),
    dc(
        "下半年",
        DeadlineKind::Window,
        Some((2021, 7, 1)),
        Some((2021, 12, 31)),
    ),
    dc("年底前", DeadlineKind::By, None, Some((2021, 12, 31))),
    dc(
        "全年",
        DeadlineKind::Window,
        Some((2021, 1, 1)),
        Some((2021, 12, 31)),
    ),
    dc(
        "第二季度",
        DeadlineKind::Window,
        Some((2021, 4, 1)),
        Some((2021, 6, 30)),
    ),
    dc("长期坚持", DeadlineKind::Ongoing, None, None),
    dc("持续推进", DeadlineKind::Ongoing, None, None),
    dc("常态化", DeadlineKind::Ongoing, None, None),
    DeadlineCase {
        text: "每月",
        kind: DeadlineKind::Recurring,
        start: None,
        end: None,
        period: Some(Period::Monthly),
    },
    DeadlineCase {
        text: "每季度",
        kind: DeadlineKind::Recurring,
        start: None,
        end: None,
        period: Some(Period::Quarterly),
    },
];

const SEPS: &[&str] = &["。", "；", ";", "，", ",", " ", "　", "。 "];
const BRACKETS: &[(&str, &str)] = &[("（", "）"), ("(", ")"), ("〔", "〕")];
const DEADLINE_LABELS: &[&str] = &["完成时限", "完成时间", "时间节点", "时限"];
const NUMBER_STYLES: &[&str] = &["{}. ", "{}、", "{}．", "（{}）", "({}) ", "circled"];

#[derive(Debug, Clone)]
struct GenItem {
    phrases: Vec<usize>,
    lead: Vec<&'static str>,
    resp: Vec<&'static str>,
    /// Responsible units written as 配合 (unlabelled form) or 配合单位.
    support: bool,
    deadline: Option<usize>,
    form: usize,
    sep: usize,
    order: Vec<usize>,
    bracket: usize,
    label: usize,
    fullwidth_colon: bool,
    numbered: bool,
    blank_after: bool,
}

fn dedup(v: Vec<usize>) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for i in v {
        if !out.contains(&UNITS[i]) {
            out.push(UNITS[i]);
        }
    }
    out
}

fn gen_item() -> impl Strategy<Value = GenItem> {
    (
        (
            prop::collection::vec(0..PHRASES.len(), 1..4),
            prop::collection::vec(0..UNITS.len(), 0..3),
            prop::collection::vec(0..UNITS.len(), 0..4),
            any::<bool>(),
            prop::option::weighted(0.8, 0..DEADLINES.len()),
        ),
        (
            0..4usize,
            0..SEPS.len(),
            Just(vec![0usize, 1, 2]).prop_shuffle(),
            0..BRACKETS.len(),
            0..DEADLINE_LABELS.len(),
            any::<bool>(),
            prop::bool::weighted(0.85),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (phrases, lead, resp, support, deadline),
                (form, sep, order, bracket, label, fullwidth_colon, numbered, blank_after),
            )| {
                let lead = dedup(lead);
                let mut resp = dedup(resp);
                if lead.is_empty() && resp.is_empty() && deadline.is_none() {
                    resp.push(UNITS[phrases[0] % UNITS.len()]);
                }
                GenItem {
                    phrases,
                    lead,
                    resp,
                    support,
                    deadline,
                    form,
                    sep,
                    order,
                    bracket,
                    label,
                    fullwidth_colon,
                    numbered,
                    blank_after,
                }
            },
        )
}

#[derive(Debug, Clone)]
struct GenSection {
    heading: usize,
    sub: Option<usize>,
    table: bool,
    number_style: usize,
    items: Vec<GenItem>,
}

fn gen_section() -> impl Strategy<Value = GenSection> {
    (
        0..HEADINGS.len(),
        prop::option::of(0..HEADINGS.len()),
        prop::bool::weighted(0.25),
        0..NUMBER_STYLES.len(),
        prop::collection::vec(gen_item(), 1..5),
    )
        .prop_map(|(heading, sub, table, number_style, items)| GenSection {
            heading,
            sub,
            table,
            number_style,
            items,
        })
}

const CN: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const CIRCLED: &[&str] = &["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩"];

struct Expected {
    section: String,
    number: String,
    text: String,
    lead: Vec<&'static str>,
    responsible: Vec<&'static str>,
    support: Vec<&'static str>,
    deadline: Option<usize>,
}

fn item_text(it: &GenItem) -> String {
    let p: Vec<&str> = it.phrases.iter().map(|&i| PHRASES[i]).collect();
    format!("{}。", p.join("，"))
}

/// Writes the fields of an item in its labelled form.
fn fields(it: &GenItem) -> Vec<String> {
    let colon = if it.fullwidth_colon { "：" } else { ":" };
    let mut out = Vec::new();
    for &f in &it.order {
        match f {
            0 if !it.lead.is_empty() => out.push(format!("牵头单位{colon}{}", it.lead.join("、"))),
            1 if !it.resp.is_empty() => {
                let label = if it.support {
                    "配合单位"
                } else {
                    "责任单位"
                };
                out.push(format!("{label}{colon}{}", it.resp.join("、")))
            }
            2 => {
                if let Some(d) = it.deadline {
                    out.push(format!(
                        "{}{colon}{}",
                        DEADLINE_LABELS[it.label], DEADLINES[d].text
                    ))
                }
            }
            _ => {}
        }
    }
    out
}

fn render(sections: &[GenSection]) -> (String, Vec<Expected>) {
    let mut s = String::from(
        "附件\n\n2021年商贸行业安全生产工作方案\n\n为做好安全生产工作，制定本方案。\n\n",
    );
    let mut expected = Vec::new();
    for (si, sec) in sections.iter().enumerate() {
        s.push_str(&format!(
            "{}、{}\n\n",
            CN[si % CN.len()],
            HEADINGS[sec.heading]
        ));
        let mut section = HEADINGS[sec.heading].to_string();
        if let Some(sub) = sec.sub {
            s.push_str(&format!("（一）{}\n", HEADINGS[sub]));
            section = HEADINGS[sub].to_string();
        }
        if sec.table {
            s.push_str(
                "| 序号 | 工作任务 | 牵头单位 | 责任单位 | 完成时限 |\n|---|---|---|---|---|\n",
            );
            for (n, it) in sec.items.iter().enumerate() {
                let text = item_text(it);
                let dl = it.deadline.map_or("", |d| DEADLINES[d].text);
                s.push_str(&format!(
                    "| {} | {} | {} | {} | {} |\n",
                    n + 1,
                    text,
                    it.lead.join("、"),
                    it.resp.join("、"),
                    dl
                ));
                expected.push(Expected {
                    section: section.clone(),
                    number: (n + 1).to_string(),
                    text,
                    lead: it.lead.clone(),
                    responsible: it.resp.clone(),
                    support: Vec::new(),
                    deadline: it.deadline,
                });
            }
            s.push('\n');
            continue;
        }
        for (n, it) in sec.items.iter().enumerate() {
            let style = NUMBER_STYLES[sec.number_style];
            let number = if !it.numbered {
                String::new()
            } else if style == "circled" {
                CIRCLED[n % CIRCLED.len()].to_string()
            } else {
                (n + 1).to_string()
            };
            let marker = if !it.numbered {
                String::new()
            } else if style == "circled" {
                number.clone()
            } else {
                style.replace("{}", &number)
            };
            let text = item_text(it);
            let sep = SEPS[it.sep];
            let mut support = Vec::new();
            match it.form {
                // （牵头单位：…。责任单位：…。完成时限：…）
                0 => {
                    let (o, c) = BRACKETS[it.bracket];
                    s.push_str(&format!("{marker}{text}{o}{}{c}\n", fields(it).join(sep)));
                    if it.support {
                        support = it.resp.clone();
                    }
                }
                // …。责任单位：…。完成时限：…。
                1 => {
                    // Sometimes without the final full stop (then a blank line follows).
                    let end = if it.fullwidth_colon { "。" } else { "" };
                    s.push_str(&format!("{marker}{text}{}{end}\n", fields(it).join(sep)));
                    if it.support {
                        support = it.resp.clone();
                    }
                }
                // Fields on their own lines, sometimes after a blank line.
                2 => {
                    s.push_str(&format!("{marker}{text}\n"));
                    for f in fields(it) {
                        if it.blank_after {
                            s.push('\n');
                        }
                        s.push_str(&f);
                        s.push('\n');
                    }
                    if it.support {
                        support = it.resp.clone();
                    }
                }
                // （X牵头，Y负责/配合，6月底前）
                _ => {
                    let mut parts = Vec::new();
                    if !it.lead.is_empty() {
                        parts.push(format!("{}牵头", it.lead.join("、")));
                    }
                    if !it.resp.is_empty() {
                        let role = if it.support { "配合" } else { "负责" };
                        parts.push(format!("{}{role}", it.resp.join("、")));
                        if it.support {
                            support = it.resp.clone();
                        }
                    }
                    if let Some(d) = it.deadline {
                        parts.push(DEADLINES[d].text.to_string());
                    }
                    let psep = if it.sep % 2 == 0 { "，" } else { "；" };
                    s.push_str(&format!("{marker}{text}（{}）\n", parts.join(psep)));
                }
            }
            if it.blank_after
                || it.form == 2
                || !it.numbered
                || (it.form == 1 && !it.fullwidth_colon)
            {
                s.push('\n');
            }
            expected.push(Expected {
                section: section.clone(),
                number,
                text,
                lead: it.lead.clone(),
                responsible: it.resp.clone(),
                support,
                deadline: it.deadline,
            });
        }
        s.push('\n');
    }
    s.push_str(&format!(
        "{}、工作措施\n\n（一）发挥专班作用。定期召开会议，研究解决问题。\n\n（二）开展督导调研。针对重点企业组织开展督导检查。\n",
        CN[sections.len() % CN.len()]
    ));
    (s, expected)
}

fn ymd(v: Ymd) -> Option<NaiveDate> {
    v.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
}

fn check_round_trip(
    text: &str,
    expected: &[Expected],
    bytes: &[u8],
    format: SourceFormat,
) -> Result<(), TestCaseError> {
    let plan =
        parse(bytes, format, None).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
    prop_assert_eq!(plan.year, Some(2021));
    prop_assert_eq!(&plan.title, "2021年商贸行业安全生产工作方案");
    prop_assert_eq!(
        plan.tasks.len(),
        expected.len(),
        "{}\n{:#?}",
        text,
        plan.tasks.iter().map(|t| &t.text).collect::<Vec<_>>()
    );
    for (t, e) in plan.tasks.iter().zip(expected) {
        prop_assert_eq!(&t.section, &e.section, "{}", text);
        prop_assert_eq!(&t.number, &e.number, "{}", text);
        prop_assert_eq!(&t.text, &e.text, "{}", text);
        prop_assert_eq!(&t.lead_units, &e.lead, "{}", text);
        prop_assert_eq!(&t.responsible_units, &e.responsible, "{}", text);
        prop_assert_eq!(&t.support_units, &e.support, "{}", text);
        match e.deadline {
            None => prop_assert!(t.deadline.is_none(), "{}", text),
            Some(i) => {
                let c = &DEADLINES[i];
                let d = t
                    .deadline
                    .as_ref()
                    .ok_or_else(|| TestCaseError::fail(format!("no deadline\n{text}")))?;
                prop_assert_eq!(d.text.as_str(), c.text, "{}", text);
                prop_assert_eq!(d.kind, c.kind, "{}", text);
                prop_assert_eq!(d.start, ymd(c.start), "{}", text);
                prop_assert_eq!(d.end, ymd(c.end), "{}", text);
                prop_assert_eq!(d.period, c.period, "{}", text);
            }
        }
        // No warning about the structure: every form written here is a recognised one.
        for w in &t.warnings {
            prop_assert!(
                matches!(
                    w.as_str(),
                    "未找到牵头单位"
                        | "未找到牵头单位和责任单位"
                        | "未找到完成时限"
                        | "条目没有编号"
                ),
                "unexpected warning {} in\n{}",
                w,
                text
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: persistence(), ..ProptestConfig::default() })]

    #[test]
    fn generated_plans_round_trip(sections in prop::collection::vec(gen_section(), 1..5)) {
        let (text, expected) = render(&sections);
        check_round_trip(&text, &expected, text.as_bytes(), SourceFormat::Text)?;
        let (gb, _, _) = encoding_rs::GB18030.encode(&text);
        check_round_trip(&text, &expected, &gb, SourceFormat::Text)?;
        check_round_trip(&text, &expected, &docx_from_text(&text), SourceFormat::Docx)?;
    }
}
