//! Real-shaped CAP files from Chinese meteorological services parse into the warning a
//! user expects to see.

use anzhi_cap::{Colour, MsgType, Status, WeatherKind, parse};
use chrono::{DateTime, FixedOffset};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture_text(name: &str) -> String {
    String::from_utf8(fixture(name)).unwrap()
}

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

#[test]
fn haikou_typhoon_orange_warning() {
    let w = parse(&fixture("typhoon-haikou.xml")).unwrap();
    assert_eq!(w.identifier, "46010041600000_20211012093000");
    assert_eq!(w.sender, "46010041600000");
    assert_eq!(w.sent, t("2021-10-12T09:30:00+08:00"));
    assert_eq!(w.sent.offset().local_minus_utc(), 8 * 3600);
    assert_eq!(w.msg_type, MsgType::Alert);
    assert!(w.references.is_empty());
    assert_eq!(w.status, Status::Actual);
    assert_eq!(w.kind, WeatherKind::Typhoon);
    assert_eq!(w.colour, Colour::Orange);
    assert_eq!(
        w.headline.as_deref(),
        Some("海口市气象台发布台风橙色预警信号")
    );
    assert!(w.description.as_deref().unwrap().contains("圆规"));
    let instruction = w.instruction.as_deref().unwrap();
    assert!(instruction.starts_with("1．政府及相关部门"));
    assert!(instruction.contains("\n6．"), "line breaks kept");
    assert_eq!(w.effective, Some(t("2021-10-12T09:30:00+08:00")));
    assert_eq!(w.onset, Some(t("2021-10-12T09:30:00+08:00")));
    assert_eq!(w.expires, Some(t("2021-10-14T09:30:00+08:00")));
    assert_eq!(w.areas, ["秀英区", "龙华区", "琼山区", "美兰区"]);
    assert_eq!(w.sender_name.as_deref(), Some("海口市气象台"));
}

#[test]
fn e2e_copy_of_the_typhoon_fixture_is_the_same_file() {
    let e2e = format!(
        "{}/../../e2e/fixtures/typhoon-haikou.xml",
        env!("CARGO_MANIFEST_DIR")
    );
    if let Ok(copy) = std::fs::read(&e2e) {
        assert_eq!(copy, fixture("typhoon-haikou.xml"), "{e2e} drifted");
    }
}

#[test]
fn rainstorm_update_takes_the_upgraded_colour_and_references() {
    let w = parse(&fixture("rainstorm-update.xml")).unwrap();
    assert_eq!(w.msg_type, MsgType::Update);
    assert_eq!(w.references, ["46010041600000_20210601080000"]);
    assert_eq!(w.kind, WeatherKind::Rainstorm);
    // "将暴雨黄色预警信号升级为橙色预警信号": the new colour, not the old one.
    assert_eq!(w.colour, Colour::Orange);
    assert_eq!(w.areas, ["美兰区", "琼山区"]);
    assert_eq!(w.onset, None);
    assert_eq!(w.effective, Some(t("2021-06-01T11:00:00+08:00")));
}

#[test]
fn thunderstorm_cancel_lists_every_reference_and_deduplicates_areas() {
    let w = parse(&fixture("thunderstorm-cancel.xml")).unwrap();
    assert_eq!(w.msg_type, MsgType::Cancel);
    assert_eq!(
        w.references,
        [
            "46010041600000_20210715150000",
            "46010041600000_20210715160000"
        ]
    );
    assert_eq!(w.kind, WeatherKind::ThunderstormGale);
    assert_eq!(w.colour, Colour::Yellow);
    assert_eq!(w.areas, ["龙华区", "秀英区"]);
    assert_eq!(w.instruction, None);
    assert_eq!(w.expires, None);
}

#[test]
fn heat_red_from_english_event_and_level_parameter() {
    let w = parse(&fixture("heat-red-english.xml")).unwrap();
    assert_eq!(w.kind, WeatherKind::Heat);
    // The parameter says Red; it wins over <severity>Moderate</severity>.
    assert_eq!(w.colour, Colour::Red);
    // CAP writes UTC as -00:00.
    assert_eq!(w.sent, t("2021-07-20T15:00:00+08:00"));
    assert_eq!(w.areas, ["Xiuying District", "Longhua District"]);
    assert_eq!(
        w.sender_name.as_deref(),
        Some("Haikou Meteorological Observatory")
    );
}

#[test]
fn colour_falls_back_to_severity() {
    let xml = fixture_text("typhoon-haikou.xml")
        .replace(
            "发布台风橙色预警信号</headline>",
            "发布台风预警信号</headline>",
        )
        .replace("<value>橙色</value>", "<value>无</value>");
    for (severity, colour) in [
        ("Minor", Colour::Blue),
        ("Moderate", Colour::Yellow),
        ("Severe", Colour::Orange),
        ("Extreme", Colour::Red),
    ] {
        let xml = xml.replace(
            "<severity>Severe</severity>",
            &format!("<severity>{severity}</severity>"),
        );
        assert_eq!(parse(xml.as_bytes()).unwrap().colour, colour, "{severity}");
    }
}

#[test]
fn colour_from_chinese_level_parameter() {
    let xml = fixture_text("typhoon-haikou.xml")
        .replace(
            "发布台风橙色预警信号</headline>",
            "发布台风预警信号</headline>",
        )
        .replace("<value>橙色</value>", "<value>红色</value>");
    assert_eq!(parse(xml.as_bytes()).unwrap().colour, Colour::Red);
}

