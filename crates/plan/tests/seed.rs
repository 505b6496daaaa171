//! The seed plan (海口市商务局 2021) as a golden test.

mod common;

use anzhi_plan::{DeadlineKind, ParsedPlan, SourceFormat, TaskSource, parse};
use chrono::NaiveDate;
use common::{SEED, docx_from_text};

const S1: &str = "深入开展学习宣传贯彻习近平总书记关于安全生产重要论述活动";
const S2: &str = "持续推动落实企业安全生产主体责任";
const S3: &str = "其他重点工作";

struct Expect {
    section: &'static str,
    section_number: &'static str,
    number: &'static str,
    text_start: &'static str,
    text_end: &'static str,
    lead: &'static [&'static str],
    responsible: &'static [&'static str],
    deadline: (&'static str, DeadlineKind, &'static str, &'static str),
    warnings: &'static [&'static str],
    line: usize,
}

const RESP_2_1: &[&str] = &["各区商务局", "流通业发展科", "展览科", "各商贸企业"];
const RESP_2_2: &[&str] = &["各区商务局", "局各相关科室", "各商贸企业"];
const RESP_2_4: &[&str] = &[
    "各区商务局",
    "流通业发展科",
    "展览科",
    "网点办",
    "各商贸企业",
];

fn expected() -> Vec<Expect> {
    use DeadlineKind::Window;
    vec![
        Expect {
            section: S1,
            section_number: "一",
            number: "1",
            text_start: "制定安全生产宣传与警示教育活动计划。采取集中培训",
            text_end: "开展形式多样的宣传教育活动。",
            lead: &["局政策法规科"],
            responsible: &["局各相关科室"],
            deadline: ("3月份", Window, "2021-03-01", "2021-03-31"),
            warnings: &[],
            line: 17,
        },
        Expect {
            section: S1,
            section_number: "一",
            number: "2",
            text_start: "央视、应急管理部制作的“生命重于泰山”电视专题片",
            text_end: "集中观看学习。",
            lead: &["局政策法规科"],
            responsible: &["局各相关科室", "各商贸企业"],
            deadline: ("全年", Window, "2021-01-01", "2021-12-31"),
            warnings: &[],
            line: 19,
        },
        Expect {
            section: S1,
            section_number: "一",
            number: "3",
            text_start: "组织局各科室和督促各商贸企业学习",
            text_end: "好的经验做法。",
            lead: &["局政策法规科"],
            responsible: &["局各相关科室", "各商贸企业"],
            deadline: ("6月份", Window, "2021-06-01", "2021-06-30"),
            warnings: &[],
            line: 21,
        },
        Expect {
            section: S1,
            section_number: "一",
            number: "4",
            text_start: "将学习贯彻习近平总书记关于安全生产重要论述贯穿始终，作为党委(党组)理论中心组",
            text_end: "推动学习教育全覆盖。",
            lead: &["局办公室", "局政策法规科"],
            responsible: &["局各相关科室", "各商贸企业"],
            deadline: ("全年", Window, "2021-01-01", "2021-12-31"),
            warnings: &[],
            line: 23,
        },
        Expect {
            section: S2,
            section_number: "二",
            number: "1",
            text_start: "指导推动商贸企业建立健全安全生产管理体系",
            text_end: "持续推进企业安全生产标准化建设。",
            lead: &["局政策法规科"],
            responsible: RESP_2_1,
            deadline: ("5月份", Window, "2021-05-01", "2021-05-31"),
            warnings: &[],
            line: 27,
        },
        Expect {
            section: S2,
            section_number: "二",
            number: "2",
            text_start: "推动建立安全生产诚信体系建设制度。",
            text_end: "树立1-2家安全文化建设标杆企业。",
            lead: &["局政策法规科"],
            responsible: RESP_2_2,
            deadline: ("5-7月份", Window, "2021-05-01", "2021-07-31"),
            warnings: &[],
            line: 29,
        },
        Expect {
            section: S2,
            section_number: "二",
            number: "3",
            text_start: "推动商贸企业定期开展安全风险辨识评估",
            text_end: "实现动态分析、全过程记录管理和评价。",
            lead: &["局政策法规科"],
            responsible: RESP_2_2,
            deadline: ("7-11月份", Window, "2021-07-01", "2021-11-30"),
            warnings: &[],
            line: 31,
        },
        Expect {
            section: S2,
            section_number: "二",
            number: "4",
            text_start: "督促商贸重点企业建立安全生产技术和管理团队",
            text_end: "组织开展商贸重点企业教育培训完成情况评估工作。",
            lead: &[],
            responsible: RESP_2_4,
            deadline: ("9-12月份", Window, "2021-09-01", "2021-12-31"),
            warnings: &["缺少左括号，已按分工说明处理", "未找到牵头单位"],
            line: 33,
        },
        Expect {
            section: S3,
            section_number: "三",
            number: "",
            text_start: "加强防范高温、暴雨、雷雨和台风等极端气候安全生产工作，要早安排",
            text_end: "有效防范和遏制各类生产安全事故。",
            lead: &[],
            responsible: RESP_2_4,
            deadline: ("全年", Window, "2021-01-01", "2021-12-31"),
            warnings: &[
                "跨空行的段落已合并",
                "单位之间使用了句号，已按分隔符处理",
                "未找到牵头单位",
                "条目没有编号",
            ],
            line: 37,
        },
        Expect {
            section: S3,
            section_number: "三",
            number: "",
            text_start: "加强行业监管，及时将日常监管发现的违法行为函送执法部门",
            text_end: "形成执法检查监管合力。",
            lead: &["局政策法规科"],
            responsible: &["局各相关科室"],
            deadline: ("11-12月份", Window, "2021-11-01", "2021-12-31"),
            warnings: &["条目没有编号"],
            line: 41,
        },
    ]
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Checks every task against the expectations; `merge_warning` is the text of the merge
/// warning for the format, `check_lines` whether line numbers are the text file's.
fn check_seed(plan: &ParsedPlan, merge_warning: &str, check_lines: bool) {
    assert_eq!(
        plan.title,
        "海口市商贸行业安全生产专项整治三年行动第二年（2021年）推进工作方案"
    );
    assert_eq!(plan.year, Some(2021));
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    let exp = expected();
    assert_eq!(
        plan.tasks.len(),
        exp.len(),
        "{:#?}",
        plan.tasks.iter().map(|t| &t.text).collect::<Vec<_>>()
    );
    for (i, (t, e)) in plan.tasks.iter().zip(&exp).enumerate() {
        let ctx = format!("task {i} ({} {})", e.section_number, e.number);
        assert_eq!(t.section, e.section, "{ctx}");
        assert_eq!(t.section_number, e.section_number, "{ctx}");
        assert_eq!(
            t.path.first().map(String::as_str),
            Some("二、任务分工和完成时限"),
            "{ctx}"
        );
        assert_eq!(t.number, e.number, "{ctx}");
        assert!(t.text.starts_with(e.text_start), "{ctx}: {}", t.text);
        assert!(t.text.ends_with(e.text_end), "{ctx}: {}", t.text);
        assert!(!t.text.contains("单位："), "{ctx}: assignment left in text");
        assert_eq!(t.lead_units, e.lead, "{ctx}");
        assert_eq!(t.responsible_units, e.responsible, "{ctx}");
        assert!(t.support_units.is_empty(), "{ctx}");
        let d = t.deadline.as_ref().expect("deadline");
        assert_eq!(d.text, e.deadline.0, "{ctx}");
        assert_eq!(d.kind, e.deadline.1, "{ctx}");
        assert_eq!(d.start, date(e.deadline.2), "{ctx}");
        assert_eq!(d.end, date(e.deadline.3), "{ctx}");
        assert_eq!(d.period, None, "{ctx}");
        let want: Vec<String> = e
            .warnings
            .iter()
            .map(|w| {
                if *w == "跨空行的段落已合并" {
                    merge_warning.to_string()
                } else {
                    w.to_string()
                }
            })
            .collect();
        assert_eq!(t.warnings, want, "{ctx}");
        assert_eq!(t.source, TaskSource::Paragraph, "{ctx}");
        if check_lines {
            assert_eq!(t.line, e.line, "{ctx}");
        }
    }
}

#[test]
fn seed_golden_tasks() {
    let plan = parse(SEED.as_bytes(), SourceFormat::Text, None).expect("seed parses");
    check_seed(&plan, "跨空行的段落已合并", true);
}

#[test]
fn seed_golden_json() {
    let plan = parse(SEED.as_bytes(), SourceFormat::Text, None).expect("seed parses");
    insta::assert_json_snapshot!("haikou_commerce_2021", plan);
    // The JSON reads back into the same plan.
    let json = serde_json::to_string(&plan).expect("json");
    let back: ParsedPlan = serde_json::from_str(&json).expect("from json");
    assert_eq!(back, plan);
}

#[test]
fn seed_json_shape_matches_the_contract() {
    let plan = parse(SEED.as_bytes(), SourceFormat::Text, None).expect("seed parses");
    let v = serde_json::to_value(&plan).expect("json");
    let t = &v["tasks"][0];
    assert_eq!(v["title"], plan.title.as_str());
    assert_eq!(v["year"], 2021);
    assert_eq!(t["section"], S1);
    assert_eq!(t["number"], "1");
    assert_eq!(t["lead_units"], serde_json::json!(["局政策法规科"]));
    assert_eq!(t["responsible_units"], serde_json::json!(["局各相关科室"]));
    assert_eq!(
        t["deadline"],
        serde_json::json!({"text": "3月份", "kind": "window", "start": "2021-03-01", "end": "2021-03-31", "period": null})
    );
    assert_eq!(t["warnings"], serde_json::json!([]));
    assert_eq!(v["warnings"], serde_json::json!([]));
    // The contract's minimal shape (without the added fields) deserialises too.
    let minimal = r#"{"title":"t","year":2021,"tasks":[{"section":"s","number":"1","text":"x",
        "lead_units":["a"],"responsible_units":["b"],
        "deadline":{"text":"3月份","kind":"window","start":"2021-03-01","end":"2021-03-31"},
        "warnings":[]}],"warnings":[]}"#;
    let p: ParsedPlan = serde_json::from_str(minimal).expect("minimal json");
    assert_eq!(
        p.tasks[0].deadline.as_ref().and_then(|d| d.end),
        date("2021-03-31")
    );
}

