//! 安全风险告知卡: one risk point on one A4 portrait page.

use docx_rs::{AlignmentType, Docx, HeightRule, Paragraph, Shading, TableRow};

use crate::layout::{
    A4_H, A4_W, FANGSONG, Font, HEITI, SIHAO, XIAOBIAOSONG, YIHAO, bordered, cell, clean, exact,
    lines, mm, para, single,
};
use crate::{DocError, Grade, RiskCard, cn_date, package};

/// Margins of the card: 20 mm all round.
const MARGIN_MM: f64 = 20.0;
/// Label column width, twips.
const LABEL_W: usize = 2700;

const LABEL: Font = Font::all(HEITI, SIHAO);
const VALUE: Font = Font::body(FANGSONG, SIHAO);

/// Writes the 安全风险告知卡 of one risk point.
///
/// Title "安全风险告知卡" ("重大安全风险告知卡" in red for a 重大 risk), a band in the
/// grade's colour reading e.g. "风险等级：较大风险", a bordered table (企业名称 to
/// 复评日期) and the 告知日期 line. Sized to fit one page at ordinary text lengths; very
/// long texts run onto a second page rather than being cut.
pub fn risk_notice_card(card: &RiskCard) -> Result<Vec<u8>, DocError> {
    let text_w = (A4_W as i32 - 2 * mm(MARGIN_MM)) as usize;

    let title_text = if card.grade == Grade::Major {
        "重大安全风险告知卡"
    } else {
        "安全风险告知卡"
    };
    let mut title_font = Font::all(XIAOBIAOSONG, YIHAO);
    if card.grade == Grade::Major {
        title_font = title_font.color(Grade::Major.color_hex());
    }
    let title = para(title_text, title_font)
        .align(AlignmentType::Center)
        .line_spacing(single(0, 240));

    let band = bordered(vec![grade_band(card.grade, text_w)], &[text_w]);

    let v = |s: &str| {
        let s = clean(s);
        if s.trim().is_empty() {
            "／".to_owned()
        } else {
            s.trim().to_owned()
        }
    };
    let accidents = card
        .accident_types
        .iter()
        .map(|a| clean(a).trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect::<Vec<_>>()
        .join("、");
    let tier = match (
        clean(&card.control_tier).trim(),
        clean(&card.responsible).trim(),
    ) {
        ("", "") => "／".to_owned(),
        (t, "") => t.to_owned(),
        ("", r) => format!("责任人：{r}"),
        (t, r) => format!("{t}：{r}"),
    };
    let mut phones = "火警 119　急救 120　报警 110".to_owned();
    if let Some(own) = card.emergency_phone.as_deref().map(clean)
        && !own.trim().is_empty()
    {
        phones.push_str("\n企业应急电话：");
        phones.push_str(own.trim());
    }
    let reassess = card
        .reassess_on
        .map(cn_date)
        .unwrap_or_else(|| "／".to_owned());

    let value_w = text_w - LABEL_W;
    let rows = vec![
        text_row("企业名称", &v(&card.enterprise), value_w),
        text_row("风险点名称", &v(&card.point_name), value_w),
        text_row("所在位置", &v(&card.location), value_w),
        text_row("主要危险因素", &v(&card.hazard_factors), value_w),
        text_row("可能导致的事故类型", &v(&accidents), value_w),
        text_row("评估方法及结果", &v(&card.method_line), value_w),
        row("管控措施", measures(&card.measures), value_w),
        text_row("管控层级及责任人", &tier, value_w),
        text_row("应急电话", &phones, value_w),
        text_row("复评日期", &reassess, value_w),
    ];
    let table = bordered(rows, &[LABEL_W, value_w]);

    let issued = para(
        &format!("告知日期：{}", cn_date(card.issued_on)),
        Font::body(FANGSONG, SIHAO),
    )
    .align(AlignmentType::Right)
    .line_spacing(single(240, 0));

    let margin = mm(MARGIN_MM);
    let docx = Docx::new()
        .page_size(A4_W, A4_H)
        .page_margin(
            docx_rs::PageMargin::new()
                .top(margin)
                .bottom(margin)
                .left(margin)
                .right(margin)
                .header(mm(10.0))
                .footer(mm(10.0)),
        )
        .default_fonts(VALUE.fonts())
        .default_size(SIHAO)
        .add_paragraph(title)
        .add_table(band)
        .add_paragraph(Paragraph::new().line_spacing(exact(8)).size(12))
        .add_table(table)
        .add_paragraph(issued);
    package::pack(docx, card.issued_on)
}

/// The coloured band: "风险等级：较大风险" on the grade's colour.
fn grade_band(grade: Grade, width: usize) -> TableRow {
    let ink = match grade {
        Grade::Major | Grade::Low => "FFFFFF",
        Grade::Large | Grade::General => "000000",
    };
    let text = para(
        &format!("风险等级：{}", grade.label()),
        Font::all(HEITI, 40).bold().color(ink),
    )
    .align(AlignmentType::Center)
    .line_spacing(single(0, 0));
    TableRow::new(vec![
        cell(width, vec![text]).shading(Shading::new().fill(grade.color_hex())),
    ])
    .row_height(850.0)
    .height_rule(HeightRule::AtLeast)
    .cant_split()
}

fn text_row(label: &str, value: &str, value_w: usize) -> TableRow {
    row(
        label,
        vec![para(value, VALUE).line_spacing(single(0, 0))],
        value_w,
    )
}

fn row(label: &str, value: Vec<Paragraph>, value_w: usize) -> TableRow {
    TableRow::new(vec![
        cell(
            LABEL_W,
            vec![
                para(label, LABEL)
                    .align(AlignmentType::Center)
                    .line_spacing(single(0, 0)),
            ],
        )
        .shading(Shading::new().fill("F2F2F2")),
        cell(value_w, value),
    ])
    .row_height(680.0)
    .height_rule(HeightRule::AtLeast)
}

/// The 管控措施 cell: each non-empty group as a bold label and its numbered measures.
fn measures(groups: &[(String, Vec<String>)]) -> Vec<Paragraph> {
    let hang = VALUE.em(); // "1." hangs by one character
    let mut out = Vec::new();
    for (label, items) in groups {
        let items: Vec<String> = items.iter().flat_map(|i| lines(i)).collect();
        if items.is_empty() {
            continue;
        }
        let label = clean(label);
        let label = label.trim();
        let label = label.strip_suffix('：').unwrap_or(label);
        out.push(
            para(&format!("{label}："), Font::all(HEITI, SIHAO))
                .line_spacing(single(if out.is_empty() { 0 } else { 60 }, 0)),
        );
        for (n, item) in items.iter().enumerate() {
            out.push(
                para(&format!("{}. {item}", n + 1), VALUE)
                    .indent(
                        Some(hang),
                        Some(docx_rs::SpecialIndentType::Hanging(hang)),
                        None,
                        None,
                    )
                    .line_spacing(single(0, 0)),
            );
        }
    }
    if out.is_empty() {
        out.push(para("／", VALUE).line_spacing(single(0, 0)));
    }
    out
}
