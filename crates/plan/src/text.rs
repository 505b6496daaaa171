//! The shared intermediate form of a document: lines and tables.

use crate::chars::trim;

/// One line of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The line, trimmed.
    pub text: String,
    /// 1-based line number (`.txt`) or ordinal of the paragraph line (`.docx`).
    pub no: usize,
    /// A paragraph break comes before this line (a blank line in `.txt`, a new paragraph in
    /// `.docx`); false for the next line of a hard-wrapped or soft-broken paragraph.
    pub para_start: bool,
}

/// One table row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    pub no: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Line(Line),
    Table(Table),
}

fn is_pipe_row(t: &str) -> bool {
    (t.starts_with('|') || t.starts_with('｜')) && t.matches(['|', '｜']).count() >= 2
}

fn is_separator_row(t: &str) -> bool {
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '|' | '｜' | '-' | ':' | '=' | '+' | ' ' | '—' | '－'))
}

fn pipe_cells(t: &str) -> Vec<String> {
    let inner = t.strip_prefix(['|', '｜']).unwrap_or(t);
    let inner = inner.strip_suffix(['|', '｜']).unwrap_or(inner);
    inner
        .split(['|', '｜'])
        .map(|c| trim(c).to_string())
        .collect()
}

fn tab_cells(t: &str) -> Vec<String> {
    t.split('\t').map(|c| trim(c).to_string()).collect()
}

/// Splits decoded text into blocks. Runs of `| a | b |` lines form a table, and so do runs
/// of two or more lines with three or more tab-separated cells.
pub fn text_blocks(s: &str) -> Vec<Block> {
    // (line number, line) with `\r\n`, `\n`, `\r` and U+2028/2029 as line ends.
    let mut lines: Vec<(usize, &str)> = Vec::new();
    {
        let mut no = 0;
        let mut chars = s.char_indices().peekable();
        let mut start = 0;
        while let Some((i, c)) = chars.next() {
            if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}') {
                no += 1;
                lines.push((no, &s[start..i]));
                if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
                    chars.next();
                    start = i + 2;
                } else {
                    start = i + c.len_utf8();
                }
            }
        }
        if start < s.len() {
            no += 1;
            lines.push((no, &s[start..]));
        }
    }

    let mut blocks = Vec::new();
    let mut blank_before = true;
    let mut i = 0;
    while i < lines.len() {
        let (no, raw_line) = lines[i];
        let t = trim(raw_line);
        if t.is_empty() {
            blank_before = true;
            i += 1;
            continue;
        }
        if is_pipe_row(t) {
            let mut rows = Vec::new();
            while i < lines.len() {
                let (no, l) = lines[i];
                let t = trim(l);
                let continues = is_pipe_row(t) || (is_separator_row(t) && !rows.is_empty());
                if !continues {
                    break;
                }
                if !is_separator_row(t) {
                    rows.push(Row {
                        cells: pipe_cells(t),
                        no,
                    });
                }
                i += 1;
            }
            if !rows.is_empty() {
                blocks.push(Block::Table(Table { rows }));
            }
            blank_before = true;
            continue;
        }
        let tabbed = |t: &str| t.split('\t').filter(|c| !trim(c).is_empty()).count() >= 3;
        if tabbed(t) && lines.get(i + 1).is_some_and(|(_, n)| tabbed(trim(n))) {
            let mut rows = Vec::new();
            while i < lines.len() && tabbed(trim(lines[i].1)) {
                rows.push(Row {
                    cells: tab_cells(trim(lines[i].1)),
                    no: lines[i].0,
                });
                i += 1;
            }
            blocks.push(Block::Table(Table { rows }));
            blank_before = true;
            continue;
        }
        blocks.push(Block::Line(Line {
            text: t.replace('\t', " "),
            no,
            para_start: blank_before,
        }));
        blank_before = false;
        i += 1;
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_paragraph_starts() {
        let b = text_blocks("甲\r\n乙\r\n\r\n　　丙\n");
        let got: Vec<(String, usize, bool)> = b
            .iter()
            .filter_map(|b| match b {
                Block::Line(l) => Some((l.text.clone(), l.no, l.para_start)),
                Block::Table(_) => None,
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("甲".to_string(), 1, true),
                ("乙".to_string(), 2, false),
                ("丙".to_string(), 4, true)
            ]
        );
    }

    #[test]
    fn pipe_table() {
        let b = text_blocks("表\n| 序号 | 工作任务 |\n|---|---|\n| 1 | 甲 |\n后");
        let Block::Table(t) = &b[1] else {
            panic!("{b:?}")
        };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells, vec!["1", "甲"]);
        assert_eq!(t.rows[1].no, 4);
    }
}
