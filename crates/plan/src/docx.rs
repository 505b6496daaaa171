//! `.docx` to blocks: body paragraphs become lines (soft line breaks split them), tables
//! become tables of cell texts. Runs split across `w:r`/`w:t` are joined; deleted text,
//! field codes and the fallback copy of drawing content are skipped; vertically merged
//! cells repeat the text of the cell they continue.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::PlanError;
use crate::numbering::Numbering;
use crate::text::{Block, Line, Row, Table};

/// Largest `word/document.xml` read (uncompressed): a zip bomb stops here.
pub const MAX_DOCUMENT_XML: u64 = 64 * 1024 * 1024;

/// Reads the blocks of a `.docx`.
pub fn read_docx(bytes: &[u8]) -> Result<Vec<Block>, PlanError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| PlanError::InvalidDocx)?;
    let name = ["word/document.xml", "word/document2.xml"]
        .into_iter()
        .find(|n| archive.index_for_name(n).is_some())
        .map(str::to_string)
        .or_else(|| {
            archive
                .file_names()
                .flatten()
                .find(|n| {
                    let l = n.to_ascii_lowercase();
                    l.starts_with("word/") && l.ends_with(".xml") && l.contains("document")
                })
                .map(|n| n.into_owned())
        })
        .ok_or(PlanError::InvalidDocx)?;
    let xml = read_entry(&mut archive, &name)?;
    // Automatic numbering is optional: a missing or broken numbering.xml only loses numbers.
    let numbering = if archive.index_for_name("word/numbering.xml").is_some() {
        read_entry(&mut archive, "word/numbering.xml")
            .ok()
            .map(|x| Numbering::parse(&x))
    } else {
        None
    };
    document_blocks(&xml, numbering)
}

