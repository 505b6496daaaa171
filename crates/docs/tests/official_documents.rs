//! Generates the 通报, the 函送执法 letter and the 月报 from realistic data and checks
//! what is inside the packages. Every generated file is also written to
//! `target/docs-samples/` to open by hand.

use anzhi_docs::{
    Bulletin, DocSection, DocTable, MonthlyReport, ReferralLetter, bulletin, monthly_report,
    referral_letter,
};

mod common;

use common::*;

const NASTY: &str = r#"A&B <script>"引号"'单引号' ]]> &amp; </w:t>"#;

fn section(heading: &str, paragraphs: &[&str]) -> DocSection {
    DocSection {
        heading: heading.into(),
        paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
    }
}

fn sample_bulletin() -> Bulletin {
    Bulletin {
        title: "关于2026年11月商务系统安全生产专项整治工作进展情况的通报".into(),
        number: Some("海商安通〔2026〕5号".into()),
        recipients: "各区商务局，局各科室，各商贸企业".into(),
        sections: vec![
            section(
                "",
                &[
                    "为推动安全生产治本攻坚三年行动走深走实，现将11月全市商务系统专项整治工作进展情况通报如下：",
                ],
            ),
            section(
                "总体情况",
                &[
                    "11月，全市商务系统共检查企业1286家次，发现隐患2431条，已整改2207条，整改率90.8%。",
                    "（一）组织领导持续加强。各区商务局均召开专题会议部署推进。",
                    "（二）隐患排查扎实开展",
                    "龙华区、美兰区检查覆盖率达到100%。",
                ],
            ),
            section(
                "二、存在问题",
                &[
                    "部分企业主体责任落实不到位，重大隐患整改进度滞后。\n个别区检查发现问题后跟踪复查不及时。",
                ],
            ),
            section("下一步工作", &["各区商务局要对照问题清单，逐项销号。"]),
        ],
        issuer: "海口市商务局".into(),
        date: date(2026, 11, 29),
        copy_to: Some("市安委办，市应急管理局".into()),
    }
}

fn sample_letter() -> ReferralLetter {
    ReferralLetter {
        number: Some("海商函〔2026〕3号".into()),
        agency_name: "海口市综合行政执法局".into(),
        enterprise_name: "海口百佳汇超市有限公司".into(),
        credit_code: Some("91460100MA5T000000".into()),
        address: Some("海口市龙华区滨海大道1号".into()),
        violation: "该公司一层东侧安全出口被锁闭，疏散通道堆放大量纸箱，经我局两次督促仍未整改。"
            .into(),
        legal_basis: "《中华人民共和国消防法》第二十八条".into(),
        evidence: vec![
            "现场检查照片6张".into(),
            "安全生产督导检查意见书（海商务安检〔2026〕12号）".into(),
            "复查记录。".into(),
        ],
        requested_action: "请依法调查处理".into(),
        reply_by: Some(date(2026, 12, 31)),
        contact_name: "李明".into(),
        contact_phone: "0898-66668888".into(),
        issuer: "海口市商务局".into(),
        date: date(2026, 11, 29),
    }
}

fn sample_report() -> MonthlyReport {
    MonthlyReport {
        title: "海口市商务系统安全生产专项整治工作月报（2026年11月）".into(),
        issuer: "海口市商务局".into(),
        date: date(2026, 12, 3),
        sections: vec![
            section(
                "工作进展",
                &[
                    "本月共检查企业1286家次，发现隐患2431条。",
                    "（一）重点行业。加油站、大型商场检查全覆盖。",
                ],
            ),
            section("存在问题", &["重大隐患整改进度滞后。"]),
        ],
        tables: vec![
            DocTable {
                caption: "表1 各区隐患排查整治情况".into(),
                head: [
                    "区",
                    "检查企业（家次）",
                    "发现隐患（条）",
                    "已整改（条）",
                    "整改率",
                ]
                .map(String::from)
                .to_vec(),
                rows: vec![
                    ["龙华区", "412", "801", "745", "93.0%"]
                        .map(String::from)
                        .to_vec(),
                    ["美兰区", "388", "702", "640", "91.2%"]
                        .map(String::from)
                        .to_vec(),
                    ["秀英区", "251", "498", "431", "86.5%"]
                        .map(String::from)
                        .to_vec(),
                    ["琼山区", "235", "430", "391", "90.9%"]
                        .map(String::from)
                        .to_vec(),
                ],
            },
            DocTable {
                caption: "表2 重大隐患挂牌督办清单".into(),
                head: ["序号", "企业名称", "隐患描述", "整改期限"]
                    .map(String::from)
                    .to_vec(),
                rows: vec![
                    [
                        "1",
                        "海口某某商业综合体",
                        "消防控制室无人值守",
                        "2026年12月15日",
                    ]
                    .map(String::from)
                    .to_vec(),
                ],
            },
        ],
    }
}

