//! The GB/T 9704-2012 frame every official document (公文) shares: page setup and page
//! numbers, the 版头 (red 发文机关标志, 发文字号, red separator line), title, 主送机关,
//! numbered sections, body text, data tables, 附件说明, the issuer and date at the
//! right, and the 版记 (抄送, 印发).

use chrono::NaiveDate;
use docx_rs::{
    AlignmentType, BorderType, Docx, FieldCharType, Footer, InstrPAGE, InstrText, PageMargin,
    Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, SpecialIndentType,
    Table, TableAlignmentType, TableBorder, TableBorderPosition, TableBorders, TableLayoutType,
    TableRow, WidthType,
};

use crate::layout::{
    A4_H, A4_W, ERHAO, FANGSONG, Font, HEITI, KAITI, SANHAO, SIHAO, SONGTI, WUHAO, XIAOBIAOSONG,
    XIAOCHU, bordered, cell, clean, exact, first_line, half_width, head_row, lines, mm, para, run,
    single, tight_margins,
};
use crate::{DocSection, DocTable, cn_date};

pub(crate) const TITLE: Font = Font::all(XIAOBIAOSONG, ERHAO);
pub(crate) const BODY: Font = Font::body(FANGSONG, SANHAO);
pub(crate) const H1: Font = Font::all(HEITI, SANHAO);
pub(crate) const H2: Font = Font::all(KAITI, SANHAO);
pub(crate) const CELL: Font = Font::body(FANGSONG, WUHAO);
pub(crate) const CELL_HEAD: Font = Font::all(HEITI, WUHAO);
const PAGE_NO: Font = Font::all(SONGTI, SIHAO);
/// 发文机关标志: red 方正小标宋简体 小初.
const ISSUER_MARK: Font = Font::all(XIAOBIAOSONG, XIAOCHU).color(RED);
/// 草稿 marker at the top right of an unnumbered draft.
const DRAFT_MARK: Font = Font::all(HEITI, SANHAO);
/// Table captions.
const CAPTION: Font = Font::all(HEITI, SIHAO);
/// 版记 (抄送, 印发): 仿宋_GB2312 四号.
const RECORD: Font = Font::body(FANGSONG, SIHAO);

/// The red of the 版头.
const RED: &str = "FF0000";

/// Body line pitch: 28 pt exactly (22 lines on the GB/T 9704 text block).
pub(crate) const LINE_PT: i32 = 28;

const MARGIN_TOP_MM: f64 = 37.0;
const MARGIN_BOTTOM_MM: f64 = 35.0;
const MARGIN_LEFT_MM: f64 = 28.0;
const MARGIN_RIGHT_MM: f64 = 26.0;

/// An empty A4 document in the GB/T 9704 layout: margins 37/35/28/26 mm, body font
/// 仿宋_GB2312 三号, "— 1 —" page numbers outside (right on odd pages, left on even).
pub(crate) fn document() -> Docx {
    Docx::new()
        .page_size(A4_W, A4_H)
        .page_margin(
            PageMargin::new()
                .top(mm(MARGIN_TOP_MM))
                .bottom(mm(MARGIN_BOTTOM_MM))
                .left(mm(MARGIN_LEFT_MM))
                .right(mm(MARGIN_RIGHT_MM))
                .header(mm(15.0))
                .footer(mm(25.0)),
        )
        .default_fonts(BODY.fonts())
        .default_size(SANHAO)
        .footer(page_number_footer(true))
        .even_footer(page_number_footer(false))
}

/// Width of the text block in twips (156 mm).
pub(crate) fn text_width() -> usize {
    (A4_W as i32 - mm(MARGIN_LEFT_MM) - mm(MARGIN_RIGHT_MM)) as usize
}

/// Page numbers as GB/T 9704 places them: "— 1 —" in 宋体 四号, one character in from
/// the right margin on odd pages and from the left on even pages.
fn page_number_footer(odd: bool) -> Footer {
    let number = PAGE_NO
        .apply(Run::new())
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    let one_char = PAGE_NO.em();
    let p = if odd {
        Paragraph::new()
            .align(AlignmentType::Right)
            .indent(None, None, Some(one_char), None)
    } else {
        Paragraph::new()
            .align(AlignmentType::Left)
            .indent(Some(one_char), None, None, None)
    };
    Footer::new().add_paragraph(
        p.add_run(run("— ", PAGE_NO))
            .add_run(number)
            .add_run(run(" —", PAGE_NO)),
    )
}

