//! The campaign loop: import the seed plan, confirm, assignments per unit,
//! progress, acceptance and return, data scope, export.

mod common;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const SEED: &[u8] = include_bytes!("../../plan/tests/data/haikou-commerce-2021.txt");

async fn import_seed(srv: &common::TestServer) -> (common::Client, Value) {
    let zf = srv.login("zhengfa").await;
    let (s, p) = common::preview_plan(&zf, SEED, "haikou-commerce-2021.txt").await;
    assert_eq!(s, StatusCode::OK, "{p}");
    let (s, c) = zf.post("/api/campaigns", common::confirm_body(&p)).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    (zf, c)
}

db_test!(
    the_seed_plan_imports_into_tasks_and_assignments,
    true,
    |srv| {
        let zf = srv.login("zhengfa").await;
        let (s, p) = common::preview_plan(&zf, SEED, "haikou-commerce-2021.txt").await;
        assert_eq!(s, StatusCode::OK, "{p}");
        assert_eq!(p["year"], 2021);
        let tasks = p["tasks"].as_array().unwrap();
        assert_eq!(tasks.len(), 10);
        assert_eq!(
            p["unresolved"],
            json!([]),
            "every unit phrase of the seed resolves"
        );
        let first = &tasks[0];
        assert_eq!(first["lead"][0]["phrase"], "局政策法规科");
        assert_eq!(first["lead"][0]["units"][0]["name"], "政策法规科");
        assert_eq!(first["responsible"][0]["group"]["name"], "局各相关科室");
        assert_eq!(first["responsible"][0]["unit_count"], 5);
        // The item without a lead unit carries the parser's warnings into the preview.
        let no_lead = tasks
            .iter()
            .find(|t| t["deadline"]["text"] == "9-12月份")
            .unwrap();
        assert!(no_lead["lead"].as_array().unwrap().is_empty());
        assert!(
            no_lead["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w.as_str().unwrap().contains("牵头单位"))
        );

        let (s, c) = zf.post("/api/campaigns", common::confirm_body(&p)).await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        assert_eq!(c["task_count"], 10);
        assert_eq!(c["owner_org_name"], "政策法规科");
        assert_eq!(c["created_by_name"], "李科长");
        let cid = c["id"].as_str().unwrap();
        // Every 各区商务局 task has exactly the four district assignments.
        let (_, list) = zf
            .get(&format!("/api/tasks?campaign_id={cid}&page_size=50"))
            .await;
        assert_eq!(list["total"], 10);
        let mut district_tasks = 0;
        for t in list["items"].as_array().unwrap() {
            let (_, d) = zf
                .get(&format!("/api/tasks/{}", t["id"].as_str().unwrap()))
                .await;
            let units: Vec<&str> = d["assignments"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["org_name"].as_str().unwrap())
                .collect();
            if t["responsible_phrases"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p == "各区商务局")
            {
                district_tasks += 1;
                for name in [
                    "秀英区商务局",
                    "龙华区商务局",
                    "琼山区商务局",
                    "美兰区商务局",
                ] {
                    assert_eq!(
                        units.iter().filter(|u| **u == name).count(),
                        1,
                        "{name} in {units:?}"
                    );
                }
            }
            assert_eq!(
                d["assignment_count"].as_u64().unwrap() as usize,
                units.len()
            );
            assert_eq!(d["status"], "not_started");
        }
        assert_eq!(district_tasks, 5);
        // The original document is kept.
        let res = zf
            .request(Method::GET, &format!("/api/campaigns/{cid}/source"), None)
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.bytes().await.unwrap().to_vec(), SEED.to_vec());
        let rec = srv.audit("campaign.create").await;
        assert_eq!(rec[0]["after"]["tasks"], 10);
    }
);

