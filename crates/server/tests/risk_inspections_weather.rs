//! Issue 6 over HTTP on both databases: risk points graded by LEC/LS with the
//! enterprise's dynamic level; supervision inspections from a built-in checklist to
//! hazards and the Word report; extreme-weather warnings by hand and from CAP files,
//! acknowledged and reported by enterprises, reminded once per slot.

mod common;

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn today() -> chrono::NaiveDate {
    anzhi_domain::time::today_china(chrono::Utc::now())
}

fn point(l: f64, e: f64, c: f64, tier: &str) -> Value {
    json!({"name": "地下一层燃气厨房", "kind": "place", "location": "B1", "hazard_factors": "燃气泄漏、油烟管道积油",
           "accident_types": ["火灾", "其它爆炸"], "method": "lec", "l": l, "e": e, "c": c,
           "measures": [{"kind": "engineering", "text": "安装燃气泄漏报警并联动切断阀"},
                        {"kind": "management", "text": "每日班前检查燃气管道"}],
           "control_tier": tier, "responsible": "李厨师长", "responsible_phone": "13800138000",
           "reassess_on": today() + Duration::days(90)})
}

fn field_messages(b: &Value) -> Vec<(String, String)> {
    b["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap_or_default().to_string(),
                        e["message"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn docx_text(bytes: &[u8]) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut f = z.by_name("word/document.xml").expect("document.xml");
    let mut s = String::new();
    std::io::Read::read_to_string(&mut f, &mut s).unwrap();
    s
}

db_test!(
    risk_points_are_graded_and_raise_the_enterprise_level,
    true,
    |srv| {
        let qy = srv.login("qiye1").await;
        let xy = srv.login("xiuying").await;
        let leader = srv.login("leader").await;
        let qy2 = srv.login("qiye2").await;
        let (_, me) = qy.get("/api/auth/me").await;
        let mine = me["user"]["org_id"].as_str().unwrap().to_string();

        // The live score at the thresholds: D = 270 较大, 90 一般, 720 重大; LS 4×5 = 20 重大.
        for (body, grade) in [
            (json!({"method": "lec", "l": 3, "e": 6, "c": 15}), "large"),
            (json!({"method": "lec", "l": 1, "e": 6, "c": 15}), "general"),
            (json!({"method": "lec", "l": 3, "e": 6, "c": 40}), "major"),
            (json!({"method": "lec", "l": 10, "e": 1, "c": 7}), "general"),
            (json!({"method": "lec", "l": 1, "e": 1, "c": 7}), "low"),
            (json!({"method": "ls", "l": 4, "s": 5}), "major"),
            (json!({"method": "ls", "l": 3, "s": 3}), "general"),
        ] {
            let (s, a) = qy.post("/api/risk/assess", body.clone()).await;
            assert_eq!(s, StatusCode::OK, "{a}");
            assert_eq!(a["grade"], grade, "{body} → {a}");
        }
        let (s, a) = qy
            .post(
                "/api/risk/assess",
                json!({"method": "lec", "l": 4, "e": 6, "c": 15}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{a}");
        assert!(
            field_messages(&a)
                .iter()
                .any(|(f, m)| f == "l" && m.contains("0.5")),
            "{a}"
        );

        // No points yet: not graded.
        let (_, r) = qy.get(&format!("/api/enterprises/{mine}/risk")).await;
        assert_eq!(r["grade"], Value::Null, "{r}");
        assert_eq!(r["grade_label"], "未评估");

        // 较大 by LEC with a 班组级 tier is refused naming control_tier; 部门级 is fine.
        let (s, b) = qy
            .post("/api/risk-points", point(3.0, 6.0, 15.0, "team"))
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
        assert!(
            field_messages(&b)
                .iter()
                .any(|(f, m)| f == "control_tier" && m.contains("部门级")),
            "{b}"
        );
        let (_, list) = qy.get("/api/risk-points").await;
        assert_eq!(list["total"], 0, "nothing half-written: {list}");
        let (s, p) = qy
            .post("/api/risk-points", point(3.0, 6.0, 15.0, "department"))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{p}");
        assert_eq!(p["grade"], "large");
        assert_eq!(p["colour"], "orange");
        assert_eq!(p["score"], 270.0);
        assert_eq!(p["method_line"], "LEC法：L=3，E=6，C=15，D=270");
        let id = p["id"].as_str().unwrap().to_string();
        let (_, r) = qy.get(&format!("/api/enterprises/{mine}/risk")).await;
        assert_eq!(r["grade"], "large", "{r}");
        assert_eq!(r["points"]["large"], 1);
        assert_eq!(r["changes"].as_array().unwrap().len(), 1);

        // Re-assessed to 重大 (C = 40 → D = 720) needs 单位级.
        let (s, b) = qy
            .put(
                &format!("/api/risk-points/{id}"),
                point(3.0, 6.0, 40.0, "department"),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
        let (s, p) = qy
            .put(
                &format!("/api/risk-points/{id}"),
                point(3.0, 6.0, 40.0, "unit"),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{p}");
        assert_eq!(p["grade"], "major");
        let (_, r) = qy.get(&format!("/api/enterprises/{mine}/risk")).await;
        assert_eq!(r["grade"], "major");
        assert_eq!(r["changes"][0]["from"], "large", "{r}");
        assert_eq!(r["changes"][0]["to"], "major");

        // Back to 一般; an open major hazard raises the level, with its reason.
        let (s, p) = qy
            .put(
                &format!("/api/risk-points/{id}"),
                point(1.0, 6.0, 15.0, "team"),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{p}");
        assert_eq!(p["grade"], "general");
        let (_, cats) = xy.get("/api/hazard-categories").await;
        let cat = cats[0]["id"].as_str().unwrap();
        let (s, f) = xy.upload("/api/photos", "现场.png", common::PHOTO).await;
        assert_eq!(s, StatusCode::CREATED, "{f}");
        let (s, h) = xy
            .post(
                "/api/hazards",
                json!({"enterprise_id": mine, "source": "district_check", "level": "major",
            "category_id": cat, "description": "燃气管道锈蚀严重", "photos": [f["id"]]}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{h}");
        let (_, r) = leader.get(&format!("/api/enterprises/{mine}/risk")).await;
        assert_ne!(r["grade"], "general", "raised: {r}");
        assert!(
            r["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x.as_str().unwrap().contains("重大隐患")),
            "{r}"
        );
        // A hazard past its deadline adds its own reason.
        let (_, f2) = xy.upload("/api/photos", "现场.png", common::PHOTO).await;
        let (s, h2) = xy
            .post(
                "/api/hazards",
                json!({"enterprise_id": mine, "source": "district_check", "category_id": cat,
                    "description": "配电箱前堆放货物", "photos": [f2["id"]],
                    "found_on": today() - Duration::days(40), "deadline": today() - Duration::days(10)}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{h2}");
        let (_, r) = leader.get(&format!("/api/enterprises/{mine}/risk")).await;
        assert!(
            r["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x.as_str().unwrap().contains("逾期")),
            "{r}"
        );

        // The card is a Word document naming the point, the grade and a measure.
        let res = qy
            .http
            .get(format!("{}/api/risk-points/{id}/card.docx", qy.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let text = docx_text(&res.bytes().await.unwrap());
        assert!(
            text.contains("地下一层燃气厨房")
                && text.contains("一般风险")
                && text.contains("燃气泄漏报警")
        );

        // Scope: other districts and enterprises see nothing of it.
        let (s, _) = qy2.get(&format!("/api/risk-points/{id}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, _) = qy2
            .put(
                &format!("/api/risk-points/{id}"),
                point(1.0, 6.0, 15.0, "team"),
            )
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let meilan = srv.login("meilan").await;
        let (_, l) = meilan.get("/api/risk-points").await;
        assert_eq!(l["total"], 0, "{l}");
        let (_, l) = xy.get("/api/risk-points?grade=general").await;
        assert_eq!(l["total"], 1, "{l}");

        // Four colours by district: 秀英区 has one 一般 point and one raised enterprise.
        let (_, d) = leader.get("/api/risk/distribution?by=district").await;
        let row = d["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == "秀英区商务局")
            .unwrap()
            .clone();
        assert_eq!(row["points"]["general"], 1, "{d}");
        assert_eq!(d["total"]["points"]["general"], 1);
    }
);

db_test!(
    an_inspection_turns_non_compliant_items_into_hazards,
    true,
    |srv| {
        let xy = srv.login("xiuying").await;
        let qy = srv.login("qiye1").await;
        let zf = srv.login("zhengfa").await;
        let (_, me) = qy.get("/api/auth/me").await;
        let mine = me["user"]["org_id"].as_str().unwrap().to_string();

        // Six built-in templates; the supermarket one is used.
        let (s, ts) = xy.get("/api/checklist-templates").await;
        assert_eq!(s, StatusCode::OK, "{ts}");
        assert_eq!(
            ts.as_array()
                .unwrap()
                .iter()
                .filter(|t| t["builtin"] == true)
                .count(),
            6
        );
        let sup = ts
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["key"] == "supermarket")
            .unwrap()
            .clone();
        let tid = sup["id"].as_str().unwrap().to_string();
        let (_, t) = xy.get(&format!("/api/checklist-templates/{tid}")).await;
        let items: Vec<Value> = t["content"]["sections"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["items"].as_array().unwrap().clone())
            .collect();
        assert!(items.len() >= 25, "{}", items.len());

        let (s, i) = xy
            .post(
                "/api/inspections",
                json!({"enterprise_id": mine, "template_id": tid}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{i}");
        let id = i["id"].as_str().unwrap().to_string();
        assert_eq!(i["state"], "draft");
        // The enterprise does not see an inspection before it starts.
        let (s, _) = qy.get(&format!("/api/inspections/{id}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, i) = xy
            .post(&format!("/api/inspections/{id}/start"), json!({}))
            .await;
        assert_eq!(s, StatusCode::OK, "{i}");

        // Finishing with items unanswered lists them.
        let (s, b) = xy
            .post(&format!("/api/inspections/{id}/finish"), json!({}))
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
        assert!(field_messages(&b).len() >= 25, "{b}");

        // Answer item by item; two compliance items fail with a note; a photo on the first.
        let (s, f) = xy.upload("/api/photos", "现场.png", common::PHOTO).await;
        assert_eq!(s, StatusCode::CREATED, "{f}");
        let photo = f["id"].as_str().unwrap().to_string();
        let mut failed = Vec::new();
        for it in &items {
            let key = it["key"].as_str().unwrap();
            let answer = match it["answer"]["kind"].as_str().unwrap() {
                "compliance" if failed.len() < 2 && it.get("hazard").is_some() => {
                    failed.push(key.to_string());
                    let photos = if failed.len() == 1 {
                        json!([photo])
                    } else {
                        json!([])
                    };
                    if failed.len() == 2 && it["photo_required_on_fail"] == true {
                        // needs a photo too: give it a fresh one
                        let (_, f2) = xy.upload("/api/photos", "现场2.png", common::PHOTO).await;
                        json!({"key": key, "value": "non_compliant", "note": format!("问题{}", failed.len()), "photos": [f2["id"]]})
                    } else {
                        json!({"key": key, "value": "non_compliant", "note": format!("问题{}", failed.len()), "photos": photos})
                    }
                }
                "compliance" => json!({"key": key, "value": "compliant"}),
                "number" => {
                    let min = it["answer"]["min"].as_f64();
                    let max = it["answer"]["max"].as_f64();
                    let v = min
                        .map(|m| m + 1.0)
                        .or(max.map(|m| m - 1.0).map(|m| m.max(0.0)))
                        .unwrap_or(1.0);
                    json!({"key": key, "value": {"number": v}})
                }
                "text" => json!({"key": key, "value": {"text": "已记录"}}),
                _ => json!({"key": key, "value": "not_applicable"}),
            };
            let (s, b) = xy
                .put(
                    &format!("/api/inspections/{id}/answers"),
                    json!({"answers": [answer]}),
                )
                .await;
            assert_eq!(s, StatusCode::OK, "{key}: {b}");
        }
        assert_eq!(failed.len(), 2);
        // Sending the first failed answer again (same photo) is fine.
        let (s, b) = xy
        .put(&format!("/api/inspections/{id}/answers"),
             json!({"answers": [{"key": failed[0], "value": "non_compliant", "note": "问题1", "photos": [photo]}]}))
        .await;
        assert_eq!(s, StatusCode::OK, "{b}");
        assert_eq!(b["summary"]["failed"], 2, "{b}");
        // A 不符合 without a note is refused naming the field.
        let (s, b) = xy
            .put(
                &format!("/api/inspections/{id}/answers"),
                json!({"answers": [{"key": failed[1], "value": "non_compliant"}]}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
        // Another district's staff cannot touch it.
        let meilan = srv.login("meilan").await;
        let (s, _) = meilan.get(&format!("/api/inspections/{id}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        // Section staff can read but not answer someone else's inspection.
        let (s, _) = zf
            .put(
                &format!("/api/inspections/{id}/answers"),
                json!({"answers": [{"key": failed[0], "value": "compliant"}]}),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        let (s, i) = xy
            .post(
                &format!("/api/inspections/{id}/finish"),
                json!({"accompanied_by": "店长王五"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{i}");
        assert_eq!(i["state"], "awaiting_confirmation");
        assert_eq!(
            i["hazards"].as_array().unwrap().len(),
            0,
            "no hazards before confirmation"
        );
        // The inspector confirms on site with the representative's name.
        let (s, b) = xy
            .post(&format!("/api/inspections/{id}/confirm"), json!({}))
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
        let (s, i) = xy
            .post(
                &format!("/api/inspections/{id}/confirm"),
                json!({"name": "王五"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{i}");
        assert_eq!(i["state"], "completed");
        assert_eq!(i["confirmed_by_name"], "王五");
        let hz = i["hazards"].as_array().unwrap();
        assert_eq!(hz.len(), 2, "{i}");
        let keys: Vec<&str> = hz.iter().map(|h| h["item_key"].as_str().unwrap()).collect();
        assert!(
            failed.iter().all(|k| keys.contains(&k.as_str())),
            "{keys:?}"
        );

        // The enterprise sees the hazards: source 区局检查, the note, the photo.
        let h0 = hz
            .iter()
            .find(|h| h["item_key"] == failed[0].as_str())
            .unwrap();
        let (s, h) = qy
            .get(&format!("/api/hazards/{}", h0["id"].as_str().unwrap()))
            .await;
        assert_eq!(s, StatusCode::OK, "{h}");
        assert_eq!(h["source"], "district_check", "{h}");
        assert!(
            h["description"].as_str().unwrap().starts_with("问题1"),
            "{h}"
        );
        assert_eq!(h["state"], "pending");
        assert_eq!(h["photos"].as_array().map(|p| p.len()), Some(1), "{h}");
        let (s, l) = qy
            .get(&format!("/api/inspections?enterprise_id={mine}"))
            .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(l["total"], 1, "{l}");

        // A second confirmation is a conflict; the report is a Word document.
        let (s, _) = xy
            .post(
                &format!("/api/inspections/{id}/confirm"),
                json!({"name": "王五"}),
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT);
        let res = qy
            .http
            .get(format!("{}/api/inspections/{id}/report.docx", qy.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let text = docx_text(&res.bytes().await.unwrap());
        assert!(
            text.contains("督导检查意见书") && text.contains("问题1") && text.contains("王五"),
            "{}",
            &text[..200.min(text.len())]
        );

        // Templates: the bureau edits; a change makes version 2 and the done inspection keeps 1.
        let mut content = t["content"].clone();
        content["sections"][0]["items"][0]["text"] = json!("检查内容已修订");
        let (s, t2) = zf
            .put(
                &format!("/api/checklist-templates/{tid}"),
                json!({"content": content}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{t2}");
        assert_eq!(t2["version"], 2);
        let (_, again) = xy.get(&format!("/api/inspections/{id}")).await;
        assert_eq!(again["template_version"], 1);
        assert_ne!(
            again["template"]["sections"][0]["items"][0]["text"],
            "检查内容已修订"
        );
        let (s, _) = xy
            .put(
                &format!("/api/checklist-templates/{tid}"),
                json!({"content": content}),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        // A plan: one inspection per target, progress by inspector and district.
        let (_, xme) = xy.get("/api/auth/me").await;
        let (s, camp) = xy.post("/api/inspection-campaigns", json!({"name": "6月安全生产和防灾减灾专项检查", "starts_on": today(), "ends_on": today() + Duration::days(30)})).await;
        assert_eq!(s, StatusCode::CREATED, "{camp}");
        let (s, plan) = xy
            .post(
                "/api/inspection-plans",
                json!({"title": "秀英区商超专项检查", "campaign_id": camp["id"], "template_id": tid,
            "starts_on": today(), "due_on": today() + Duration::days(20),
            "targets": [{"enterprise_id": mine, "inspector_id": xme["user"]["id"]}]}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{plan}");
        assert_eq!(plan["progress"]["total"], 1);
        assert_eq!(plan["progress"]["not_started"], 1);
        assert_eq!(plan["by_inspector"].as_array().unwrap().len(), 1);
        let (s, b) = xy
        .post("/api/inspection-plans", json!({"title": "越权计划", "template_id": tid, "starts_on": today(), "due_on": today(),
            "targets": [{"enterprise_id": me["user"]["org_id"], "inspector_id": me["user"]["id"]}]}))
        .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
        assert!(
            field_messages(&b)
                .iter()
                .any(|(f, _)| f == "targets.0.inspector_id"),
            "{b}"
        );
        let (_, c) = xy
            .get(&format!(
                "/api/inspection-campaigns/{}",
                camp["id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(c["plans"], 1, "{c}");
    }
);

const TYPHOON_2021: &str = include_str!("../../cap/tests/fixtures/typhoon-haikou.xml");

/// The 海口 typhoon warning of October 2021, moved to now (so it is in force).
fn typhoon() -> Vec<u8> {
    let now = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap());
    let t = |d: Duration| (now + d).format("%Y-%m-%dT%H:%M:%S+08:00").to_string();
    TYPHOON_2021
        .replace("2021-10-12T09:30:00+08:00", &t(Duration::minutes(-10)))
        .replace("2021-10-14T09:30:00+08:00", &t(Duration::days(2)))
        .into_bytes()
}

db_test!(
    a_cap_typhoon_warning_reaches_the_districts_enterprises,
    true,
    |srv| {
        let zf = srv.login("zhengfa").await;
        let qy = srv.login("qiye1").await;
        let qy2 = srv.login("qiye2").await;
        let xy = srv.login("xiuying").await;

        // A bad file is refused with its reason, nothing written.
        let (s, b) = zf
            .upload("/api/weather-warnings/cap", "bad.xml", b"<alert>")
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
        assert!(field_messages(&b)[0].1.contains("XML"), "{b}");
        let (s, b) = zf
            .upload(
                "/api/weather-warnings/cap",
                "wrong.xml",
                br#"<?xml version="1.0"?><feed xmlns="urn:x"/>"#,
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
        let (_, l) = zf.get("/api/weather-warnings").await;
        assert_eq!(l["total"], 0);

        // Preview: typhoon orange over the four districts.
        let typhoon = typhoon();
        let (s, p) = zf
            .upload(
                "/api/weather-warnings/cap?preview=true",
                "typhoon.xml",
                &typhoon,
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{p}");
        assert_eq!(p["kind"], "typhoon", "{p}");
        assert_eq!(p["colour"], "orange");
        assert_eq!(p["districts"].as_array().unwrap().len(), 4, "{p}");
        assert!(!p["actions"].as_array().unwrap().is_empty());
        let (_, l) = zf.get("/api/weather-warnings").await;
        assert_eq!(l["total"], 0, "a preview writes nothing");

        // Import: the warning is raised and broadcast; importing it twice is a conflict.
        let (s, w) = zf
            .upload("/api/weather-warnings/cap", "typhoon.xml", &typhoon)
            .await;
        assert_eq!(s, StatusCode::CREATED, "{w}");
        assert_eq!(w["source"], "cap");
        let wid = w["id"].as_str().unwrap().to_string();
        let (s, _) = zf
            .upload("/api/weather-warnings/cap", "typhoon.xml", &typhoon)
            .await;
        assert_eq!(s, StatusCode::CONFLICT);
        let (_, w) = zf.get(&format!("/api/weather-warnings/{wid}")).await;
        let total = w["counts"]["total"].as_u64().unwrap();
        assert!(total >= 2, "{w}");
        assert_eq!(w["counts"]["pending"].as_u64().unwrap(), total);

        // qiye1 is notified, sees it, acknowledges, reports with a photo.
        let (_, n) = qy.get("/api/notifications").await;
        assert!(
            n["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["link"] == format!("/weather/{wid}")),
            "{n}"
        );
        let (_, mine) = qy.get(&format!("/api/weather-warnings/{wid}")).await;
        assert_eq!(mine["my_ack"]["state"], "pending", "{mine}");
        let (s, a) = qy
            .post(&format!("/api/weather-warnings/{wid}/ack"), json!({}))
            .await;
        assert_eq!(s, StatusCode::OK, "{a}");
        assert_eq!(a["state"], "acknowledged");
        let (s, _) = qy
            .post(&format!("/api/weather-warnings/{wid}/ack"), json!({}))
            .await;
        assert_eq!(s, StatusCode::CONFLICT);
        let (s, b) = qy
            .post(
                &format!("/api/weather-warnings/{wid}/report"),
                json!({"done": [99]}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
        let (_, f) = qy.upload("/api/photos", "加固.png", common::PHOTO).await;
        let (s, a) = qy
            .post(
                &format!("/api/weather-warnings/{wid}/report"),
                json!({"done": [0, 1], "note": "已加固招牌并清理排水沟", "photos": [f["id"]]}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{a}");
        assert_eq!(a["state"], "reported");
        assert_eq!(a["photos"].as_array().unwrap().len(), 1, "{a}");

        // The bureau sees who has not acknowledged; the district only its own enterprises.
        let (_, acks) = zf
            .get(&format!("/api/weather-warnings/{wid}/acks?state=reported"))
            .await;
        assert_eq!(acks["total"], 1, "{acks}");
        assert_eq!(acks["items"][0]["note"], "已加固招牌并清理排水沟");
        let (_, pend) = xy
            .get(&format!("/api/weather-warnings/{wid}/acks?state=pending"))
            .await;
        assert!(
            pend["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|a| a["district_name"] == "秀英区商务局"),
            "{pend}"
        );
        // The photo is visible to the district, not to another enterprise.
        let photo_id = a["photos"][0]["id"].as_str().unwrap();
        let res = xy
            .http
            .get(format!("{}/api/files/{photo_id}", xy.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let res = qy2
            .http
            .get(format!("{}/api/files/{photo_id}", qy2.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);

        // Reminders: none before two hours; the manual 催办 reaches every pending one.
        let pending = {
            let (_, w) = zf.get(&format!("/api/weather-warnings/{wid}")).await;
            w["counts"]["pending"].as_u64().unwrap()
        };
        let (s, r) = zf
            .post(&format!("/api/weather-warnings/{wid}/remind"), json!({}))
            .await;
        assert_eq!(s, StatusCode::OK, "{r}");
        assert_eq!(r["reminded"].as_u64().unwrap(), pending);
        let now = chrono::Utc::now();
        assert_eq!(srv.store.run_weather_reminders("a", now).await.unwrap(), 0);
        let later = now + Duration::hours(3);
        assert_eq!(
            srv.store.run_weather_reminders("a", later).await.unwrap(),
            pending
        );
        assert_eq!(
            srv.store.run_weather_reminders("b", later).await.unwrap(),
            0,
            "once per slot"
        );

        // An orange typhoon raises the level of qiye1's enterprise once its points are graded.
        let (_, me) = qy.get("/api/auth/me").await;
        let ent = me["user"]["org_id"].as_str().unwrap();
        let (s, p) = qy
        .post("/api/risk-points", json!({"name": "卸货区", "kind": "activity", "hazard_factors": "叉车作业", "accident_types": ["车辆伤害"],
            "method": "ls", "l": 2, "s": 3, "measures": [{"kind": "training", "text": "叉车司机持证上岗"}],
            "control_tier": "post", "responsible": "张三", "reassess_on": today() + Duration::days(200)}))
        .await;
        assert_eq!(s, StatusCode::CREATED, "{p}");
        assert_eq!(p["grade"], "low");
        let (_, r) = qy.get(&format!("/api/enterprises/{ent}/risk")).await;
        assert_eq!(r["grade"], "general", "raised one step by the warning: {r}");
        assert!(
            r["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x.as_str().unwrap().contains("台风橙色预警")),
            "{r}"
        );

        // Manual warnings: a district only for itself; bad dates name the field.
        let meilan_id = srv.org_id("美兰区商务局").await;
        let now = chrono::Utc::now();
        let (s, b) = xy
            .post(
                "/api/weather-warnings",
                json!({"kind": "rainstorm", "colour": "yellow", "district_ids": [meilan_id],
            "valid_from": now, "valid_to": now + Duration::hours(6), "actions": ["清理排水沟"]}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
        assert!(
            field_messages(&b).iter().any(|(f, _)| f == "district_ids"),
            "{b}"
        );
        let (s, b) = zf
            .post(
                "/api/weather-warnings",
                json!({"kind": "rainstorm", "colour": "yellow", "district_ids": [meilan_id],
            "valid_from": now, "valid_to": now - Duration::hours(1), "actions": ["清理排水沟"]}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
        assert!(
            field_messages(&b).iter().any(|(f, _)| f == "valid_to"),
            "{b}"
        );
        let (s, w2) = zf
        .post("/api/weather-warnings", json!({"kind": "rainstorm", "colour": "yellow", "district_ids": [meilan_id],
            "valid_from": now, "valid_to": now + Duration::hours(6), "actions": ["清理排水沟", "地下车库备沙袋"]}))
        .await;
        assert_eq!(s, StatusCode::CREATED, "{w2}");
        let (s, _) = qy
            .get(&format!(
                "/api/weather-warnings/{}",
                w2["id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND, "a 美兰区 warning is not qiye1's");
        let (_, l) = qy2.get("/api/weather-warnings?active=true").await;
        assert_eq!(l["total"], 2, "{l}");

        // Cancelling ends it and lowers the raised level again.
        let (s, c) = zf
            .post(
                &format!("/api/weather-warnings/{wid}/cancel"),
                json!({"reason": "台风已过境"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{c}");
        assert_eq!(c["cancelled"], true);
        assert_eq!(c["active"], false);
        let (_, r) = qy.get(&format!("/api/enterprises/{ent}/risk")).await;
        assert_eq!(r["grade"], "low", "{r}");
    }
);