/// How the 版头 is laid out.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Letterhead {
    /// 文件格式: the 发文字号 centred under the mark, a single red line under it.
    File,
    /// 信函格式: a red double line (thick over thin) under the mark, the 发文字号 at the
    /// right under the line.
    Letter,
}

/// Adds the 版头: `issuer` in red as 发文机关标志, the 发文字号 `number` (left out when
/// empty) and the red separator line, then a blank line before the title.
pub(crate) fn letterhead(mut docx: Docx, issuer: &str, number: &str, style: Letterhead) -> Docx {
    let mark = para(issuer, ISSUER_MARK)
        .align(AlignmentType::Center)
        .line_spacing(single(0, 0));
    match style {
        Letterhead::File => {
            docx = docx.add_paragraph(mark).add_paragraph(blank());
            // The line sits about 4 mm under the 发文字号.
            let line = red_line(BorderType::Single, 12, 11);
            let no = if number.is_empty() {
                blank()
            } else {
                centred(number)
            };
            docx = docx.add_paragraph(with_bottom_border(no, line));
        }
        Letterhead::Letter => {
            let line = red_line(BorderType::ThickThinSmallGap, 24, 4);
            docx = docx.add_paragraph(with_bottom_border(mark, line));
            if !number.is_empty() {
                docx = docx.add_paragraph(
                    para(number, BODY)
                        .align(AlignmentType::Right)
                        .line_spacing(exact(LINE_PT)),
                );
            }
        }
    }
    docx.add_paragraph(blank())
}

/// A red line of `size` eighths of a point, `space` points under the text.
fn red_line(val: BorderType, size: usize, space: usize) -> ParagraphBorder {
    ParagraphBorder::new(ParagraphBorderPosition::Bottom)
        .val(val)
        .size(size)
        .space(space)
        .color(RED)
}

fn with_bottom_border(mut p: Paragraph, border: ParagraphBorder) -> Paragraph {
    p.property = p
        .property
        .set_borders(ParagraphBorders::with_empty().set(border));
    p
}

/// "草稿" at the top right, for a document not yet numbered.
pub(crate) fn draft_mark() -> Paragraph {
    para("草稿", DRAFT_MARK)
        .align(AlignmentType::Right)
        .line_spacing(exact(LINE_PT))
}

/// The title: 方正小标宋简体 二号, centred; line breaks in `text` are kept.
pub(crate) fn title(text: &str) -> Paragraph {
    para(clean(text).trim(), TITLE)
        .align(AlignmentType::Center)
        .line_spacing(single(0, 120))
}

/// 主送机关: flush left, followed by a full-width colon (added when missing). `None`
/// when `text` is blank.
pub(crate) fn addressee(text: &str) -> Option<Paragraph> {
    let a = one_line(text);
    let a = a.trim_end_matches(['：', ':']);
    (!a.is_empty()).then(|| {
        para(&format!("{a}："), BODY)
            .line_spacing(exact(LINE_PT))
            .align(AlignmentType::Both)
    })
}

/// Adds `sections`: each non-empty heading as a level-1 heading (numbered "一、", "二、" …
/// unless it already starts with a number of its own), then each line of each
/// paragraph as a body paragraph (see [`body_or_h2`]). A section with an empty heading
/// is untitled text (an opening paragraph, say) and takes no number.
pub(crate) fn add_sections(mut docx: Docx, sections: &[DocSection]) -> Docx {
    let mut n = 0;
    for s in sections {
        let heading = one_line(&s.heading);
        if !heading.is_empty() {
            n += 1;
            let heading = if starts_numbered(&heading) {
                heading
            } else {
                format!("{}、{heading}", cn_number(n))
            };
            docx = docx.add_paragraph(h1(&heading));
        }
        for l in s.paragraphs.iter().flat_map(|p| lines(p)) {
            docx = docx.add_paragraph(body_or_h2(&l));
        }
    }
    docx
}

/// Whether a heading carries its own number: "一、", "（一）", "1." and the like.
fn starts_numbered(s: &str) -> bool {
    let numeral = |c: char| "一二三四五六七八九十百零〇".contains(c);
    let lead: String = s.chars().take_while(|&c| numeral(c)).collect();
    if !lead.is_empty() {
        return s[lead.len()..].starts_with('、');
    }
    s.starts_with(['（', '('])
        || s.chars().next().is_some_and(|c| c.is_ascii_digit())
        || s.starts_with("附件")
}

