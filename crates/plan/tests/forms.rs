//! Each recognised form, through the public API.

mod common;

use anzhi_plan::{
    DeadlineKind, ParsedPlan, Period, PlanError, SourceFormat, Task, TaskSource, detect_format,
    parse,
};
use chrono::NaiveDate;
use common::{DocBlock, docx, docx_from_body, docx_from_text, docx_with_parts, para_xml};

fn plan(text: &str) -> ParsedPlan {
    parse(text.as_bytes(), SourceFormat::Text, None).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// A plan with a title naming 2021 and the given body.
fn body(b: &str) -> ParsedPlan {
    plan(&format!("2021年安全生产工作方案\n\n{b}\n"))
}

fn one(b: &str) -> Task {
    let p = body(b);
    assert_eq!(p.tasks.len(), 1, "{b}\n{:#?}", p.tasks);
    p.tasks.into_iter().next().expect("one task")
}

fn d(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn deadline(t: &Task) -> (&str, DeadlineKind, Option<NaiveDate>, Option<NaiveDate>) {
    let dl = t.deadline.as_ref().expect("deadline");
    (dl.text.as_str(), dl.kind, dl.start, dl.end)
}

// ---------------------------------------------------------------------------------------
// Numbering

#[test]
fn numbering_styles() {
    let text = "\
一、总体任务
（一）第一组
1.甲任务。（责任单位：局办公室）
2、乙任务。（责任单位：局办公室）
3．丙任务。（责任单位：局办公室）
４. 丁任务。（责任单位：局办公室）
(二) 第二组
（1）戊任务。（责任单位：局办公室）
(2) 己任务。（责任单位：局办公室）
①庚任务。（责任单位：局办公室）
② 辛任务。（责任单位：局办公室）
二、另一部分
(三)第三组
五、编号跳跃的部分
1) 壬任务。（责任单位：局办公室）
";
    let p = body(text);
    let got: Vec<(&str, &str, &str)> = p
        .tasks
        .iter()
        .map(|t| (t.section.as_str(), t.number.as_str(), t.text.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("第一组", "1", "甲任务。"),
            ("第一组", "2", "乙任务。"),
            ("第一组", "3", "丙任务。"),
            ("第一组", "4", "丁任务。"),
            ("第二组", "1", "戊任务。"),
            ("第二组", "2", "己任务。"),
            ("第二组", "①", "庚任务。"),
            ("第二组", "②", "辛任务。"),
            ("编号跳跃的部分", "1", "壬任务。"),
        ]
    );
    assert_eq!(p.tasks[0].section_number, "一");
    assert_eq!(p.tasks[0].path, vec!["一、总体任务", "（一）第一组"]);
    assert_eq!(
        p.tasks[6].path,
        vec!["一、总体任务", "(二) 第二组", "(2) 己任务"]
    );
    assert_eq!(p.tasks[8].path, vec!["五、编号跳跃的部分"]);
}

#[test]
fn headings_with_a_body_sentence_give_a_short_section() {
    let t = one(
        "一、保障措施\n（一）加强组织领导。各单位要高度重视。\n1. 成立专班。（牵头单位：局办公室）",
    );
    assert_eq!(t.section, "加强组织领导");
    assert_eq!(t.section_number, "一");
}

#[test]
fn unnumbered_items_keep_an_empty_number_and_their_section() {
    let p = body(
        "一、重点工作\n\n加强监管。（责任单位：局办公室。完成时限：3月份）\n\n加强宣传。（责任单位：各区商务局。完成时限：4月份）",
    );
    assert_eq!(p.tasks.len(), 2);
    for t in &p.tasks {
        assert_eq!(t.number, "");
        assert_eq!(t.section, "重点工作");
        assert_eq!(t.section_number, "一");
        assert!(t.warnings.contains(&"条目没有编号".to_string()));
    }
}

// ---------------------------------------------------------------------------------------
// Assignment forms

#[test]
fn labelled_fields_with_any_separator() {
    for sep in ["。", "；", ";", "，", ",", " ", "　", "。 "] {
        let t = one(&format!(
            "1. 开展培训。（牵头单位：局办公室{sep}责任单位：各区商务局、各商贸企业{sep}完成时限：6月底前）"
        ));
        assert_eq!(t.text, "开展培训。", "{sep:?}");
        assert_eq!(t.lead_units, ["局办公室"], "{sep:?}");
        assert_eq!(t.responsible_units, ["各区商务局", "各商贸企业"], "{sep:?}");
        assert_eq!(deadline(&t).0, "6月底前", "{sep:?}");
        assert!(t.warnings.is_empty(), "{sep:?}: {:?}", t.warnings);
    }
}

#[test]
fn fields_in_any_order_and_deadline_label_variants() {
    for (label, colon) in [
        ("完成时间", "："),
        ("时间节点", ":"),
        ("时限", "："),
        ("完成时限", ":"),
    ] {
        let t = one(&format!(
            "1. 开展培训。({label}{colon}3月份;责任单位{colon}各区商务局;牵头单位{colon}局办公室)"
        ));
        assert_eq!(t.lead_units, ["局办公室"], "{label}");
        assert_eq!(t.responsible_units, ["各区商务局"], "{label}");
        assert_eq!(
            deadline(&t),
            (
                "3月份",
                DeadlineKind::Window,
                d("2021-03-01"),
                d("2021-03-31")
            ),
            "{label}"
        );
    }
}

#[test]
fn responsible_units_alone() {
    let t = one("1. 开展检查。（责任单位：各区商务局）");
    assert_eq!(t.responsible_units, ["各区商务局"]);
    assert!(t.lead_units.is_empty());
    assert_eq!(t.warnings, ["未找到牵头单位", "未找到完成时限"]);
}

#[test]
fn unbracketed_fields_end_the_sentence() {
    let t = one("1. 开展检查。责任单位：各区商务局。");
    assert_eq!(t.text, "开展检查。");
    assert_eq!(t.responsible_units, ["各区商务局"]);
    let t = one("1. 开展检查。牵头单位：局办公室；责任单位：各区商务局；完成时限：年底前。");
    assert_eq!(t.lead_units, ["局办公室"]);
    assert_eq!(deadline(&t).3, d("2021-12-31"));
}

#[test]
fn fields_on_their_own_lines() {
    let t =
        one("1. 制定计划。\n牵头单位：局办公室\n责任单位：各区商务局、局各科室\n完成时限：上半年");
    assert_eq!(t.text, "制定计划。");
    assert_eq!(t.lead_units, ["局办公室"]);
    assert_eq!(t.responsible_units, ["各区商务局", "局各科室"]);
    assert_eq!(
        deadline(&t),
        (
            "上半年",
            DeadlineKind::Window,
            d("2021-01-01"),
            d("2021-06-30")
        )
    );
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    // With blank lines between, and a bracket group on its own line.
    let t = one("1. 制定计划。\n\n牵头单位：局办公室\n\n完成时限：下半年");
    assert_eq!(t.lead_units, ["局办公室"]);
    assert_eq!(deadline(&t).2, d("2021-07-01"));
    let t = one("1. 制定计划。\n（牵头单位：局办公室；责任单位：各区商务局）");
    assert_eq!(t.text, "制定计划。");
    assert_eq!(t.responsible_units, ["各区商务局"]);
}

#[test]
fn brackets_inside_unit_names() {
    let t = one(
        "1. 排查隐患。（牵头单位：市应急局（安委办）；责任单位：各乡(镇)、街道，各区商务局（含开发区）；完成时限：9月份）",
    );
    assert_eq!(t.lead_units, ["市应急局（安委办）"]);
    assert_eq!(
        t.responsible_units,
        ["各乡(镇)", "街道", "各区商务局（含开发区）"]
    );
    assert_eq!(deadline(&t).0, "9月份");
    assert_eq!(t.text, "排查隐患。");
}

#[test]
fn hexagonal_brackets() {
    let t = one("1. 排查隐患。〔牵头单位：局办公室；完成时限：9月份〕");
    assert_eq!(t.lead_units, ["局办公室"]);
    assert_eq!(deadline(&t).0, "9月份");
}

#[test]
fn unlabelled_lead_and_support() {
    let t = one("1. 开展联合检查（局政策法规科牵头，各区商务局、各商贸企业配合）");
    assert_eq!(t.text, "开展联合检查");
    assert_eq!(t.lead_units, ["局政策法规科"]);
    assert_eq!(t.support_units, ["各区商务局", "各商贸企业"]);
    assert_eq!(t.responsible_units, ["各区商务局", "各商贸企业"]);
    let t = one("1. 开展联合检查。（各区商务局负责）");
    assert_eq!(t.responsible_units, ["各区商务局"]);
    assert!(t.lead_units.is_empty());
    let t = one("1. 开展联合检查（局办公室牵头，各区商务局负责，6月底前完成）。");
    assert_eq!(t.lead_units, ["局办公室"]);
    assert_eq!(t.responsible_units, ["各区商务局"]);
    assert_eq!(deadline(&t).3, d("2021-06-30"));
}

#[test]
fn missing_left_bracket_and_no_lead() {
    let t = one("1. 组织评估工作。责任单位：各区商务局、网点办。完成时限：9-12月份）");
    assert_eq!(t.text, "组织评估工作。");
    assert_eq!(t.responsible_units, ["各区商务局", "网点办"]);
    assert_eq!(
        t.warnings,
        ["缺少左括号，已按分工说明处理", "未找到牵头单位"]
    );
}

#[test]
fn missing_right_bracket() {
    let t = one("1. 组织评估工作。（牵头单位：局办公室。完成时限：9-12月份");
    assert_eq!(t.lead_units, ["局办公室"]);
    assert_eq!(deadline(&t).3, d("2021-12-31"));
    assert_eq!(t.warnings, ["缺少右括号，已按分工说明处理"]);
}

#[test]
fn full_stop_between_units() {
    let t = one("1. 加强检查。（责任单位：网点办。各商贸企业。完成时限：全年）");
    assert_eq!(t.responsible_units, ["网点办", "各商贸企业"]);
    assert!(
        t.warnings
            .contains(&"单位之间使用了句号，已按分隔符处理".to_string())
    );
}

#[test]
fn trailing_etc_is_dropped() {
    let t = one("1. 加强检查。（责任单位：各区商务局、各商贸企业等单位；牵头单位：局办公室等）");
    assert_eq!(t.responsible_units, ["各区商务局", "各商贸企业"]);
    assert_eq!(t.lead_units, ["局办公室"]);
}

#[test]
fn paragraph_broken_over_a_blank_line() {
    let t = one(
        "（一）重点工作\n\n加强防范极端天气，做好安全生产\n\n工作，要早安排。（责任单位：各区商务局；完成时限：全年）",
    );
    assert_eq!(t.text, "加强防范极端天气，做好安全生产工作，要早安排。");
    assert!(t.warnings.contains(&"跨空行的段落已合并".to_string()));
    // A heading-like line is not glued to the item after it.
    let p = body("其他重点工作\n\n加强监管。（责任单位：局办公室）");
    assert_eq!(p.tasks[0].text, "加强监管。");
    assert!(
        !p.tasks[0]
            .warnings
            .contains(&"跨空行的段落已合并".to_string())
    );
}

#[test]
fn hard_wrapped_text_is_joined() {
    let text = "\
一、重点任务
1. 组织开展商贸企业安全生产大检查，重点检查消防设施、
用电安全和燃气使用情况，督促企业建立隐患排查治理台账
，及时消除各类安全隐患，切实保障人民群众生命财产安全
。（牵头单位：局政策法规科；责任单位：各区商务局；完成
时限：6月底前）
2. 加强宣传。（责任单位：各区商务局）";
    let p = body(text);
    assert_eq!(p.tasks.len(), 2);
    let t = &p.tasks[0];
    assert!(
        t.text
            .starts_with("组织开展商贸企业安全生产大检查，重点检查消防设施、用电安全")
    );
    assert!(t.text.ends_with("生命财产安全。"));
    assert_eq!(t.lead_units, ["局政策法规科"]);
    assert_eq!(deadline(t).3, d("2021-06-30"));
}

#[test]
fn ignored_person_field_is_reported() {
    let t = one("1. 开展检查。（牵头单位：局办公室；责任人：张三；完成时限：3月份）");
    assert_eq!(t.lead_units, ["局办公室"]);
    assert!(t.warnings.contains(&"已忽略“责任人”：张三".to_string()));
}

#[test]
fn ordinary_parentheses_do_not_make_tasks() {
    let r = parse(
        "2021年工作方案\n\n一、目标\n\n根据《方案》（海安委办〔2021〕41号）制定本方案（2021年）。\n\n开展宣传（以下简称“宣传月”）\n"
            .as_bytes(),
        SourceFormat::Text,
        None,
    );
    assert_eq!(r, Err(PlanError::NoTasks));
}

// ---------------------------------------------------------------------------------------
// Deadlines through the parser

#[test]
fn deadline_grammar() {
    use DeadlineKind::*;
    let cases: &[(&str, DeadlineKind, Option<&str>, Option<&str>)] = &[
        ("3月份", Window, Some("2021-03-01"), Some("2021-03-31")),
        ("9-12月份", Window, Some("2021-09-01"), Some("2021-12-31")),
        ("5—7月", Window, Some("2021-05-01"), Some("2021-07-31")),
        ("6月底前", By, None, Some("2021-06-30")),
        ("3月15日前", By, None, Some("2021-03-15")),
        ("2022年3月底前", By, None, Some("2022-03-31")),
        ("上半年", Window, Some("2021-01-01"), Some("2021-06-30")),
        ("下半年", Window, Some("2021-07-01"), Some("2021-12-31")),
        ("年底前", By, None, Some("2021-12-31")),
        ("全年", Window, Some("2021-01-01"), Some("2021-12-31")),
        ("长期坚持", Ongoing, None, None),
        ("持续推进", Ongoing, None, None),
        ("常态化", Ongoing, None, None),
        ("第三季度", Window, Some("2021-07-01"), Some("2021-09-30")),
    ];
    for (text, kind, start, end) in cases {
        let t = one(&format!(
            "1. 开展检查。（责任单位：局办公室；完成时限：{text}）"
        ));
        assert_eq!(
            deadline(&t),
            (*text, *kind, start.and_then(d), end.and_then(d)),
            "{text}"
        );
        assert_eq!(t.warnings, ["未找到牵头单位"], "{text}");
    }
}

#[test]
fn recurring_deadlines() {
    for (text, period) in [("每月", Period::Monthly), ("每季度", Period::Quarterly)] {
        let t = one(&format!(
            "1. 报送进展。（责任单位：各区商务局；完成时限：{text}）"
        ));
        let dl = t.deadline.as_ref().expect("deadline");
        assert_eq!(dl.kind, DeadlineKind::Recurring);
        assert_eq!(dl.period, Some(period));
        assert_eq!((dl.start, dl.end), (None, None));
    }
}

#[test]
fn unreadable_deadline_keeps_text_and_warns() {
    let t = one("1. 报送进展。（牵头单位：局办公室；完成时限：按上级要求）");
    let dl = t.deadline.as_ref().expect("deadline");
    assert_eq!(dl.text, "按上级要求");
    assert_eq!(dl.kind, DeadlineKind::Unknown);
    assert_eq!((dl.start, dl.end), (None, None));
    assert_eq!(t.warnings, ["无法识别完成时限“按上级要求”，未换算为日期"]);
}

#[test]
fn deadline_only_bracket_is_a_task() {
    let t = one("1. 完成整改销号（2021年6月底前完成）");
    assert_eq!(t.text, "完成整改销号");
    assert_eq!(deadline(&t).3, d("2021-06-30"));
    assert!(t.warnings.contains(&"未找到牵头单位和责任单位".to_string()));
}

// ---------------------------------------------------------------------------------------
// Year

#[test]
fn year_from_the_body_with_a_warning() {
    let p = plan(
        "商贸行业安全工作方案\n\n2022年是关键之年。\n\n1. 开展检查。（责任单位：局办公室；完成时限：3月份）",
    );
    assert_eq!(p.year, Some(2022));
    assert_eq!(p.warnings, ["未能识别年份，使用正文中出现最多的 2022 年"]);
    assert_eq!(
        p.tasks[0].deadline.as_ref().and_then(|d| d.end),
        d("2022-03-31")
    );
}

#[test]
fn no_year_anywhere() {
    let p = plan("商贸行业安全工作方案\n\n1. 开展检查。（责任单位：局办公室；完成时限：3月份）");
    assert_eq!(p.year, None);
    assert_eq!(p.warnings, ["未能识别年份，完成时限未换算为日期"]);
    let dl = p.tasks[0].deadline.as_ref().expect("deadline");
    assert_eq!(
        (dl.kind, dl.start, dl.end),
        (DeadlineKind::Window, None, None)
    );
    // The argument fills the gap.
    let p = parse(
        "商贸行业安全工作方案\n\n1. 开展检查。（责任单位：局办公室；完成时限：3月份）".as_bytes(),
        SourceFormat::Text,
        Some(2023),
    )
    .expect("parses");
    assert!(p.warnings.is_empty());
    assert_eq!(
        p.tasks[0].deadline.as_ref().and_then(|d| d.end),
        d("2023-03-31")
    );
}

#[test]
fn title_on_two_lines_and_attachment_label() {
    let p = plan(
        "附件1：\n海口市商贸行业安全生产专项整治\n2021年推进工作方案\n\n1. 开展检查。（责任单位：局办公室）",
    );
    assert_eq!(p.title, "海口市商贸行业安全生产专项整治2021年推进工作方案");
    assert_eq!(p.year, Some(2021));
}

#[test]
fn multi_year_title_warns() {
    let p = plan(
        "安全生产专项整治三年行动实施方案（2020-2022年）\n\n1. 开展检查。（责任单位：局办公室；完成时限：3月份）",
    );
    assert_eq!(p.year, Some(2020));
    assert_eq!(p.warnings, ["标题中有多个年份（2020、2022），使用 2020 年"]);
}

// ---------------------------------------------------------------------------------------
// Tables

const PIPE_TABLE: &str = "\
一、重点任务分工
| 序号 | 工作任务 | 牵头单位 | 责任单位 | 完成时限 |
|---|---|---|---|---|
| 1 | 开展燃气安全专项排查。 | 局政策法规科 | 各区商务局、各商贸企业 | 4-6月 |
| 2 | 完善应急预案。 |  | 各商贸企业 | 年底前 |
| （二）专项治理 |  |  |  |  |
| 3 | 整治电动自行车违规充电。 | 局办公室 | 各区商务局 | 长期坚持 |";

fn check_table_tasks(p: &ParsedPlan) {
    assert_eq!(p.tasks.len(), 3, "{:#?}", p.tasks);
    let t = &p.tasks[0];
    assert_eq!(t.source, TaskSource::Table);
    assert_eq!(
        (t.section.as_str(), t.number.as_str(), t.text.as_str()),
        ("重点任务分工", "1", "开展燃气安全专项排查。")
    );
    assert_eq!(t.lead_units, ["局政策法规科"]);
    assert_eq!(t.responsible_units, ["各区商务局", "各商贸企业"]);
    assert_eq!(
        deadline(t),
        (
            "4-6月",
            DeadlineKind::Window,
            d("2021-04-01"),
            d("2021-06-30")
        )
    );
    let t = &p.tasks[1];
    assert!(t.lead_units.is_empty());
    assert_eq!(t.warnings, ["未找到牵头单位"]);
    assert_eq!(deadline(t).3, d("2021-12-31"));
    let t = &p.tasks[2];
    assert_eq!(
        (t.section.as_str(), t.section_number.as_str()),
        ("专项治理", "二")
    );
    assert_eq!(deadline(t).1, DeadlineKind::Ongoing);
}

#[test]
fn pipe_table_in_text() {
    let p = body(PIPE_TABLE);
    check_table_tasks(&p);
    assert_eq!(p.tasks[0].line, 6);
}

#[test]
fn table_headers_in_any_order_with_support_column() {
    let p = body(
        "\
| 完成时限 | 配合单位 | 主要任务 | 牵头单位 | 序号 |
| --- | --- | --- | --- | --- |
| 3月份 | 各区商务局 | 开展培训 | 局办公室 | 1 |",
    );
    let t = &p.tasks[0];
    assert_eq!(t.text, "开展培训");
    assert_eq!(t.number, "1");
    assert_eq!(t.lead_units, ["局办公室"]);
    assert_eq!(t.support_units, ["各区商务局"]);
    assert_eq!(t.responsible_units, ["各区商务局"]);
    assert_eq!(deadline(t).0, "3月份");
}

#[test]
fn tab_separated_table_in_text() {
    let p = body(
        "序号\t工作任务\t责任单位\t完成时限\n1\t开展培训\t各区商务局\t6月底前\n2\t开展演练\t各商贸企业\t下半年",
    );
    assert_eq!(p.tasks.len(), 2);
    assert_eq!(p.tasks[1].text, "开展演练");
    assert_eq!(deadline(&p.tasks[1]).2, d("2021-07-01"));
}

#[test]
fn docx_paragraphs_and_task_table() {
    let row = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let bytes = docx(&[
        DocBlock::Para(&["2021年商贸行业", "安全生产", "工作方案"]),
        DocBlock::Para(&["一、", "主要任务"]),
        DocBlock::Para(&[
            "1. 制定",
            "宣传计划。（牵头",
            "单位：局政策法规科。责任单位：局各相关科室。完成时限：3月",
            "份）",
        ]),
        DocBlock::Para(&["二、任务分工表"]),
        DocBlock::Table(vec![
            row(&["序号", "工作任务", "牵头单位", "责任单位", "完成时限"]),
            row(&[
                "1",
                "开展燃气安全专项排查。",
                "局政策法规科",
                "各区商务局\n各商贸企业",
                "4-6月",
            ]),
            row(&["2", "完善应急预案。", "", "各商贸企业", "年底前"]),
        ]),
    ]);
    assert_eq!(detect_format(&bytes, Some("plan.bin")), SourceFormat::Docx);
    let p = parse(&bytes, SourceFormat::Docx, None).expect("docx parses");
    assert_eq!(p.title, "2021年商贸行业安全生产工作方案");
    assert_eq!(p.year, Some(2021));
    assert_eq!(p.tasks.len(), 3, "{:#?}", p.tasks);
    let t = &p.tasks[0];
    assert_eq!((t.section.as_str(), t.number.as_str()), ("主要任务", "1"));
    assert_eq!(t.text, "制定宣传计划。");
    assert_eq!(t.lead_units, ["局政策法规科"]);
    assert_eq!(t.responsible_units, ["局各相关科室"]);
    assert_eq!(deadline(t).3, d("2021-03-31"));
    let t = &p.tasks[1];
    assert_eq!(t.source, TaskSource::Table);
    assert_eq!(t.section, "任务分工表");
    assert_eq!(t.responsible_units, ["各区商务局", "各商贸企业"]);
    assert_eq!(deadline(t).2, d("2021-04-01"));
    assert_eq!(p.tasks[2].warnings, ["未找到牵头单位"]);
}

#[test]
fn docx_table_with_merged_cells() {
    let cell = |t: &str, pr: &str| format!("<w:tc><w:tcPr>{pr}</w:tcPr>{}</w:tc>", para_xml(&[t]));
    let row = |cells: Vec<String>| format!("<w:tr>{}</w:tr>", cells.concat());
    let body = format!(
        "{}<w:tbl>{}{}{}{}</w:tbl>",
        para_xml(&["2021年工作任务清单"]),
        row(vec![
            cell("类别", ""),
            cell("序号", ""),
            cell("重点任务", ""),
            cell("牵头单位", ""),
            cell("完成时限", "")
        ]),
        row(vec![
            cell("消防安全", "<w:vMerge w:val=\"restart\"/>"),
            cell("1", ""),
            cell("检查消防通道", ""),
            cell("局办公室", "<w:vMerge w:val=\"restart\"/>"),
            cell("3月份", "")
        ]),
        row(vec![
            cell("", "<w:vMerge/>"),
            cell("2", ""),
            cell("开展消防演练", ""),
            cell("", "<w:vMerge/>"),
            cell("6月份", "")
        ]),
        row(vec![
            cell("燃气安全", ""),
            cell("3", ""),
            cell("排查燃气管道", ""),
            cell("各区商务局", ""),
            cell("9月份", "")
        ]),
    );
    let p = parse(&docx_from_body(&body), SourceFormat::Docx, None).expect("parses");
    let got: Vec<(&str, &str, &[String])> = p
        .tasks
        .iter()
        .map(|t| {
            (
                t.section.as_str(),
                t.number.as_str(),
                t.lead_units.as_slice(),
            )
        })
        .collect();
    assert_eq!(got.len(), 3);
    assert_eq!(got[1].0, "消防安全");
    assert_eq!(got[1].2, ["局办公室"]);
    assert_eq!(got[2].0, "燃气安全");
}

#[test]
fn docx_automatic_numbering() {
    let numbering = r#"<?xml version="1.0" encoding="UTF-8"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"#;
    let p = |lvl: u32, text: &str| {
        format!(
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{lvl}\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
        )
    };
    let body = [
        para_xml(&["2021年工作方案"]),
        p(0, "主要任务"),
        p(1, "消防安全"),
        p(2, "检查通道。（责任单位：各区商务局；完成时限：3月份）"),
        p(2, "开展演练。（责任单位：各商贸企业；完成时限：6月份）"),
        p(1, "燃气安全"),
        p(2, "排查管道。（责任单位：各区商务局；完成时限：9月份）"),
    ]
    .concat();
    let bytes = docx_with_parts(&body, &[("word/numbering.xml", numbering)]);
    let plan = parse(&bytes, SourceFormat::Docx, None).expect("parses");
    let got: Vec<(&str, &str, &str, &str)> = plan
        .tasks
        .iter()
        .map(|t| {
            (
                t.section_number.as_str(),
                t.section.as_str(),
                t.number.as_str(),
                t.text.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("一", "消防安全", "1", "检查通道。"),
            ("一", "消防安全", "2", "开展演练。"),
            ("二", "燃气安全", "1", "排查管道。"),
        ]
    );
    assert_eq!(plan.tasks[2].path, vec!["一、主要任务", "（二）燃气安全"]);
    assert!(
        plan.tasks
            .iter()
            .all(|t| !t.warnings.iter().any(|w| w == "条目没有编号"))
    );
    // Without numbering.xml the same paragraphs are unnumbered tasks, still found.
    let plan = parse(&docx_from_body(&body), SourceFormat::Docx, None).expect("parses");
    assert_eq!(plan.tasks.len(), 3);
    assert!(plan.tasks.iter().all(|t| t.number.is_empty()));
}

#[test]
fn docx_seed_paragraphs_round_trip() {
    let a = parse(&docx_from_text(common::SEED), SourceFormat::Docx, None).expect("docx");
    let b = plan(common::SEED);
    assert_eq!(a.tasks.len(), b.tasks.len());
    for (x, y) in a.tasks.iter().zip(&b.tasks) {
        assert_eq!(
            (&x.text, &x.lead_units, &x.responsible_units, &x.deadline),
            (&y.text, &y.lead_units, &y.responsible_units, &y.deadline)
        );
    }
}

// ---------------------------------------------------------------------------------------
// Formats and errors

#[test]
fn detect_format_by_magic_and_name() {
    assert_eq!(detect_format(b"PK\x03\x04rest", None), SourceFormat::Docx);
    assert_eq!(
        detect_format(b"PK\x03\x04rest", Some("a.txt")),
        SourceFormat::Docx
    );
    assert_eq!(
        detect_format("一、".as_bytes(), Some("plan.txt")),
        SourceFormat::Text
    );
    assert_eq!(
        detect_format(b"junk", Some("Plan.DOCX")),
        SourceFormat::Docx
    );
    assert_eq!(detect_format(b"", None), SourceFormat::Text);
}

#[test]
fn errors_have_chinese_messages() {
    let e = parse(b"not a zip", SourceFormat::Docx, None).expect_err("invalid docx");
    assert_eq!(e, PlanError::InvalidDocx);
    assert_eq!(e.to_string(), "文件不是有效的 .docx 文档");
    assert_eq!(e.code(), "invalid_docx");

    let e = parse(b"PK\x03\x04\x00\x00garbage", SourceFormat::Text, None).expect_err("zip");
    assert_eq!(e, PlanError::InvalidDocx);

    let e = parse(b"\xff\xfe\x00\xd8", SourceFormat::Text, None).expect_err("encoding");
    assert_eq!(e.to_string(), "文件编码无法识别（支持 UTF-8 和 GB18030）");
    let e = parse(b"\x81\x30\xff\xff\x80", SourceFormat::Text, None).expect_err("encoding");
    assert_eq!(e, PlanError::UnknownEncoding);

    let e = parse(
        "一、工作目标\n确保安全。".as_bytes(),
        SourceFormat::Text,
        None,
    )
    .expect_err("none");
    assert_eq!(e.to_string(), "未识别出任何任务");
    assert_eq!(
        parse(b"", SourceFormat::Text, None),
        Err(PlanError::NoTasks)
    );

    let e = parse(
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        SourceFormat::Docx,
        None,
    )
    .expect_err("doc");
    assert_eq!(e, PlanError::LegacyDoc);

    // A zip without word/document.xml.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
        .expect("entry");
    let bytes = zip.finish().expect("zip").into_inner();
    assert_eq!(
        parse(&bytes, SourceFormat::Docx, None),
        Err(PlanError::InvalidDocx)
    );
}

#[test]
fn docx_with_broken_xml_is_invalid() {
    let bytes = docx_from_body("<w:p><w:r><w:t>1. 甲（责任单位：局办公室）</w:t></w:p>");
    assert_eq!(
        parse(&bytes, SourceFormat::Docx, None),
        Err(PlanError::InvalidDocx)
    );
}

// ---------------------------------------------------------------------------------------
// More of the README's promises

#[test]
fn units_separated_by_spaces() {
    let t = one("1. 开展检查。（牵头单位：局办公室 局政策法规科；完成时限：3月份）");
    assert_eq!(t.lead_units, ["局办公室", "局政策法规科"]);
    assert!(
        t.warnings
            .contains(&"单位之间使用了空格，已按分隔符处理".to_string())
    );
}

#[test]
fn table_cell_with_an_inline_assignment_and_an_empty_row() {
    let p = body(
        "\
| 序号 | 工作任务 | 牵头单位 | 完成时限 |
|---|---|---|---|
| 1 | 开展检查。（牵头单位：局办公室；完成时限：3月份） |  |  |
| 2 |  | 局办公室 | 6月份 |",
    );
    assert_eq!(p.tasks.len(), 1);
    assert_eq!(p.tasks[0].text, "开展检查。");
    assert_eq!(p.tasks[0].lead_units, ["局办公室"]);
    assert_eq!(p.warnings, ["表格第 6 行没有任务内容，已跳过"]);
}

#[test]
fn layout_table_in_docx_is_read_as_paragraphs() {
    let row = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let bytes = docx(&[
        DocBlock::Para(&["2021年工作方案"]),
        DocBlock::Table(vec![row(&[
            "一、重点任务\n1. 开展检查。（牵头单位：局办公室；完成时限：3月份）",
        ])]),
    ]);
    let p = parse(&bytes, SourceFormat::Docx, None).expect("parses");
    assert_eq!(p.tasks.len(), 1);
    assert_eq!(
        (p.tasks[0].section.as_str(), p.tasks[0].number.as_str()),
        ("重点任务", "1")
    );
    assert_eq!(p.tasks[0].source, TaskSource::Paragraph);
}

#[test]
fn docx_fallback_copies_and_deleted_text_are_skipped() {
    let body = format!(
        "{}<w:p><w:r><w:t>1. 开展</w:t></w:r><w:del><w:r><w:delText>旧的</w:delText></w:r></w:del>\
<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:r><w:t></w:t></w:r></mc:Choice>\
<mc:Fallback><w:r><w:t>重复</w:t></w:r></mc:Fallback></mc:AlternateContent>\
<w:r><w:t>检查。（牵头单位：局办公室）</w:t></w:r></w:p>",
        para_xml(&["2021年工作方案"])
    );
    let p = parse(&docx_from_body(&body), SourceFormat::Docx, None).expect("parses");
    assert_eq!(p.tasks[0].text, "开展检查。");
}

#[test]
fn missing_title_is_reported() {
    let p = parse(
        "1. 开展检查。（牵头单位：局办公室；完成时限：2021年3月份）".as_bytes(),
        SourceFormat::Text,
        None,
    )
    .expect("parses");
    assert_eq!(p.title, "");
    assert_eq!(
        p.warnings,
        [
            "未找到方案标题",
            "未能识别年份，使用正文中出现最多的 2021 年"
        ]
    );
}

#[test]
fn sentence_after_the_fields_goes_back_to_the_text() {
    let t = one("1. 开展检查。责任单位：各区商务局。要求每月报送进展情况。");
    assert_eq!(t.responsible_units, ["各区商务局"]);
    assert_eq!(t.text, "开展检查。要求每月报送进展情况");
    assert!(
        t.warnings
            .iter()
            .any(|w| w.starts_with("分工说明后的文字“要求每月报送进展情况”"))
    );
}

#[test]
fn an_item_ending_in_a_field_is_not_merged_with_the_next() {
    let p = body(
        "一、任务\n\n1. 开展检查。责任单位：局办公室。完成时限：3月份\n\n加强宣传。（责任单位：各区商务局）",
    );
    assert_eq!(p.tasks.len(), 2, "{:#?}", p.tasks);
    assert_eq!(
        p.tasks[0].deadline.as_ref().map(|d| d.text.as_str()),
        Some("3月份")
    );
    assert_eq!(p.tasks[1].text, "加强宣传。");
}