#[test]
fn seed_in_gb18030() {
    let (bytes, _, had_errors) = encoding_rs::GB18030.encode(SEED);
    assert!(!had_errors);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    let plan = parse(&bytes, SourceFormat::Text, None).expect("gb18030 parses");
    check_seed(&plan, "跨空行的段落已合并", true);
}

#[test]
fn seed_with_bom_and_crlf() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(SEED.replace('\n', "\r\n").as_bytes());
    let plan = parse(&bytes, SourceFormat::Text, None).expect("parses");
    check_seed(&plan, "跨空行的段落已合并", true);
    assert_eq!(
        plan,
        parse(SEED.as_bytes(), SourceFormat::Text, None).expect("parses")
    );
}

#[test]
fn seed_as_docx() {
    let bytes = docx_from_text(SEED);
    assert_eq!(anzhi_plan::detect_format(&bytes, None), SourceFormat::Docx);
    let plan = parse(&bytes, SourceFormat::Docx, None).expect("docx parses");
    check_seed(&plan, "被分段打断的句子已合并", false);
}

#[test]
fn seed_with_year_argument() {
    let plan = parse(SEED.as_bytes(), SourceFormat::Text, Some(2022)).expect("parses");
    assert_eq!(plan.year, Some(2022));
    assert_eq!(
        plan.warnings,
        vec!["指定的年份 2022 与标题中的 2021 年不一致，使用指定的 2022 年"]
    );
    let d = plan.tasks[0].deadline.as_ref().expect("deadline");
    assert_eq!((d.start, d.end), (date("2022-03-01"), date("2022-03-31")));
    // The same year as the title: no warning.
    let plan = parse(SEED.as_bytes(), SourceFormat::Text, Some(2021)).expect("parses");
    assert!(plan.warnings.is_empty());
}

#[test]
fn measures_and_assessment_are_not_tasks() {
    let plan = parse(SEED.as_bytes(), SourceFormat::Text, None).expect("parses");
    let not_tasks = [
        "发挥专班作用",
        "明确任务目标",
        "开展督导调研",
        "挖掘典型做法",
        "实施通报约谈",
        "做好考核评估整改工作",
    ];
    for t in &plan.tasks {
        for n in not_tasks {
            assert!(!t.text.contains(n), "{n} became a task: {}", t.text);
        }
        assert!(
            !t.path
                .iter()
                .any(|p| p.contains("工作措施") || p.contains("考核评估"))
        );
    }
}
