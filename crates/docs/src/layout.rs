//! Fonts, sizes and the small paragraph and table builders all documents share.

use docx_rs::{
    AlignmentType, BreakType, HeightRule, LineSpacing, LineSpacingType, Paragraph, Run, RunFonts,
    Shading, SpecialIndentType, Table, TableAlignmentType, TableBorder, TableBorderPosition,
    TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};

/// 方正小标宋简体: titles.
pub(crate) const XIAOBIAOSONG: &str = "方正小标宋简体";
/// 仿宋_GB2312: body text.
pub(crate) const FANGSONG: &str = "仿宋_GB2312";
/// 黑体: level-1 headings, table heads.
pub(crate) const HEITI: &str = "黑体";
/// 楷体_GB2312: level-2 headings.
pub(crate) const KAITI: &str = "楷体_GB2312";
/// 宋体: page numbers.
pub(crate) const SONGTI: &str = "宋体";
/// Latin letters and digits in body text.
pub(crate) const LATIN: &str = "Times New Roman";

/// Font sizes in half-points, by their Chinese names.
pub(crate) const XIAOCHU: usize = 72; // 小初 36 pt
pub(crate) const YIHAO: usize = 52; // 一号 26 pt
pub(crate) const ERHAO: usize = 44; // 二号 22 pt
pub(crate) const SANHAO: usize = 32; // 三号 16 pt
pub(crate) const SIHAO: usize = 28; // 四号 14 pt
pub(crate) const WUHAO: usize = 21; // 五号 10.5 pt

/// Twips (1/20 pt) in a millimetre, rounded per length by [`mm`].
pub(crate) fn mm(v: f64) -> i32 {
    (v * 1440.0 / 25.4).round() as i32
}

/// English Metric Units per twip.
pub(crate) const EMU_PER_TWIP: u32 = 635;
/// English Metric Units per centimetre.
pub(crate) const EMU_PER_CM: u32 = 360_000;

/// A4 portrait, in twips.
pub(crate) const A4_W: u32 = 11906;
pub(crate) const A4_H: u32 = 16838;

/// A marker row height: only table-head rows get it, and the packager adds
/// `<w:tblHeader/>` (repeat on every page) next to it, which docx-rs cannot write.
pub(crate) const HEAD_ROW_HEIGHT: f32 = 397.0;

/// How a run looks.
#[derive(Clone, Copy)]
pub(crate) struct Font {
    pub cjk: &'static str,
    pub latin: &'static str,
    pub size: usize,
    pub bold: bool,
    pub color: Option<&'static str>,
}

impl Font {
    /// The Chinese font for Chinese text, Times New Roman for Latin letters and digits.
    pub(crate) const fn body(cjk: &'static str, size: usize) -> Font {
        Font {
            cjk,
            latin: LATIN,
            size,
            bold: false,
            color: None,
        }
    }

    /// The same font for everything (titles and headings).
    pub(crate) const fn all(cjk: &'static str, size: usize) -> Font {
        Font {
            cjk,
            latin: cjk,
            size,
            bold: false,
            color: None,
        }
    }

    pub(crate) const fn bold(mut self) -> Font {
        self.bold = true;
        self
    }

    pub(crate) const fn color(mut self, hex: &'static str) -> Font {
        self.color = Some(hex);
        self
    }

    pub(crate) fn fonts(&self) -> RunFonts {
        RunFonts::new()
            .east_asia(self.cjk)
            .ascii(self.latin)
            .hi_ansi(self.latin)
            .cs(self.latin)
    }

    pub(crate) fn apply(&self, run: Run) -> Run {
        let mut run = run.fonts(self.fonts()).size(self.size);
        if self.bold {
            run = run.bold();
        }
        if let Some(c) = self.color {
            run = run.color(c);
        }
        run
    }

    /// Twips one full-width character takes at this size.
    pub(crate) fn em(&self) -> i32 {
        // half-points to twips: × 10
        self.size as i32 * 10
    }
}

/// Drops characters XML 1.0 cannot carry and unifies line breaks to `\n`.
pub(crate) fn clean(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|&c| {
            matches!(c, '\t' | '\n')
                || !(c < '\u{20}' || c == '\u{FFFE}' || c == '\u{FFFF}' || c == '\u{7F}')
        })
        .collect()
}

