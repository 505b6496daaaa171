//! Hidden-hazard governance over HTTP on both databases: report with photos,
//! rectify, return, verify and close with the whole record; 重大隐患 through
//! 挂牌督办 and the six-part plan, verified only by the supervising unit; 即查即改;
//! scope; self-checks; the ledger export; statistics; escalation of overdue hazards.

mod common;

use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn today() -> chrono::NaiveDate {
    anzhi_domain::time::today_china(chrono::Utc::now())
}

async fn photo(c: &common::Client) -> String {
    let (s, f) = c.upload("/api/photos", "现场.png", common::PHOTO).await;
    assert_eq!(s, StatusCode::CREATED, "{f}");
    assert_eq!(f["content_type"], "image/jpeg", "re-encoded: {f}");
    assert_eq!(f["has_thumb"], true);
    f["id"].as_str().unwrap().to_string()
}

async fn category(c: &common::Client, name: &str) -> String {
    let (s, l) = c.get("/api/hazard-categories").await;
    assert_eq!(s, StatusCode::OK, "{l}");
    l.as_array()
        .unwrap()
        .iter()
        .find(|k| k["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {l}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn own_enterprise(c: &common::Client) -> String {
    let (_, l) = c.get("/api/enterprises").await;
    l["items"][0]["id"].as_str().unwrap().to_string()
}

fn actions(h: &Value) -> Vec<&str> {
    h["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect()
}

db_test!(
    a_hazard_goes_from_report_to_close_with_its_whole_record,
    true,
    |srv| {
        let qy = srv.login("qiye1").await;
        let xy = srv.login("xiuying").await;
        let fire = category(&qy, "消防安全").await;
        let mine = own_enterprise(&qy).await;

        // Bad input names each field and writes nothing.
        let (s, e) = qy
            .post(
                "/api/hazards",
                json!({"category_id": fire, "description": "", "photos": []}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{e}");
        let fields: Vec<&str> = e["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["field"].as_str().unwrap())
            .collect();
        assert!(
            fields.contains(&"description") && fields.contains(&"photos"),
            "{e}"
        );
        let (_, l) = qy.get("/api/hazards").await;
        assert_eq!(l["total"], 0);

        // The enterprise reports what its own check found, with photos.
        let p1 = photo(&qy).await;
        let p2 = photo(&qy).await;
        let (s, h) = qy
        .post(
            "/api/hazards",
            json!({"category_id": fire, "description": "二楼东侧疏散通道堆放纸箱", "location": "二楼东侧",
                   "measures": "清理杂物，保持通道畅通", "responsible": "张安全", "photos": [p1, p2]}),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{h}");
        let id = h["id"].as_str().unwrap().to_string();
        assert_eq!(h["enterprise_id"], mine.as_str());
        assert_eq!(h["source"], "self_check");
        assert_eq!(h["state"], "pending");
        assert_eq!(h["state_label"], "待整改");
        assert!(h["code"].as_str().unwrap().starts_with("YH"), "{h}");
        assert_eq!(h["photos"].as_array().unwrap().len(), 2);
        assert_eq!(h["deadline"], (today() + Duration::days(30)).to_string());
        assert_eq!(actions(&h), vec!["start", "submit", "edit"]);
        // A photo already attached cannot be attached again.
        let (s, e) = qy
            .post(
                "/api/hazards",
                json!({"category_id": fire, "description": "重复使用的照片", "photos": [p1]}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{e}");
        assert_eq!(e["errors"][0]["field"], "photos");

        // The district sees it; another district and another enterprise do not.
        let (s, d) = xy.get(&format!("/api/hazards/{id}")).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(
            actions(&d),
            vec!["change_level", "edit"],
            "the district waits for the rectification"
        );
        for who in ["meilan", "qiye2"] {
            let c = srv.login(who).await;
            let (s, _) = c.get(&format!("/api/hazards/{id}")).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{who}");
            let (_, l) = c.get("/api/hazards").await;
            assert_eq!(l["total"], 0, "{who}");
            let res = c
                .request(Method::GET, &format!("/api/files/{p1}?thumb=true"), None)
                .await;
            assert_eq!(res.status(), StatusCode::NOT_FOUND, "{who} reads no photo");
        }
        // Whoever may read the hazard may read its photos and thumbnails.
        let res = xy
            .request(Method::GET, &format!("/api/files/{p1}?thumb=true"), None)
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "image/jpeg");
        let (_, l) = xy.get("/api/hazards?state=pending").await;
        assert!(
            l["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["id"] == id.as_str())
        );
        assert_eq!(l["items"][0]["thumb"], p1.as_str());

        // The district may not rectify; the enterprise may not verify.
        let (s, _) = xy
            .post(&format!("/api/hazards/{id}/start"), json!({}))
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, h) = qy
            .post(
                &format!("/api/hazards/{id}/start"),
                json!({"comment": "已安排清理"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{h}");
        assert_eq!(h["state"], "rectifying");
        // Submitting needs photos after.
        let (s, e) = qy
            .post(
                &format!("/api/hazards/{id}/submit"),
                json!({"comment": "已清理"}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(e["errors"][0]["field"], "after_photos");
        let after = photo(&qy).await;
        let (s, h) = qy
            .post(
                &format!("/api/hazards/{id}/submit"),
                json!({"comment": "纸箱已清走，通道畅通", "photos": [after], "funds_spent": 0}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{h}");
        assert_eq!(h["state"], "verifying");
        assert_eq!(h["after_photos"][0]["id"], after.as_str());
        let (s, _) = qy
            .post(&format!("/api/hazards/{id}/accept"), json!({}))
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        // The district returns it (a reason is required), then verifies the second try.
        let (s, e) = xy
            .post(&format!("/api/hazards/{id}/return"), json!({}))
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(e["errors"][0]["message"], "退回须填写不通过的原因");
        let (s, h) = xy
            .post(
                &format!("/api/hazards/{id}/return"),
                json!({"comment": "安全出口指示灯仍不亮"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{h}");
        assert_eq!(h["state"], "rectifying");
        assert_eq!(h["returns"], 1);
        let after2 = photo(&qy).await;
        let (s, _) = qy
            .post(
                &format!("/api/hazards/{id}/submit"),
                json!({"comment": "已更换指示灯", "photos": [after2]}),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        let (s, h) = xy
            .post(
                &format!("/api/hazards/{id}/accept"),
                json!({"comment": "现场复核合格"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{h}");
        assert_eq!(h["state"], "closed");
        assert_eq!(h["state_label"], "已销号");
        assert_eq!(h["verified_by_name"], "陈专干");
        assert_eq!(h["closed_on"], today().to_string());
        assert!(h["actions"].as_array().unwrap().is_empty());
        // The whole record, in order, with who did what.
        let steps: Vec<&str> = h["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            steps,
            vec!["report", "start", "submit", "return", "submit", "accept"]
        );
        assert_eq!(h["events"][3]["comment"], "安全出口指示灯仍不亮");
        assert_eq!(h["events"][3]["actor_org_name"], "秀英区商务局");
        assert_eq!(h["events"][2]["attachments"][0]["id"], after.as_str());
        assert_eq!(
            h["after_photos"][0]["id"],
            after2.as_str(),
            "the last submission's"
        );
        // Closed is closed.
        let (s, _) = xy
            .post(
                &format!("/api/hazards/{id}/return"),
                json!({"comment": "再看看"}),
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert_eq!(srv.audit("hazard.accept").await.len(), 1);

        // The ledger holds the row in the usual columns.
        let res = xy
            .request(Method::GET, "/api/hazards/export?state=closed", None)
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let bytes = res.bytes().await.unwrap();
        let cols: Vec<anzhi_sheets::Column> = [
            "序号",
            "隐患编号",
            "企业名称",
            "隐患描述",
            "隐患类别",
            "隐患等级",
            "发现时间",
            "整改措施",
            "整改责任人",
            "整改期限",
            "整改情况",
            "验收人",
            "销号时间",
        ]
        .iter()
        .map(|h| anzhi_sheets::Column {
            header: h,
            required: true,
        })
        .collect();
        let rows = anzhi_sheets::read(&bytes, &cols, 100).unwrap();
        assert_eq!(rows.len(), 1, "{rows:?}");
        let r = &rows[0].1;
        assert_eq!(r[0], "1");
        assert_eq!(r[1], h["code"].as_str().unwrap());
        assert_eq!(r[3], "二楼东侧疏散通道堆放纸箱");
        assert_eq!(r[4], "消防安全");
        assert_eq!(r[5], "一般隐患");
        assert_eq!(r[8], "张安全");
        assert!(r[10].contains("已更换指示灯"), "{r:?}");
        assert_eq!(r[11], "陈专干");
        assert_eq!(r[12], today().to_string());

        // Statistics count it found and closed, for the district and the city.
        for c in [&xy, &srv.login("leader").await] {
            let (s, st) = c.get("/api/hazards/stats?by=category").await;
            assert_eq!(s, StatusCode::OK, "{st}");
            assert_eq!(st["total"]["found"], 1);
            assert_eq!(st["total"]["closed"], 1);
            assert_eq!(st["total"]["rate"], 100.0);
            assert_eq!(st["total"]["avg_days"], 0.0);
            assert_eq!(st["rows"][0]["label"], "消防安全");
        }
        let (_, st) = srv.login("meilan").await.get("/api/hazards/stats").await;
        assert_eq!(
            st["total"]["found"], 0,
            "another district counts only its own"
        );
    }
);

db_test!(
    a_major_hazard_is_supervised_planned_and_verified_by_the_bureau,
    true,
    |srv| {
        let qy = srv.login("qiye1").await;
        let xy = srv.login("xiuying").await;
        let zf = srv.login("zhengfa").await;
        let gas = category(&xy, "燃气安全").await;
        let mine = own_enterprise(&qy).await;
        let p = photo(&xy).await;
        // Found by the district's check: the district names the source.
        let (s, e) = xy
            .post(
                "/api/hazards",
                json!({"enterprise_id": mine, "category_id": gas, "level": "major",
                   "description": "后厨燃气管道穿越配电间且未设报警装置", "photos": [p]}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(e["errors"][0]["field"], "source");
        let (s, h) = xy
        .post(
            "/api/hazards",
            json!({"enterprise_id": mine, "category_id": gas, "level": "major", "source": "district_check",
                   "description": "后厨燃气管道穿越配电间且未设报警装置", "photos": [p]}),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{h}");
        let id = h["id"].as_str().unwrap().to_string();
        assert_eq!(h["deadline"], (today() + Duration::days(15)).to_string());
        // An enterprise does not edit what an inspection found.
        let (s, _) = qy
            .put(
                &format!("/api/hazards/{id}"),
                json!({"category_id": gas, "description": "改小一点"}),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);

        // Not supervised yet, no plan: cannot be submitted.
        let after = photo(&qy).await;
        let (s, e) = qy
            .post(
                &format!("/api/hazards/{id}/submit"),
                json!({"photos": [after]}),
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{e}");
        assert!(e["detail"].as_str().unwrap().contains("挂牌督办"));
        // 挂牌督办 by the bureau (a deadline is required).
        let (s, e) = zf
            .post(&format!("/api/hazards/{id}/supervise"), json!({}))
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(e["errors"][0]["field"], "deadline");
        let due = today() + Duration::days(20);
        let (s, h) = zf
            .post(
                &format!("/api/hazards/{id}/supervise"),
                json!({"deadline": due, "comment": "立即停用燃气，限期整改"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{h}");
        assert_eq!(h["supervision"]["kind"], "bureau");
        assert_eq!(h["supervision"]["org_name"], "政策法规科");
        assert_eq!(h["supervision"]["deadline"], due.to_string());
        assert_eq!(h["supervised"], true);
        // The district cannot take it back.
        let (s, _) = xy
            .post(
                &format!("/api/hazards/{id}/supervise"),
                json!({"deadline": due}),
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT);

        // The plan needs its six parts.
        let (s, e) = qy
            .post(
                &format!("/api/hazards/{id}/plan"),
                json!({"plan": {"goal": "消除燃气管道穿越配电间的重大隐患", "methods": "改线"}}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        let missing: Vec<&str> = e["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["field"].as_str().unwrap())
            .collect();
        assert_eq!(
            missing,
            vec![
                "plan.funds",
                "plan.organization",
                "plan.schedule",
                "plan.safety"
            ]
        );
        let (s, h) = qy
        .post(
            &format!("/api/hazards/{id}/plan"),
            json!({"plan": {"goal": "消除燃气管道穿越配电间的重大隐患", "methods": "燃气管道改线至室外",
                            "funds": "预算3万元，由企业自筹", "organization": "工程部王工负责",
                            "schedule": "15日内完成改线并验收", "safety": "施工期间停气，配备灭火器和燃气报警器"}}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{h}");
        assert_eq!(h["state"], "rectifying");
        assert_eq!(h["plan"]["funds"], "预算3万元，由企业自筹");
        let (s, h) = qy
            .post(
                &format!("/api/hazards/{id}/submit"),
                json!({"photos": [after], "comment": "已改线"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{h}");
        assert_eq!(h["state"], "verifying");

        // Only the supervising unit verifies: the district may not, the bureau does.
        let (s, d) = xy.get(&format!("/api/hazards/{id}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(!actions(&d).contains(&"accept"));
        let (s, e) = xy
            .post(&format!("/api/hazards/{id}/accept"), json!({}))
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{e}");
        let (s, h) = zf
            .post(&format!("/api/hazards/{id}/accept"), json!({}))
            .await;
        assert_eq!(s, StatusCode::OK, "{h}");
        assert_eq!(h["state"], "closed");
        // A leader reads, never acts.
        let ld = srv.login("leader").await;
        let (s, d) = ld.get(&format!("/api/hazards/{id}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(d["actions"].as_array().unwrap().is_empty());
        let (_, st) = ld.get("/api/hazards/stats?by=level").await;
        assert_eq!(st["rows"][1]["key"], "major");
        assert_eq!(st["rows"][1]["closed"], 1);
        let (_, l) = ld.get("/api/hazards?supervised=true&level=major").await;
        assert_eq!(l["total"], 1);
    }
);

db_test!(fixed_on_the_spot_and_self_checks, true, |srv| {
    let qy = srv.login("qiye1").await;
    let xy = srv.login("xiuying").await;
    let power = category(&qy, "用电安全").await;
    // 即查即改: closed at once, with photos before and after.
    let before = photo(&qy).await;
    let (s, e) = qy
        .post(
            "/api/hazards",
            json!({"category_id": power, "description": "插线板串接使用", "photos": [before], "fixed_on_spot": true}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(e["errors"][0]["field"], "after_photos");
    let after = photo(&qy).await;
    let (s, h) = qy
        .post(
            "/api/hazards",
            json!({"category_id": power, "description": "插线板串接使用", "photos": [before],
                   "fixed_on_spot": true, "after_photos": [after], "fix_note": "已拆除串接插线板"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    assert_eq!(h["state"], "closed");
    assert_eq!(h["fixed_on_spot"], true);
    assert_eq!(h["after_photos"][0]["id"], after.as_str());

    // A self-check must say "无隐患" explicitly when it reports none.
    let (s, e) = qy
        .post(
            "/api/self-checks",
            json!({"scope": "营业区、仓库、配电房", "inspectors": "张三、李四"}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(e["errors"][0]["field"], "no_hazards");
    // A bad hazard inside a self-check names its place; nothing is written.
    let (s, e) = qy
        .post(
            "/api/self-checks",
            json!({"scope": "全店", "inspectors": "张三", "hazards": [{"category_id": power, "description": "x", "photos": []}]}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        e["errors"][0]["field"]
            .as_str()
            .unwrap()
            .starts_with("hazards.0."),
        "{e}"
    );
    let (_, l) = qy.get("/api/self-checks").await;
    assert_eq!(l["total"], 0);

    // Found two: one fixed on the spot (自改), one to rectify.
    let (p1, p2, p3) = (photo(&qy).await, photo(&qy).await, photo(&qy).await);
    let (s, c) = qy
        .post(
            "/api/self-checks",
            json!({"scope": "营业区、仓库、配电房", "inspectors": "张三、李四",
                   "items": [{"item": "灭火器在有效期内", "result": "符合"}, {"item": "疏散通道畅通", "result": "不符合", "note": "仓库门口堆物"}],
                   "hazards": [
                     {"category_id": power, "description": "配电房门口堆放杂物", "photos": [p1], "fixed_on_spot": true, "after_photos": [p2]},
                     {"category_id": category(&qy, "疏散通道和安全出口").await, "description": "仓库安全出口被货架遮挡", "photos": [p3]}
                   ]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    assert_eq!(c["hazards_found"], 2);
    assert_eq!(c["fixed_on_spot"], 1);
    assert_eq!(c["hazards"].as_array().unwrap().len(), 2);
    assert_eq!(c["items"][1]["note"], "仓库门口堆物");
    let cid = c["id"].as_str().unwrap();
    let (s, c2) = qy
        .post(
            "/api/self-checks",
            json!({"scope": "营业区", "inspectors": "张三", "no_hazards": true}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c2}");
    // The district sees its enterprises' self-checks and status; another does not.
    let (s, d) = xy.get(&format!("/api/self-checks/{cid}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(d["hazards"][1]["state"], "pending");
    let (s, _) = srv
        .login("meilan")
        .await
        .get(&format!("/api/self-checks/{cid}"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, st) = xy.get("/api/self-checks/status").await;
    let mine = own_enterprise(&qy).await;
    let row = st["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["enterprise_id"] == mine.as_str())
        .expect("own enterprise in the district's status")
        .clone();
    assert_eq!(row["done"], true);
    assert_eq!(row["period"], "monthly");
    assert!(
        st["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["district_name"] == "秀英区商务局")
    );
    let (_, missing) = xy.get("/api/self-checks/status?missing=true").await;
    assert!(
        missing["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["done"] == false && r["enterprise_id"] != mine.as_str())
    );
    // Staff do not record an enterprise's self-check.
    let (s, _) = xy
        .post(
            "/api/self-checks",
            json!({"scope": "x", "inspectors": "y", "no_hazards": true}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, st) = xy.get("/api/hazards/stats?by=source").await;
    assert_eq!(st["rows"][0]["key"], "self_check");
    assert_eq!(st["rows"][0]["found"], 3);
    assert_eq!(st["rows"][0]["on_spot"], 2);
});

db_test!(overdue_hazards_escalate_once_per_step, true, |srv| {
    let qy = srv.login("qiye1").await;
    let xy = srv.login("xiuying").await;
    let fire = category(&qy, "消防安全").await;
    let p = photo(&qy).await;
    let (s, h) = qy
        .post(
            "/api/hazards",
            json!({"category_id": fire, "description": "灭火器过期未更换", "photos": [p],
                   "found_on": today() - Duration::days(20), "deadline": today() - Duration::days(4)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    assert_eq!(h["overdue"], true);
    assert_eq!(h["overdue_days"], 4);
    let (_, l) = xy.get("/api/hazards?overdue=true").await;
    assert_eq!(l["total"], 1);
    let (_, st) = xy.get("/api/hazards/stats").await;
    assert_eq!(st["total"]["overdue"], 1);
    // Four days late: the enterprise and the district, not yet the bureau; once each.
    let a = srv.store.run_reminders("a", today()).await.unwrap();
    let b = srv.store.run_reminders("b", today()).await.unwrap();
    assert_eq!(a.escalations + b.escalations, 2);
    let (_, n) = qy.get("/api/notifications").await;
    assert!(
        n["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "hazard_overdue"
                && x["title"].as_str().unwrap().contains("逾期4天")),
        "{n}"
    );
    let (_, n) = xy.get("/api/notifications").await;
    assert!(
        n["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "hazard_overdue")
    );
    // Three days later the bureau's leaders hear of it too.
    let later = srv
        .store
        .run_reminders("a", today() + Duration::days(3))
        .await
        .unwrap();
    assert_eq!(later.escalations, 1);
    let (_, n) = srv.login("leader").await.get("/api/notifications").await;
    assert!(
        n["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "hazard_overdue"),
        "{n}"
    );
    // Moving the deadline needs a reason; afterwards it is no longer overdue.
    let id = h["id"].as_str().unwrap();
    let new = today() + Duration::days(10);
    let (s, e) = xy
        .put(
            &format!("/api/hazards/{id}"),
            json!({"category_id": fire, "description": "灭火器过期未更换", "deadline": new}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(e["errors"][0]["field"], "comment");
    let (s, h) = xy
        .put(
            &format!("/api/hazards/{id}"),
            json!({"category_id": fire, "description": "灭火器过期未更换", "deadline": new, "comment": "供货延迟，同意延期"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{h}");
    assert_eq!(h["overdue"], false);
    assert_eq!(h["events"][1]["data"]["to_deadline"], new.to_string());
    // When the extended deadline passes too, the escalation starts over.
    let again = srv
        .store
        .run_reminders("a", new + Duration::days(2))
        .await
        .unwrap();
    assert_eq!(again.escalations, 1, "the enterprise, for the new deadline");
});

db_test!(hazard_categories_are_a_dictionary, true, |srv| {
    let zf = srv.login("zhengfa").await;
    let (s, c) = zf
        .post(
            "/api/hazard-categories",
            json!({"name": "人员密集场所", "sort_order": 20}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let (s, e) = zf
        .post("/api/hazard-categories", json!({"name": "人员密集场所"}))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(e["errors"][0]["field"], "name");
    let (s, _) = srv
        .login("xiuying")
        .await
        .post("/api/hazard-categories", json!({"name": "区里自己加的"}))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // In use: cannot be deleted.
    let qy = srv.login("qiye1").await;
    let id = c["id"].as_str().unwrap();
    let p = photo(&qy).await;
    let (s, _) = qy
        .post(
            "/api/hazards",
            json!({"category_id": id, "description": "商场中庭临时展台占用疏散通道", "photos": [p]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, e) = zf.delete(&format!("/api/hazard-categories/{id}")).await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    let (_, l) = zf.get("/api/hazard-categories").await;
    let row = l
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(row["hazard_count"], 1);
    assert_eq!(l.as_array().unwrap().len(), 13);
});

db_test!(a_missed_self_check_period_is_reminded_once, true, |srv| {
    let qy = srv.login("qiye1").await;
    let xy = srv.login("xiuying").await;
    let mine: uuid::Uuid = own_enterprise(&qy).await.parse().unwrap();
    // Enterprises registered today owe nothing for last month.
    let r = srv.store.run_reminders("a", today()).await.unwrap();
    assert_eq!(r.self_checks, 0);
    // Registered half a year ago, no self-check last month: reminded, once.
    srv.store
        .backdate_org_for_tests(mine, chrono::Utc::now() - Duration::days(180))
        .await
        .unwrap();
    let (_, st) = xy.get("/api/self-checks/status").await;
    let row = st["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["enterprise_id"] == mine.to_string())
        .unwrap()
        .clone();
    assert_eq!(row["previous_missed"], true);
    let a = srv.store.run_reminders("a", today()).await.unwrap();
    let b = srv.store.run_reminders("b", today()).await.unwrap();
    assert_eq!(
        a.self_checks + b.self_checks,
        2,
        "the enterprise and its district's digest"
    );
    let (_, n) = qy.get("/api/notifications").await;
    let mine_notes: Vec<&Value> = n["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["kind"] == "self_check_missed")
        .collect();
    assert_eq!(mine_notes.len(), 1, "{n}");
    let (_, n) = xy.get("/api/notifications").await;
    assert!(
        n["items"].as_array().unwrap().iter().any(
            |x| x["kind"] == "self_check_digest" && x["body"].as_str().unwrap().contains("1家")
        )
    );
});

async fn hazard_total(c: &common::Client) -> u64 {
    c.get("/api/hazards").await.1["total"].as_u64().unwrap()
}

db_test!(a_retried_report_makes_one_hazard, true, |srv| {
    let qy = srv.login("qiye1").await;
    let fire = category(&qy, "消防安全").await;
    let before = hazard_total(&qy).await;
    let p = photo(&qy).await;
    let body = json!({"category_id": fire, "description": "配电箱前堆放货物", "photos": [p]});

    // A malformed key names the header and writes nothing.
    let (s, _, e) = qy.post_keyed("/api/hazards", "短", body.clone()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{e}");
    assert_eq!(e["errors"][0]["field"], "Idempotency-Key", "{e}");
    assert_eq!(hazard_total(&qy).await, before);

    // The first attempt makes the hazard; its retry (the answer was lost) gets the
    // same hazard back, marked as replayed, and no second one is made.
    let key = "0193a2b4-7c1d-7e2f-8a3b-4c5d6e7f8091";
    let (s, replayed, h) = qy.post_keyed("/api/hazards", key, body.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    assert!(!replayed);
    let (s, replayed, again) = qy.post_keyed("/api/hazards", key, body.clone()).await;
    assert_eq!(s, StatusCode::OK, "{again}");
    assert!(replayed);
    assert_eq!(again["id"], h["id"]);
    assert_eq!(again["code"], h["code"]);
    assert_eq!(hazard_total(&qy).await, before + 1);

    // Two attempts at once (a retry while the first is still running) make one.
    let p2 = photo(&qy).await;
    let body2 = json!({"category_id": fire, "description": "消防通道被占用", "photos": [p2]});
    let key2 = "retry-at-once-0001";
    let (a, b) = tokio::join!(
        qy.post_keyed("/api/hazards", key2, body2.clone()),
        qy.post_keyed("/api/hazards", key2, body2.clone())
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CREATED],
        "{} {}",
        a.2,
        b.2
    );
    assert_eq!(a.2["id"], b.2["id"]);
    assert!(a.1 != b.1, "exactly one answer is the replay");
    assert_eq!(hazard_total(&qy).await, before + 2);

    // Keys are the user's own: another enterprise's user with the same key reports
    // its own hazard.
    let q2 = srv.login("qiye2").await;
    let p3 = photo(&q2).await;
    let (s, replayed, other) = q2
        .post_keyed(
            "/api/hazards",
            key,
            json!({"category_id": fire, "description": "灭火器过期", "photos": [p3]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{other}");
    assert!(!replayed);
    assert_ne!(other["id"], h["id"]);

    // Without a key every attempt is a new report (the photo check refuses the
    // second here, as before).
    let (s, e) = qy.post("/api/hazards", body.clone()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{e}");
    assert_eq!(e["errors"][0]["field"], "photos");
    assert_eq!(hazard_total(&qy).await, before + 2);
});
