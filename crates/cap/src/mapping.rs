//! From CAP texts to anzhi's vocabulary: which weather, which colour, which areas.

use crate::{Colour, WeatherKind};

/// The weather kind named in `text`: Chinese keywords anywhere, English words
/// case-insensitively. When several kinds are named, the one named first wins.
pub(crate) fn kind_in(text: &str) -> Option<WeatherKind> {
    let mut found: Vec<(usize, WeatherKind)> = Vec::new();
    let mut note = |pos: Option<usize>, kind| {
        if let Some(p) = pos {
            found.push((p, kind));
        }
    };
    note(text.find("台风"), WeatherKind::Typhoon);
    note(text.find("暴雨"), WeatherKind::Rainstorm);
    note(text.find("雷雨大风"), WeatherKind::ThunderstormGale);
    if let (Some(a), Some(b)) = (text.find("雷电"), text.find("大风")) {
        note(Some(a.min(b)), WeatherKind::ThunderstormGale);
    }
    note(text.find("高温"), WeatherKind::Heat);

    let lower = text.to_lowercase();
    let words = words(&lower);
    let mut note_word = |wanted: &[&str], kind| {
        if let Some(p) = find_words(&words, wanted) {
            found.push((p, kind));
        }
    };
    note_word(&["typhoon"], WeatherKind::Typhoon);
    note_word(&["typhoons"], WeatherKind::Typhoon);
    note_word(&["rainstorm"], WeatherKind::Rainstorm);
    note_word(&["rainstorms"], WeatherKind::Rainstorm);
    note_word(&["heavy", "rain"], WeatherKind::Rainstorm);
    note_word(&["thunderstorm"], WeatherKind::ThunderstormGale);
    note_word(&["thunderstorms"], WeatherKind::ThunderstormGale);
    note_word(&["heat"], WeatherKind::Heat);
    note_word(&["heatwave"], WeatherKind::Heat);
    note_word(&["high", "temperature"], WeatherKind::Heat);
    note_word(&["high", "temperatures"], WeatherKind::Heat);

    found.into_iter().min_by_key(|(p, _)| *p).map(|(_, k)| k)
}

/// The warning colour named in `text` ("蓝色" … "红色", or the English words). When
/// several are named the last one wins: "将暴雨黄色预警信号升级为橙色预警信号" is orange.
pub(crate) fn colour_in(text: &str) -> Option<Colour> {
    let mut found: Vec<(usize, Colour)> = Vec::new();
    for colour in Colour::ALL {
        if let Some(p) = text.rfind(colour.label()) {
            found.push((p, colour));
        }
    }
    let lower = text.to_lowercase();
    for (pos, word) in words(&lower) {
        if let Some(c) = Colour::from_code(word) {
            found.push((pos, c));
        }
    }
    found.into_iter().max_by_key(|(p, _)| *p).map(|(_, c)| c)
}

/// A colour from a `<parameter>` value: a code (`red`), a label (`红色`), or a bare
/// Chinese colour character (`红`).
pub(crate) fn colour_value(value: &str) -> Option<Colour> {
    let v = value.trim();
    if let Some(c) = Colour::from_code(&v.to_lowercase()) {
        return Some(c);
    }
    if let Some(c) = colour_in(v) {
        return Some(c);
    }
    let stripped = v
        .trim_end_matches("预警")
        .trim_end_matches('级')
        .trim_end_matches('色');
    match stripped {
        "蓝" => Some(Colour::Blue),
        "黄" => Some(Colour::Yellow),
        "橙" => Some(Colour::Orange),
        "红" => Some(Colour::Red),
        _ => None,
    }
}

/// Whether a `<parameter>`'s `valueName` names the warning level or colour.
pub(crate) fn is_level_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    ["级别", "等级", "颜色", "level", "color", "colour"]
        .iter()
        .any(|k| lower.contains(k))
}

/// Splits an `areaDesc` into area names on "、", "，", ",", "；", ";", and on whitespace
/// between Chinese names ("秀英区 龙华区"); a piece with Latin letters keeps its spaces
/// ("Longhua District").
pub(crate) fn split_areas(desc: &str) -> impl Iterator<Item = &str> {
    desc.split(['、', '，', ',', '；', ';'])
        .flat_map(|piece| {
            let piece = piece.trim();
            let words: Vec<&str> = if piece.chars().any(|c| c.is_ascii_alphabetic()) {
                vec![piece]
            } else {
                piece.split_whitespace().collect()
            };
            words
        })
        .filter(|s| !s.is_empty())
}

/// ASCII-alphanumeric words of `lower` with their byte positions.
fn words(lower: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in lower.char_indices() {
        if c.is_ascii_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push((s, &lower[s..i]));
        }
    }
    if let Some(s) = start {
        out.push((s, &lower[s..]));
    }
    out
}