/// One run of `text`, line breaks kept as soft breaks and tabs as tabs.
pub(crate) fn run(text: &str, font: Font) -> Run {
    let mut r = font.apply(Run::new());
    for (i, line) in clean(text).split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                r = r.add_tab();
            }
            if !part.is_empty() {
                r = r.add_text(part);
            }
        }
    }
    r
}

/// A paragraph of one run, with the paragraph mark in the same font.
pub(crate) fn para(text: &str, font: Font) -> Paragraph {
    Paragraph::new()
        .fonts(font.fonts())
        .size(font.size)
        .add_run(run(text, font))
}

/// The non-empty lines of `text`, trimmed.
pub(crate) fn lines(text: &str) -> Vec<String> {
    clean(text)
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Exactly `pt` points between baselines.
pub(crate) fn exact(pt: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(pt * 20)
}

/// Single spacing with `before`/`after` twips around the paragraph.
pub(crate) fn single(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Auto)
        .line(240)
        .before(before)
        .after(after)
}

/// Indents the first line by `chars` characters of `font`.
pub(crate) fn first_line(p: Paragraph, chars: i32, font: Font) -> Paragraph {
    p.indent(
        None,
        Some(SpecialIndentType::FirstLine(chars * font.em())),
        None,
        None,
    )
}

/// Width of `s` in half-characters: full-width characters count 2, ASCII 1.
pub(crate) fn half_width(s: &str) -> i32 {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// A table cell of `width` twips holding `paragraphs`.
pub(crate) fn cell(width: usize, paragraphs: Vec<Paragraph>) -> TableCell {
    paragraphs.into_iter().fold(
        TableCell::new()
            .width(width, WidthType::Dxa)
            .vertical_align(VAlignType::Center),
        TableCell::add_paragraph,
    )
}

/// A table-head row: shaded, bold, centred, repeated on every page.
pub(crate) fn head_row(widths: &[usize], labels: &[&str], font: Font) -> TableRow {
    TableRow::new(
        widths
            .iter()
            .zip(labels)
            .map(|(&w, &l)| {
                cell(
                    w,
                    vec![
                        para(l, font)
                            .align(AlignmentType::Center)
                            .line_spacing(single(0, 0)),
                    ],
                )
                .shading(Shading::new().fill("F2F2F2"))
            })
            .collect(),
    )
    .row_height(HEAD_ROW_HEIGHT)
    .height_rule(HeightRule::AtLeast)
    .cant_split()
}

/// Narrow cell margins: top/bottom 40 twips, left/right 80.
pub(crate) fn tight_margins() -> TableCellMargins {
    TableCellMargins::new().margin(40, 80, 40, 80)
}

/// A fixed-layout table of `widths` twips per column, centred, with a 1 pt outline and
/// ½ pt inner lines.
pub(crate) fn bordered(rows: Vec<TableRow>, widths: &[usize]) -> Table {
    let borders = [
        (TableBorderPosition::Top, 8),
        (TableBorderPosition::Bottom, 8),
        (TableBorderPosition::Left, 8),
        (TableBorderPosition::Right, 8),
        (TableBorderPosition::InsideH, 4),
        (TableBorderPosition::InsideV, 4),
    ]
    .into_iter()
    .fold(TableBorders::new(), |b, (pos, size)| {
        b.set(TableBorder::new(pos).size(size))
    });
    Table::new(rows)
        .set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        .margins(tight_margins())
        .set_borders(borders)
}

/// Like [`bordered`] but without any lines (for laying out photos).
pub(crate) fn borderless(rows: Vec<TableRow>, widths: &[usize]) -> Table {
    Table::without_borders(rows)
        .set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        .margins(tight_margins())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millimetres_to_twips() {
        assert_eq!(mm(37.0), 2098);
        assert_eq!(mm(35.0), 1984);
        assert_eq!(mm(28.0), 1587);
        assert_eq!(mm(26.0), 1474);
        assert_eq!(mm(20.0), 1134);
    }

    #[test]
    fn clean_drops_what_xml_cannot_hold() {
        assert_eq!(clean("a\u{0}b\u{1F}c\u{B}d"), "abcd");
        assert_eq!(clean("a\r\nb\rc\td"), "a\nb\nc\td");
        assert_eq!(clean("<&>\"'中文"), "<&>\"'中文");
    }

    #[test]
    fn half_widths() {
        assert_eq!(half_width("2021年6月1日"), 12);
        assert_eq!(half_width("海口市商务局"), 12);
    }
}