fn document_xml(bytes: &[u8]) -> String {
    part(&unpack(bytes), "word/document.xml")
}

/// The issuer's name right above the date.
fn assert_signed(paras: &[String], issuer: &str, date: &str) {
    let at = paras
        .iter()
        .position(|p| p == date)
        .unwrap_or_else(|| panic!("no date paragraph {date}"));
    assert_eq!(paras[at - 1], issuer);
}

#[test]
fn bulletin_has_letterhead_sections_signature_and_record() {
    let b = sample_bulletin();
    let bytes = bulletin(&b).unwrap();
    save("bulletin.docx", &bytes);
    let parts = unpack(&bytes);
    assert_gbt_9704_page(&parts);
    let doc = part(&parts, "word/document.xml");
    let paras = paragraphs(&doc);

    // 版头: the issuer in red, the number, the red line; then the title.
    assert_eq!(paras[0], "海口市商务局");
    assert!(has_run(&doc, "海口市商务局", "方正小标宋简体", "72"));
    assert!(doc.contains(r#"<w:color w:val="FF0000" />"#));
    assert!(paras.iter().any(|p| p == "海商安通〔2026〕5号"));
    assert!(doc.contains("<w:pBdr>") && doc.contains(r#"w:color="FF0000""#));
    let title = paras.iter().position(|p| *p == b.title).unwrap();
    assert!(title > 2);
    assert!(has_run(&doc, &b.title, "方正小标宋简体", "44"));
    assert!(!has_paragraph(&paras, "草稿"));

    assert!(
        paras
            .iter()
            .any(|p| p == "各区商务局，局各科室，各商贸企业：")
    );
    for heading in ["一、总体情况", "二、存在问题", "三、下一步工作"] {
        assert!(paras.iter().any(|p| p == heading), "{heading}");
        assert!(has_run(&doc, heading, "黑体", "32"), "{heading} 黑体 三号");
    }
    for s in &b.sections {
        for p in &s.paragraphs {
            for line in p.lines() {
                assert!(paras.iter().any(|x| x == line), "{line}");
            }
        }
    }
    // "（一）" lines: the heading part in 楷体, the text after it in 仿宋.
    assert!(has_run(
        &doc,
        "（一）组织领导持续加强。",
        "楷体_GB2312",
        "32"
    ));
    assert!(has_run(
        &doc,
        "各区商务局均召开专题会议部署推进。",
        "仿宋_GB2312",
        "32"
    ));
    assert!(has_run(&doc, "（二）隐患排查扎实开展", "楷体_GB2312", "32"));
    assert!(has_run(&doc, "11月，全市商务系统", "仿宋_GB2312", "32"));
    assert!(doc.contains(r#"w:firstLine="640""#), "two-character indent");

    assert_signed(&paras, "海口市商务局", "2026年11月29日");
    // 版记 after the signature.
    let signed = paras.iter().position(|p| p == "2026年11月29日").unwrap();
    let copy = paras
        .iter()
        .position(|p| p == "抄送：市安委办，市应急管理局。")
        .unwrap();
    assert!(copy > signed);
    assert!(paras.iter().any(|p| p == "2026年11月29日印发"));
    assert!(has_run(&doc, "抄送：", "仿宋_GB2312", "28"));
}

#[test]
fn bulletin_without_number_is_a_draft() {
    let mut b = sample_bulletin();
    b.number = None;
    b.copy_to = None;
    let bytes = bulletin(&b).unwrap();
    save("bulletin-draft.docx", &bytes);
    let doc = document_xml(&bytes);
    let paras = paragraphs(&doc);
    assert_eq!(paras[0], "草稿");
    assert!(doc.contains(r#"<w:jc w:val="right" />"#));
    assert_eq!(paras[1], b.title);
    assert!(!doc.contains("FF0000"), "no red 版头 on a draft");
    assert!(!has_paragraph(&paras, "抄送"));
    assert!(!has_paragraph(&paras, "印发"));
    let n = paras.len();
    assert_eq!(paras[n - 2], "海口市商务局");
    assert_eq!(paras[n - 1], "2026年11月29日");

    // A blank number is no number either.
    b.number = Some(" \n".into());
    assert_eq!(paragraphs(&document_xml(&bulletin(&b).unwrap()))[0], "草稿");
}

#[test]
fn referral_letter_reads_like_a_letter() {
    let l = sample_letter();
    let bytes = referral_letter(&l).unwrap();
    save("referral-letter.docx", &bytes);
    let parts = unpack(&bytes);
    assert_gbt_9704_page(&parts);
    let doc = part(&parts, "word/document.xml");
    let paras = paragraphs(&doc);

    assert_eq!(paras[0], "海口市商务局");
    assert!(
        doc.contains(r#"w:val="thickThinSmallGap""#),
        "red double line"
    );
    assert_eq!(paras[1], "海商函〔2026〕3号");
    let title = "关于函送海口百佳汇超市有限公司安全生产违法线索的函";
    assert!(paras.iter().any(|p| p == title));
    assert!(has_run(&doc, title, "方正小标宋简体", "44"));
    let body: Vec<&String> = paras
        .iter()
        .skip_while(|p| *p != "海口市综合行政执法局：")
        .collect();
    let expected = [
        "海口市综合行政执法局：",
        "我局在日常监管中发现，海口百佳汇超市有限公司（统一社会信用代码：91460100MA5T000000，地址：海口市龙华区滨海大道1号）存在以下安全生产违法行为线索：",
        "该公司一层东侧安全出口被锁闭，疏散通道堆放大量纸箱，经我局两次督促仍未整改。",
        "上述行为涉嫌违反《中华人民共和国消防法》第二十八条的规定。",
        "现将有关线索及证据材料函送你单位，请依法调查处理，并于2026年12月31日前将处理结果函告我局。",
        "联系人：李明　　联系电话：0898-66668888",
        "",
        "附件：1.现场检查照片6张",
        "2.安全生产督导检查意见书（海商务安检〔2026〕12号）",
        "3.复查记录",
        "",
        "",
        "海口市商务局",
        "2026年11月29日",
    ];
    assert_eq!(body, expected);
    assert!(has_run(&doc, "我局在日常监管中发现", "仿宋_GB2312", "32"));
}

#[test]
fn referral_letter_variants() {
    let mut l = sample_letter();
    l.number = None;
    l.credit_code = None;
    l.address = Some("  ".into());
    l.legal_basis = "依据《中华人民共和国安全生产法》第九十九条，该行为应予处罚".into();
    l.requested_action = "请依法查处并将结果函告我局。".into();
    l.reply_by = None;
    l.evidence = vec!["现场照片".into()];
    l.contact_phone = String::new();
    let bytes = referral_letter(&l).unwrap();
    save("referral-letter-variants.docx", &bytes);
    let paras = paragraphs(&document_xml(&bytes));
    assert!(!has_paragraph(&paras, "海商函"));
    assert!(
        paras
            .iter()
            .any(|p| p
                == "我局在日常监管中发现，海口百佳汇超市有限公司存在以下安全生产违法行为线索：")
    );
    assert!(
        paras
            .iter()
            .any(|p| p == "依据《中华人民共和国安全生产法》第九十九条，该行为应予处罚。")
    );
    assert!(
        paras
            .iter()
            .any(|p| p == "现将有关线索及证据材料函送你单位，请依法查处并将结果函告我局。")
    );
    assert!(paras.iter().any(|p| p == "联系人：李明"));
    assert!(paras.iter().any(|p| p == "附件：现场照片"));

    l.evidence.clear();
    l.reply_by = Some(date(2026, 12, 15));
    l.requested_action = String::new();
    l.contact_name = String::new();
    let paras = paragraphs(&document_xml(&referral_letter(&l).unwrap()));
    assert!(
        paras.iter().any(|p| p
            == "现将有关线索函送你单位，请依法调查处理，并于2026年12月15日前将处理结果函告我局。")
    );
    assert!(!has_paragraph(&paras, "附件"));
    assert!(!has_paragraph(&paras, "联系"));

    l.requested_action = "请依法查处并将结果函告我局".into();
    let paras = paragraphs(&document_xml(&referral_letter(&l).unwrap()));
    assert!(
        paras.iter().any(|p| p
            == "现将有关线索函送你单位，请依法查处并将结果函告我局，请于2026年12月15日前函复。")
    );
}

#[test]
fn monthly_report_has_sections_and_repeating_tables() {
    let r = sample_report();
    let bytes = monthly_report(&r).unwrap();
    save("monthly-report.docx", &bytes);
    let parts = unpack(&bytes);
    assert_gbt_9704_page(&parts);
    let doc = part(&parts, "word/document.xml");
    let paras = paragraphs(&doc);

    assert_eq!(paras[0], r.title);
    assert!(has_run(&doc, &r.title, "方正小标宋简体", "44"));
    assert!(paras.iter().any(|p| p == "一、工作进展"));
    assert!(paras.iter().any(|p| p == "二、存在问题"));
    assert!(has_run(&doc, "本月共检查企业", "仿宋_GB2312", "32"));
    assert!(has_run(&doc, "（一）重点行业。", "楷体_GB2312", "32"));
    for t in &r.tables {
        assert!(paras.contains(&t.caption));
        assert!(has_run(&doc, &t.caption, "黑体", "28"));
        for h in &t.head {
            assert!(paras.iter().any(|p| p == h), "{h}");
            assert!(has_run(&doc, h, "黑体", "21"));
        }
        for row in &t.rows {
            for c in row {
                assert!(paras.iter().any(|p| p == c), "{c}");
            }
        }
    }
    // Both head rows repeat; 5 + 2 rows in all; every table fills the text width.
    assert_eq!(doc.matches("<w:tblHeader />").count(), 2);
    let xml = roxmltree::Document::parse(&doc).unwrap();
    let rows = xml
        .descendants()
        .filter(|n| n.has_tag_name((W_NS, "tr")))
        .count();
    assert_eq!(rows, 7);
    for grid in xml
        .descendants()
        .filter(|n| n.has_tag_name((W_NS, "tblGrid")))
    {
        let sum: u32 = grid
            .children()
            .filter_map(|c| c.attribute((W_NS, "w")))
            .map(|w| w.parse::<u32>().unwrap())
            .sum();
        assert_eq!(sum, 11906 - 1587 - 1474, "the text width");
    }
    // Bordered.
    assert!(doc.contains("<w:insideV"));
    // Signature after the tables.
    let n = paras.len();
    assert_eq!(paras[n - 2], "海口市商务局");
    assert_eq!(paras[n - 1], "2026年12月3日");
    let last_cell = paras.iter().position(|p| p == "2026年12月15日").unwrap();
    assert!(last_cell < n - 2);
}

#[test]
fn empty_sections_and_tables_still_make_valid_documents() {
    let r = MonthlyReport {
        title: "月报".into(),
        issuer: "海口市商务局".into(),
        date: date(2026, 12, 3),
        sections: vec![],
        tables: vec![],
    };
    let paras = paragraphs(&document_xml(&monthly_report(&r).unwrap()));
    assert_eq!(paras[0], "月报");
    assert_eq!(paras[paras.len() - 1], "2026年12月3日");

    let r = MonthlyReport {
        sections: vec![section("", &[]), section("空的部分", &["", " \n "])],
        tables: vec![
            DocTable {
                caption: "只有表头".into(),
                head: vec!["区".into(), "数量".into()],
                rows: vec![],
            },
            DocTable {
                caption: "没有表头".into(),
                head: vec![],
                rows: vec![vec!["a".into()], vec!["b".into(), "c".into(), "d".into()]],
            },
            DocTable {
                caption: "什么都没有".into(),
                head: vec![],
                rows: vec![vec![], vec![]],
            },
            DocTable {
                caption: String::new(),
                head: vec!["".into(), " ".into()],
                rows: vec![],
            },
        ],
        ..r
    };
    let bytes = monthly_report(&r).unwrap();
    save("monthly-report-empty.docx", &bytes);
    let doc = document_xml(&bytes);
    let paras = paragraphs(&doc);
    assert!(paras.iter().any(|p| p == "一、空的部分"));
    for caption in ["只有表头", "没有表头", "什么都没有"] {
        assert!(paras.iter().any(|p| p == caption));
    }
    assert_eq!(doc.matches("<w:tblHeader />").count(), 1);
    let xml = roxmltree::Document::parse(&doc).unwrap();
    let tables: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name((W_NS, "tbl")))
        .collect();
    assert_eq!(tables.len(), 2, "head-only and headless tables");
    // The ragged table is padded to 3 columns in each row.
    let cells: Vec<usize> = tables[1]
        .children()
        .filter(|n| n.has_tag_name((W_NS, "tr")))
        .map(|tr| {
            tr.children()
                .filter(|n| n.has_tag_name((W_NS, "tc")))
                .count()
        })
        .collect();
    assert_eq!(cells, [3, 3]);

    let b = Bulletin {
        title: "通报".into(),
        number: None,
        recipients: String::new(),
        sections: vec![],
        issuer: "海口市商务局".into(),
        date: date(2026, 11, 29),
        copy_to: Some(String::new()),
    };
    let paras = paragraphs(&document_xml(&bulletin(&b).unwrap()));
    assert_eq!(paras[0], "草稿");
    assert!(!has_paragraph(&paras, "抄送"));
    assert!(!paras.iter().any(|p| p == "："));

    let l = ReferralLetter {
        number: None,
        agency_name: String::new(),
        enterprise_name: String::new(),
        credit_code: None,
        address: None,
        violation: String::new(),
        legal_basis: String::new(),
        evidence: vec![],
        requested_action: String::new(),
        reply_by: None,
        contact_name: String::new(),
        contact_phone: String::new(),
        issuer: String::new(),
        date: date(2026, 11, 29),
    };
    let paras = paragraphs(&document_xml(&referral_letter(&l).unwrap()));
    assert!(paras.iter().any(|p| p == "2026年11月29日"));
}

#[test]
fn markup_characters_and_line_breaks_survive() {
    let mut b = sample_bulletin();
    b.title = format!("通报{NASTY}");
    b.number = Some(format!("海商安通〔2026〕{NASTY}号"));
    b.recipients = format!("{NASTY}\n各区商务局");
    b.sections = vec![section(
        NASTY,
        &[&format!(
            "第一段{NASTY}\n第二段<&>\r\n\r\n第三段\u{1}\u{B}结束"
        )],
    )];
    b.issuer = "商务局&<>".into();
    b.copy_to = Some(NASTY.into());
    let bytes = bulletin(&b).unwrap();
    save("bulletin-escaping.docx", &bytes);
    let doc = document_xml(&bytes);
    let paras = paragraphs(&doc);
    assert!(paras.contains(&b.title));
    assert!(paras.iter().any(|p| *p == b.number.clone().unwrap()));
    assert!(paras.iter().any(|p| *p == format!("{NASTY} 各区商务局：")));
    assert!(paras.iter().any(|p| *p == format!("一、{NASTY}")));
    assert!(paras.iter().any(|p| *p == format!("第一段{NASTY}")));
    assert!(paras.iter().any(|p| p == "第二段<&>"));
    assert!(paras.iter().any(|p| p == "第三段结束"));
    assert!(paras.iter().any(|p| *p == format!("抄送：{NASTY}。")));
    assert!(paras.iter().any(|p| p == "商务局&<>"));
    assert!(!doc.contains("<script>"));
    assert!(!doc.contains('\u{1}'));
    assert!(doc.contains("&amp;amp;"));

    let mut l = sample_letter();
    l.agency_name = format!("执法局{NASTY}");
    l.enterprise_name = "R&D<公司>\"".into();
    l.credit_code = Some("<91&>".into());
    l.address = Some("路\"1\"号".into());
    l.violation = format!("{NASTY}\n第二条线索");
    l.legal_basis = "《法&律》第1条".into();
    l.evidence = vec![NASTY.into(), "照片\n两张".into()];
    l.contact_name = "<王>".into();
    l.contact_phone = "&110".into();
    let bytes = referral_letter(&l).unwrap();
    save("referral-letter-escaping.docx", &bytes);
    let doc = document_xml(&bytes);
    let paras = paragraphs(&doc);
    assert!(
        paras
            .iter()
            .any(|p| p == "关于函送R&D<公司>\"安全生产违法线索的函")
    );
    assert!(paras.iter().any(|p| *p == format!("执法局{NASTY}：")));
    assert!(has_paragraph(
        &paras,
        "R&D<公司>\"（统一社会信用代码：<91&>，地址：路\"1\"号）"
    ));
    assert!(paras.iter().any(|p| p == NASTY));
    assert!(paras.iter().any(|p| p == "第二条线索"));
    assert!(
        paras
            .iter()
            .any(|p| p == "上述行为涉嫌违反《法&律》第1条的规定。")
    );
    assert!(paras.iter().any(|p| p == "联系人：<王>　　联系电话：&110"));
    assert!(paras.iter().any(|p| *p == format!("附件：1.{NASTY}")));
    assert!(paras.iter().any(|p| p == "2.照片 两张"));
    assert!(!doc.contains("<script>"));

    let mut r = sample_report();
    r.title = NASTY.into();
    r.tables[0].caption = NASTY.into();
    r.tables[0].head[0] = format!("区\n{NASTY}");
    r.tables[0].rows[0][0] = "龙华区\n<&>".into();
    let bytes = monthly_report(&r).unwrap();
    save("monthly-report-escaping.docx", &bytes);
    let doc = document_xml(&bytes);
    let paras = paragraphs(&doc);
    assert_eq!(paras[0], NASTY);
    assert!(paras.iter().any(|p| *p == format!("区{NASTY}")));
    assert!(paras.iter().any(|p| p == "龙华区<&>"));
    assert!(
        doc.contains(r#"<w:br w:type="textWrapping" />"#),
        "line break in a cell"
    );
    assert!(!doc.contains("<script>"));
}

#[test]
fn long_documents_are_valid_and_output_is_deterministic() {
    let long = "部分企业隐患整改不彻底，存在反复发生的情况，".repeat(100);
    let mut r = sample_report();
    r.sections = (0..25)
        .map(|i| section(&format!("第{i}部分"), &[&long, &long]))
        .collect();
    r.tables[1].rows = (1..=300)
        .map(|i| {
            vec![
                i.to_string(),
                format!("企业{i}"),
                long.chars().take(60).collect(),
                "2026年12月15日".into(),
            ]
        })
        .collect();
    let bytes = monthly_report(&r).unwrap();
    save("monthly-report-long.docx", &bytes);
    let paras = paragraphs(&document_xml(&bytes));
    assert!(paras.iter().any(|p| p == "二十五、第24部分"));
    assert!(paras.iter().any(|p| p == "企业300"));
    assert_eq!(bytes, monthly_report(&r).unwrap());

    let b = sample_bulletin();
    assert_eq!(bulletin(&b).unwrap(), bulletin(&b).unwrap());
    let l = sample_letter();
    assert_eq!(referral_letter(&l).unwrap(), referral_letter(&l).unwrap());
    let core = part(&unpack(&bulletin(&b).unwrap()), "docProps/core.xml");
    assert!(core.contains("2026-11-29T00:00:00Z"));
}
