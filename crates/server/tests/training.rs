//! Issue 8 over HTTP on both databases: the roster (import with problems by row and
//! column), training sessions and the rotation coverage they raise, certificates and
//! their expiry reminders, the training evaluation; emergency plans, drills with their
//! due periods and reminders, spot checks whose problems become hazards; publicity
//! activities with the units that took part, linked to a campaign task.

mod common;

use chrono::{Datelike, Duration};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn today() -> chrono::NaiveDate {
    anzhi_domain::time::today_china(chrono::Utc::now())
}

fn fields(b: &Value) -> Vec<String> {
    b["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn roster(rows: &[[&str; 5]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["姓名*", "岗位*", "人员类别*", "入职日期*", "联系电话"]
        .iter()
        .enumerate()
    {
        ws.write(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

db_test!(a_roster_is_imported_trained_and_covered, true, |srv| {
    let qy = srv.login("qiye1").await;
    let qy2 = srv.login("qiye2").await;
    let xy = srv.login("xiuying").await;
    let zf = srv.login("zhengfa").await;
    let (_, me) = qy.get("/api/auth/me").await;
    let mine = me["user"]["org_id"].as_str().unwrap().to_string();
    let year = today().year();

    // A file with a bad row: problems by row and column, refused unless valid_only.
    let file = roster(&[
        ["张三", "店长", "主要负责人", "2019-05-01", "13800138000"],
        ["李四", "收银员", "从业人员", "2020/3/1", ""],
        ["王五", "理货员", "临时工", "2030-01-01", "123"],
        ["赵六", "电工", "特种作业人员", "2018年6月1日", ""],
    ]);
    let (s, p) = qy
        .upload_raw("/api/employees/import/preview?file_name=名册.xlsx", &file)
        .await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["total"], 4);
    assert_eq!(p["valid"], 3, "{p}");
    let problems = p["problems"].as_array().unwrap();
    assert!(problems.iter().all(|x| x["row"] == 4), "{p}");
    assert!(problems.iter().any(|x| x["column"] == "人员类别"), "{p}");
    assert!(problems.iter().any(|x| x["column"] == "入职日期"), "{p}");
    let (s, b) = qy
        .post(
            "/api/employees/import",
            json!({"draft_id": p["draft_id"], "valid_only": false}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    let (_, l) = qy.get("/api/employees").await;
    assert_eq!(l["total"], 0, "nothing half-written");
    let (s, b) = qy
        .post(
            "/api/employees/import",
            json!({"draft_id": p["draft_id"], "valid_only": true}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["created"], 3);
    // A draft is imported once.
    let (s, b) = qy
        .post(
            "/api/employees/import",
            json!({"draft_id": p["draft_id"], "valid_only": true}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    // The same file again updates, it does not duplicate.
    let (_, p2) = qy
        .upload_raw("/api/employees/import/preview?file_name=名册.xlsx", &file)
        .await;
    let (_, b) = qy
        .post(
            "/api/employees/import",
            json!({"draft_id": p2["draft_id"], "valid_only": true}),
        )
        .await;
    assert_eq!(b["updated"], 3, "{b}");
    let (_, l) = qy.get("/api/employees?page_size=50").await;
    assert_eq!(l["total"], 3);
    let by_name = |n: &str| {
        l["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == n)
            .unwrap()
            .clone()
    };
    let (zhang, li, zhao) = (by_name("张三"), by_name("李四"), by_name("赵六"));
    assert_eq!(zhang["category"], "principal");
    assert_eq!(zhang["phone_masked"], "138****8000");
    assert_eq!(
        zhang["required_hours"], 12.0,
        "a principal hired before this year: 12 h"
    );
    assert_eq!(li["required_hours"], 8.0);
    // An edit without the phone (the form only sees it masked) keeps it.
    let (s, z) = qy
        .put(&format!("/api/employees/{}", zhang["id"].as_str().unwrap()),
             json!({"name": "张三", "post": "店长", "category": "principal", "hired_on": "2019-05-01", "active": true}))
        .await;
    assert_eq!(s, StatusCode::OK, "{z}");
    assert_eq!(z["phone_masked"], "138****8000", "{z}");

    // A hand-added person; bad input names its fields.
    let (s, b) = qy
        .post(
            "/api/employees",
            json!({"name": "", "post": "保安", "hired_on": "2031-01-01"}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    let f = fields(&b);
    assert!(
        f.contains(&"name".to_string())
            && f.contains(&"category".to_string())
            && f.contains(&"hired_on".to_string()),
        "{b}"
    );

    // Coverage 0 of 3, then a session for two of them.
    let (_, c) = qy.get(&format!("/api/training/coverage?year={year}")).await;
    assert_eq!(c["employees"], 3, "{c}");
    assert_eq!(c["trained"], 0);
    let held = today();
    let (s, b) = qy
        .post("/api/trainings", json!({"topic": "全员消防安全培训", "kind": "annual", "held_on": held, "hours": 12,
            "attendance": [{"employee_id": zhang["id"]}, {"employee_id": li["id"], "hours": 8, "score": 95}, {"employee_id": zhang["id"]}]}))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "a person twice: {b}");
    let (_, foreign) = qy2.post("/api/employees", json!({"name": "外企员工", "post": "保洁", "category": "worker", "hired_on": "2020-01-01"})).await;
    let (s, b) = qy
        .post(
            "/api/trainings",
            json!({"topic": "培训", "kind": "annual", "held_on": held, "hours": 8,
            "attendance": [{"employee_id": foreign["id"]}]}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    assert!(
        fields(&b).contains(&"attendance.0.employee_id".to_string()),
        "{b}"
    );
    let (s, t) = qy
        .post("/api/trainings", json!({"topic": "全员消防安全培训", "kind": "annual", "held_on": held, "hours": 12, "trainer": "李教官",
            "attendance": [{"employee_id": zhang["id"]}, {"employee_id": li["id"], "hours": 8, "score": 95}]}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    assert_eq!(t["attendees"], 2);
    let (_, c) = qy.get(&format!("/api/training/coverage?year={year}")).await;
    assert_eq!(c["trained"], 2, "{c}");
    assert!((c["coverage"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(c["short"].as_array().unwrap().len(), 1);
    assert_eq!(c["short"][0]["name"], "赵六");
    assert_eq!(c["short"][0]["missing"], 8.0);
    // A person who attended cannot be deleted, only set inactive.
    let (s, _) = qy
        .delete(&format!("/api/employees/{}", li["id"].as_str().unwrap()))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);

    // The district sees its enterprises' rosters and the summary; another district not.
    let (_, l) = xy
        .get(&format!("/api/employees?enterprise_id={mine}"))
        .await;
    assert_eq!(l["total"], 3);
    let meilan = srv.login("meilan").await;
    let (_, l) = meilan
        .get(&format!("/api/employees?enterprise_id={mine}"))
        .await;
    assert_eq!(l["total"], 0);
    let (s, _) = meilan
        .get(&format!("/api/training/coverage?enterprise_id={mine}"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, sum) = xy
        .get(&format!("/api/training/coverage/summary?year={year}"))
        .await;
    assert_eq!(sum["total"]["employees"], 3, "{sum}");
    assert_eq!(sum["total"]["trained"], 2);
    let (s, t2) = qy2
        .get(&format!("/api/trainings/{}", t["id"].as_str().unwrap()))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{t2}");

    // The evaluation form pre-fills the coverage item; scores are checked; a second
    // evaluation replaces the first.
    let (s, form) = xy
        .get(&format!(
            "/api/training/evaluations/form?enterprise_id={mine}&year={year}"
        ))
        .await;
    assert_eq!(s, StatusCode::OK, "{form}");
    let cov = form["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "coverage")
        .unwrap()
        .clone();
    assert_eq!(
        cov["suggested"],
        (cov["max"].as_f64().unwrap() * 2.0 / 3.0).round(),
        "{cov}"
    );
    let mut items: Vec<Value> = form["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| json!({"key": i["key"], "score": i["suggested"].as_f64().unwrap_or(i["max"].as_f64().unwrap())}))
        .collect();
    let (s, b) = xy
        .post("/api/training/evaluations", json!({"enterprise_id": mine, "year": year, "items": [{"key": "coverage", "score": 999}]}))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    let (s, e) = xy.post("/api/training/evaluations", json!({"enterprise_id": mine, "year": year, "items": items.clone(), "comment": "覆盖率偏低"})).await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    items[0]["score"] = json!(0);
    let (s, e2) = zf
        .post(
            "/api/training/evaluations",
            json!({"enterprise_id": mine, "year": year, "items": items}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{e2}");
    assert!(e2["total"].as_f64().unwrap() < e["total"].as_f64().unwrap());
    let (_, l) = zf
        .get(&format!("/api/training/evaluations?year={year}"))
        .await;
    assert_eq!(l["total"], 1, "replaced: {l}");
    let (_, sum) = zf
        .get(&format!("/api/training/evaluations/summary?year={year}"))
        .await;
    assert_eq!(sum[0]["evaluated"], 1, "{sum}");
    let res = zf
        .http
        .get(format!(
            "{}/api/training/evaluations/export?year={year}",
            zf.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    // Certificates: expiring in 7 days → one reminder for the step, once across servers.
    let (s, cert) = qy
        .post("/api/certificates", json!({"employee_id": zhao["id"], "kind": "特种作业操作证（电工作业）", "number": "T4601001",
            "issued_on": today() - Duration::days(2000), "expires_on": today() + Duration::days(7)}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{cert}");
    assert_eq!(cert["days_left"], 7);
    let (_, l) = xy.get("/api/certificates?expiring=true").await;
    assert_eq!(l["total"], 1);
    assert_eq!(
        srv.store
            .run_certificate_reminders("a", today())
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        srv.store
            .run_certificate_reminders("b", today())
            .await
            .unwrap(),
        0
    );
    let (_, n) = qy.get("/api/notifications").await;
    assert!(
        n["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["title"].as_str().unwrap().contains("证书到期")),
        "{n}"
    );

    // Every list exports.
    for path in [
        "/api/employees/export",
        "/api/trainings/export",
        "/api/certificates/export",
    ] {
        let res = qy
            .http
            .get(format!("{}{path}", qy.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(res.bytes().await.unwrap().starts_with(b"PK"), "{path}");
    }
});

db_test!(drills_are_due_and_spot_checks_make_hazards, true, |srv| {
    let qy = srv.login("qiye1").await;
    let xy = srv.login("xiuying").await;
    let meilan = srv.login("meilan").await;
    let (_, me) = qy.get("/api/auth/me").await;
    let mine = me["user"]["org_id"].as_str().unwrap().to_string();

    // A plan, reviewed three years after approval by default.
    let (s, plan) = qy
        .post("/api/emergency-plans", json!({"kind": "comprehensive", "title": "生产安全事故综合应急预案", "version": "2021版", "approved_on": "2021-03-01"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{plan}");
    assert_eq!(plan["review_due"], "2024-03-01");
    assert_eq!(plan["review_overdue"], true);

    // No drills yet: both due; a reminder each, once per period.
    let (_, st) = xy.get("/api/drills/status").await;
    let row = st
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["enterprise_id"] == mine.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["main_due"], true);
    assert_eq!(row["onsite_due"], true);
    let first = srv.store.run_drill_reminders("a", today()).await.unwrap();
    assert!(first >= 2, "{first}");
    assert_eq!(
        srv.store.run_drill_reminders("b", today()).await.unwrap(),
        0,
        "once per period"
    );

    // A special drill in the last year: the main drill is no longer due.
    let (s, b) = qy.post("/api/drills", json!({"kind": "special", "mode": "live", "held_on": today() + Duration::days(1), "scenario": "火灾", "participants": 10})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "a future drill: {b}");
    let (s, d) = qy
        .post("/api/drills", json!({"kind": "special", "mode": "live", "held_on": today() - Duration::days(30),
            "scenario": "营业时间火灾疏散", "participants": 45, "plan_id": plan["id"], "assessment": "疏散有序"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let (_, st) = xy.get("/api/drills/status").await;
    let row = st
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["enterprise_id"] == mine.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["main_due"], false, "{row}");
    assert_eq!(row["onsite_due"], true);
    let (s, _) = meilan
        .get(&format!("/api/drills/{}", d["id"].as_str().unwrap()))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // A spot check: every criterion scored; a problem becomes a hazard with its category.
    let (_, crit) = xy.get("/api/drill-evaluations/criteria").await;
    let items = crit["items"].as_array().unwrap();
    assert_eq!(
        items
            .iter()
            .map(|c| c["max"].as_u64().unwrap())
            .sum::<u64>(),
        100
    );
    let scores: Vec<Value> = items
        .iter()
        .map(|c| json!({"key": c["key"], "score": c["max"].as_f64().unwrap() * 0.7}))
        .collect();
    let (_, cats) = xy.get("/api/hazard-categories").await;
    let (s, b) = xy
        .post(
            "/api/drill-evaluations",
            json!({"enterprise_id": mine, "scores": scores.clone(),
            "problems": [{"text": "预案未明确应急物资存放位置", "to_hazard": true}]}),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::BAD_REQUEST,
        "a hazard needs its category: {b}"
    );
    let (s, b) = meilan
        .post(
            "/api/drill-evaluations",
            json!({"enterprise_id": mine, "scores": scores.clone()}),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::BAD_REQUEST,
        "another district's enterprise: {b}"
    );
    let (s, e) = xy
        .post("/api/drill-evaluations", json!({"enterprise_id": mine, "plan_id": plan["id"], "drill_id": d["id"], "scores": scores,
            "problems": [{"text": "预案未明确应急物资存放位置", "to_hazard": true, "category_id": cats[0]["id"], "level": "general"},
                         {"text": "演练脚本过于简单", "to_hazard": false}], "comment": "基本可操作"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    assert_eq!(e["result"], "qualified", "{e}");
    assert_eq!(e["total"], 70.0);
    let code = e["problems"][0]["hazard_code"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(e["problems"][1]["hazard_id"].is_null());
    let (_, h) = qy.get(&format!("/api/hazards?q={code}")).await;
    assert_eq!(h["total"], 1, "{h}");
    assert_eq!(h["items"][0]["source"], "district_check");
    assert!(
        h["items"][0]["description"]
            .as_str()
            .unwrap()
            .contains("应急物资")
    );
    let (_, l) = qy.get("/api/drill-evaluations").await;
    assert_eq!(l["total"], 1, "the enterprise sees its spot check");
    for path in [
        "/api/emergency-plans/export",
        "/api/drills/export",
        "/api/drill-evaluations/export",
    ] {
        let res = xy
            .http
            .get(format!("{}{path}", xy.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
    }
});

db_test!(activities_record_the_units_and_link_to_tasks, true, |srv| {
    let zf = srv.login("zhengfa").await;
    let xy = srv.login("xiuying").await;
    let qy = srv.login("qiye1").await;
    let qy2 = srv.login("qiye2").await;
    let meilan = srv.login("meilan").await;
    let (_, me) = qy.get("/api/auth/me").await;
    let mine = me["user"]["org_id"].as_str().unwrap().to_string();
    let (_, me2) = qy2.get("/api/auth/me").await;
    let theirs = me2["user"]["org_id"].as_str().unwrap().to_string();
    let xiuying = srv.org_id("秀英区商务局").await;

    // A campaign task to link to.
    let plan = include_bytes!("../../plan/tests/data/haikou-commerce-2021.txt");
    let (s, p) = common::preview_plan(&zf, plan, "plan.txt").await;
    assert_eq!(s, StatusCode::OK, "{p}");
    let (s, c) = zf.post("/api/campaigns", common::confirm_body(&p)).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let (_, tasks) = zf
        .get(&format!(
            "/api/tasks?campaign_id={}",
            c["id"].as_str().unwrap()
        ))
        .await;
    let task = tasks["items"][0]["id"].as_str().unwrap().to_string();

    let body = json!({"title": "观看《生命重于泰山》专题片", "kind": "viewing", "held_on": "2021-06-08", "organiser": "海口市商务局",
        "task_id": task, "participants": [{"org_id": mine, "headcount": 12}, {"org_id": theirs, "headcount": 8}, {"org_id": xiuying, "headcount": 3}],
        "summary": "集中观看并交流"});
    let (s, b) = zf
        .post(
            "/api/activities",
            json!({"title": "", "kind": "viewing", "participants": []}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    let (s, a) = zf.post("/api/activities", body.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    assert_eq!(a["units"], 3);
    assert_eq!(a["headcount"], 23);
    assert_eq!(a["task_id"], task.as_str());
    assert!(a["task_text"].as_str().is_some_and(|t| !t.is_empty()));
    // A district may only name its own units.
    let (s, b) = xy.post("/api/activities", body.clone()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    assert!(
        fields(&b).contains(&"participants.1.org_id".to_string()),
        "{b}"
    );

    // An enterprise sees itself and the bureaus among the participants, not the others.
    let (_, mine_view) = qy
        .get(&format!("/api/activities/{}", a["id"].as_str().unwrap()))
        .await;
    let names: Vec<&str> = mine_view["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["org_id"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&mine.as_str())
            && names.contains(&xiuying.as_str())
            && !names.contains(&theirs.as_str()),
        "{mine_view}"
    );
    // Who sees it: the bureau, the districts and enterprises that took part.
    let id = a["id"].as_str().unwrap();
    for (c, want) in [
        (&xy, StatusCode::OK),
        (&qy, StatusCode::OK),
        (&meilan, StatusCode::OK),
        (&qy2, StatusCode::OK),
    ] {
        let (s, _) = c.get(&format!("/api/activities/{id}")).await;
        assert_eq!(s, want);
    }
    let (_, l) = xy.get(&format!("/api/tasks/{task}/activities")).await;
    assert_eq!(l["total"], 1, "{l}");
    // Only the recording unit edits it.
    let mut own_units = body.clone();
    own_units["participants"] = json!([{"org_id": mine, "headcount": 12}]);
    let (s, _) = xy.put(&format!("/api/activities/{id}"), own_units).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Participation by unit.
    let (_, r) = zf.get("/api/activities/report?year=2021").await;
    let row = r
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["org_id"] == mine.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["activities"], 1);
    assert_eq!(row["headcount"], 12);
    let (_, r) = xy.get("/api/activities/report?year=2021").await;
    assert!(
        r.as_array()
            .unwrap()
            .iter()
            .all(|x| x["org_id"] != theirs.as_str()),
        "a 美兰区 enterprise is not 秀英区's: {r}"
    );
    let res = zf
        .http
        .get(format!("{}/api/activities/export?year=2021", zf.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
});