fn read_entry(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<String, PlanError> {
    let file = archive.by_name(name).map_err(|_| PlanError::InvalidDocx)?;
    if file.size() > MAX_DOCUMENT_XML {
        return Err(PlanError::TooLarge);
    }
    let mut xml = Vec::new();
    file.take(MAX_DOCUMENT_XML + 1)
        .read_to_end(&mut xml)
        .map_err(|_| PlanError::InvalidDocx)?;
    if xml.len() as u64 > MAX_DOCUMENT_XML {
        return Err(PlanError::TooLarge);
    }
    Ok(match String::from_utf8(xml) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

#[derive(Default)]
struct ParaB {
    text: String,
    num_id: Option<u32>,
    ilvl: Option<u32>,
}

#[derive(Default)]
struct CellB {
    lines: Vec<String>,
    span: usize,
    vmerge_continue: bool,
}

#[derive(Default)]
struct TableB {
    rows: Vec<Vec<CellB>>,
    row: Option<Vec<CellB>>,
    cell: Option<CellB>,
}

struct State {
    blocks: Vec<Block>,
    line_no: usize,
    /// Paragraph buffers (text boxes nest paragraphs inside paragraphs).
    paras: Vec<ParaB>,
    numbering: Option<Numbering>,
    tables: Vec<TableB>,
    in_run: usize,
    in_text: usize,
    /// Depth inside an element whose text is skipped.
    skip: usize,
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

fn attr_val(e: &BytesStart<'_>) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == "val")
            .then(|| {
                a.normalized_value(XmlVersion::default())
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

const SKIPPED: &[&str] = &[
    "Fallback",
    "delText",
    "instrText",
    "del",
    "moveFrom",
    "pPr",
    "rPr",
];

impl State {
    fn push_text(&mut self, s: &str) {
        if self.skip > 0 || self.in_text == 0 {
            return;
        }
        if let Some(p) = self.paras.last_mut() {
            p.text.push_str(s);
        }
    }

    fn push_char(&mut self, c: char) {
        if self.skip > 0 || self.in_run == 0 {
            return;
        }
        if let Some(p) = self.paras.last_mut() {
            p.text.push(c);
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = local(e);
        if SKIPPED.contains(&name.as_str()) {
            if !empty {
                self.skip += 1;
            }
            return;
        }
        match name.as_str() {
            "p" if !empty => self.paras.push(ParaB::default()),
            "numId" | "ilvl" => {
                let v = attr_val(e).and_then(|v| v.trim().parse::<u32>().ok());
                if let Some(p) = self.paras.last_mut() {
                    if name == "numId" {
                        p.num_id = v;
                    } else {
                        p.ilvl = v;
                    }
                }
            }
            "r" if !empty => self.in_run += 1,
            "t" if !empty => self.in_text += 1,
            "tab" => self.push_char('\t'),
            "br" | "cr" => self.push_char('\n'),
            "noBreakHyphen" | "softHyphen" => self.push_char('-'),
            "tbl" if !empty => self.tables.push(TableB::default()),
            "tr" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(Vec::new());
                }
            }
            "tc" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(CellB {
                        span: 1,
                        ..CellB::default()
                    });
                }
            }
            "gridSpan" => {
                let n = attr_val(e)
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1);
                if let Some(c) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    c.span = n.clamp(1, 64);
                }
            }
            "vMerge" => {
                let restart = attr_val(e).is_some_and(|v| v == "restart");
                if let Some(c) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    c.vmerge_continue = !restart;
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if SKIPPED.contains(&name) {
            self.skip = self.skip.saturating_sub(1);
            return;
        }
        match name {
            "p" => {
                let p = self.paras.pop().unwrap_or_default();
                let text = self.numbered(p);
                self.finish_paragraph(text);
            }
            "r" => self.in_run = self.in_run.saturating_sub(1),
            "t" => self.in_text = self.in_text.saturating_sub(1),
            "tc" => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(c) = t.cell.take()
                {
                    t.row.get_or_insert_with(Vec::new).push(c);
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(r) = t.row.take()
                {
                    t.rows.push(r);
                }
            }
            "tbl" => {
                if let Some(t) = self.tables.pop() {
                    self.finish_table(t);
                }
            }
            _ => {}
        }
    }

    /// The paragraph's text with Word's automatic number in front, if it has one.
    fn numbered(&mut self, p: ParaB) -> String {
        let (Some(id), Some(numbering)) = (p.num_id, self.numbering.as_mut()) else {
            return p.text;
        };
        if id == 0 {
            return p.text;
        }
        match numbering.next(id, p.ilvl.unwrap_or(0)) {
            Some(prefix) if !p.text.trim().is_empty() => format!("{prefix}{}", p.text),
            _ => p.text,
        }
    }

    fn finish_paragraph(&mut self, text: String) {
        // Inside a table cell: one more line of the cell.
        if let Some(t) = self.tables.last_mut()
            && let Some(c) = t.cell.as_mut()
        {
            c.lines.push(text);
            return;
        }
        // A paragraph inside a text box inside a paragraph: emitted on its own.
        let mut first = true;
        for l in text.split('\n') {
            self.line_no += 1;
            self.blocks.push(Block::Line(Line {
                text: l.to_string(),
                no: self.line_no,
                para_start: first,
            }));
            first = false;
        }
    }

    fn finish_table(&mut self, t: TableB) {
        let mut rows: Vec<Vec<String>> = Vec::new();
        for r in t.rows {
            let mut cells: Vec<String> = Vec::new();
            for c in r {
                let col = cells.len();
                let text = if c.vmerge_continue {
                    rows.last()
                        .and_then(|prev| prev.get(col))
                        .cloned()
                        .unwrap_or_default()
                } else {
                    c.lines
                        .iter()
                        .map(|l| l.trim())
                        .filter(|l| !l.is_empty())
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                cells.push(text);
                for _ in 1..c.span {
                    cells.push(String::new());
                }
            }
            rows.push(cells);
        }
        // A table nested in a cell: its cells become lines of the outer cell.
        if let Some(outer) = self.tables.last_mut()
            && let Some(c) = outer.cell.as_mut()
        {
            for r in rows {
                c.lines.push(r.join("\t"));
            }
            return;
        }
        let mut out = Vec::new();
        for cells in rows {
            self.line_no += 1;
            out.push(Row {
                cells,
                no: self.line_no,
            });
        }
        if !out.is_empty() {
            self.blocks.push(Block::Table(Table { rows: out }));
        }
    }
}

fn entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let n = name.strip_prefix('#')?;
            let v = match n.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(v)
        }
    }
}

/// Blocks of a `word/document.xml`.
pub fn document_blocks(xml: &str, numbering: Option<Numbering>) -> Result<Vec<Block>, PlanError> {
    let mut reader = Reader::from_str(xml);
    let mut st = State {
        blocks: Vec::new(),
        line_no: 0,
        paras: Vec::new(),
        numbering,
        tables: Vec::new(),
        in_run: 0,
        in_text: 0,
        skip: 0,
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => st.start(&e, false),
            Ok(Event::Empty(e)) => st.start(&e, true),
            Ok(Event::End(e)) => st.end(e.local_name().as_ref()),
            Ok(Event::Text(t)) => st.push_text(&t.xml10_content()),
            Ok(Event::CData(t)) => {
                st.push_text(&t);
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(c) = entity(&r) {
                    let mut b = [0u8; 4];
                    st.push_text(c.encode_utf8(&mut b));
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(_) => return Err(PlanError::InvalidDocx),
        }
    }
    // Unclosed elements at the end of a truncated document: keep what was read.
    while let Some(p) = st.paras.pop() {
        let text = st.numbered(p);
        st.finish_paragraph(text);
    }
    while let Some(t) = st.tables.pop() {
        st.finish_table(t);
    }
    Ok(st.blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        )
    }

    fn lines(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Line(l) => Some(l.text.clone()),
                Block::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn runs_are_joined_and_deleted_text_skipped() {
        let xml = doc(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>1.</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">制定</w:t></w:r><w:del><w:r><w:delText>旧</w:delText></w:r></w:del><w:r><w:t>计划&amp;方案</w:t></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"#,
        );
        let b = document_blocks(&xml, None).expect("xml");
        assert_eq!(lines(&b), vec!["1.制定计划&方案"]);
    }

    #[test]
    fn soft_breaks_split_lines() {
        let xml = doc(r#"<w:p><w:r><w:t>甲</w:t><w:br/><w:t>乙</w:t></w:r></w:p>"#);
        let b = document_blocks(&xml, None).expect("xml");
        match (&b[0], &b[1]) {
            (Block::Line(a), Block::Line(c)) => {
                assert_eq!((a.text.as_str(), a.para_start), ("甲", true));
                assert_eq!((c.text.as_str(), c.para_start), ("乙", false));
            }
            _ => panic!("{b:?}"),
        }
    }

    #[test]
    fn merged_cells() {
        let cell = |t: &str, pr: &str| {
            format!("<w:tc><w:tcPr>{pr}</w:tcPr><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>")
        };
        let xml = doc(&format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr><w:tr>{}</w:tr></w:tbl>",
            cell("甲", r#"<w:vMerge w:val="restart"/>"#),
            cell("一", ""),
            cell("", "<w:vMerge/>"),
            cell("二", ""),
            cell("通栏", r#"<w:gridSpan w:val="2"/>"#),
        ));
        let b = document_blocks(&xml, None).expect("xml");
        let Block::Table(t) = &b[0] else {
            panic!("{b:?}")
        };
        let rows: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            rows,
            vec![vec!["甲", "一"], vec!["甲", "二"], vec!["通栏", ""]]
        );
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(document_blocks("<w:document><w:body><w:p></w:r>", None).is_err());
    }
}
