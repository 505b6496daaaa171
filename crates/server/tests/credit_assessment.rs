//! Holding units to account, second part, over HTTP on both databases: credit
//! (诚信) explained item by item from the facts anzhi holds, stored by recompute with
//! a history, the rules and the benchmark enterprises (标杆企业); the maturity
//! questionnaire (成熟度评估) from draft through review and the pilot groups; the
//! assessment (考核评估) of the districts pre-filled from the data, adjusted with
//! reasons and finalized; and the monthly report (月报) against the hazard ledger.

mod common;

use std::collections::BTreeMap;

use anzhi_domain::credit::CreditRules;
use chrono::{Datelike, Duration, NaiveDate};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn today() -> NaiveDate {
    anzhi_domain::time::today_china(chrono::Utc::now())
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A 400 `validation_failed` naming each of `fields`, each with a Chinese message.
fn assert_invalid(s: StatusCode, b: &Value, fields: &[&str]) {
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    assert_eq!(b["code"], "validation_failed", "{b}");
    let errors = b["errors"].as_array().cloned().unwrap_or_default();
    for f in fields {
        let e = errors
            .iter()
            .find(|e| e["field"] == *f)
            .unwrap_or_else(|| panic!("no error for {f}: {b}"));
        let msg = e["message"].as_str().unwrap_or_default();
        assert!(has_cjk(msg), "message of {f} is not Chinese: {b}");
        assert!(
            e["code"].as_str().is_some_and(|c| !c.is_empty()),
            "code of {f}: {b}"
        );
    }
}

/// The fields named by a validation answer.
fn error_fields(b: &Value) -> Vec<String> {
    b["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The message of the error naming `field`.
fn message_of(b: &Value, field: &str) -> String {
    b["errors"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["field"] == field))
        .and_then(|e| e["message"].as_str())
        .unwrap_or_default()
        .to_string()
}

/// A 409 whose Chinese detail contains `needle`.
fn assert_conflict(s: StatusCode, b: &Value, needle: &str) {
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    assert!(
        matches!(b["code"].as_str(), Some("invalid_state" | "conflict")),
        "{b}"
    );
    let detail = b["detail"].as_str().unwrap_or_default();
    assert!(has_cjk(detail), "{b}");
    assert!(
        detail.contains(needle),
        "detail should mention {needle}: {b}"
    );
}

fn docx_text(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut f = z.by_name("word/document.xml").expect("document.xml");
    let mut s = String::new();
    std::io::Read::read_to_string(&mut f, &mut s).expect("utf-8 document.xml");
    s
}

/// Every sheet of an .xlsx as (name, rows of cell texts).
fn xlsx_sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("an xlsx");
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).expect("sheet");
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (n, rows)
        })
        .collect()
}

/// GET as raw bytes: status, content type, body.
async fn download(c: &common::Client, path: &str) -> (StatusCode, String, Vec<u8>) {
    let res = c.request(Method::GET, path, None).await;
    let s = res.status();
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = res.bytes().await.expect("body").to_vec();
    (s, ct, bytes)
}

fn id_of(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {v}"))
        .to_string()
}

async fn own_org(c: &common::Client) -> String {
    let (s, me) = c.get("/api/auth/me").await;
    assert_eq!(s, StatusCode::OK, "{me}");
    me["user"]["org_id"].as_str().unwrap().to_string()
}

async fn photo(c: &common::Client) -> String {
    let (s, f) = c.upload("/api/photos", "现场.png", common::PHOTO).await;
    assert_eq!(s, StatusCode::CREATED, "{f}");
    id_of(&f)
}

async fn category(c: &common::Client, name: &str) -> String {
    let (s, l) = c.get("/api/hazard-categories").await;
    assert_eq!(s, StatusCode::OK, "{l}");
    id_of(
        l.as_array()
            .unwrap()
            .iter()
            .find(|k| k["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {l}")),
    )
}

/// The caller's notifications of one kind.
async fn notes(c: &common::Client, kind: &str) -> Vec<Value> {
    let (s, l) = c.get("/api/notifications?page_size=100").await;
    assert_eq!(s, StatusCode::OK, "{l}");
    l["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == kind)
        .cloned()
        .collect()
}

async fn total(c: &common::Client, path: &str) -> u64 {
    let (s, l) = c.get(path).await;
    assert_eq!(s, StatusCode::OK, "{path}: {l}");
    l["total"].as_u64().unwrap_or_else(|| panic!("{path}: {l}"))
}

/// The items of a list answer.
async fn items(c: &common::Client, path: &str) -> Vec<Value> {
    let (s, l) = c.get(path).await;
    assert_eq!(s, StatusCode::OK, "{path}: {l}");
    l["items"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("{path}: {l}"))
}

/// zhengfa imports a plan whose tasks name the given responsible units (each task
/// `(text, units, deadline end)`), 局政策法规科 leading; returns zhengfa's client and
/// the campaign id.
async fn import_campaign(
    srv: &common::TestServer,
    tasks: &[(&str, &[&str], NaiveDate)],
) -> (common::Client, String) {
    let zf = srv.login("zhengfa").await;
    let year = today().year();
    let mut plan = format!("{year}年考核测试方案\n一、重点任务\n");
    for (i, (text, units, _)) in tasks.iter().enumerate() {
        plan.push_str(&format!(
            "{}. {text}。（牵头单位：局政策法规科。责任单位：{}。完成时限：12月份）\n",
            i + 1,
            units.join("、")
        ));
    }
    let (s, p) = common::preview_plan(&zf, plan.as_bytes(), "plan.txt").await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["unresolved"], json!([]), "{p}");
    let rows: Vec<Value> = p["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .zip(tasks)
        .map(|(t, (_, _, end))| {
            let map = |entries: &Value| {
                entries
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| json!({"phrase": e["phrase"], "unit_ids": e["units"].as_array().unwrap().iter().map(|u| u["id"].clone()).collect::<Vec<_>>()}))
                    .collect::<Vec<_>>()
            };
            json!({"number": t["number"], "text": t["text"], "section": t["section"],
                   "deadline": {"text": format!("{end}前"), "kind": "by", "end": end},
                   "lead": map(&t["lead"]), "responsible": map(&t["responsible"])})
        })
        .collect();
    let (s, c) = zf
        .post(
            "/api/campaigns",
            json!({"draft_id": p["draft_id"], "title": p["title"], "year": year, "tasks": rows}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let cid = id_of(&c);
    (zf, cid)
}

fn referral_body(enterprise: &str, agency: &str) -> Value {
    json!({"enterprise_id": enterprise, "agency_id": agency, "source": "manual",
           "violation": "疏散通道堆放杂物，安全出口上锁", "legal_basis": "《中华人民共和国消防法》第二十八条",
           "evidence": "现场检查记录", "requested_action": "依法查处并责令改正",
           "reply_by": today() + Duration::days(20), "contact_name": "陈专干",
           "contact_phone": "0898-66668888", "file_ids": []})
}

fn interview_body(enterprise: &str, reason: &str) -> Value {
    json!({"kind": "interview", "org_id": enterprise, "held_on": today(), "reason": reason,
           "interviewer": "陈专干", "attendees": "企业负责人、安全员", "commitments": "十日内完成整改",
           "follow_up_on": today() + Duration::days(10)})
}

/// The grade and its label of a score under the default thresholds (A ≥ 90, B ≥ 75,
/// C ≥ 60).
fn grade_of(score: i64) -> (&'static str, &'static str) {
    let g = CreditRules::default().grades;
    if score >= i64::from(g.a) {
        ("A", "A级（诚信）")
    } else if score >= i64::from(g.b) {
        ("B", "B级（基本诚信）")
    } else if score >= i64::from(g.c) {
        ("C", "C级（失信警示）")
    } else {
        ("D", "D级（严重失信）")
    }
}

/// The item of a credit detail with this key.
fn credit_item<'a>(d: &'a Value, key: &str) -> Option<&'a Value> {
    d["items"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["key"] == key))
}

/// A credit detail explains itself: the score is 100 plus the points of its items,
/// clamped to 0–100, and the grade and its label follow from the score.
fn assert_explained(d: &Value) {
    let sum: i64 = d["items"]
        .as_array()
        .unwrap_or_else(|| panic!("items: {d}"))
        .iter()
        .map(|i| i["points"].as_i64().unwrap())
        .sum();
    let score = d["score"].as_i64().unwrap_or_else(|| panic!("score: {d}"));
    assert_eq!(score, (100 + sum).clamp(0, 100), "{d}");
    let (grade, label) = grade_of(score);
    assert_eq!(d["grade"], grade, "{d}");
    assert_eq!(d["grade_label"], label, "{d}");
}