/// Position of the first run of consecutive `wanted` words.
fn find_words(words: &[(usize, &str)], wanted: &[&str]) -> Option<usize> {
    if wanted.is_empty() || words.len() < wanted.len() {
        return None;
    }
    words
        .windows(wanted.len())
        .find(|w| w.iter().zip(wanted).all(|((_, a), b)| a == b))
        .map(|w| w[0].0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_chinese_events() {
        assert_eq!(kind_in("台风橙色预警"), Some(WeatherKind::Typhoon));
        assert_eq!(kind_in("暴雨"), Some(WeatherKind::Rainstorm));
        assert_eq!(
            kind_in("雷雨大风黄色预警信号"),
            Some(WeatherKind::ThunderstormGale)
        );
        assert_eq!(
            kind_in("雷电大风蓝色预警"),
            Some(WeatherKind::ThunderstormGale)
        );
        assert_eq!(kind_in("高温红色预警"), Some(WeatherKind::Heat));
        assert_eq!(kind_in("雷电黄色预警"), None);
        assert_eq!(kind_in("大风蓝色预警"), None);
        assert_eq!(kind_in("大雾黄色预警"), None);
        assert_eq!(kind_in("暴雪橙色预警"), None);
    }

    #[test]
    fn kinds_from_english_events() {
        assert_eq!(kind_in("TYPHOON"), Some(WeatherKind::Typhoon));
        assert_eq!(kind_in("Heavy Rain"), Some(WeatherKind::Rainstorm));
        assert_eq!(kind_in("heavy  rain warning"), Some(WeatherKind::Rainstorm));
        assert_eq!(kind_in("Rainstorm"), Some(WeatherKind::Rainstorm));
        assert_eq!(
            kind_in("Thunderstorm Gale"),
            Some(WeatherKind::ThunderstormGale)
        );
        assert_eq!(kind_in("thunderstorm"), Some(WeatherKind::ThunderstormGale));
        assert_eq!(kind_in("Heat"), Some(WeatherKind::Heat));
        assert_eq!(kind_in("High Temperature"), Some(WeatherKind::Heat));
        // Whole words only.
        assert_eq!(kind_in("Weather"), None);
        assert_eq!(kind_in("Rain"), None);
        assert_eq!(kind_in("Fog"), None);
    }

    #[test]
    fn first_named_kind_wins() {
        assert_eq!(kind_in("暴雨转台风"), Some(WeatherKind::Rainstorm));
        assert_eq!(kind_in("台风暴雨"), Some(WeatherKind::Typhoon));
    }

    #[test]
    fn last_named_colour_wins() {
        assert_eq!(colour_in("台风橙色预警"), Some(Colour::Orange));
        assert_eq!(
            colour_in("海口市气象台将暴雨黄色预警信号升级为橙色预警信号"),
            Some(Colour::Orange)
        );
        assert_eq!(colour_in("橙色预警信号降级为蓝色"), Some(Colour::Blue));
        assert_eq!(colour_in("Red Heat Warning"), Some(Colour::Red));
        assert_eq!(colour_in("Reduced"), None);
        assert_eq!(colour_in("台风预警"), None);
    }

    #[test]
    fn colour_parameter_values() {
        assert_eq!(colour_value("Red"), Some(Colour::Red));
        assert_eq!(colour_value(" yellow "), Some(Colour::Yellow));
        assert_eq!(colour_value("橙色"), Some(Colour::Orange));
        assert_eq!(colour_value("蓝"), Some(Colour::Blue));
        assert_eq!(colour_value("红色预警"), Some(Colour::Red));
        assert_eq!(colour_value("III"), None);
        assert_eq!(colour_value(""), None);
    }

    #[test]
    fn level_parameter_names() {
        assert!(is_level_name("预警级别"));
        assert!(is_level_name("预警等级"));
        assert!(is_level_name("Level"));
        assert!(is_level_name("alertColor"));
        assert!(is_level_name("colour"));
        assert!(!is_level_name("EAS-ORG"));
    }

    #[test]
    fn areas_split_on_chinese_and_ascii_separators() {
        let got: Vec<_> =
            split_areas(" 美兰区、龙华区，琼山区,秀英区；三亚市;  儋州市\n文昌市 ").collect();
        assert_eq!(
            got,
            [
                "美兰区",
                "龙华区",
                "琼山区",
                "秀英区",
                "三亚市",
                "儋州市",
                "文昌市"
            ]
        );
        assert_eq!(split_areas("、 ，").count(), 0);
        let english: Vec<_> = split_areas("Xiuying District, Longhua  District").collect();
        assert_eq!(english, ["Xiuying District", "Longhua  District"]);
    }
}
