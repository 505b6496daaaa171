//! Generates both documents from realistic data and checks what is inside the packages.
//! Every generated file is also written to `target/docs-samples/` to open by hand.

use anzhi_docs::{
    Counts, DocError, Finding, Grade, InspectionReport, MEASURE_GROUPS, Photo, RiskCard, cn_date,
    inspection_report, risk_notice_card,
};
use chrono::NaiveDateTime;

mod common;

use common::*;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    date(y, m, d).and_hms_opt(h, min, 0).unwrap()
}

/// A small real JPEG: a colour gradient of `w`×`h` pixels.
fn jpeg(w: u16, h: u16, tint: u8) -> Vec<u8> {
    let mut px = Vec::with_capacity(usize::from(w) * usize::from(h) * 3);
    for y in 0..h {
        for x in 0..w {
            px.extend([
                (u32::from(x) * 255 / u32::from(w)) as u8,
                (u32::from(y) * 255 / u32::from(h)) as u8,
                tint,
            ]);
        }
    }
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 85)
        .encode(&px, w, h, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

fn card(grade: Grade) -> RiskCard {
    RiskCard {
        enterprise: "海口百佳汇超市有限公司".into(),
        point_name: "液化石油气钢瓶储存间（熟食加工区）".into(),
        location: "一层东北角熟食加工区后侧".into(),
        hazard_factors: "液化石油气钢瓶阀门、减压阀或软管老化泄漏，遇明火、电气火花引发燃烧爆炸；钢瓶超量存放、倒置使用。".into(),
        accident_types: vec!["火灾".into(), "其他爆炸".into(), "中毒和窒息".into()],
        method_line: "LEC法：L=3，E=6，C=15，D=270".into(),
        grade,
        measures: vec![
            (
                "工程技术措施".into(),
                vec![
                    "安装可燃气体浓度报警装置并与紧急切断阀联锁".into(),
                    "储存间采用防爆型电气设备，保持自然通风".into(),
                ],
            ),
            (
                "管理措施".into(),
                vec![
                    "钢瓶存放不超过2瓶，严禁倒置、卧放使用".into(),
                    "每日班前检查阀门、软管，填写巡查记录".into(),
                ],
            ),
            ("培训教育措施".into(), vec![]),
            (
                "个体防护措施".into(),
                vec!["作业人员穿戴防静电工作服".into()],
            ),
            (
                "应急处置措施".into(),
                vec!["发生泄漏立即关闭瓶阀、开窗通风、疏散人员，严禁开关电器".into()],
            ),
        ],
        control_tier: "岗位级".into(),
        responsible: "张三".into(),
        emergency_phone: Some("0898-66668888".into()),
        reassess_on: Some(date(2022, 6, 1)),
        issued_on: date(2021, 6, 1),
    }
}

fn finding(item: &str, problem: &str, photos: Vec<Photo>) -> Finding {
    Finding {
        item: item.into(),
        problem: problem.into(),
        basis: "《中华人民共和国消防法》第二十八条".into(),
        level_label: "一般隐患".into(),
        requirement: "立即清理疏散通道堆放物品，保持畅通".into(),
        deadline: Some(date(2021, 6, 8)),
        photos,
    }
}

fn report() -> InspectionReport {
    InspectionReport {
        title: "海口市商务局安全生产督导检查意见书".into(),
        doc_number: Some("海商务安检〔2021〕12号".into()),
        addressee: "海口百佳汇超市有限公司".into(),
        issuer: "海口市商务局".into(),
        inspected_on: date(2021, 6, 1),
        inspectors: vec!["李明".into(), "王芳".into()],
        template_name: "商贸零售企业安全生产检查表（2021版）".into(),
        accompanied_by: Some("企业安全主管陈强".into()),
        summary: Counts {
            checked: 45,
            passed: 40,
            failed: 3,
            not_applicable: 2,
        },
        findings: vec![
            finding(
                "疏散通道",
                "一层东侧安全出口疏散通道堆放纸箱等杂物，宽度不足1.4米",
                vec![
                    Photo {
                        jpeg: jpeg(64, 48, 40),
                        caption: "东侧安全出口堆放纸箱".into(),
                    },
                    Photo {
                        jpeg: jpeg(48, 64, 200),
                        caption: "疏散通道宽度测量".into(),
                    },
                ],
            ),
            Finding {
                item: "消防设施".into(),
                problem: "二层生鲜区3具灭火器压力不足，指针位于红区".into(),
                basis: "《消防设施通用规范》（GB 55036-2022）".into(),
                level_label: "一般隐患".into(),
                requirement: "更换或重新充装灭火器，建立月度检查记录".into(),
                deadline: Some(date(2021, 6, 15)),
                photos: vec![],
            },
            Finding {
                item: "电气安全".into(),
                problem: "熟食加工区插线板串接使用，电源线缠绕在金属货架上".into(),
                basis: "《用电安全导则》（GB/T 13869-2017）".into(),
                level_label: "较大隐患".into(),
                requirement: "拆除串接插线板，由持证电工规范敷设线路".into(),
                deadline: None,
                photos: vec![],
            },
        ],
        closing: "请你单位于2021年6月15日前完成全部整改，并将整改情况书面报送海口市商务局安全生产监督管理科。".into(),
        confirmed_by: Some(("刘建国".into(), at(2021, 6, 1, 16, 30))),
        issued_on: date(2021, 6, 1),
    }
}

#[test]
fn risk_card_shows_grade_colour_and_every_row() {
    let c = card(Grade::Large);
    let bytes = risk_notice_card(&c).unwrap();
    save("risk-card-large.docx", &bytes);
    let parts = unpack(&bytes);
    let doc = part(&parts, "word/document.xml");
    let paras = paragraphs(&doc);

    assert!(has_paragraph(&paras, "安全风险告知卡"));
    assert!(!has_paragraph(&paras, "重大安全风险告知卡"));
    assert!(has_paragraph(&paras, "风险等级：较大风险"));
    assert!(doc.contains(r#"w:fill="FF8C00""#));
    for label in [
        "企业名称",
        "风险点名称",
        "所在位置",
        "主要危险因素",
        "可能导致的事故类型",
        "评估方法及结果",
        "管控措施",
        "管控层级及责任人",
        "应急电话",
        "复评日期",
    ] {
        assert!(paras.iter().any(|p| p == label), "row {label}");
    }
    assert!(has_paragraph(&paras, "海口百佳汇超市有限公司"));
    assert!(has_paragraph(&paras, "液化石油气钢瓶储存间（熟食加工区）"));
    assert!(has_paragraph(&paras, "火灾、其他爆炸、中毒和窒息"));
    assert!(has_paragraph(&paras, "LEC法：L=3，E=6，C=15，D=270"));
    assert!(has_paragraph(&paras, "岗位级：张三"));
    assert!(has_paragraph(&paras, "火警 119"));
    assert!(has_paragraph(&paras, "急救 120"));
    assert!(has_paragraph(&paras, "报警 110"));
    assert!(has_paragraph(&paras, "企业应急电话：0898-66668888"));
    assert!(has_paragraph(&paras, "2022年6月1日"));
    assert!(paras.iter().any(|p| p == "告知日期：2021年6月1日"));

    // Measures: the non-empty groups in order, each item numbered.
    let groups: Vec<&String> = paras
        .iter()
        .filter(|p| MEASURE_GROUPS.iter().any(|g| **p == format!("{g}：")))
        .collect();
    assert_eq!(
        groups,
        [
            "工程技术措施：",
            "管理措施：",
            "个体防护措施：",
            "应急处置措施："
        ]
    );
    assert!(
        paras
            .iter()
            .any(|p| p == "1. 安装可燃气体浓度报警装置并与紧急切断阀联锁")
    );
    assert!(
        paras
            .iter()
            .any(|p| p == "2. 每日班前检查阀门、软管，填写巡查记录")
    );

    // A4 portrait, 20 mm margins.
    assert!(doc.contains(r#"w:w="11906""#) && doc.contains(r#"w:h="16838""#));
    assert!(doc.contains(r#"w:top="1134""#) && doc.contains(r#"w:left="1134""#));
    assert!(!parts.keys().any(|k| k.starts_with("word/media/")));
}

#[test]
fn each_grade_has_its_colour_and_label() {
    for (grade, hex, label, file) in [
        (Grade::Major, "FF0000", "重大风险", "risk-card-major.docx"),
        (Grade::Large, "FF8C00", "较大风险", "risk-card-large-2.docx"),
        (
            Grade::General,
            "FFFF00",
            "一般风险",
            "risk-card-general.docx",
        ),
        (Grade::Low, "0070C0", "低风险", "risk-card-low.docx"),
    ] {
        let mut c = card(grade);
        c.emergency_phone = None;
        c.reassess_on = None;
        let bytes = risk_notice_card(&c).unwrap();
        save(file, &bytes);
        let doc = part(&unpack(&bytes), "word/document.xml");
        let paras = paragraphs(&doc);
        assert!(doc.contains(&format!(r#"w:fill="{hex}""#)), "{label}");
        assert!(paras.iter().any(|p| *p == format!("风险等级：{label}")));
        assert_eq!(grade.label(), label);
        assert_eq!(grade.color_hex(), hex);
        let title = if grade == Grade::Major {
            "重大安全风险告知卡"
        } else {
            "安全风险告知卡"
        };
        assert_eq!(paras[0], title);
        assert!(!has_paragraph(&paras, "企业应急电话"));
        assert!(paras.iter().any(|p| p == "／"), "复评日期 without a date");
    }
}

#[test]
fn inspection_report_has_layout_text_and_photos() {
    let r = report();
    let bytes = inspection_report(&r).unwrap();
    save("inspection-report.docx", &bytes);
    let parts = unpack(&bytes);
    let doc = part(&parts, "word/document.xml");
    let paras = paragraphs(&doc);

    assert_eq!(paras[0], "海口市商务局安全生产督导检查意见书");
    assert_eq!(paras[1], "海商务安检〔2021〕12号");
    assert!(paras.iter().any(|p| p == "海口百佳汇超市有限公司："));
    let opening = paras
        .iter()
        .find(|p| p.starts_with("2021年6月1日，"))
        .unwrap();
    for part in [
        "海口市商务局检查组（检查人员：李明、王芳）",
        "依据《商贸零售企业安全生产检查表（2021版）》",
        "企业安全主管陈强陪同检查",
    ] {
        assert!(opening.contains(part), "{opening}");
    }
    assert!(paras.iter().any(|p| p == "一、检查基本情况"));
    assert!(has_paragraph(
        &paras,
        "本次检查共检查45项，其中符合40项、不符合3项、不适用2项。"
    ));
    assert!(paras.iter().any(|p| p == "二、发现的问题及整改要求"));
    assert!(paras.iter().any(|p| p == "（一）问题清单"));
    assert!(paras.iter().any(|p| p == "（二）现场照片"));
    assert!(paras.iter().any(|p| p == "三、整改要求"));
    for f in &r.findings {
        assert!(has_paragraph(&paras, &f.problem), "{}", f.problem);
        assert!(has_paragraph(&paras, &f.requirement));
    }
    for head in [
        "序号",
        "检查项目",
        "存在问题",
        "依据",
        "隐患等级",
        "整改要求",
        "整改期限",
    ] {
        assert!(paras.iter().any(|p| p == head), "{head}");
    }
    assert!(has_paragraph(&paras, "（见图1-1至图1-2）"));
    assert!(paras.iter().any(|p| p == "2021年6月8日"), "deadline");
    assert!(paras.iter().any(|p| p == "立即整改"));
    assert!(paras.iter().any(|p| p == "图1-1　东侧安全出口堆放纸箱"));
    assert!(paras.iter().any(|p| p == "图1-2　疏散通道宽度测量"));
    assert!(has_paragraph(
        &paras,
        "请你单位于2021年6月15日前完成全部整改"
    ));
    assert!(paras.iter().any(|p| p == "检查人员（签名）：李明、王芳"));
    assert!(
        paras
            .iter()
            .any(|p| p == "企业负责人（签字）：刘建国（已现场确认）")
    );
    assert!(paras.iter().any(|p| p == "确认时间：2021年6月1日 16:30"));
    let n = paras.len();
    assert_eq!(paras[n - 2], "海口市商务局");
    assert_eq!(paras[n - 1], "2021年6月1日");

    // Fonts and sizes: title 方正小标宋简体 二号, body 仿宋_GB2312 三号, headings.
    for font in ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"] {
        assert!(doc.contains(&format!(r#"w:eastAsia="{font}""#)), "{font}");
    }
    assert!(doc.contains(r#"<w:sz w:val="44" />"#), "二号 title");
    assert!(doc.contains(r#"<w:sz w:val="32" />"#), "三号 body");
    assert!(doc.contains(r#"w:firstLine="640""#), "two-character indent");
    assert!(
        doc.contains(r#"w:line="560" w:lineRule="exact""#),
        "28 pt pitch"
    );

    // A4, margins 37/35/28/26 mm.
    assert!(doc.contains(r#"w:w="11906""#) && doc.contains(r#"w:h="16838""#));
    for m in [
        r#"w:top="2098""#,
        r#"w:bottom="1984""#,
        r#"w:left="1587""#,
        r#"w:right="1474""#,
    ] {
        assert!(doc.contains(m), "{m}");
    }

    // The findings table repeats its head row.
    assert_eq!(doc.matches("<w:tblHeader />").count(), 1);

    // Page numbers in the footer: "— 1 —", odd pages right, even pages left.
    let footers: Vec<String> = parts
        .iter()
        .filter(|(k, _)| k.starts_with("word/footer"))
        .map(|(_, v)| String::from_utf8(v.clone()).unwrap())
        .collect();
    assert_eq!(footers.len(), 2);
    for footer in &footers {
        assert!(footer.contains("<w:instrText>PAGE</w:instrText>"));
        assert_eq!(paragraphs(footer), ["— 1 —"]);
    }
    assert!(
        footers
            .iter()
            .any(|f| f.contains(r#"<w:jc w:val="right" />"#))
    );
    assert!(
        footers
            .iter()
            .any(|f| f.contains(r#"<w:jc w:val="left" />"#))
    );
    assert!(doc.contains(r#"w:footerReference w:type="default""#));
    assert!(doc.contains(r#"w:footerReference w:type="even""#));
    assert!(part(&parts, "word/settings.xml").contains("w:evenAndOddHeaders"));

    // Both photos embedded byte for byte, typed as JPEG, referenced, within 8 cm.
    let media: Vec<(&String, &Vec<u8>)> = parts
        .iter()
        .filter(|(k, _)| k.starts_with("word/media/"))
        .collect();
    assert_eq!(media.len(), 2);
    let photos = &r.findings[0].photos;
    for p in photos {
        assert!(media.iter().any(|(_, b)| **b == p.jpeg));
    }
    let types = part(&parts, "[Content_Types].xml");
    let rels = part(&parts, "word/_rels/document.xml.rels");
    for (name, _) in &media {
        assert!(types.contains(&format!(
            r#"<Override PartName="/{name}" ContentType="image/jpeg" />"#
        )));
        let target = name.trim_start_matches("word/");
        assert!(rels.contains(&format!(r#"Target="{target}""#)), "{target}");
    }
    let xml = roxmltree::Document::parse(&doc).unwrap();
    let extents: Vec<(u64, u64)> = xml
        .descendants()
        .filter(|n| n.tag_name().name() == "extent")
        .map(|n| {
            (
                n.attribute("cx").unwrap().parse().unwrap(),
                n.attribute("cy").unwrap().parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(extents.len(), 2);
    for (cx, cy) in &extents {
        assert!(*cx <= 8 * 360_000 && *cy <= 9 * 360_000, "{cx}×{cy}");
    }
    // 64×48 landscape fills the width; 48×64 portrait is capped by the height.
    assert!(extents[0].0 > extents[0].1 && extents[1].1 > extents[1].0);
}

#[test]
fn report_without_findings_says_so() {
    let mut r = report();
    r.findings.clear();
    r.summary = Counts {
        checked: 45,
        passed: 43,
        failed: 0,
        not_applicable: 2,
    };
    r.closing = String::new();
    r.doc_number = None;
    r.accompanied_by = None;
    r.confirmed_by = None;
    let bytes = inspection_report(&r).unwrap();
    save("inspection-report-no-findings.docx", &bytes);
    let parts = unpack(&bytes);
    let doc = part(&parts, "word/document.xml");
    let paras = paragraphs(&doc);

    assert!(paras.iter().any(|p| p == "本次检查未发现问题。"));
    assert!(!has_paragraph(&paras, "三、整改要求"));
    assert!(!has_paragraph(&paras, "序号"));
    assert!(!has_paragraph(&paras, "海商务安检"));
    assert!(!has_paragraph(&paras, "陪同"));
    assert!(!has_paragraph(&paras, "已现场确认"));
    assert!(paras.iter().any(|p| p.starts_with("企业负责人（签字）：")));
    assert!(!doc.contains("tblHeader"));
    assert!(!parts.keys().any(|k| k.starts_with("word/media/")));
}

#[test]
fn default_closing_names_the_latest_deadline() {
    let mut r = report();
    r.closing = "  \n ".into();
    let paras = paragraphs(&part(
        &unpack(&inspection_report(&r).unwrap()),
        "word/document.xml",
    ));
    assert!(paras.iter().any(|p| p
        == "请你单位对照上述问题逐项落实整改，于2021年6月15日前完成全部整改，并将整改情况书面报送海口市商务局。"));

    for f in &mut r.findings {
        f.deadline = None;
    }
    let paras = paragraphs(&part(
        &unpack(&inspection_report(&r).unwrap()),
        "word/document.xml",
    ));
    assert!(
        paras
            .iter()
            .any(|p| p == "请你单位对照上述问题立即落实整改，并将整改情况书面报送海口市商务局。")
    );
}

#[test]
fn markup_characters_are_escaped_and_control_characters_dropped() {
    let nasty = r#"A&B <script>"引号"'单引号' ]]> &amp; </w:t>"#;
    let mut r = report();
    r.title = format!("意见书{nasty}");
    r.doc_number = Some(format!("海商务〔2021〕{nasty}号"));
    r.addressee = "R&D<公司>".into();
    r.template_name = "《表&<>》".into();
    r.inspectors = vec!["A&B".into(), "<王>".into()];
    r.findings[0].item = nasty.into();
    r.findings[0].problem = format!("问题\u{1}\u{8}\u{B}{nasty}\n第二行\t制表");
    r.findings[0].photos[0].caption = nasty.into();
    r.closing = nasty.into();
    r.issuer = "商务局&<>".into();
    let bytes = inspection_report(&r).unwrap();
    save("inspection-report-escaping.docx", &bytes);
    let doc = part(&unpack(&bytes), "word/document.xml");
    let paras = paragraphs(&doc);

    assert_eq!(paras[0], format!("意见书{nasty}"));
    assert!(paras.iter().any(|p| p == "R&D<公司>："));
    assert!(has_paragraph(&paras, "依据《表&<>》"));
    assert!(has_paragraph(&paras, "（检查人员：A&B、<王>）"));
    assert!(paras.iter().any(|p| p == nasty));
    assert!(
        paras
            .iter()
            .any(|p| *p == format!("问题{nasty}第二行制表（见图1-1至图1-2）"))
    );
    assert!(paras.iter().any(|p| *p == format!("图1-1　{nasty}")));
    assert!(paras.iter().any(|p| p == "商务局&<>"));
    assert!(!doc.contains("<script>"));
    assert!(!doc.contains('\u{1}'));
    // The literal "&amp;" in the input comes back as typed: escaped exactly once.
    assert!(doc.contains("&amp;amp;"));

    let mut c = card(Grade::General);
    c.enterprise = nasty.into();
    c.measures = vec![("管理措施&<>：".into(), vec![nasty.into()])];
    c.emergency_phone = Some("<110>&".into());
    let bytes = risk_notice_card(&c).unwrap();
    save("risk-card-escaping.docx", &bytes);
    let paras = paragraphs(&part(&unpack(&bytes), "word/document.xml"));
    assert!(paras.iter().any(|p| p == nasty));
    assert!(paras.iter().any(|p| p == "管理措施&<>："));
    assert!(paras.iter().any(|p| *p == format!("1. {nasty}")));
    assert!(has_paragraph(&paras, "企业应急电话：<110>&"));
}

#[test]
fn very_long_texts_and_many_findings_still_make_valid_documents() {
    let long = "疏散通道被货架、纸箱、手推车占用，应急照明灯具损坏，".repeat(200);
    let mut r = report();
    r.title =
        "关于海口市某某区某某街道某某商业综合体及其附属仓储物流设施安全生产专项督导检查情况的报告"
            .repeat(2);
    r.findings = (0..60)
        .map(|i| Finding {
            item: format!("检查项目{i}"),
            problem: format!("{i}：{long}"),
            basis: long.clone(),
            level_label: "重大事故隐患".into(),
            requirement: long.clone(),
            deadline: Some(date(2021, 7, 1)),
            photos: if i % 20 == 0 {
                vec![Photo {
                    jpeg: jpeg(32, 24, i as u8),
                    caption: long.chars().take(80).collect(),
                }]
            } else {
                vec![]
            },
        })
        .collect();
    r.inspectors = (0..30).map(|i| format!("检查员{i}")).collect();
    let bytes = inspection_report(&r).unwrap();
    save("inspection-report-long.docx", &bytes);
    let parts = unpack(&bytes);
    let doc = part(&parts, "word/document.xml");
    let paras = paragraphs(&doc);
    for i in 0..60 {
        assert!(
            paras
                .iter()
                .any(|p| p.starts_with(&format!("{i}：疏散通道")))
        );
    }
    assert_eq!(
        parts
            .keys()
            .filter(|k| k.starts_with("word/media/"))
            .count(),
        3
    );
    // 1 findings table (61 rows) + 3 photo tables (1 row each).
    let xml = roxmltree::Document::parse(&doc).unwrap();
    let rows = xml
        .descendants()
        .filter(|n| n.has_tag_name((W_NS, "tr")))
        .count();
    assert_eq!(rows, 61 + 3);

    let mut c = card(Grade::Major);
    c.hazard_factors = long.clone();
    c.measures = MEASURE_GROUPS
        .iter()
        .map(|g| (g.to_string(), vec![long.clone(); 3]))
        .collect();
    let bytes = risk_notice_card(&c).unwrap();
    save("risk-card-long.docx", &bytes);
    let paras = paragraphs(&part(&unpack(&bytes), "word/document.xml"));
    assert!(paras.contains(&long));
}

#[test]
fn a_photo_that_is_not_a_jpeg_is_refused() {
    let mut r = report();
    r.findings[1].photos = vec![
        Photo {
            jpeg: jpeg(8, 8, 0),
            caption: "好的".into(),
        },
        Photo {
            jpeg: b"\x89PNG\r\n\x1a\nnot a jpeg".to_vec(),
            caption: "坏的".into(),
        },
    ];
    match inspection_report(&r) {
        Err(DocError::BadPhoto {
            finding: 2,
            photo: 2,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    r.findings[1].photos[1].jpeg = jpeg(8, 8, 0)[..20].to_vec();
    assert!(matches!(
        inspection_report(&r),
        Err(DocError::BadPhoto {
            finding: 2,
            photo: 2,
            ..
        })
    ));
}

#[test]
fn identical_inputs_give_identical_bytes_apart_from_picture_ids() {
    // Without photos the output is fully deterministic (dated by issued_on).
    let mut r = report();
    for f in &mut r.findings {
        f.photos.clear();
    }
    assert_eq!(
        inspection_report(&r).unwrap(),
        inspection_report(&r).unwrap()
    );
    let core = part(
        &unpack(&inspection_report(&r).unwrap()),
        "docProps/core.xml",
    );
    assert!(core.contains("2021-06-01T00:00:00Z"));
    assert_eq!(cn_date(r.issued_on), "2021年6月1日");
}
