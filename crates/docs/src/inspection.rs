//! 安全生产督导检查意见书 in the GB/T 9704-2012 layout.

use docx_rs::{AlignmentType, Paragraph, Pic, Run, TableRow, VAlignType};

use crate::layout::{
    EMU_PER_CM, EMU_PER_TWIP, FANGSONG, Font, WUHAO, bordered, borderless, cell, clean, exact,
    head_row, lines, para, run, single,
};
use crate::official::{
    BODY, CELL, CELL_HEAD, LINE_PT, addressee, blank, body, centred, document, h1, h2, names,
    one_line, right, sign_off, text_width, title,
};
use crate::{DocError, Finding, InspectionReport, cn_date, cn_date_time, jpeg, package};

const CAPTION: Font = Font::body(FANGSONG, WUHAO);

/// Photos: at most 8 cm wide (less if two do not fit side by side), 9 cm high.
const PHOTO_MAX_W_EMU: u32 = 8 * EMU_PER_CM;
const PHOTO_MAX_H_EMU: u32 = 9 * EMU_PER_CM;

/// Columns of the findings table.
const HEADS: [&str; 7] = [
    "序号",
    "检查项目",
    "存在问题",
    "依据",
    "隐患等级",
    "整改要求",
    "整改期限",
];

/// Writes a 安全生产检查情况报告 / 督导检查意见书.
///
/// Layout after GB/T 9704-2012: A4, margins 37/35/28/26 mm, title 方正小标宋简体 二号
/// centred, 发文字号 centred under it, body 仿宋_GB2312 三号 at 28 pt line pitch with a
/// two-character first-line indent, "一、" headings 黑体 and "（一）" headings
/// 楷体_GB2312, "— 1 —" page numbers centred in the footer. The findings table repeats
/// its head row on every page; photos follow it two to a row, numbered 图1-1, 图1-2 …
/// and referenced from the 存在问题 column.
///
/// Fails only when a photo is not a readable JPEG.
pub fn inspection_report(r: &InspectionReport) -> Result<Vec<u8>, DocError> {
    let text_w = text_width();
    let issuer = one_line(&r.issuer);

    // Title, 发文字号, a blank line, 主送.
    let mut docx = document().add_paragraph(title(&r.title));
    if let Some(no) = r.doc_number.as_deref().map(one_line)
        && !no.is_empty()
    {
        docx = docx.add_paragraph(centred(&no));
    }
    docx = docx.add_paragraph(blank());
    if let Some(p) = addressee(&r.addressee) {
        docx = docx.add_paragraph(p);
    }

    docx = docx.add_paragraph(body(&opening(r, &issuer)));

    // 一、检查基本情况
    let c = r.summary;
    docx = docx
        .add_paragraph(h1("一、检查基本情况"))
        .add_paragraph(body(&format!(
            "本次检查共检查{}项，其中符合{}项、不符合{}项、不适用{}项。",
            c.checked, c.passed, c.failed, c.not_applicable
        )));

    // 二、发现的问题及整改要求
    docx = docx.add_paragraph(h1("二、发现的问题及整改要求"));
    if r.findings.is_empty() {
        docx = docx.add_paragraph(body("本次检查未发现问题。"));
    } else {
        let has_photos = r.findings.iter().any(|f| !f.photos.is_empty());
        if has_photos {
            docx = docx
                .add_paragraph(body(&format!(
                    "检查发现问题{}项，问题清单及现场照片如下。",
                    r.findings.len()
                )))
                .add_paragraph(h2("（一）问题清单"));
        } else {
            docx = docx.add_paragraph(body(&format!(
                "检查发现问题{}项，具体如下：",
                r.findings.len()
            )));
        }
        docx = docx.add_table(findings_table(&r.findings, text_w));
        if has_photos {
            docx = docx.add_paragraph(h2("（二）现场照片"));
            for (i, f) in r.findings.iter().enumerate() {
                if f.photos.is_empty() {
                    continue;
                }
                docx = docx
                    .add_paragraph(body(&format!("问题{}：{}", i + 1, one_line(&f.item))))
                    .add_table(photo_table(i, f, text_w)?);
            }
        }
    }

    // 三、整改要求
    let closing = closing(r, &issuer);
    if !closing.is_empty() {
        docx = docx.add_paragraph(h1("三、整改要求"));
        for l in closing {
            docx = docx.add_paragraph(body(&l));
        }
    }

    // Signatures, then 发文机关署名 centred over the 成文日期 (see `sign_off`). The
    // block is kept on one page.
    docx = docx.add_paragraph(blank().keep_next(true));
    let names = names(&r.inspectors);
    docx = docx.add_paragraph(right(&format!("检查人员（签名）：{names}"), 2));
    match &r.confirmed_by {
        Some((who, at)) => {
            docx = docx
                .add_paragraph(right(
                    &format!("企业负责人（签字）：{}（已现场确认）", one_line(who)),
                    2,
                ))
                .add_paragraph(right(&format!("确认时间：{}", cn_date_time(*at)), 2));
        }
        None => {
            docx = docx.add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .indent(None, None, Some(2 * BODY.em()), None)
                    .line_spacing(exact(LINE_PT))
                    .keep_next(true)
                    .add_run(run("企业负责人（签字）：", BODY))
                    .add_run(run("　　　　　　", BODY).underline("single")),
            );
        }
    }
    docx = sign_off(docx, &issuer, r.issued_on);

    package::pack(docx, r.issued_on)
}