db_test!(
    unresolved_phrases_must_be_mapped_before_confirming,
    true,
    |srv| {
        let zf = srv.login("zhengfa").await;
        let plan = "2021年测试方案\n一、重点任务\n1. 开展燃气安全检查。（牵头单位：局政策法规科。责任单位：市消防支队、各区商务局。完成时限：6月底前）\n";
        let (s, p) = common::preview_plan(&zf, plan.as_bytes(), "test.txt").await;
        assert_eq!(s, StatusCode::OK, "{p}");
        assert_eq!(p["unresolved"], json!(["市消防支队"]));
        let body = common::confirm_body(&p);
        let (s, b) = zf.post("/api/campaigns", body.clone()).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
        assert_eq!(b["errors"][0]["field"], "tasks[0].responsible[0]");
        assert!(
            b["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("市消防支队")
        );
        // Map it to the agency and confirm.
        let agency = srv.org_id("海口市安全生产委员会办公室").await;
        let mut fixed = body.clone();
        fixed["tasks"][0]["responsible"][0]["unit_ids"] = json!([agency]);
        fixed["tasks"][0]["deadline"]["end"] = json!("2021-05-01");
        fixed["tasks"][0]["deadline"]["start"] = json!("2021-06-01");
        let (s, b) = zf.post("/api/campaigns", fixed.clone()).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(b["errors"][0]["field"], "tasks[0].deadline.end");
        fixed["tasks"][0]["deadline"]["start"] = Value::Null;
        fixed["tasks"][0]["deadline"]["end"] = json!("2021-06-30");
        let (s, c) = zf.post("/api/campaigns", fixed).await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        assert_eq!(c["assignment_count"], 5);
        // A draft is used once.
        let (s, b) = zf.post("/api/campaigns", body).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(b["errors"][0]["field"], "draft_id");
        // Not a plan at all.
        let (s, b) = common::preview_plan(&zf, b"PK\x03\x04garbage", "x.docx").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(b["code"], "plan_invalid");
        assert!(b["detail"].as_str().unwrap().contains("docx"), "{b}");
        // Only section staff import plans.
        let d = srv.login("xiuying").await;
        let (s, _) = common::preview_plan(&d, SEED, "seed.txt").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
);

db_test!(
    districts_report_and_the_lead_unit_accepts_or_returns,
    true,
    |srv| {
        let (zf, c) = import_seed(&srv).await;
        let cid = c["id"].as_str().unwrap().to_string();
        let xy = srv.login("xiuying").await;
        // The district sees only tasks assigned to it (its own or its enterprises').
        let (_, mine) = xy.get("/api/assignments?mine=true&page_size=100").await;
        let mine = mine["items"].as_array().unwrap().clone();
        assert_eq!(mine.len(), 5, "one per 各区商务局 task");
        assert!(
            mine.iter()
                .all(|a| a["org_name"] == "秀英区商务局" && a["can_report"] == true)
        );
        let (_, tasks) = xy
            .get(&format!("/api/tasks?campaign_id={cid}&page_size=50"))
            .await;
        assert_eq!(
            tasks["total"], 8,
            "every task but the two for the sections only"
        );
        let a = mine
            .iter()
            .find(|a| {
                a["task_number"] == "1" && a["section"].as_str().unwrap().contains("主体责任")
            })
            .unwrap();
        let aid = a["id"].as_str().unwrap().to_string();
        let task_id = a["task_id"].as_str().unwrap().to_string();
        // Bad input names the field.
        let (s, b) = xy
            .post(
                &format!("/api/assignments/{aid}/progress"),
                json!({"text": "", "percent": 30}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(b["errors"][0]["field"], "text");
        let (s, b) = xy
            .post(
                &format!("/api/assignments/{aid}/progress"),
                json!({"text": "已部署", "percent": 130}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(b["errors"][0]["field"], "percent");
        let (s, b) = xy
            .post(
                &format!("/api/assignments/{aid}/progress"),
                json!({"text": "已召开部署会，检查企业12家", "percent": 40}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{b}");
        assert_eq!(b["state"], "in_progress");
        assert_eq!(b["percent"], 40);
        let (_, t) = zf.get(&format!("/api/tasks/{task_id}")).await;
        assert_eq!(t["status"], "in_progress");
        // The lead unit cannot accept before it is submitted; the district cannot accept at all.
        let (s, b) = zf
            .post_empty_json(&format!("/api/assignments/{aid}/accept"))
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{b}");
        assert!(b["detail"].as_str().unwrap().contains("进行中"));
        let (s, _) = xy
            .post(
                &format!("/api/assignments/{aid}/progress"),
                json!({"text": "全部完成，附检查台账", "percent": 100, "submit": true}),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        let (s, b) = xy
            .post_empty_json(&format!("/api/assignments/{aid}/accept"))
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
        // Another district cannot even see it.
        let ml = srv.login("meilan").await;
        let (s, _) = ml
            .post(
                &format!("/api/assignments/{aid}/progress"),
                json!({"text": "x", "percent": 1}),
            )
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        // Return needs a reason.
        let (s, b) = zf
            .post(
                &format!("/api/assignments/{aid}/return"),
                json!({"reason": " "}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(b["errors"][0]["field"], "reason");
        let (s, b) = zf
            .post(
                &format!("/api/assignments/{aid}/return"),
                json!({"reason": "缺少检查台账附件"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{b}");
        assert_eq!(b["state"], "returned");
        let (_, b) = xy
            .post(
                &format!("/api/assignments/{aid}/progress"),
                json!({"text": "补充台账后报送", "percent": 100, "submit": true}),
            )
            .await;
        assert_eq!(b["state"], "submitted");
        let (_, lead_view) = zf.get(&format!("/api/tasks/{task_id}")).await;
        let mine_in_lead = lead_view["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == aid.as_str())
            .unwrap()
            .clone();
        assert_eq!(mine_in_lead["can_review"], true);
        let (s, b) = zf
            .post(
                &format!("/api/assignments/{aid}/accept"),
                json!({"comment": "同意"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{b}");
        assert_eq!(b["state"], "completed");
        assert_eq!(b["percent"], 100);
        // The timeline keeps every step, newest first.
        let (_, t) = zf.get(&format!("/api/tasks/{task_id}")).await;
        let actions: Vec<&str> = t["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions,
            vec!["accept", "submit", "return", "submit", "report"]
        );
        assert_eq!(t["timeline"][2]["reason"], "缺少检查台账附件");
        assert_eq!(
            t["timeline"][0]["actor_name"], "李科长",
            "people are named by 姓名 on the timeline"
        );
        assert_eq!(t["timeline"][1]["actor_name"], "陈专干");
        assert_eq!(t["completed_count"], 1);
        assert_eq!(
            t["status"], "in_progress",
            "the other units are not done yet"
        );
        assert!(
            srv.audit("assignment.accept")
                .await
                .iter()
                .any(|r| r["object_id"] == aid.as_str())
        );
        // The enterprise sees only its own assignments and cannot read the district's task detail beyond them.
        let q1 = srv.login("qiye1").await;
        let (_, own) = q1.get("/api/assignments").await;
        assert!(
            own["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|a| a["org_name"] != "秀英区商务局")
        );
        assert!(own["total"].as_u64().unwrap() >= 1);
        let (_, td) = q1.get(&format!("/api/tasks/{task_id}")).await;
        assert!(
            td["assignments"]
                .as_array()
                .unwrap()
                .iter()
                .all(|a| a["org_name"] != "秀英区商务局"),
            "{td}"
        );
        assert!(td["timeline"].as_array().unwrap().is_empty());
        // The agency has no campaign access.
        let ag = srv.login("anweiban").await;
        let (s, _) = ag.get("/api/tasks").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
);

db_test!(
    task_list_filters_and_exports_in_the_plan_columns,
    true,
    |srv| {
        use calamine::{Reader, Xlsx};
        let (zf, c) = import_seed(&srv).await;
        let cid = c["id"].as_str().unwrap();
        let (_, f) = zf
            .get(&format!("/api/tasks?campaign_id={cid}&q=极端气候"))
            .await;
        assert_eq!(f["total"], 1);
        let (_, f) = zf
            .get(&format!("/api/tasks?campaign_id={cid}&overdue=true"))
            .await;
        assert_eq!(f["total"], 10, "every 2021 window has passed");
        assert!(
            f["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| t["overdue"] == true)
        );
        let (_, f) = zf
            .get(&format!(
                "/api/tasks?campaign_id={cid}&sort=-deadline&page_size=1"
            ))
            .await;
        assert_eq!(f["items"][0]["deadline"]["end"], "2021-12-31");
        let (s, b) = zf.get("/api/tasks?status=done").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(b["errors"][0]["field"], "status");
        let res = zf
            .request(
                Method::GET,
                &format!("/api/tasks/export?campaign_id={cid}"),
                None,
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let mut wb: Xlsx<_> =
            Xlsx::new(std::io::Cursor::new(res.bytes().await.unwrap().to_vec())).unwrap();
        let range = wb.worksheet_range("任务清单").unwrap();
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert_eq!(
            rows[0],
            vec![
                "序号",
                "工作任务",
                "牵头单位",
                "责任单位",
                "完成时限",
                "进展情况",
                "状态"
            ]
        );
        assert_eq!(rows.len(), 11);
        assert_eq!(rows[1][0], "（一）1");
        assert_eq!(rows[1][2], "局政策法规科");
        assert!(
            rows[1][4].starts_with("3月份（2021-03-01 至 2021-03-31）"),
            "{:?}",
            rows[1]
        );
        let (_, list) = zf.get("/api/campaigns").await;
        assert_eq!(list["items"][0]["overdue_count"], 10);
    }
);

db_test!(
    the_battle_map_shows_windows_units_and_overdue_items,
    true,
    |srv| {
        let (zf, c) = import_seed(&srv).await;
        let cid = c["id"].as_str().unwrap().to_string();
        let (s, b) = zf
            .get(&format!("/api/campaigns/{cid}/board?unit_kind=district"))
            .await;
        assert_eq!(s, StatusCode::OK, "{b}");
        assert_eq!(b["tasks"].as_array().unwrap().len(), 10);
        assert!(
            b["tasks"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| t["band"] == "overdue"),
            "2021 is long past"
        );
        let units: Vec<&str> = b["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            units,
            vec![
                "秀英区商务局",
                "龙华区商务局",
                "琼山区商务局",
                "美兰区商务局"
            ]
        );
        assert_eq!(
            b["cells"].as_array().unwrap().len(),
            20,
            "5 tasks × 4 districts"
        );
        assert_eq!(b["units"][0]["assignments"], 5);
        assert_eq!(b["units"][0]["rate"], 0.0);
        assert_eq!(b["overdue"].as_array().unwrap().len(), 20);
        // A district's work accepted: its completion rate and the map change.
        let xy = srv.login("xiuying").await;
        let (_, mine) = xy
            .get(&format!("/api/assignments?mine=true&campaign_id={cid}"))
            .await;
        let aid = mine["items"][0]["id"].as_str().unwrap().to_string();
        xy.post(
            &format!("/api/assignments/{aid}/progress"),
            json!({"text": "完成", "percent": 100, "submit": true}),
        )
        .await;
        let (s, _) = zf
            .post(&format!("/api/assignments/{aid}/accept"), json!({}))
            .await;
        assert_eq!(s, StatusCode::OK);
        let (_, b) = zf
            .get(&format!("/api/campaigns/{cid}/board?unit_kind=district"))
            .await;
        let xiuying = b["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["name"] == "秀英区商务局")
            .unwrap();
        assert_eq!(xiuying["completed"], 1);
        assert_eq!(xiuying["rate"], 0.2);
        assert_eq!(b["overdue"].as_array().unwrap().len(), 19);
        let cell = b["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["assignment_id"] == aid.as_str())
            .unwrap();
        assert_eq!(cell["state"], "completed");
        // A district sees only its own row of the matrix.
        let (_, b) = xy.get(&format!("/api/campaigns/{cid}/board")).await;
        let names: std::collections::BTreeSet<&str> = b["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["name"].as_str().unwrap())
            .collect();
        assert!(names.contains("秀英区商务局"));
        assert!(!names.contains("美兰区商务局"), "{names:?}");
        let (s, b) = zf
            .get(&format!("/api/campaigns/{cid}/board?unit_kind=planet"))
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(b["errors"][0]["field"], "unit_kind");
    }
);

db_test!(recurring_tasks_report_once_per_period, true, |srv| {
    let zf = srv.login("zhengfa").await;
    let plan = "2021年常态化检查方案\n一、日常检查\n1. 开展商场消防安全巡查。（牵头单位：局政策法规科。责任单位：秀英区商务局。完成时限：每月）\n2. 报送季度安全形势分析。（牵头单位：局政策法规科。责任单位：秀英区商务局。完成时限：每季度）\n";
    let (s, p) = common::preview_plan(&zf, plan.as_bytes(), "plan.txt").await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["tasks"][0]["deadline"]["kind"], "recurring");
    assert_eq!(p["tasks"][0]["deadline"]["period"], "monthly");
    let body = common::confirm_body(&p);
    let (s, c) = zf.post("/api/campaigns", body).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    assert_eq!(
        c["assignment_count"],
        12 + 4,
        "12 monthly and 4 quarterly reporting periods"
    );
    let cid = c["id"].as_str().unwrap();
    let xy = srv.login("xiuying").await;
    let (_, mine) = xy
        .get(&format!(
            "/api/assignments?mine=true&campaign_id={cid}&page_size=50"
        ))
        .await;
    let items = mine["items"].as_array().unwrap();
    let mut monthly: Vec<(&str, &str)> = items
        .iter()
        .filter(|a| a["task_number"] == "1")
        .map(|a| {
            (
                a["period_label"].as_str().unwrap(),
                a["due"].as_str().unwrap(),
            )
        })
        .collect();
    monthly.sort_by_key(|(_, due)| *due);
    assert_eq!(monthly.len(), 12);
    assert_eq!(monthly[0], ("2021年1月", "2021-01-31"));
    assert_eq!(monthly[1], ("2021年2月", "2021-02-28"));
    assert_eq!(monthly[11], ("2021年12月", "2021-12-31"));
    let quarters: Vec<&str> = items
        .iter()
        .filter(|a| a["task_number"] == "2")
        .map(|a| a["period_label"].as_str().unwrap())
        .collect();
    assert_eq!(quarters.len(), 4);
    assert!(quarters.contains(&"2021年第3季度"));
    // Reporting one period leaves the others as they were.
    let march = items
        .iter()
        .find(|a| a["period_label"] == "2021年3月")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, b) = xy
        .post(
            &format!("/api/assignments/{march}/progress"),
            json!({"text": "3月巡查12家", "percent": 100, "submit": true}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["state"], "submitted");
    let (_, again) = xy
        .get(&format!(
            "/api/assignments?mine=true&campaign_id={cid}&state=submitted"
        ))
        .await;
    assert_eq!(again["total"], 1);
    // The board lists each period as its own cell.
    let (_, board) = zf.get(&format!("/api/campaigns/{cid}/board")).await;
    assert_eq!(board["cells"].as_array().unwrap().len(), 16);
    assert!(
        board["cells"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["period_label"] == "2021年3月" && c["state"] == "submitted")
    );
});

/// The plan of the board test: one past task and one future task for every enterprise
/// and one district.
const ENTERPRISE_PLAN: &str = "2021年商贸企业消防安全检查方案\n一、企业自查\n1. 开展消防安全自查。（牵头单位：局政策法规科。责任单位：各商贸企业、秀英区商务局。完成时限：3月份）\n2. 建立隐患台账。（牵头单位：局政策法规科。责任单位：各商贸企业。完成时限：全年）\n";

async fn figures_agree(srv: &common::TestServer, cid: &str, step: &str) {
    let diff = srv
        .store
        .campaign_figure_differences(cid.parse().unwrap())
        .await
        .unwrap();
    assert!(diff.is_empty(), "after {step}: {diff:#?}");
}

db_test!(
    the_board_pages_enterprises_and_its_figures_follow_every_write,
    true,
    |srv| {
        let zf = srv.login("zhengfa").await;
        let (s, p) = common::preview_plan(&zf, ENTERPRISE_PLAN.as_bytes(), "plan.txt").await;
        assert_eq!(s, StatusCode::OK, "{p}");
        assert_eq!(p["unresolved"], json!([]), "{p}");
        // The second task is still open: its deadline is moved into the future.
        let mut body = common::confirm_body(&p);
        body["tasks"][1]["deadline"] =
            json!({"text": "2099年底前", "kind": "by", "end": "2099-12-31"});
        let (s, c) = zf.post("/api/campaigns", body).await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        let cid = c["id"].as_str().unwrap().to_string();
        figures_agree(&srv, &cid, "the campaign was created").await;
        let (_, ents) = zf.get("/api/enterprises?page_size=200").await;
        let n_ent = ents["total"].as_u64().unwrap();
        assert!(n_ent >= 4, "the demo has enterprises: {n_ent}");

        // The figures cover every assignment; the page carries the bureau's units and
        // the first enterprises.
        let (s, b) = zf
            .get(&format!("/api/campaigns/{cid}/board?page_size=2"))
            .await;
        assert_eq!(s, StatusCode::OK, "{b}");
        assert_eq!(b["summary"]["assignments"], 2 * n_ent + 1);
        assert_eq!(b["summary"]["completed"], 0);
        assert_eq!(
            b["summary"]["overdue"],
            n_ent + 1,
            "the March task is long past"
        );
        assert_eq!(b["overdue_total"], n_ent + 1);
        assert_eq!(
            b["overdue"].as_array().unwrap().len() as u64,
            std::cmp::min(n_ent + 1, 100)
        );
        assert_eq!(b["enterprises"]["total"], n_ent);
        let units = b["units"].as_array().unwrap();
        assert_eq!(
            units.len(),
            3,
            "秀英区商务局 and two enterprises: {units:?}"
        );
        assert_eq!(units[0]["name"], "秀英区商务局");
        assert_eq!(units[1]["kind"], "enterprise");
        assert_eq!(b["cells"].as_array().unwrap().len(), 1 + 2 * 2);
        let groups = b["groups"].as_array().unwrap();
        assert_eq!(
            groups
                .iter()
                .map(|g| g["assignments"].as_u64().unwrap())
                .sum::<u64>(),
            2 * n_ent
        );
        // Pages do not overlap and together hold every enterprise.
        let mut seen = std::collections::BTreeSet::new();
        let mut page = 1;
        loop {
            let (_, b) = zf
                .get(&format!(
                    "/api/campaigns/{cid}/board?unit_kind=enterprise&page_size=3&page={page}"
                ))
                .await;
            let ids: Vec<String> = b["units"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["id"].as_str().unwrap().to_string())
                .collect();
            if ids.is_empty() {
                break;
            }
            for id in ids {
                assert!(seen.insert(id), "page {page} repeats a unit");
            }
            page += 1;
        }
        assert_eq!(seen.len() as u64, n_ent);
        // A name filter narrows the enterprises.
        let name = ents["items"][0]["name"].as_str().unwrap().to_string();
        let (_, b) = zf
            .get(&format!(
                "/api/campaigns/{cid}/board?unit_kind=enterprise&unit_q={}",
                common::urlencode(&name)
            ))
            .await;
        assert_eq!(b["enterprises"]["total"], 1, "{name}");
        assert_eq!(b["units"][0]["name"], name.as_str());
        let (s, e) = zf
            .get(&format!("/api/campaigns/{cid}/board?page_size=500"))
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(e["errors"][0]["field"], "page_size");

        // The enterprise user reports, submits; the lead returns, then accepts.
        let q1 = srv.login("qiye1").await;
        let (_, mine) = q1
            .get(&format!("/api/assignments?mine=true&campaign_id={cid}"))
            .await;
        let mine = mine["items"].as_array().unwrap().clone();
        assert_eq!(mine.len(), 2);
        let aid = mine.iter().find(|a| a["task_number"] == "1").unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let q1_org = mine[0]["org_id"].as_str().unwrap().to_string();
        let step = |text: &'static str, submit: bool| json!({"text": text, "percent": 50, "submit": submit});
        let (s, r) = q1
            .post(
                &format!("/api/assignments/{aid}/progress"),
                step("已自查", false),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{r}");
        figures_agree(&srv, &cid, "a report").await;
        q1.post(
            &format!("/api/assignments/{aid}/progress"),
            step("报送", true),
        )
        .await;
        let (s, _) = zf
            .post(
                &format!("/api/assignments/{aid}/return"),
                json!({"reason": "缺少台账"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        figures_agree(&srv, &cid, "a return").await;
        let (_, b) = zf
            .get(&format!("/api/campaigns/{cid}/board?page_size=0"))
            .await;
        assert_eq!(b["returned_total"], 1);
        assert_eq!(b["returned"][0]["assignment_id"], aid.as_str());
        assert_eq!(b["returned"][0]["org_id"], q1_org.as_str());
        assert!(
            b["units"]
                .as_array()
                .unwrap()
                .iter()
                .all(|u| u["kind"] != "enterprise")
        );
        q1.post(
            &format!("/api/assignments/{aid}/progress"),
            step("补报", true),
        )
        .await;
        let (s, _) = zf
            .post_empty_json(&format!("/api/assignments/{aid}/accept"))
            .await;
        assert_eq!(s, StatusCode::OK);
        figures_agree(&srv, &cid, "an acceptance").await;
        let (_, b) = zf
            .get(&format!("/api/campaigns/{cid}/board?page_size=200"))
            .await;
        assert_eq!(b["summary"]["completed"], 1);
        assert_eq!(b["summary"]["overdue"], n_ent);
        assert_eq!(b["returned_total"], 0);
        assert!(
            b["overdue"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["assignment_id"] != aid.as_str()),
            "an accepted item is not overdue"
        );
        // The page's cells agree with the figures when the page holds everyone.
        let cells = b["cells"].as_array().unwrap();
        assert_eq!(cells.len() as u64, 2 * n_ent + 1);
        assert_eq!(
            cells.iter().filter(|c| c["overdue"] == true).count() as u64,
            n_ent
        );
        // The unit with work done sorts after those with more left.
        let ents_on_page: Vec<&Value> = b["units"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| u["kind"] == "enterprise")
            .collect();
        assert_eq!(ents_on_page.last().unwrap()["id"], q1_org.as_str());
        // The cockpit's campaign figures are the same figures.
        let (_, ck) = zf.get(&format!("/api/cockpit?campaign_id={cid}")).await;
        assert_eq!(ck["campaign"]["assignments"], 2 * n_ent + 1);
        assert_eq!(ck["campaign"]["accepted"], 1);
        assert_eq!(ck["campaign"]["overdue"], n_ent);
        assert_eq!(ck["campaign"]["series"].as_array().unwrap().len(), 1);

        // The district sees its own enterprises and itself, with the same counts.
        let xy = srv.login("xiuying").await;
        let (s, b) = xy
            .get(&format!("/api/campaigns/{cid}/board?page_size=200"))
            .await;
        assert_eq!(s, StatusCode::OK, "{b}");
        let (_, xy_ents) = xy.get("/api/enterprises?page_size=200").await;
        let n_xy = xy_ents["total"].as_u64().unwrap();
        assert_eq!(b["enterprises"]["total"], n_xy);
        assert_eq!(b["summary"]["assignments"], 2 * n_xy + 1);
        assert_eq!(b["groups"].as_array().unwrap().len(), 1);
        assert_eq!(b["groups"][0]["name"], "秀英区商务局");
        assert!(
            b["overdue"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| xy_ents["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| e["org_id"] == i["org_id"] || e["id"] == i["org_id"])
                    || i["org_name"] == "秀英区商务局"),
            "only its own units are listed"
        );
        // The enterprise sees its own two.
        let (_, b) = q1.get(&format!("/api/campaigns/{cid}/board")).await;
        assert_eq!(b["summary"]["assignments"], 2);
        assert_eq!(b["enterprises"]["total"], 1);

        // Editing a task: a deadline moved, a unit dropped, then a task added and deleted.
        let (_, t2) = zf
            .get(&format!("/api/tasks?campaign_id={cid}&page_size=50"))
            .await;
        let task2 = t2["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["number"] == "2")
            .unwrap()
            .clone();
        let tid2 = task2["id"].as_str().unwrap().to_string();
        let (_, detail) = zf.get(&format!("/api/tasks/{tid2}")).await;
        let group_id = p["tasks"][1]["responsible"][0]["group"]["id"].clone();
        let lead_ids: Vec<Value> = detail["lead_units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["id"].clone())
            .collect();
        let body = |end: &str, resp: Value| {
            json!({
                "section": task2["section"], "section_number": task2["section_number"],
                "number": "2", "text": "建立隐患台账。",
                "deadline": {"text": "2021年5月31日前", "kind": "by", "end": end},
                "lead": [{"phrase": "局政策法规科", "unit_ids": lead_ids}],
                "responsible": resp,
            })
        };
        let (s, r) = zf
            .put(
                &format!("/api/tasks/{tid2}"),
                body(
                    "2021-05-31",
                    json!([{"phrase": "各商贸企业", "group_id": group_id}]),
                ),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{r}");
        figures_agree(&srv, &cid, "a deadline moved").await;
        let (_, b) = zf
            .get(&format!("/api/campaigns/{cid}/board?page_size=0"))
            .await;
        assert_eq!(b["summary"]["overdue"], 2 * n_ent, "task 2 is now past too");
        let keep: Vec<Value> = ents["items"].as_array().unwrap()[..2]
            .iter()
            .map(|e| e["id"].clone())
            .collect();
        let (s, r) = zf
            .put(
                &format!("/api/tasks/{tid2}"),
                body(
                    "2021-05-31",
                    json!([{"phrase": "两家企业", "unit_ids": keep}]),
                ),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{r}");
        figures_agree(&srv, &cid, "units dropped").await;
        let (_, b) = zf
            .get(&format!("/api/campaigns/{cid}/board?page_size=0"))
            .await;
        assert_eq!(b["summary"]["assignments"], n_ent + 1 + 2);
        let (s, t3) = zf
            .post(
                &format!("/api/campaigns/{cid}/tasks"),
                body(
                    "2099-12-31",
                    json!([{"phrase": "各商贸企业", "group_id": group_id}]),
                ),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{t3}");
        figures_agree(&srv, &cid, "a task added").await;
        let (s, _) = zf
            .delete(&format!("/api/tasks/{}", t3["id"].as_str().unwrap()))
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        figures_agree(&srv, &cid, "a task deleted").await;
        let (_, b) = zf
            .get(&format!("/api/campaigns/{cid}/board?page_size=0"))
            .await;
        assert_eq!(b["summary"]["assignments"], n_ent + 1 + 2);
        assert_eq!(
            b["enterprises"]["total"], n_ent,
            "every enterprise keeps task 1"
        );
    }
);

/// How many progress reports a task's timeline holds.
async fn report_count(c: &common::Client, task_id: &str) -> usize {
    let (s, t) = c.get(&format!("/api/tasks/{task_id}")).await;
    assert_eq!(s, StatusCode::OK, "{t}");
    t["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "report")
        .count()
}

db_test!(a_retried_progress_report_is_recorded_once, true, |srv| {
    let (_, _) = import_seed(&srv).await;
    let xy = srv.login("xiuying").await;
    let (_, mine) = xy.get("/api/assignments?mine=true&page_size=100").await;
    let a = &mine["items"][0];
    let aid = a["id"].as_str().unwrap().to_string();
    let task_id = a["task_id"].as_str().unwrap().to_string();
    assert_eq!(report_count(&xy, &task_id).await, 0);
    let path = format!("/api/assignments/{aid}/progress");
    let key = "progress-report-0001";
    let (s, replayed, v) = xy
        .post_keyed(&path, key, json!({"text": "已完成辖区排查", "percent": 40}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(!replayed);
    assert_eq!(v["percent"], 40);
    // The retry answers with the assignment as the first attempt left it.
    let (s, replayed, again) = xy
        .post_keyed(&path, key, json!({"text": "已完成辖区排查", "percent": 40}))
        .await;
    assert_eq!(s, StatusCode::OK, "{again}");
    assert!(replayed);
    assert_eq!(again["id"], v["id"]);
    assert_eq!(again["percent"], 40);
    assert_eq!(
        report_count(&xy, &task_id).await,
        1,
        "one progress entry, not two"
    );
    // A new key is a new report.
    let (s, replayed, _) = xy
        .post_keyed(
            &path,
            "progress-report-0002",
            json!({"text": "整改完成过半", "percent": 60}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(!replayed);
    assert_eq!(report_count(&xy, &task_id).await, 2);
    // A key of one submission cannot stand for another: not for another
    // assignment, and not for a hazard report.
    let other = mine["items"][1]["id"].as_str().unwrap().to_string();
    let (s, _, e) = xy
        .post_keyed(
            &format!("/api/assignments/{other}/progress"),
            key,
            json!({"text": "另一项任务", "percent": 10}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{e}");
    assert_eq!(e["errors"][0]["field"], "Idempotency-Key");
    let (_, o) = xy.get("/api/assignments?mine=true&page_size=100").await;
    let untouched = o["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == other.as_str())
        .unwrap();
    assert_eq!(untouched["percent"], 0, "the refused report wrote nothing");
    let (s, _, e) = xy
        .post_keyed("/api/hazards", key, json!({"description": "x"}))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{e}");
    assert_eq!(e["errors"][0]["field"], "Idempotency-Key");
});