/// 1 → "一", 12 → "十二", 20 → "二十", 99 → "九十九"; beyond 99 in digits.
pub(crate) fn cn_number(n: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n].to_owned(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            D[n / 10],
            if n.is_multiple_of(10) { "" } else { D[n % 10] }
        ),
        _ => n.to_string(),
    }
}

/// The length in bytes of a level-2 number "（一）" opening `s`, if any.
fn level2_number(s: &str) -> Option<usize> {
    let rest = s.strip_prefix('（')?;
    let digits: String = rest
        .chars()
        .take_while(|&c| "一二三四五六七八九十".contains(c))
        .collect();
    if digits.is_empty() || !rest[digits.len()..].starts_with('）') {
        return None;
    }
    Some('（'.len_utf8() + digits.len() + '）'.len_utf8())
}

/// A body paragraph, or, when the line opens with "（一）"-style numbering, a level-2
/// heading in 楷体_GB2312: the whole line when it is only a heading, else the heading
/// up to its "。" in 楷体 and the text after it in 仿宋 in the same paragraph.
pub(crate) fn body_or_h2(line: &str) -> Paragraph {
    if level2_number(line).is_none() {
        return body(line);
    }
    match line.find('。') {
        Some(at) if at + '。'.len_utf8() < line.len() => {
            let (head, rest) = line.split_at(at + '。'.len_utf8());
            first_line(
                Paragraph::new()
                    .fonts(BODY.fonts())
                    .size(BODY.size)
                    .add_run(run(head, H2))
                    .add_run(run(rest, BODY)),
                2,
                BODY,
            )
            .align(AlignmentType::Both)
            .line_spacing(exact(LINE_PT))
        }
        _ => h2(line),
    }
}

/// 附件说明: "附件：1.名称" after a blank line, further attachments aligned under the
/// first one's number; a single attachment goes unnumbered. Trailing punctuation of a
/// name is dropped (GB/T 9704: none after attachment names).
pub(crate) fn add_attachments(mut docx: Docx, names: &[String]) -> Docx {
    let names: Vec<String> = names
        .iter()
        .map(|n| {
            one_line(n)
                .trim_end_matches(['。', '；', ';', '，', ',', '、', '.'])
                .to_owned()
        })
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        return docx;
    }
    docx = docx.add_paragraph(blank().keep_next(true));
    // "附件：" stands two characters in; the names start (and wrap) five in.
    let em = BODY.em();
    let many = names.len() > 1;
    for (i, name) in names.iter().enumerate() {
        let number = if many {
            format!("{}.", i + 1)
        } else {
            String::new()
        };
        let (label, hanging) = if i == 0 {
            ("附件：", Some(SpecialIndentType::Hanging(3 * em)))
        } else {
            ("", None)
        };
        docx = docx.add_paragraph(
            para(&format!("{label}{number}{name}"), BODY)
                .indent(Some(5 * em), hanging, None, None)
                .align(AlignmentType::Left)
                .line_spacing(exact(LINE_PT))
                .keep_next(i + 1 < names.len()),
        );
    }
    docx
}