/// The opening paragraph: when, who, by which checklist, who accompanied.
fn opening(r: &InspectionReport, issuer: &str) -> String {
    let names = names(&r.inspectors);
    let team = if names.is_empty() {
        format!("{issuer}检查组")
    } else {
        format!("{issuer}检查组（检查人员：{names}）")
    };
    let template = one_line(&r.template_name);
    let template = template.trim_start_matches('《').trim_end_matches('》');
    let basis = if template.is_empty() {
        String::new()
    } else {
        format!("依据《{template}》")
    };
    let accompanied = match r.accompanied_by.as_deref().map(one_line) {
        Some(a) if !a.is_empty() => format!("，{a}陪同检查"),
        _ => String::new(),
    };
    format!(
        "{}，{team}{basis}对你单位开展了安全生产督导检查{accompanied}。现将检查情况及整改要求告知如下：",
        cn_date(r.inspected_on)
    )
}

/// Section 三: the caller's text, or the standard sentence when there are findings.
fn closing(r: &InspectionReport, issuer: &str) -> Vec<String> {
    let given = lines(&r.closing);
    if !given.is_empty() || r.findings.is_empty() {
        return given;
    }
    let to = if issuer.is_empty() {
        String::new()
    } else {
        format!("报送{issuer}")
    };
    let report = if to.is_empty() {
        "并书面报告整改情况".to_owned()
    } else {
        format!("并将整改情况书面{to}")
    };
    let sentence = match r.findings.iter().filter_map(|f| f.deadline).max() {
        Some(last) => format!(
            "请你单位对照上述问题逐项落实整改，于{}前完成全部整改，{report}。",
            cn_date(last)
        ),
        None => format!("请你单位对照上述问题立即落实整改，{report}。"),
    };
    vec![sentence]
}

/// The findings table: head row repeated on every page, one row per finding.
fn findings_table(findings: &[Finding], text_w: usize) -> docx_rs::Table {
    let widths = column_widths(text_w);
    let mut rows = vec![head_row(&widths, &HEADS, CELL_HEAD)];
    for (i, f) in findings.iter().enumerate() {
        let mut problem = clean(&f.problem).trim().to_owned();
        match f.photos.len() {
            0 => {}
            1 => problem.push_str(&format!("（见图{}-1）", i + 1)),
            n => problem.push_str(&format!("（见图{0}-1至图{0}-{n}）", i + 1)),
        }
        // "2021年" over "6月30日": fits the narrow column without breaking mid-date.
        let deadline = f
            .deadline
            .map(|d| cn_date(d).replacen('年', "年\n", 1))
            .unwrap_or_else(|| "立即整改".to_owned());
        let values = [
            ((i + 1).to_string(), AlignmentType::Center),
            (clean(&f.item).trim().to_owned(), AlignmentType::Left),
            (problem, AlignmentType::Left),
            (clean(&f.basis).trim().to_owned(), AlignmentType::Left),
            (
                clean(&f.level_label).trim().to_owned(),
                AlignmentType::Center,
            ),
            (clean(&f.requirement).trim().to_owned(), AlignmentType::Left),
            (deadline, AlignmentType::Center),
        ];
        rows.push(TableRow::new(
            widths
                .iter()
                .zip(values)
                .map(|(&w, (text, align))| {
                    cell(
                        w,
                        vec![para(&text, CELL).align(align).line_spacing(single(0, 0))],
                    )
                })
                .collect(),
        ));
    }
    bordered(rows, &widths)
}