db_test!(credit_is_explained_from_the_facts, true, |srv| {
    let rules = CreditRules::default();
    let zf = srv.login("zhengfa").await;
    let xy = srv.login("xiuying").await;
    let ml = srv.login("meilan").await;
    let qy1 = srv.login("qiye1").await;
    let qy2 = srv.login("qiye2").await;
    let aw = srv.login("anweiban").await;
    let ent1 = own_org(&qy1).await;
    let (_, e) = xy.get(&format!("/api/enterprises/{ent1}")).await;
    let ent1_name = e["name"].as_str().unwrap().to_string();

    // Before anything happens: no hazard, referral or interview counts against it.
    let (s, before) = qy1.get(&format!("/api/credit/{ent1}")).await;
    assert_eq!(s, StatusCode::OK, "{before}");
    assert_explained(&before);
    for key in [
        "overdue_hazards",
        "major_open",
        "major_overdue",
        "interviews",
        "referrals",
        "benchmark",
    ] {
        assert!(credit_item(&before, key).is_none(), "{key}: {before}");
    }
    assert_eq!(before["history"], json!([]), "never scored: {before}");
    assert_eq!(before["enterprise_name"], ent1_name.as_str());
    assert_eq!(before["district_name"], "秀英区商务局");
    let base_score = before["score"].as_i64().unwrap();

    // The facts: an overdue general hazard the enterprise reported itself, an open
    // 重大隐患 the district found, an interview and a referral sent by the district.
    let fire = category(&qy1, "消防安全").await;
    let gas = category(&xy, "燃气安全").await;
    let p = photo(&qy1).await;
    let (s, overdue) = qy1
        .post(
            "/api/hazards",
            json!({"category_id": fire, "description": "灭火器过期未更换", "photos": [p],
                   "found_on": today() - Duration::days(20), "deadline": today() - Duration::days(4)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{overdue}");
    assert_eq!(overdue["overdue"], true, "{overdue}");
    let overdue_id = id_of(&overdue);
    let p = photo(&xy).await;
    let (s, major) = xy
        .post(
            "/api/hazards",
            json!({"enterprise_id": ent1, "category_id": gas, "level": "major", "source": "district_check",
                   "description": "后厨燃气管道穿越配电间且未设报警装置", "photos": [p]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{major}");
    assert_eq!(major["overdue"], false, "{major}");
    let (s, iv) = xy
        .post(
            "/api/interviews",
            interview_body(&ent1, "重大隐患未及时整改"),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{iv}");
    let (s, agencies) = xy.get("/api/referrals/agencies").await;
    assert_eq!(s, StatusCode::OK, "{agencies}");
    let agency = id_of(
        agencies
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == "海口市综合行政执法局")
            .unwrap_or_else(|| panic!("{agencies}")),
    );
    let (s, r) = xy
        .post("/api/referrals", referral_body(&ent1, &agency))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let (s, r) = xy
        .post(&format!("/api/referrals/{}/send", id_of(&r)), json!({}))
        .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r["state"], "sent");

    // The live score lists each fact with the default points, for every reader.
    let mut live = Value::Null;
    for who in [&zf, &xy, &qy1] {
        let (s, d) = who.get(&format!("/api/credit/{ent1}")).await;
        assert_eq!(s, StatusCode::OK, "{d}");
        assert_explained(&d);
        let it = credit_item(&d, "overdue_hazards").unwrap_or_else(|| panic!("{d}"));
        assert_eq!(it["count"], 1, "{d}");
        assert_eq!(it["points"], rules.overdue_hazards.points, "{d}");
        assert_eq!(it["label"], "逾期未整改隐患");
        assert_eq!(it["fact"], "逾期未整改一般隐患 1 条");
        let it = credit_item(&d, "major_open").unwrap_or_else(|| panic!("{d}"));
        assert_eq!(it["count"], 1, "{d}");
        assert_eq!(it["points"], rules.major_open.points, "{d}");
        assert!(it["fact"].as_str().unwrap().contains("未逾期"), "{d}");
        assert!(
            credit_item(&d, "major_overdue").is_none(),
            "the major hazard is not overdue: {d}"
        );
        let it = credit_item(&d, "interviews").unwrap_or_else(|| panic!("{d}"));
        assert_eq!(it["count"], 1, "{d}");
        assert_eq!(it["points"], rules.interviews.points, "{d}");
        let it = credit_item(&d, "referrals").unwrap_or_else(|| panic!("{d}"));
        assert_eq!(it["count"], 1, "{d}");
        assert_eq!(it["points"], rules.referrals.points, "{d}");
        // Only the four facts moved the score.
        let moved = rules.overdue_hazards.points
            + rules.major_open.points
            + rules.interviews.points
            + rules.referrals.points;
        assert_eq!(
            d["score"].as_i64().unwrap(),
            (base_score + i64::from(moved)).clamp(0, 100),
            "{d}"
        );
        assert_eq!(d["facts"]["overdue_hazards"], 1, "{d}");
        assert_eq!(d["facts"]["major_open"], 1, "{d}");
        assert_eq!(d["facts"]["major_overdue"], 0, "{d}");
        assert_eq!(d["facts"]["interviews"], 1, "{d}");
        assert_eq!(d["facts"]["referrals"], 1, "{d}");
        assert_eq!(
            d["red_list"], false,
            "an open 重大隐患 keeps it off the red list"
        );
        let low = matches!(d["grade"].as_str(), Some("C" | "D"));
        assert_eq!(d["watch_list"], low, "{d}");
        assert_eq!(d["benchmark"], false);
        if live.is_null() {
            live = d;
        } else {
            assert_eq!(
                d["score"], live["score"],
                "every reader sees the same score"
            );
            assert_eq!(d["items"], live["items"]);
        }
    }
    let live_score = live["score"].as_i64().unwrap();
    // Out of reach: another district and another enterprise get 404; an agency 403.
    for who in [&ml, &qy2] {
        let (s, e) = who.get(&format!("/api/credit/{ent1}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{e}");
    }
    let (s, _) = aw.get(&format!("/api/credit/{ent1}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = aw.get("/api/credit").await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // Nothing stored until a recompute; only a section may recompute.
    assert_eq!(total(&zf, "/api/credit").await, 0);
    let (s, _) = xy.post_empty_json("/api/credit/recompute").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, rc) = zf.post_empty_json("/api/credit/recompute").await;
    assert_eq!(s, StatusCode::OK, "{rc}");
    assert_eq!(rc["scored"], 20, "every operating demo enterprise: {rc}");
    assert_eq!(rc["changed"], 20, "all scored for the first time: {rc}");
    let list = items(&zf, "/api/credit?page_size=100").await;
    assert_eq!(list.len(), 20);
    let row = list
        .iter()
        .find(|r| r["enterprise_id"] == ent1.as_str())
        .unwrap_or_else(|| panic!("{list:?}"))
        .clone();
    assert_eq!(row["score"], live_score, "{row}");
    assert_eq!(row["grade"], live["grade"]);
    assert_eq!(row["grade_label"], live["grade_label"]);
    assert_eq!(row["enterprise_name"], ent1_name.as_str());
    assert_eq!(row["district_name"], "秀英区商务局");
    assert_eq!(row["watch_list"], live["watch_list"]);
    // Lowest score first by default.
    let scores: Vec<i64> = list.iter().map(|r| r["score"].as_i64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] <= w[1]), "{scores:?}");
    assert_eq!(list[0]["enterprise_id"], ent1.as_str(), "the worst first");
    // The grade filter.
    let grade = live["grade"].as_str().unwrap();
    for g in ["A", "B", "C", "D"] {
        let of_grade = items(&zf, &format!("/api/credit?grade={g}&page_size=100")).await;
        assert_eq!(
            of_grade.len(),
            list.iter().filter(|r| r["grade"] == g).count(),
            "grade {g}"
        );
        assert!(of_grade.iter().all(|r| r["grade"] == g), "{of_grade:?}");
        assert_eq!(
            of_grade.iter().any(|r| r["enterprise_id"] == ent1.as_str()),
            g == grade,
            "grade {g}"
        );
    }
    let (s, e) = zf.get("/api/credit?grade=E").await;
    assert_invalid(s, &e, &["grade"]);
    // The watch list holds grades C and D (and overdue 重大隐患); highest first on demand.
    let watch = items(&zf, "/api/credit?list=watch&page_size=100").await;
    assert_eq!(
        watch.len(),
        list.iter().filter(|r| r["watch_list"] == true).count()
    );
    assert_eq!(
        watch.iter().any(|r| r["enterprise_id"] == ent1.as_str()),
        live["watch_list"] == true
    );
    let desc = items(&zf, "/api/credit?sort=-score&page_size=100").await;
    let scores: Vec<i64> = desc.iter().map(|r| r["score"].as_i64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // The export gives the same rows.
    let (s, ct, bytes) = download(&zf, "/api/credit/export").await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.contains("spreadsheetml"), "{ct}");
    let sheet: Vec<Vec<String>> = xlsx_sheets(&bytes).remove(0).1;
    let line = sheet
        .iter()
        .find(|r| r.contains(&ent1_name))
        .unwrap_or_else(|| panic!("{ent1_name} in {sheet:?}"));
    assert!(line.contains(&live_score.to_string()), "{line:?}");
    assert!(
        line.iter()
            .any(|c| c == live["grade_label"].as_str().unwrap()),
        "{line:?}"
    );
    // A district lists its own enterprises only; an enterprise itself.
    let theirs = items(&ml, "/api/credit?page_size=100").await;
    assert_eq!(theirs.len(), 5, "{theirs:?}");
    assert!(
        theirs.iter().all(|r| r["district_name"] == "美兰区商务局"),
        "{theirs:?}"
    );
    assert!(theirs.iter().all(|r| r["enterprise_id"] != ent1.as_str()));
    let ours = items(&xy, "/api/credit?page_size=100").await;
    assert_eq!(ours.len(), 5);
    assert!(ours.iter().all(|r| r["district_name"] == "秀英区商务局"));
    let own = items(&qy1, "/api/credit").await;
    assert_eq!(own.len(), 1, "{own:?}");
    assert_eq!(own[0]["enterprise_id"], ent1.as_str());
    let (s, d) = zf.get(&format!("/api/credit/{ent1}")).await;
    assert_eq!(s, StatusCode::OK);
    let history = d["history"].as_array().unwrap().clone();
    assert_eq!(history.len(), 1, "{d}");
    assert_eq!(history[0]["score"], live_score);
    assert_eq!(history[0]["changes"], "首次评分");

    // Nothing changed: nothing changes, no new history.
    let (s, rc) = zf.post_empty_json("/api/credit/recompute").await;
    assert_eq!(s, StatusCode::OK, "{rc}");
    assert_eq!(rc["scored"], 20);
    assert_eq!(rc["changed"], 0, "{rc}");
    let (_, d) = zf.get(&format!("/api/credit/{ent1}")).await;
    assert_eq!(d["history"].as_array().unwrap().len(), 1, "{d}");

    // The overdue hazard is rectified and closed: the next recompute keeps the change.
    let (s, h) = qy1
        .post(
            &format!("/api/hazards/{overdue_id}/start"),
            json!({"comment": "已采购新灭火器"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{h}");
    let after = photo(&qy1).await;
    let (s, h) = qy1
        .post(
            &format!("/api/hazards/{overdue_id}/submit"),
            json!({"comment": "灭火器已全部更换", "photos": [after]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{h}");
    let (s, h) = xy
        .post(
            &format!("/api/hazards/{overdue_id}/accept"),
            json!({"comment": "现场复核合格"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{h}");
    assert_eq!(h["state"], "closed");
    let (_, d) = qy1.get(&format!("/api/credit/{ent1}")).await;
    assert_explained(&d);
    assert!(credit_item(&d, "overdue_hazards").is_none(), "{d}");
    assert!(
        credit_item(&d, "hazards_closed_on_time").is_none(),
        "closed late is no bonus: {d}"
    );
    let closed_score = d["score"].as_i64().unwrap();
    assert_eq!(
        closed_score,
        (live_score - i64::from(rules.overdue_hazards.points)).clamp(0, 100)
    );
    let (s, rc) = zf.post_empty_json("/api/credit/recompute").await;
    assert_eq!(s, StatusCode::OK, "{rc}");
    assert_eq!(rc["changed"], 1, "only qiye1's enterprise changed: {rc}");
    let (_, d) = zf.get(&format!("/api/credit/{ent1}")).await;
    let history = d["history"].as_array().unwrap().clone();
    assert_eq!(history.len(), 2, "{d}");
    assert_eq!(history[0]["score"], closed_score, "newest first: {d}");
    let changes = history[0]["changes"].as_str().unwrap();
    assert!(
        changes.contains("消除") && changes.contains("逾期未整改一般隐患"),
        "{changes}"
    );
    let (_, l) = zf
        .get(&format!("/api/credit?q={}", common::urlencode(&ent1_name)))
        .await;
    assert_eq!(l["total"], 1, "{l}");
    assert_eq!(l["items"][0]["score"], closed_score);

    // The summary by district adds up.
    let (s, sum) = zf.get("/api/credit/summary").await;
    assert_eq!(s, StatusCode::OK, "{sum}");
    let rows = sum["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4, "{sum}");
    let n = |v: &Value, k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k}: {v}"));
    for r in rows.iter().chain([&sum["total"]]) {
        assert_eq!(
            n(r, "a") + n(r, "b") + n(r, "c") + n(r, "d") + n(r, "unscored"),
            n(r, "total"),
            "{r}"
        );
    }
    for k in ["a", "b", "c", "d", "unscored", "total"] {
        assert_eq!(
            rows.iter().map(|r| n(r, k)).sum::<u64>(),
            n(&sum["total"], k),
            "{k}: {sum}"
        );
    }
    assert_eq!(n(&sum["total"], "total"), 20);
    assert_eq!(n(&sum["total"], "unscored"), 0);
    let xiu = rows
        .iter()
        .find(|r| r["district_name"] == "秀英区商务局")
        .unwrap();
    assert_eq!(n(xiu, "total"), 5);
    let (s, own_sum) = xy.get("/api/credit/summary").await;
    assert_eq!(s, StatusCode::OK, "{own_sum}");
    assert_eq!(own_sum["rows"].as_array().unwrap().len(), 1, "{own_sum}");
    assert_eq!(own_sum["rows"][0]["district_name"], "秀英区商务局");
    let (s, city) = srv.login("leader").await.get("/api/credit/summary").await;
    assert_eq!(s, StatusCode::OK, "{city}");
    assert_eq!(city["total"], sum["total"]);
    let (s, _) = qy1.get("/api/credit/summary").await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The rules: a penalty that gives points is refused by field, nothing saved.
    let (s, current) = zf.get("/api/credit/rules").await;
    assert_eq!(s, StatusCode::OK, "{current}");
    assert_eq!(current, json!(rules), "the defaults");
    let mut bad = current.clone();
    bad["interviews"]["points"] = json!(5);
    let (s, e) = zf.put("/api/credit/rules", bad).await;
    assert_invalid(s, &e, &["interviews.points"]);
    assert!(message_of(&e, "interviews.points").contains("扣分"), "{e}");
    let (_, still) = zf.get("/api/credit/rules").await;
    assert_eq!(still, current, "nothing saved");
    let mut heavier = current.clone();
    heavier["interviews"]["points"] = json!(-8);
    let (s, _) = xy.put("/api/credit/rules", heavier.clone()).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, saved) = zf.put("/api/credit/rules", heavier.clone()).await;
    assert_eq!(s, StatusCode::OK, "{saved}");
    assert_eq!(saved["interviews"]["points"], -8);
    let (_, read) = qy1.get("/api/credit/rules").await;
    assert_eq!(read, heavier);
    let (_, d) = qy1.get(&format!("/api/credit/{ent1}")).await;
    assert_explained(&d);
    assert_eq!(credit_item(&d, "interviews").unwrap()["points"], -8, "{d}");
    assert_eq!(
        d["score"].as_i64().unwrap(),
        (closed_score - i64::from(rules.interviews.points) - 8).clamp(0, 100),
        "{d}"
    );
    let heavier_score = d["score"].as_i64().unwrap();
    let (s, rc) = zf.post_empty_json("/api/credit/recompute").await;
    assert_eq!(s, StatusCode::OK, "{rc}");
    assert_eq!(rc["changed"], 1, "only the interviewed enterprise: {rc}");
    let (_, d) = zf.get(&format!("/api/credit/{ent1}")).await;
    let history = d["history"].as_array().unwrap().clone();
    assert_eq!(history.len(), 3, "{d}");
    assert_eq!(history[0]["score"], heavier_score);
    let changes = history[0]["changes"].as_str().unwrap();
    assert!(
        changes.contains("变化") && changes.contains("被约谈") && changes.contains("-8"),
        "{changes}"
    );

    // Benchmarks: nominated with a reason, once a year, published, and a bonus.
    let year = today().year();
    let reason = "连续三年未发生安全事故，隐患自查自改闭环管理成效明显，安全文化建设特色鲜明";
    let (s, e) = zf
        .post(
            "/api/benchmarks",
            json!({"enterprise_id": ent1, "year": year, "reason": "很好"}),
        )
        .await;
    assert_invalid(s, &e, &["reason"]);
    assert_eq!(total(&zf, "/api/benchmarks").await, 0, "nothing saved");
    let (s, _) = xy
        .post(
            "/api/benchmarks",
            json!({"enterprise_id": ent1, "year": year, "reason": reason}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, b) = zf
        .post(
            "/api/benchmarks",
            json!({"enterprise_id": ent1, "year": year, "reason": reason}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let bid = id_of(&b);
    assert_eq!(b["state"], "nominated");
    assert_eq!(b["enterprise_name"], ent1_name.as_str());
    assert_eq!(b["district_name"], "秀英区商务局");
    assert_eq!(b["nominated_by_name"], "李科长");
    assert_eq!(b["reason"], reason);
    let (s, e) = zf
        .post(
            "/api/benchmarks",
            json!({"enterprise_id": ent1, "year": year, "reason": reason}),
        )
        .await;
    assert_conflict(s, &e, &year.to_string());
    // Not yet published: no bonus, nobody told.
    let (_, d) = qy1.get(&format!("/api/credit/{ent1}")).await;
    assert_eq!(d["benchmark"], false);
    assert!(notes(&qy1, "benchmark").await.is_empty());
    let (s, p) = zf
        .post_empty_json(&format!("/api/benchmarks/{bid}/publish"))
        .await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["state"], "published");
    assert_eq!(p["state_label"], "已发布");
    assert!(p["published_at"].is_string(), "{p}");
    let told = notes(&qy1, "benchmark").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(
        told[0]["title"].as_str().unwrap().contains("标杆企业"),
        "{told:?}"
    );
    assert!(notes(&qy2, "benchmark").await.is_empty());
    let (s, e) = zf
        .post_empty_json(&format!("/api/benchmarks/{bid}/publish"))
        .await;
    assert_conflict(s, &e, "已发布");
    let (_, d) = qy1.get(&format!("/api/credit/{ent1}")).await;
    assert_explained(&d);
    assert_eq!(d["benchmark"], true, "{d}");
    assert_eq!(d["facts"]["benchmark"], true);
    let it = credit_item(&d, "benchmark").unwrap_or_else(|| panic!("{d}"));
    assert_eq!(it["points"], rules.benchmark.points);
    assert_eq!(it["count"], 1);
    assert_eq!(
        d["score"].as_i64().unwrap(),
        (heavier_score + i64::from(rules.benchmark.points)).clamp(0, 100)
    );
    assert_eq!(p["grade"], d["grade"], "the stored grade: {p}");
    let (_, l) = zf
        .get(&format!("/api/credit?q={}", common::urlencode(&ent1_name)))
        .await;
    assert_eq!(l["items"][0]["benchmark"], true, "{l}");
    // Another nomination (a 龙华 enterprise) stays a nomination.
    let longhua = items(&zf, "/api/enterprises?page_size=100")
        .await
        .into_iter()
        .find(|e| e["district_name"] == "龙华区商务局")
        .map(|e| id_of(&e))
        .expect("a 龙华 enterprise");
    let (s, other) = zf
        .post(
            "/api/benchmarks",
            json!({"enterprise_id": longhua, "year": year, "reason": reason}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{other}");
    let other_id = id_of(&other);
    let (s, e) = zf
        .post(&format!("/api/benchmarks/{other_id}/withdraw"), json!({}))
        .await;
    assert_invalid(s, &e, &["reason"]);
    let (s, e) = zf
        .post(
            &format!("/api/benchmarks/{other_id}/withdraw"),
            json!({"reason": "  "}),
        )
        .await;
    assert_invalid(s, &e, &["reason"]);
    let (_, still) = zf
        .get(&format!("/api/benchmarks?state=nominated&year={year}"))
        .await;
    assert_eq!(still["total"], 1, "{still}");
    assert_eq!(still["items"][0]["id"], other_id.as_str());
    // The bureau sees both; another enterprise only the published one; so does a district.
    assert_eq!(total(&zf, "/api/benchmarks").await, 2);
    for who in [&qy2, &ml] {
        let seen = items(who, "/api/benchmarks").await;
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert_eq!(seen[0]["id"], bid.as_str());
        assert_eq!(seen[0]["state"], "published");
    }
    let (s, _) = aw.get("/api/benchmarks").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Withdrawn with a reason: the bonus goes.
    let (s, w) = zf
        .post(
            &format!("/api/benchmarks/{bid}/withdraw"),
            json!({"reason": "发生一般生产安全事故"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{w}");
    assert_eq!(w["state"], "withdrawn");
    assert_eq!(w["withdrawn_reason"], "发生一般生产安全事故");
    let (_, d) = qy1.get(&format!("/api/credit/{ent1}")).await;
    assert_eq!(d["benchmark"], false);
    assert!(credit_item(&d, "benchmark").is_none(), "{d}");
    assert!(items(&qy2, "/api/benchmarks").await.is_empty());
    let (s, e) = zf
        .post(
            "/api/benchmarks",
            json!({"enterprise_id": ent1, "year": year, "reason": reason}),
        )
        .await;
    assert_conflict(s, &e, &year.to_string());
});

/// The expected overall level of answers: the mean of the dimension means (each
/// dimension its answered questions), one decimal.
fn expected_level(levels: &BTreeMap<String, u8>) -> Option<f64> {
    let mut dims: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for (k, l) in levels {
        let dim = k.split('.').next().unwrap();
        dims.entry(dim).or_default().push(f64::from(*l));
    }
    if dims.is_empty() {
        return None;
    }
    let means: Vec<f64> = dims
        .values()
        .map(|v| v.iter().sum::<f64>() / v.len() as f64)
        .collect();
    Some((means.iter().sum::<f64>() / means.len() as f64 * 10.0).round() / 10.0)
}

fn dimension_level(levels: &BTreeMap<String, u8>, dim: &str) -> Option<f64> {
    let v: Vec<f64> = levels
        .iter()
        .filter(|(k, _)| k.split('.').next() == Some(dim))
        .map(|(_, l)| f64::from(*l))
        .collect();
    (!v.is_empty()).then(|| (v.iter().sum::<f64>() / v.len() as f64 * 10.0).round() / 10.0)
}

fn answers_body(levels: &BTreeMap<String, u8>) -> Value {
    let answers: serde_json::Map<String, Value> = levels
        .iter()
        .map(|(k, l)| {
            (
                k.clone(),
                json!({"level": l, "note": "按制度执行并留有记录"}),
            )
        })
        .collect();
    json!({ "answers": answers })
}

/// The rows of `GET /api/maturity/summary` (`{rows: [...]}`).
fn summary_rows(v: &Value) -> Vec<Value> {
    v["rows"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("summary rows: {v}"))
}

db_test!(maturity_is_filled_reviewed_and_summarised, true, |srv| {
    let qy1 = srv.login("qiye1").await;
    let xy = srv.login("xiuying").await;
    let ml = srv.login("meilan").await;
    let zf = srv.login("zhengfa").await;
    let ent1 = own_org(&qy1).await;
    let ent2 = own_org(&srv.login("qiye2").await).await;
    let year = today().year();

    let (s, q) = qy1.get("/api/maturity/questionnaire").await;
    assert_eq!(s, StatusCode::OK, "{q}");
    let dims: Vec<String> = q["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        dims,
        [
            "leadership",
            "responsibility",
            "risk",
            "hazard",
            "training",
            "emergency",
            "culture"
        ]
    );
    let keys: Vec<String> = q["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["questions"].as_array().unwrap().iter())
        .map(|x| x["key"].as_str().unwrap().to_string())
        .collect();
    assert!(keys.len() >= 14, "{keys:?}");
    assert_eq!(q["levels"][2]["label"], "规范级");

    // Started once a year, by the enterprise itself.
    let (s, _) = xy.post("/api/maturity", json!({"year": year})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, m) = qy1.post("/api/maturity", json!({"year": year})).await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let mid = id_of(&m);
    assert_eq!(m["state"], "draft");
    assert_eq!(m["enterprise_id"], ent1.as_str());
    assert_eq!(m["district_name"], "秀英区商务局");
    assert_eq!(m["self_level"], Value::Null);
    let (s, e) = qy1.post("/api/maturity", json!({"year": year})).await;
    assert_conflict(s, &e, "已存在");
    assert_eq!(total(&qy1, "/api/maturity").await, 1);

    // Bad answers name the field, nothing saved.
    let first = keys[0].clone();
    let (s, e) = qy1
        .put(
            &format!("/api/maturity/{mid}"),
            json!({"answers": {first.clone(): {"level": 6}}}),
        )
        .await;
    let level_field = format!("answers.{first}.level");
    assert_invalid(s, &e, &[&level_field]);
    let (s, e) = qy1
        .put(
            &format!("/api/maturity/{mid}"),
            json!({"answers": {"safety.9": {"level": 3}}}),
        )
        .await;
    assert_invalid(s, &e, &["answers.safety.9"]);
    let (_, m) = qy1.get(&format!("/api/maturity/{mid}")).await;
    assert_eq!(m["answers"], json!({}), "nothing saved: {m}");

    // Partial answers are kept.
    let mut levels: BTreeMap<String, u8> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.clone(), 3 + (i % 2) as u8))
        .collect();
    let partial: BTreeMap<String, u8> = levels
        .iter()
        .take(3)
        .map(|(k, l)| (k.clone(), *l))
        .collect();
    let (s, m) = qy1
        .put(&format!("/api/maturity/{mid}"), answers_body(&partial))
        .await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert_eq!(m["answers"].as_object().unwrap().len(), 3, "{m}");
    assert_eq!(m["self_level"].as_f64(), expected_level(&partial), "{m}");
    // Submitting names every unanswered question in Chinese.
    let (s, e) = qy1
        .post_empty_json(&format!("/api/maturity/{mid}/submit"))
        .await;
    let missing: Vec<String> = keys
        .iter()
        .filter(|k| !partial.contains_key(*k))
        .map(|k| format!("answers.{k}"))
        .collect();
    let refs: Vec<&str> = missing.iter().map(String::as_str).collect();
    assert_invalid(s, &e, &refs);
    assert_eq!(error_fields(&e).len(), missing.len(), "{e}");
    assert!(message_of(&e, &missing[0]).starts_with("请回答"), "{e}");
    let (_, m) = qy1.get(&format!("/api/maturity/{mid}")).await;
    assert_eq!(m["state"], "draft");

    // Everything answered (3 and 4 in turn): submitted, the district told.
    let (s, m) = qy1
        .put(&format!("/api/maturity/{mid}"), answers_body(&levels))
        .await;
    assert_eq!(s, StatusCode::OK, "{m}");
    let self_level = expected_level(&levels).unwrap();
    assert_eq!(m["self_level"].as_f64(), Some(self_level), "{m}");
    let (s, m) = qy1
        .post_empty_json(&format!("/api/maturity/{mid}/submit"))
        .await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert_eq!(m["state"], "submitted");
    assert_eq!(m["state_label"], "待审核");
    assert!(m["submitted_at"].is_string(), "{m}");
    let told = notes(&xy, "maturity").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0]["link"], format!("/maturity/{mid}"));
    assert!(notes(&ml, "maturity").await.is_empty());
    let (s, e) = qy1
        .put(&format!("/api/maturity/{mid}"), answers_body(&levels))
        .await;
    assert_conflict(s, &e, "待审核");

    // Review: not the enterprise, not another district; a return needs a note.
    let (s, _) = qy1
        .post(
            &format!("/api/maturity/{mid}/review"),
            json!({"approve": true}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = ml.get(&format!("/api/maturity/{mid}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = ml
        .post(
            &format!("/api/maturity/{mid}/review"),
            json!({"approve": true}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, e) = xy
        .post(
            &format!("/api/maturity/{mid}/review"),
            json!({"approve": false}),
        )
        .await;
    assert_invalid(s, &e, &["note"]);
    // Returned with a note: the enterprise hears why, edits and submits again.
    let (s, m) = xy
        .post(
            &format!("/api/maturity/{mid}/review"),
            json!({"approve": false, "note": "请补充应急演练记录"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert_eq!(m["state"], "returned");
    assert_eq!(m["reviewed_level"], Value::Null);
    let back = notes(&qy1, "maturity").await;
    assert_eq!(back.len(), 1, "{back:?}");
    assert_eq!(back[0]["body"], "请补充应急演练记录");
    let (s, m) = qy1
        .put(&format!("/api/maturity/{mid}"), answers_body(&levels))
        .await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert_eq!(m["state"], "returned");
    let (s, m) = qy1
        .post_empty_json(&format!("/api/maturity/{mid}/submit"))
        .await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert_eq!(m["state"], "submitted");
    assert_eq!(notes(&xy, "maturity").await.len(), 2);
    let (s, e) = xy
        .post(
            &format!("/api/maturity/{mid}/review"),
            json!({"approve": true, "levels": {first.clone(): 7}}),
        )
        .await;
    let review_field = format!("levels.{first}");
    assert_invalid(s, &e, &[&review_field]);
    let (_, m) = qy1.get(&format!("/api/maturity/{mid}")).await;
    assert_eq!(m["state"], "submitted");

    // Approved with two levels changed: the reviewed level is computed from them.
    let last = keys.last().unwrap().clone();
    let changed: BTreeMap<String, u8> = [(first.clone(), 5u8), (last.clone(), 5u8)].into();
    let (s, m) = xy
        .post(
            &format!("/api/maturity/{mid}/review"),
            json!({"approve": true, "note": "现场核查属实", "levels": changed}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert_eq!(m["state"], "reviewed");
    assert_eq!(m["state_label"], "已审核");
    assert!(m["reviewed_at"].is_string(), "{m}");
    assert_eq!(m["reviewer_name"], "陈专干");
    assert_eq!(m["review_note"], "现场核查属实");
    assert_eq!(m["review"][&first]["level"], 5, "{m}");
    levels.insert(first.clone(), 5);
    levels.insert(last.clone(), 5);
    let reviewed = expected_level(&levels).unwrap();
    assert_ne!(reviewed, self_level, "the review moved the level");
    assert_eq!(m["reviewed_level"].as_f64(), Some(reviewed), "{m}");
    assert_eq!(m["self_level"].as_f64(), Some(self_level), "kept: {m}");
    for d in m["dimensions"].as_array().unwrap() {
        let key = d["key"].as_str().unwrap();
        assert_eq!(
            d["reviewed"].as_f64(),
            dimension_level(&levels, key),
            "{key}: {m}"
        );
    }
    // The enterprise is told; it can no longer change anything.
    assert_eq!(notes(&qy1, "maturity").await.len(), 2);
    let (s, e) = qy1
        .put(&format!("/api/maturity/{mid}"), answers_body(&levels))
        .await;
    assert_conflict(s, &e, "已审核");
    let (s, e) = xy
        .post(
            &format!("/api/maturity/{mid}/review"),
            json!({"approve": true}),
        )
        .await;
    assert_conflict(s, &e, "已审核");

    // Pilot groups: a district names its own enterprises only.
    let (s, e) = xy
        .post(
            "/api/maturity/pilots",
            json!({"year": year, "group": "第一批试点", "enterprise_ids": [ent2]}),
        )
        .await;
    assert_invalid(s, &e, &["enterprise_ids"]);
    let other = items(&xy, "/api/enterprises?page_size=100")
        .await
        .into_iter()
        .map(|e| id_of(&e))
        .find(|id| *id != ent1)
        .expect("a second 秀英 enterprise");
    let (s, c) = xy
        .post(
            "/api/maturity/pilots",
            json!({"year": year, "group": "第一批试点", "enterprise_ids": [other, ent1]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["created"], 1, "qiye1's enterprise already has one: {c}");
    let (s, c) = xy
        .post(
            "/api/maturity/pilots",
            json!({"year": year, "group": "第一批试点", "enterprise_ids": [other]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert_eq!(c["created"], 0, "{c}");
    let pilots = items(
        &xy,
        &format!(
            "/api/maturity?year={year}&pilot_group={}",
            common::urlencode("第一批试点")
        ),
    )
    .await;
    assert_eq!(pilots.len(), 1, "{pilots:?}");
    assert_eq!(pilots[0]["enterprise_id"], other.as_str());
    assert_eq!(pilots[0]["state"], "draft");
    assert_eq!(total(&ml, "/api/maturity").await, 0);
    let (s, _) = qy1
        .post(
            "/api/maturity/pilots",
            json!({"year": year, "group": "第二批", "enterprise_ids": [ent1]}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // The results by district and by category.
    let (s, sum) = zf
        .get(&format!("/api/maturity/summary?year={year}&by=district"))
        .await;
    assert_eq!(s, StatusCode::OK, "{sum}");
    let rows = summary_rows(&sum);
    let xiu = rows
        .iter()
        .find(|r| r["label"] == "秀英区商务局")
        .unwrap_or_else(|| panic!("{sum}"));
    assert_eq!(xiu["total"], 2, "{sum}");
    assert_eq!(xiu["reviewed"], 1, "{sum}");
    assert_eq!(xiu["avg_level"].as_f64(), Some(reviewed), "{sum}");
    let band = reviewed.round().clamp(1.0, 5.0) as usize;
    let mut want = [0u64; 5];
    want[band - 1] = 1;
    assert_eq!(xiu["levels"], json!(want), "{sum}");
    assert!(rows.iter().all(|r| r["label"] != "美兰区商务局"), "{sum}");
    let (s, own) = xy.get(&format!("/api/maturity/summary?year={year}")).await;
    assert_eq!(s, StatusCode::OK, "{own}");
    let own = summary_rows(&own);
    assert_eq!(own.len(), 1, "{own:?}");
    assert_eq!(own[0]["label"], "秀英区商务局");
    let (s, by_cat) = zf
        .get(&format!("/api/maturity/summary?year={year}&by=category"))
        .await;
    assert_eq!(s, StatusCode::OK, "{by_cat}");
    let by_cat = summary_rows(&by_cat);
    assert_eq!(
        by_cat
            .iter()
            .map(|r| r["total"].as_u64().unwrap())
            .sum::<u64>(),
        2
    );
    let cat = m["category_name"].as_str().unwrap();
    let row = by_cat
        .iter()
        .find(|r| r["label"] == cat)
        .unwrap_or_else(|| panic!("{cat} in {by_cat:?}"));
    assert_eq!(row["reviewed"], 1);
    assert_eq!(row["avg_level"].as_f64(), Some(reviewed));
    let (s, e) = zf.get("/api/maturity/summary?by=x").await;
    assert_invalid(s, &e, &["by"]);
    // The list export.
    let (s, ct, bytes) = download(&xy, &format!("/api/maturity/export?year={year}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.contains("spreadsheetml"), "{ct}");
    let sheet = xlsx_sheets(&bytes).remove(0).1;
    let name = m["enterprise_name"].as_str().unwrap();
    let line = sheet
        .iter()
        .find(|r| r.iter().any(|c| c == name))
        .unwrap_or_else(|| panic!("{name} in {sheet:?}"));
    assert!(line.iter().any(|c| c == "已审核"), "{line:?}");
    assert!(
        line.iter().any(|c| c.parse::<f64>().ok() == Some(reviewed)),
        "{line:?}"
    );
});

/// `n/d` of a value label.
fn fraction(label: &str) -> (u64, u64) {
    let (n, d) = label
        .split_once('/')
        .unwrap_or_else(|| panic!("value label {label}"));
    (n.parse().unwrap(), d.parse().unwrap())
}

/// weight × n/d rounded to 0.1 (halves up); the full weight when nothing was due.
fn auto_score(weight: f64, n: u64, d: u64) -> f64 {
    let w = (weight * 10.0).round() as u64;
    if d == 0 {
        return w as f64 / 10.0;
    }
    ((2 * w * n.min(d) + d) / (2 * d)) as f64 / 10.0
}

fn grade_label(total: f64) -> &'static str {
    let t = (total * 10.0).round() as i64;
    match t {
        900.. => "优秀",
        800.. => "良好",
        600.. => "合格",
        _ => "不合格",
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// Every row's auto scores follow from its values, the total from its scores, the
/// grade from the total, and the ranks from the totals.
fn assert_consistent(a: &Value) {
    let rows = a["rows"].as_array().unwrap();
    let totals: Vec<f64> = rows.iter().map(|r| r["total"].as_f64().unwrap()).collect();
    for r in rows {
        let mut sum = 0.0;
        for i in r["items"].as_array().unwrap() {
            let (n, d) = fraction(i["value_label"].as_str().unwrap());
            let w = i["weight"].as_f64().unwrap();
            if d == 0 {
                assert_eq!(i["value"], Value::Null, "{i}");
            } else {
                assert!(
                    close(i["value"].as_f64().unwrap(), n as f64 / d as f64),
                    "{i}"
                );
            }
            assert!(
                close(i["auto_score"].as_f64().unwrap(), auto_score(w, n, d)),
                "{i}"
            );
            let score = i["score"].as_f64().unwrap();
            if i["reason"].is_null() {
                assert!(close(score, i["auto_score"].as_f64().unwrap()), "{i}");
            }
            sum += score;
        }
        let total = r["total"].as_f64().unwrap();
        assert!(close(total, (sum * 10.0).round() / 10.0), "{r}");
        assert_eq!(r["grade"], grade_label(total), "{r}");
        let higher = totals.iter().filter(|t| **t > total + 1e-9).count();
        assert_eq!(r["rank"], higher as u64 + 1, "{r}");
    }
}

fn row_of<'a>(a: &'a Value, org: &str) -> &'a Value {
    a["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["org_name"] == org)
        .unwrap_or_else(|| panic!("{org} in {a}"))
}

fn item_of<'a>(row: &'a Value, key: &str) -> &'a Value {
    row["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key)
        .unwrap_or_else(|| panic!("{key} in {row}"))
}

db_test!(districts_are_assessed_from_the_data, true, |srv| {
    let year = today().year();
    // Two assignments of 秀英区商务局 due in the first half of the year (the test
    // runs after June: both dates are past).
    let due1 = NaiveDate::from_ymd_opt(year, 3, 31).unwrap();
    let due2 = NaiveDate::from_ymd_opt(year, 5, 31).unwrap();
    assert!(due2 < today(), "the first half has passed");
    let (zf, cid) = import_campaign(
        &srv,
        &[
            ("开展商场消防安全专项检查", &["秀英区商务局"], due1),
            ("开展燃气安全隐患排查", &["秀英区商务局"], due2),
        ],
    )
    .await;
    let xy = srv.login("xiuying").await;
    let districts = [
        "秀英区商务局",
        "龙华区商务局",
        "琼山区商务局",
        "美兰区商务局",
    ];

    // The default district indicators weigh 100.
    let (s, ind) = zf
        .get("/api/assessments/indicators?target_kind=district")
        .await;
    assert_eq!(s, StatusCode::OK, "{ind}");
    let ind = ind.as_array().unwrap().clone();
    let keys: Vec<&str> = ind.iter().map(|i| i["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        [
            "task_completion",
            "task_on_time",
            "rectification_rate",
            "self_check_rate",
            "training_coverage"
        ]
    );
    assert!(close(
        ind.iter()
            .map(|i| i["weight"].as_f64().unwrap())
            .sum::<f64>(),
        100.0
    ));
    let (s, e) = zf.get("/api/assessments/indicators?target_kind=unit").await;
    assert_invalid(s, &e, &["target_kind"]);

    // Bad input: weights not adding up to 100; key enterprises not named; not a section.
    let title = format!("{year}年上半年各区安全生产工作考核");
    let mut short = ind.clone();
    short[0]["weight"] = json!(29);
    let (s, e) = zf
        .post(
            "/api/assessments",
            json!({"title": title, "year": year, "period": "h1", "target_kind": "district",
                   "indicators": short}),
        )
        .await;
    assert_invalid(s, &e, &["indicators"]);
    assert!(message_of(&e, "indicators").contains("99"), "{e}");
    let (s, e) = zf
        .post(
            "/api/assessments",
            json!({"title": "重点企业年度考核", "year": year, "period": "annual",
                   "target_kind": "enterprise"}),
        )
        .await;
    assert_invalid(s, &e, &["enterprise_ids"]);
    let (s, _) = xy
        .post(
            "/api/assessments",
            json!({"title": title, "year": year, "period": "h1", "target_kind": "district"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(total(&zf, "/api/assessments").await, 0);

    // Created: one row per district, scored from the data.
    let (s, a) = zf
        .post(
            "/api/assessments",
            json!({"title": title, "year": year, "period": "h1", "target_kind": "district"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let aid = id_of(&a);
    assert_eq!(a["state"], "draft");
    assert_eq!(a["period_label"], "上半年");
    assert_eq!(a["targets"], 4);
    let mut names: Vec<&str> = a["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["org_name"].as_str().unwrap())
        .collect();
    names.sort();
    let mut want = districts.to_vec();
    want.sort();
    assert_eq!(names, want);
    for r in a["rows"].as_array().unwrap() {
        let ks: Vec<&str> = r["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["key"].as_str().unwrap())
            .collect();
        assert_eq!(ks, keys, "{r}");
    }
    assert_consistent(&a);
    let xiu = row_of(&a, "秀英区商务局");
    let xiu_row = id_of(xiu);
    assert_eq!(
        item_of(xiu, "task_completion")["value_label"],
        "0/2",
        "{xiu}"
    );
    assert_eq!(item_of(xiu, "task_completion")["auto_score"], 0.0);
    let ml_row = row_of(&a, "美兰区商务局");
    assert_eq!(item_of(ml_row, "task_completion")["value_label"], "0/0");
    assert_eq!(
        item_of(ml_row, "task_completion")["score"],
        30.0,
        "nothing due: full weight"
    );

    // 秀英 completes one assignment and the lead unit accepts it: refresh sees it.
    let mine = items(&xy, "/api/assignments?mine=true&page_size=100").await;
    let first = mine
        .iter()
        .find(|x| x["due"] == due1.to_string())
        .unwrap_or_else(|| panic!("{mine:?}"));
    let asg = id_of(first);
    let (s, b) = xy
        .post(
            &format!("/api/assignments/{asg}/progress"),
            json!({"text": "已检查商场12家，整改隐患5处", "percent": 100, "submit": true}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = zf
        .post(
            &format!("/api/assignments/{asg}/accept"),
            json!({"comment": "同意"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["state"], "completed");
    let (s, _) = xy
        .post_empty(&format!("/api/assessments/{aid}/refresh"))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, a) = zf
        .post_empty(&format!("/api/assessments/{aid}/refresh"))
        .await;
    assert_eq!(s, StatusCode::OK, "{a}");
    assert_consistent(&a);
    let xiu = row_of(&a, "秀英区商务局");
    let tc = item_of(xiu, "task_completion");
    assert_eq!(tc["value_label"], "1/2", "{xiu}");
    assert_eq!(tc["value"], 0.5);
    assert_eq!(tc["auto_score"], 15.0);
    assert_eq!(
        item_of(xiu, "task_on_time")["value_label"],
        "0/2",
        "accepted after its due date: {xiu}"
    );
    let before_total = xiu["total"].as_f64().unwrap();
    let weak: Vec<&str> = xiu["weak_points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(
        weak.iter().any(|w| w.starts_with("重点任务完成率")),
        "15 of 30 is under 60%: {weak:?}"
    );

    // Adjusting a score: a reason is required, the weight is the limit.
    let sc = item_of(xiu, "self_check_rate").clone();
    let auto = sc["auto_score"].as_f64().unwrap();
    let weight = sc["weight"].as_f64().unwrap();
    let adjusted = if auto >= 5.0 { auto - 5.0 } else { auto + 5.0 };
    let (s, e) = zf
        .put(
            &format!("/api/assessment-rows/{xiu_row}"),
            json!({"items": [{"key": "self_check_rate", "score": adjusted}]}),
        )
        .await;
    assert_invalid(s, &e, &["items.self_check_rate.reason"]);
    let (s, e) = zf
        .put(
            &format!("/api/assessment-rows/{xiu_row}"),
            json!({"items": [{"key": "self_check_rate", "score": weight + 1.0, "reason": "现场核查"}]}),
        )
        .await;
    assert_invalid(s, &e, &["items.self_check_rate.score"]);
    let (s, e) = zf
        .put(
            &format!("/api/assessment-rows/{xiu_row}"),
            json!({"items": [{"key": "no_such", "score": 1}]}),
        )
        .await;
    assert_invalid(s, &e, &["items.no_such"]);
    let (s, _) = xy
        .put(
            &format!("/api/assessment-rows/{xiu_row}"),
            json!({"items": [{"key": "self_check_rate", "score": adjusted, "reason": "自评"}]}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, unchanged) = zf.get(&format!("/api/assessments/{aid}")).await;
    assert_eq!(
        row_of(&unchanged, "秀英区商务局")["total"].as_f64(),
        Some(before_total),
        "nothing saved"
    );
    let reason = "现场抽查企业自查台账，部分企业未留存记录";
    let (s, a) = zf
        .put(
            &format!("/api/assessment-rows/{xiu_row}"),
            json!({"items": [{"key": "self_check_rate", "score": adjusted, "reason": reason}]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{a}");
    assert_consistent(&a);
    let xiu = row_of(&a, "秀英区商务局");
    let sc = item_of(xiu, "self_check_rate");
    assert_eq!(sc["score"].as_f64(), Some(adjusted));
    assert_eq!(sc["auto_score"].as_f64(), Some(auto));
    assert_eq!(sc["reason"], reason);
    assert!(close(
        xiu["total"].as_f64().unwrap(),
        before_total - auto + adjusted
    ));
    // A refresh re-reads the data but keeps the adjusted score.
    let (s, a) = zf
        .post_empty(&format!("/api/assessments/{aid}/refresh"))
        .await;
    assert_eq!(s, StatusCode::OK, "{a}");
    assert_consistent(&a);
    let xiu = row_of(&a, "秀英区商务局");
    assert_eq!(
        item_of(xiu, "self_check_rate")["score"].as_f64(),
        Some(adjusted)
    );
    assert_eq!(item_of(xiu, "self_check_rate")["reason"], reason);
    assert_eq!(item_of(xiu, "task_completion")["value_label"], "1/2");
    let final_total = xiu["total"].as_f64().unwrap();

    // A district reads no draft.
    let (s, _) = xy.get(&format!("/api/assessments/{aid}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(total(&xy, "/api/assessments").await, 0);
    let (s, _) = srv.login("qiye1").await.get("/api/assessments").await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // Finalized: the district reads its own row, and edits are over.
    let (s, f) = zf
        .post_empty(&format!("/api/assessments/{aid}/finalize"))
        .await;
    assert_eq!(s, StatusCode::OK, "{f}");
    assert_eq!(f["state"], "final");
    assert!(f["finalized_at"].is_string(), "{f}");
    assert_eq!(total(&xy, "/api/assessments").await, 1);
    let (s, own) = xy.get(&format!("/api/assessments/{aid}")).await;
    assert_eq!(s, StatusCode::OK, "{own}");
    let rows = own["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{own}");
    assert_eq!(rows[0]["org_name"], "秀英区商务局");
    assert_eq!(rows[0]["total"].as_f64(), Some(final_total));
    assert_eq!(
        rows[0]["rank"],
        row_of(&f, "秀英区商务局")["rank"],
        "its rank among all four"
    );
    let told = notes(&xy, "assessment").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(
        told[0]["title"].as_str().unwrap().contains(&title),
        "{told:?}"
    );
    assert!(
        told[0]["body"]
            .as_str()
            .unwrap()
            .contains(&format!("{final_total:.1}")),
        "{told:?}"
    );
    let (s, e) = zf
        .put(
            &format!("/api/assessment-rows/{xiu_row}"),
            json!({"items": [{"key": "self_check_rate", "score": auto}]}),
        )
        .await;
    assert_conflict(s, &e, "定稿");
    let (s, e) = zf
        .post_empty(&format!("/api/assessments/{aid}/refresh"))
        .await;
    assert_conflict(s, &e, "定稿");
    let (s, e) = zf
        .post_empty(&format!("/api/assessments/{aid}/finalize"))
        .await;
    assert_conflict(s, &e, "定稿");

    // The weak points become a rectification task for the district.
    let text = "针对考核中企业自查率偏低的问题，督促辖区企业按月开展自查并留存台账";
    let deadline = today() + Duration::days(30);
    let (s, t) = zf
        .post(
            &format!("/api/assessment-rows/{xiu_row}/task"),
            json!({"campaign_id": cid, "text": text, "deadline": deadline}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    let tid = t["task_id"].as_str().unwrap().to_string();
    let (s, task) = zf.get(&format!("/api/tasks/{tid}")).await;
    assert_eq!(s, StatusCode::OK, "{task}");
    assert_eq!(task["text"], text);
    assert_eq!(task["campaign_id"], cid.as_str());
    assert_eq!(task["deadline"]["end"], deadline.to_string());
    let units: Vec<&str> = task["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["org_name"].as_str().unwrap())
        .collect();
    assert_eq!(units, ["秀英区商务局"], "{task}");
    let mine = items(&xy, "/api/assignments?mine=true&page_size=100").await;
    assert!(
        mine.iter().any(|a| a["task_id"] == tid.as_str()),
        "{mine:?}"
    );
    let (_, a) = zf.get(&format!("/api/assessments/{aid}")).await;
    assert_eq!(row_of(&a, "秀英区商务局")["task_id"], tid.as_str());
    let (s, e) = zf
        .post(
            &format!("/api/assessment-rows/{xiu_row}/task"),
            json!({"campaign_id": cid, "text": text, "deadline": deadline}),
        )
        .await;
    assert_conflict(s, &e, "已下达");
    assert_eq!(
        total(&zf, &format!("/api/tasks?campaign_id={cid}")).await,
        3
    );

    // The export names every unit with its scores.
    let (s, ct, bytes) = download(&zf, &format!("/api/assessments/{aid}/export")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.contains("spreadsheetml"), "{ct}");
    let cells: Vec<String> = xlsx_sheets(&bytes)
        .into_iter()
        .flat_map(|(_, rows)| rows.into_iter().flatten())
        .collect();
    for d in districts {
        assert!(cells.iter().any(|c| c == d), "{d} in {cells:?}");
    }
    assert!(
        cells.iter().any(|c| c.contains(reason)),
        "the reason: {cells:?}"
    );
    assert!(cells.iter().any(|c| c == "名次"), "{cells:?}");
});

db_test!(the_monthly_report_matches_the_hazard_ledger, true, |srv| {
    let leader = srv.login("leader").await;
    let xy = srv.login("xiuying").await;
    let ml = srv.login("meilan").await;
    let qy1 = srv.login("qiye1").await;
    let ent1 = own_org(&qy1).await;
    let ent2 = own_org(&srv.login("qiye2").await).await;
    let fire = category(&xy, "消防安全").await;
    let t = today();
    let month = t.format("%Y-%m").to_string();
    let first = t.with_day(1).unwrap();
    let last = (first + Duration::days(40)).with_day(1).unwrap() - Duration::days(1);

    // This month: two in 秀英 (one fixed on the spot), one in 美兰; one 美兰 hazard of
    // an earlier month.
    let p = photo(&xy).await;
    let (s, h) = xy
        .post(
            "/api/hazards",
            json!({"enterprise_id": ent1, "category_id": fire, "source": "district_check",
                   "description": "疏散通道堆放纸箱", "photos": [p]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    let (p, after) = (photo(&xy).await, photo(&xy).await);
    let (s, h) = xy
        .post(
            "/api/hazards",
            json!({"enterprise_id": ent1, "category_id": fire, "source": "district_check",
                   "description": "灭火器压力不足", "photos": [p], "fixed_on_spot": true,
                   "after_photos": [after], "fix_note": "已当场更换灭火器"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    assert_eq!(h["state"], "closed", "{h}");
    let p = photo(&ml).await;
    let (s, h) = ml
        .post(
            "/api/hazards",
            json!({"enterprise_id": ent2, "category_id": fire, "source": "district_check",
                   "description": "配电箱前堆放杂物", "photos": [p]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    let p = photo(&ml).await;
    let (s, h) = ml
        .post(
            "/api/hazards",
            json!({"enterprise_id": ent2, "category_id": fire, "source": "district_check",
                   "description": "安全出口指示灯损坏", "photos": [p],
                   "found_on": first - Duration::days(10)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");

    let (s, r) = leader
        .get(&format!("/api/reports/monthly?month={month}"))
        .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let title = r["title"].as_str().unwrap().to_string();
    assert!(title.contains("月报"), "{title}");
    assert!(
        title.contains(&format!("{}年{}月", t.year(), t.month())),
        "{title}"
    );
    assert_eq!(r["month"], month.as_str());
    assert_eq!(r["scope_label"], "全市");
    assert_eq!(r["period_from"], first.to_string());
    assert_eq!(r["period_to"], last.to_string());
    let tables = r["tables"].as_array().unwrap();
    let table = |prefix: &str| {
        tables
            .iter()
            .find(|t| t["caption"].as_str().unwrap().starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix} in {r}"))
            .clone()
    };
    let t2 = table("表2");
    let rows = t2["rows"].as_array().unwrap();
    let names: Vec<&str> = rows.iter().map(|x| x[0].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "秀英区商务局",
            "龙华区商务局",
            "琼山区商务局",
            "美兰区商务局"
        ]
    );
    let range = format!("found_from={first}&found_to={last}");
    let mut found_all = 0;
    for row in rows {
        let name = row[0].as_str().unwrap();
        let did = srv.org_id(name).await;
        let found = total(&leader, &format!("/api/hazards?{range}&district_id={did}")).await;
        let closed = total(
            &leader,
            &format!("/api/hazards?{range}&district_id={did}&state=closed"),
        )
        .await;
        assert_eq!(row[1], found.to_string(), "{name} found: {row}");
        assert_eq!(row[2], closed.to_string(), "{name} closed: {row}");
        found_all += found;
    }
    assert_eq!(rows[0][1], "2");
    assert_eq!(rows[0][2], "1");
    assert_eq!(rows[0][3], "50.0%");
    assert_eq!(rows[3][1], "1", "the earlier month's hazard is not counted");
    let t1 = table("表1");
    let found_row = t1["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x[0] == "本月排查隐患（处）")
        .unwrap()
        .clone();
    assert_eq!(found_row[1], found_all.to_string());
    assert_eq!(
        found_all,
        total(&leader, &format!("/api/hazards?{range}")).await
    );

    // Without a month: the previous one.
    let (s, prev) = leader.get("/api/reports/monthly").await;
    assert_eq!(s, StatusCode::OK, "{prev}");
    assert_eq!(
        prev["month"],
        (first - Duration::days(1)).format("%Y-%m").to_string()
    );
    // Bad months.
    let (s, e) = leader.get("/api/reports/monthly?month=2026-13").await;
    assert_invalid(s, &e, &["month"]);
    let next = (first + Duration::days(40)).format("%Y-%m").to_string();
    let (s, e) = leader
        .get(&format!("/api/reports/monthly?month={next}"))
        .await;
    assert_invalid(s, &e, &["month"]);
    assert!(message_of(&e, "month").contains("未来"), "{e}");

    // A district's report is about the district.
    let (s, own) = xy.get(&format!("/api/reports/monthly?month={month}")).await;
    assert_eq!(s, StatusCode::OK, "{own}");
    assert_eq!(own["scope_label"], "秀英区");
    assert!(own["title"].as_str().unwrap().contains("秀英区"), "{own}");
    let own_t2 = own["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["caption"].as_str().unwrap().starts_with("表2"))
        .unwrap()
        .clone();
    assert_eq!(own_t2["rows"], json!([["秀英区商务局", "2", "1", "50.0%"]]));
    let meilan_unit = srv.org_id("美兰区商务局").await;
    let (s, still) = xy
        .get(&format!(
            "/api/reports/monthly?month={month}&district_id={meilan_unit}"
        ))
        .await;
    assert_eq!(s, StatusCode::OK, "{still}");
    assert_eq!(
        still["scope_label"], "秀英区",
        "no wider view for a district"
    );
    let (s, lm) = leader
        .get(&format!(
            "/api/reports/monthly?month={month}&district_id={meilan_unit}"
        ))
        .await;
    assert_eq!(s, StatusCode::OK, "{lm}");
    assert_eq!(lm["scope_label"], "美兰区");

    // The Word and Excel files.
    let (s, ct, bytes) =
        download(&leader, &format!("/api/reports/monthly/docx?month={month}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.contains("wordprocessingml"), "{ct}");
    let doc = docx_text(&bytes);
    assert!(doc.contains(&title), "the docx carries the title");
    assert!(doc.contains("表2"), "the docx carries the district table");
    assert!(doc.contains("琼山区商务局"));
    let (s, ct, bytes) =
        download(&leader, &format!("/api/reports/monthly/xlsx?month={month}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.contains("spreadsheetml"), "{ct}");
    let sheets = xlsx_sheets(&bytes);
    assert_eq!(sheets.len(), tables.len());
    let (_, s2) = sheets
        .iter()
        .find(|(n, _)| n == "表2")
        .unwrap_or_else(|| panic!("sheet 表2"));
    assert!(s2[0][0].starts_with("表2"), "{s2:?}");
    let xiu_line = s2
        .iter()
        .find(|row| row.first().is_some_and(|c| c == "秀英区商务局"))
        .unwrap_or_else(|| panic!("{s2:?}"));
    assert_eq!(xiu_line[1], "2");
    let (s, _, bytes) = download(&xy, &format!("/api/reports/monthly/docx?month={month}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(docx_text(&bytes).contains("秀英区商务系统"));

    // Enterprises have no report.
    let (s, _) = qy1
        .get(&format!("/api/reports/monthly?month={month}"))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _, _) = download(&qy1, &format!("/api/reports/monthly/docx?month={month}")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
});