/// Adds a table's caption, centred in 黑体, and the table, bordered, its head row
/// repeated on every page. Columns share the text width by the length of their
/// contents. Rows shorter than the widest are padded with empty cells. A table with no
/// cells at all shows only its caption.
pub(crate) fn add_table(mut docx: Docx, t: &DocTable) -> Docx {
    docx = docx.add_paragraph(
        para(&one_line(&t.caption), CAPTION)
            .align(AlignmentType::Center)
            .line_spacing(single(240, 120))
            .keep_next(true),
    );
    let cols = t
        .rows
        .iter()
        .map(Vec::len)
        .chain([t.head.len()])
        .max()
        .unwrap_or(0);
    if cols == 0 {
        return docx;
    }
    let text = |row: &[String], i: usize| {
        row.get(i)
            .map(|s| clean(s).trim().to_owned())
            .unwrap_or_default()
    };
    let mut weights = vec![4; cols];
    for row in t.rows.iter().chain([&t.head]) {
        for (i, w) in weights.iter_mut().enumerate() {
            let longest = lines(&text(row, i))
                .iter()
                .map(|l| half_width(l))
                .max()
                .unwrap_or(0);
            *w = (*w).max(longest.min(30));
        }
    }
    let widths = share(text_width(), &weights);

    let mut rows = Vec::new();
    if t.head.iter().any(|h| !h.trim().is_empty()) {
        let labels: Vec<String> = (0..cols).map(|i| text(&t.head, i)).collect();
        let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
        rows.push(head_row(&widths, &labels, CELL_HEAD));
    }
    for row in &t.rows {
        rows.push(TableRow::new(
            widths
                .iter()
                .enumerate()
                .map(|(i, &w)| {
                    let v = text(row, i);
                    let align = if is_numeric(&v) {
                        AlignmentType::Center
                    } else {
                        AlignmentType::Left
                    };
                    cell(
                        w,
                        vec![para(&v, CELL).align(align).line_spacing(single(0, 0))],
                    )
                })
                .collect(),
        ));
    }
    if rows.is_empty() {
        return docx;
    }
    docx.add_table(bordered(rows, &widths))
        .add_paragraph(blank())
}

/// Splits `total` twips by `weights`; rounding goes to the widest column.
fn share(total: usize, weights: &[i32]) -> Vec<usize> {
    let sum: usize = weights.iter().map(|&w| w.max(1) as usize).sum();
    let mut w: Vec<usize> = weights
        .iter()
        .map(|&x| total * x.max(1) as usize / sum)
        .collect();
    let used: usize = w.iter().sum();
    if let Some(i) = (0..w.len()).max_by_key(|&i| (w[i], std::cmp::Reverse(i))) {
        w[i] += total - used;
    }
    w
}

/// Numbers, percentages, counts: centred in tables.
fn is_numeric(s: &str) -> bool {
    !s.is_empty()
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || ".,%-+／/ ".contains(c))
}

/// Adds the signature: two blank lines (room for the seal), then the 发文机关署名
/// centred over the 成文日期, which stands four characters from the right margin. The
/// block keeps with the last body lines.
pub(crate) fn sign_off(docx: Docx, issuer: &str, date: NaiveDate) -> Docx {
    let date = cn_date(date);
    let date_right = 4 * 2; // half-characters
    let issuer_right = (date_right + (half_width(&date) - half_width(issuer)) / 2).max(0);
    docx.add_paragraph(blank().keep_next(true))
        .add_paragraph(blank().keep_next(true))
        .add_paragraph(right_half(issuer, issuer_right))
        .add_paragraph(right_half(&date, date_right).keep_next(false))
}

/// Adds the 版记 after a blank line: between a thick top and bottom rule, "抄送：…。"
/// (wrapped lines aligned after the colon), a thin rule, and `"<issuer> … <date>印发"`.
pub(crate) fn add_record(docx: Docx, copy_to: &str, issuer: &str, date: NaiveDate) -> Docx {
    let em = RECORD.em();
    let copy = one_line(copy_to);
    let copy = copy.trim_end_matches(['。', '，', ',', '；', ';', '.']);
    let widths = [text_width() / 2, text_width() - text_width() / 2];
    let mut rows = Vec::new();
    if !copy.is_empty() {
        rows.push(TableRow::new(vec![
            cell(
                widths[0] + widths[1],
                vec![
                    para(&format!("抄送：{copy}。"), RECORD)
                        .indent(
                            Some(4 * em),
                            Some(SpecialIndentType::Hanging(3 * em)),
                            Some(em),
                            None,
                        )
                        .line_spacing(single(60, 60)),
                ],
            )
            .grid_span(2),
        ]));
    }
    rows.push(TableRow::new(vec![
        cell(
            widths[0],
            vec![
                para(issuer, RECORD)
                    .indent(Some(em), None, None, None)
                    .line_spacing(single(60, 60)),
            ],
        ),
        cell(
            widths[1],
            vec![
                para(&format!("{}印发", cn_date(date)), RECORD)
                    .align(AlignmentType::Right)
                    .indent(None, None, Some(em), None)
                    .line_spacing(single(60, 60)),
            ],
        ),
    ]));
    let borders = [
        (TableBorderPosition::Top, 8),
        (TableBorderPosition::Bottom, 8),
        (TableBorderPosition::InsideH, 4),
    ]
    .into_iter()
    .fold(TableBorders::with_empty(), |b, (pos, size)| {
        b.set(TableBorder::new(pos).size(size))
    });
    let table = Table::new(rows)
        .set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        .margins(tight_margins())
        .set_borders(borders);
    docx.add_paragraph(blank())
        .add_table(table)
        .add_paragraph(Paragraph::new().size(WUHAO).line_spacing(single(0, 0)))
}