/// Column widths in twips for [`HEADS`], summing to `text_w`.
fn column_widths(text_w: usize) -> [usize; 7] {
    // Shares of the text width, in thousandths.
    const SHARES: [usize; 7] = [63, 130, 219, 170, 124, 181, 113];
    let mut w = SHARES.map(|s| text_w * s / 1000);
    let used: usize = w.iter().sum();
    w[2] += text_w - used;
    w
}

/// One finding's photos, two to a row, each with its caption.
fn photo_table(index: usize, f: &Finding, text_w: usize) -> Result<docx_rs::Table, DocError> {
    let half = text_w / 2;
    let widths = [half, text_w - half];
    // Cell content width: the cell less its 80-twip left and right margins.
    let max_w = PHOTO_MAX_W_EMU.min((half as u32 - 160) * EMU_PER_TWIP);
    let mut cells = Vec::new();
    for (j, p) in f.photos.iter().enumerate() {
        let (w, h) = jpeg::dimensions(&p.jpeg).map_err(|reason| DocError::BadPhoto {
            finding: index + 1,
            photo: j + 1,
            reason,
        })?;
        let (ew, eh) = fit(w, h, max_w, PHOTO_MAX_H_EMU);
        let pic = Pic::new_with_dimensions(p.jpeg.clone(), w, h).size(ew, eh);
        let caption = one_line(&p.caption);
        let caption = if caption.is_empty() {
            format!("图{}-{}", index + 1, j + 1)
        } else {
            format!("图{}-{}　{caption}", index + 1, j + 1)
        };
        cells.push(vec![
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(single(120, 0))
                .add_run(Run::new().add_image(pic)),
            para(&caption, CAPTION)
                .align(AlignmentType::Center)
                .line_spacing(single(60, 120)),
        ]);
    }
    let rows = cells
        .chunks(2)
        .map(|pair| {
            let mut row: Vec<_> = pair
                .iter()
                .zip(widths)
                .map(|(ps, w)| cell(w, ps.clone()).vertical_align(VAlignType::Top))
                .collect();
            if row.len() == 1 {
                row.push(cell(widths[1], vec![Paragraph::new()]));
            }
            TableRow::new(row).cant_split()
        })
        .collect();
    Ok(borderless(rows, &widths))
}

/// Scales `w`×`h` pixels to fill a `max_w`×`max_h` EMU box, keeping the aspect ratio.
fn fit(w: u32, h: u32, max_w: u32, max_h: u32) -> (u32, u32) {
    let (w, h) = (f64::from(w), f64::from(h));
    let scale = (f64::from(max_w) / w).min(f64::from(max_h) / h);
    (
        ((w * scale).round() as u32).max(1),
        ((h * scale).round() as u32).max(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fill_the_text_width() {
        for w in [8845, 9000, 7000] {
            assert_eq!(column_widths(w).iter().sum::<usize>(), w);
        }
    }

    #[test]
    fn photos_fit_their_box() {
        let (w, h) = fit(4000, 3000, 2_700_000, 3_240_000);
        assert_eq!(w, 2_700_000);
        assert_eq!(h, 2_025_000);
        let (w, h) = fit(3000, 4000, 2_700_000, 3_240_000);
        assert_eq!(h, 3_240_000);
        assert_eq!(w, 2_430_000);
        assert_eq!(fit(1, 10_000, 100, 100), (1, 100));
    }
}
