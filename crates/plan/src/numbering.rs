//! Word's automatic numbering (`w:numPr` + `word/numbering.xml`): the number Word shows in
//! front of a list paragraph is not in the text, so it is rebuilt here (`一、`, `（一）`,
//! `1.`, `（1）`, `①`) and put in front of the paragraph, where the outline reader expects it.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    fmt: String,
    text: String,
}

/// The list definitions of a document.
#[derive(Debug, Clone, Default)]
pub struct Numbering {
    abstracts: HashMap<u32, Vec<Level>>,
    /// numId → (abstractNumId, start overrides by level)
    nums: HashMap<u32, (u32, HashMap<u32, u32>)>,
    /// numId → current counter per level (0 = not started)
    counters: HashMap<u32, [u32; 9]>,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| {
                a.normalized_value(XmlVersion::default())
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

fn num_attr(e: &BytesStart<'_>, name: &str) -> Option<u32> {
    attr(e, name).and_then(|v| v.trim().parse().ok())
}

impl Numbering {
    /// Reads `word/numbering.xml`; a broken file gives no numbering (never an error).
    pub fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abs: Option<u32> = None;
        let mut lvl: Option<usize> = None;
        let mut num: Option<u32> = None;
        let mut override_lvl: Option<u32> = None;
        loop {
            let ev = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(ev) => ev,
            };
            let (e, is_start) = match &ev {
                Event::Start(e) => (e, true),
                Event::Empty(e) => (e, false),
                Event::End(e) => {
                    match e.local_name().as_ref() {
                        "abstractNum" => abs = None,
                        "lvl" => lvl = None,
                        "num" => num = None,
                        "lvlOverride" => override_lvl = None,
                        _ => {}
                    }
                    continue;
                }
                _ => continue,
            };
            match e.local_name().as_ref() {
                "abstractNum" if is_start => {
                    abs = num_attr(e, "abstractNumId");
                    if let Some(a) = abs {
                        n.abstracts.insert(a, vec![Level::default(); 9]);
                    }
                }
                "lvl" if is_start && num.is_none() => {
                    lvl = num_attr(e, "ilvl").map(|l| l as usize).filter(|l| *l < 9);
                }
                "lvlOverride" if is_start => override_lvl = num_attr(e, "ilvl"),
                "num" if is_start => {
                    num = num_attr(e, "numId");
                    if let Some(id) = num {
                        n.nums.insert(id, (u32::MAX, HashMap::new()));
                    }
                }
                "abstractNumId" => {
                    if let (Some(id), Some(v)) = (num, num_attr(e, "val"))
                        && let Some(entry) = n.nums.get_mut(&id)
                    {
                        entry.0 = v;
                    }
                }
                "startOverride" => {
                    if let (Some(id), Some(l), Some(v)) = (num, override_lvl, num_attr(e, "val"))
                        && let Some(entry) = n.nums.get_mut(&id)
                    {
                        entry.1.insert(l, v);
                    }
                }
                "start" | "numFmt" | "lvlText" => {
                    let (Some(a), Some(l)) = (abs, lvl) else {
                        continue;
                    };
                    let Some(level) = n.abstracts.get_mut(&a).and_then(|v| v.get_mut(l)) else {
                        continue;
                    };
                    match e.local_name().as_ref() {
                        "start" => level.start = num_attr(e, "val").unwrap_or(1),
                        "numFmt" => level.fmt = attr(e, "val").unwrap_or_default(),
                        _ => level.text = attr(e, "val").unwrap_or_default(),
                    }
                }
                _ => {}
            }
        }
        n
    }

    /// The number Word shows for the next paragraph of list `num_id` at level `ilvl`, or
    /// `None` for bullets and unknown lists.
    pub fn next(&mut self, num_id: u32, ilvl: u32) -> Option<String> {
        let ilvl = (ilvl as usize).min(8);
        let (abs, overrides) = self.nums.get(&num_id)?;
        let levels = self.abstracts.get(abs)?;
        let counters = self.counters.entry(num_id).or_insert([0; 9]);
        let start_of = |l: usize| -> u32 {
            overrides
                .get(&(l as u32))
                .copied()
                .unwrap_or_else(|| levels.get(l).map_or(1, |x| x.start))
        };
        counters[ilvl] = if counters[ilvl] == 0 {
            start_of(ilvl)
        } else {
            counters[ilvl].saturating_add(1)
        };
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = 0;
        }
        let level = levels.get(ilvl)?;
        if matches!(level.fmt.as_str(), "bullet" | "none") || level.text.is_empty() {
            return None;
        }
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                let l = (d as usize).saturating_sub(1).min(8);
                let v = if counters[l] == 0 {
                    start_of(l)
                } else {
                    counters[l]
                };
                let fmt = levels.get(l).map_or("decimal", |x| x.fmt.as_str());
                out.push_str(&format_number(v, fmt));
                continue;
            }
            out.push(c);
        }
        Some(out)
    }
}

fn chinese(n: u32) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[(n - 10) as usize] }),
        20..=99 => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

fn letters(n: u32, base: u8) -> String {
    if n == 0 {
        return String::new();
    }
    let c = char::from(base + ((n - 1) % 26) as u8);
    c.to_string().repeat(((n - 1) / 26 + 1) as usize)
}

fn roman(mut n: u32) -> String {
    const R: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, r) in R {
        while n >= v && s.len() < 64 {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

fn format_number(n: u32, fmt: &str) -> String {
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "ideographDigital"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "koreanCounting" => chinese(n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32(0x2474 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "decimalZero" => format!("{n:02}"),
        "lowerLetter" => letters(n, b'a'),
        "upperLetter" => letters(n, b'A'),
        "lowerRoman" => roman(n),
        "upperRoman" => roman(n).to_uppercase(),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="7">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
        <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%4"/></w:lvl>
        <w:lvl w:ilvl="4"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
      <w:num w:numId="4"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
    </w:numbering>"#;

    #[test]
    fn counters_and_formats() {
        let mut n = Numbering::parse(XML);
        let got: Vec<Option<String>> = [
            (3, 0),
            (3, 1),
            (3, 2),
            (3, 2),
            (3, 3),
            (3, 1),
            (3, 2),
            (3, 0),
            (3, 4),
            (4, 2),
            (9, 0),
        ]
        .iter()
        .map(|&(id, l)| n.next(id, l))
        .collect();
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            got,
            vec![
                s("一、"),
                s("（一）"),
                s("1."),
                s("2."),
                s("①"),
                s("（二）"),
                s("1."),
                s("二、"),
                None,
                s("5."),
                None
            ]
        );
    }

    #[test]
    fn number_formats() {
        assert_eq!(chinese(10), "十");
        assert_eq!(chinese(12), "十二");
        assert_eq!(chinese(20), "二十");
        assert_eq!(chinese(35), "三十五");
        assert_eq!(format_number(3, "decimalFullWidth"), "３");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(2, "decimalEnclosedParen"), "⑵");
    }
}