#[test]
fn colour_in_event_comes_before_headline() {
    let xml = fixture_text("typhoon-haikou.xml")
        .replace("<event>台风</event>", "<event>台风蓝色预警</event>");
    assert_eq!(parse(xml.as_bytes()).unwrap().colour, Colour::Blue);
}

#[test]
fn kind_falls_back_to_headline() {
    let xml = fixture_text("typhoon-haikou.xml")
        .replace("<event>台风</event>", "<event>气象灾害预警</event>");
    let w = parse(xml.as_bytes()).unwrap();
    assert_eq!(w.kind, WeatherKind::Typhoon);
}

#[test]
fn chinese_info_is_chosen_among_several() {
    let xml = fixture_text("typhoon-haikou.xml");
    let english = r#"<info>
    <language>en-US</language>
    <category>Met</category>
    <event>Heat</event>
    <urgency>Expected</urgency>
    <severity>Minor</severity>
    <certainty>Likely</certainty>
    <headline>English headline</headline>
    <area><areaDesc>Haikou</areaDesc></area>
  </info>
  <info>"#;
    let both = xml.replacen("<info>", english, 1);
    let w = parse(both.as_bytes()).unwrap();
    assert_eq!(w.kind, WeatherKind::Typhoon);
    assert_eq!(
        w.headline.as_deref(),
        Some("海口市气象台发布台风橙色预警信号")
    );
    assert_eq!(w.areas, ["秀英区", "龙华区", "琼山区", "美兰区"]);

    // No zh-CN: another Chinese variant is preferred to the first.
    let zh = both.replace("<language>zh-CN</language>", "<language>zh-Hans</language>");
    assert_eq!(parse(zh.as_bytes()).unwrap().kind, WeatherKind::Typhoon);

    // No Chinese at all: the first.
    let none = both.replace("<language>zh-CN</language>", "<language>fr-FR</language>");
    let w = parse(none.as_bytes()).unwrap();
    assert_eq!(w.kind, WeatherKind::Heat);
    assert_eq!(w.colour, Colour::Blue);
    assert_eq!(w.areas, ["Haikou"]);
}

#[test]
fn byte_order_mark_cdata_and_entities_are_read() {
    let xml = fixture_text("typhoon-haikou.xml")
        .replace(
            "<headline>海口市气象台发布台风橙色预警信号</headline>",
            "<headline><![CDATA[海口市气象台发布台风橙色预警信号]]></headline>",
        )
        .replace(
            "<areaDesc>秀英区、龙华区、琼山区、美兰区</areaDesc>",
            "<areaDesc>秀英区&#x3001;龙华区</areaDesc>",
        );
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(xml.as_bytes());
    let w = parse(&bytes).unwrap();
    assert_eq!(
        w.headline.as_deref(),
        Some("海口市气象台发布台风橙色预警信号")
    );
    assert_eq!(w.areas, ["秀英区", "龙华区"]);
}

#[test]
fn other_statuses_are_reported_not_refused() {
    for (value, status) in [
        ("Exercise", Status::Exercise),
        ("System", Status::System),
        ("Test", Status::Test),
        ("Draft", Status::Draft),
    ] {
        let xml = fixture_text("typhoon-haikou.xml").replace(
            "<status>Actual</status>",
            &format!("<status>{value}</status>"),
        );
        assert_eq!(parse(xml.as_bytes()).unwrap().status, status);
    }
}

#[test]
fn elements_of_other_namespaces_and_prefixed_cap_are_handled() {
    // A prefixed CAP document is the same document.
    let prefixed = fixture_text("typhoon-haikou.xml")
        .replace('<', "<cap:")
        .replace("<cap:/", "</cap:")
        .replace("<cap:?xml", "<?xml")
        .replace("<cap:alert xmlns=", "<cap:alert xmlns:cap=");
    assert!(prefixed.contains("<cap:areaDesc>秀英区"));
    let w = parse(prefixed.as_bytes()).unwrap();
    assert_eq!(w.areas, ["秀英区", "龙华区", "琼山区", "美兰区"]);

    // Extension elements in another namespace are ignored, even with a CAP name.
    let extended = fixture_text("typhoon-haikou.xml").replace(
        "<scope>Public</scope>",
        "<scope>Public</scope><x:identifier xmlns:x=\"urn:example:ext\">other id</x:identifier>",
    );
    assert_eq!(
        parse(extended.as_bytes()).unwrap().identifier,
        "46010041600000_20211012093000"
    );
}

#[test]
fn a_file_of_exactly_one_megabyte_is_accepted() {
    let xml = fixture_text("typhoon-haikou.xml");
    let pad = anzhi_cap::MAX_BYTES - xml.len();
    let padded = xml.replace("</alert>", &format!("{}</alert>", " ".repeat(pad)));
    assert_eq!(padded.len(), anzhi_cap::MAX_BYTES);
    assert!(parse(padded.as_bytes()).is_ok());
}

#[test]
fn restricted_scope_with_restriction_is_fine() {
    let xml = fixture_text("typhoon-haikou.xml").replace(
        "<scope>Public</scope>",
        "<scope>Restricted</scope><restriction>仅限应急管理部门</restriction>",
    );
    assert!(parse(xml.as_bytes()).is_ok());
}