/// Names joined with "、".
pub(crate) fn names(list: &[String]) -> String {
    list.iter()
        .map(|n| one_line(n))
        .filter(|n| !n.is_empty())
        .collect::<Vec<_>>()
        .join("、")
}

/// `s` cleaned, its lines joined, trimmed.
pub(crate) fn one_line(s: &str) -> String {
    lines(s).join(" ")
}

/// Body text: 仿宋_GB2312 三号, justified, two-character first-line indent.
pub(crate) fn body(text: &str) -> Paragraph {
    first_line(para(text, BODY), 2, BODY)
        .align(AlignmentType::Both)
        .line_spacing(exact(LINE_PT))
}

/// A level-1 heading "一、…" in 黑体, kept with the next paragraph.
pub(crate) fn h1(text: &str) -> Paragraph {
    first_line(para(text, H1), 2, H1)
        .line_spacing(exact(LINE_PT))
        .outline_lvl(0)
        .keep_next(true)
}

/// A level-2 heading "（一）…" in 楷体_GB2312, kept with the next paragraph.
pub(crate) fn h2(text: &str) -> Paragraph {
    first_line(para(text, H2), 2, H2)
        .line_spacing(exact(LINE_PT))
        .outline_lvl(1)
        .keep_next(true)
}

pub(crate) fn centred(text: &str) -> Paragraph {
    para(text, BODY)
        .align(AlignmentType::Center)
        .line_spacing(exact(LINE_PT))
}

pub(crate) fn blank() -> Paragraph {
    Paragraph::new()
        .fonts(BODY.fonts())
        .size(BODY.size)
        .line_spacing(exact(LINE_PT))
}

/// Right-aligned, `chars` characters in from the right margin.
pub(crate) fn right(text: &str, chars: i32) -> Paragraph {
    right_half(text, chars * 2)
}

/// Right-aligned, `halves` half-characters in from the right margin, kept with the
/// next paragraph (these make up the signature block).
pub(crate) fn right_half(text: &str, halves: i32) -> Paragraph {
    para(text, BODY)
        .align(AlignmentType::Right)
        .indent(None, None, Some(halves * BODY.em() / 2), None)
        .line_spacing(exact(LINE_PT))
        .keep_next(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        let got: Vec<String> = [1, 9, 10, 11, 19, 20, 21, 99, 100]
            .into_iter()
            .map(cn_number)
            .collect();
        assert_eq!(
            got,
            [
                "一",
                "九",
                "十",
                "十一",
                "十九",
                "二十",
                "二十一",
                "九十九",
                "100"
            ]
        );
    }

    #[test]
    fn numbered_headings_are_recognised() {
        assert!(starts_numbered("一、总体情况"));
        assert!(starts_numbered("十二、其他"));
        assert!(starts_numbered("（一）组织领导"));
        assert!(starts_numbered("1. 概况"));
        assert!(!starts_numbered("总体情况"));
        assert!(!starts_numbered("一是加强领导"));
        assert_eq!(level2_number("（十一）其他"), Some(12));
        assert_eq!(level2_number("（1）其他"), None);
        assert_eq!(level2_number("（一其他"), None);
    }

    #[test]
    fn shares_fill_the_width() {
        for (total, weights) in [(8845, vec![4, 30, 8]), (8845, vec![4; 7]), (100, vec![1])] {
            let w = share(total, &weights);
            assert_eq!(w.iter().sum::<usize>(), total);
            assert_eq!(w.len(), weights.len());
        }
        let w = share(9000, &[10, 20, 30]);
        assert_eq!(w, [1500, 3000, 4500]);
    }

    #[test]
    fn numbers_are_recognised() {
        assert!(is_numeric("12"));
        assert!(is_numeric("98.5%"));
        assert!(is_numeric("3/5"));
        assert!(!is_numeric("12家"));
        assert!(!is_numeric("—"));
        assert!(!is_numeric(""));
    }
}
