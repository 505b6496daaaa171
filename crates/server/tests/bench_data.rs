//! The bulk generator behind the benchmarks (and `anzhi bench-data`): it fills
//! enterprises and hazards, keeps numbers and running totals as normal writes do, and
//! leaves every index of the hazards table as the migrations made it.

mod common;

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};

async fn hazard_indexes(store: &anzhi_store::Store) -> Vec<String> {
    let c = store.raw_write_connection();
    let backend = c.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'hazards' ORDER BY 1"
        }
        _ => {
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'hazards' ORDER BY 1"
        }
    };
    c.query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.try_get::<String>("", "name").unwrap())
        .collect()
}

db_test!(bulk_fill_keeps_indexes_numbers_and_totals, true, |srv| {
    let before = hazard_indexes(&srv.store).await;
    assert!(before.len() > 15, "{before:?}");
    let today = anzhi_domain::time::today_china(chrono::Utc::now());
    let all = srv.store.bench_fill_enterprises(400, 3).await.unwrap();
    assert!(all.len() >= 400);
    srv.store
        .bench_fill_hazards(&all, 3_000, 5, today)
        .await
        .unwrap();
    assert_eq!(hazard_indexes(&srv.store).await, before, "indexes restored");

    let leader = srv.login("leader").await;
    let (s, page) = leader.get("/api/hazards?page_size=5&overdue=true").await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(
        page["total"].as_u64().unwrap() > 0,
        "some are overdue: {page}"
    );
    let (_, all_page) = leader.get("/api/hazards?page_size=1").await;
    assert_eq!(all_page["total"], 3_000);
    // A keyword: one walk gives the pages and a count capped at 100.
    let kw = "%E7%81%AD%E7%81%AB%E5%99%A8"; // 灭火器, in about 1 of 12 descriptions
    let (_, p1) = leader
        .get(&format!("/api/hazards?q={kw}&page_size=20&sort=deadline"))
        .await;
    assert_eq!(p1["total"], 100, "{}", p1["total"]);
    assert_eq!(p1["total_more"], true);
    let (_, p3) = leader
        .get(&format!(
            "/api/hazards?q={kw}&page=3&page_size=20&sort=deadline"
        ))
        .await;
    let first: Vec<&str> = p1["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    let third: Vec<&str> = p3["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(third.len(), 20);
    assert!(third.iter().all(|id| !first.contains(id)), "pages differ");
    assert!(
        p3["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["description"].as_str().unwrap().contains("灭火器"))
    );
    let deadlines: Vec<&str> = p1["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["deadline"].as_str().unwrap())
        .collect();
    assert!(
        deadlines.windows(2).all(|w| w[0] <= w[1]),
        "sorted by deadline: {deadlines:?}"
    );
    // Far pages still work (two walks).
    let (s, p12) = leader
        .get(&format!(
            "/api/hazards?q={kw}&page=7&page_size=20&sort=deadline"
        ))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(p12["items"].as_array().unwrap().len() <= 20);
    // Counts from the running totals equal the rows a walk through the pages finds.
    let cat = {
        let (_, page) = leader.get("/api/hazards?page_size=1").await;
        page["items"][0]["category_id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let xiuying = srv.org_id("秀英区商务局").await;
    for filter in [
        format!("category_id={cat}"),
        "state=open&level=major".to_string(),
        format!("state=closed&district_id={xiuying}"),
        "state=open&found_from=2026-01-01&found_to=2026-06-30".to_string(),
    ] {
        let (_, first) = leader
            .get(&format!("/api/hazards?{filter}&page_size=100"))
            .await;
        let total = first["total"].as_u64().unwrap();
        let mut seen = 0;
        let mut page = 1;
        loop {
            let (_, p) = leader
                .get(&format!("/api/hazards?{filter}&page_size=100&page={page}"))
                .await;
            let n = p["items"].as_array().unwrap().len();
            if n == 0 {
                break;
            }
            seen += n as u64;
            page += 1;
        }
        assert_eq!(seen, total, "{filter}");
        assert!(total > 0, "{filter}");
    }
    // The running totals match the rows.
    let (_, stats) = leader.get("/api/hazards/stats?by=district").await;
    assert_eq!(stats["total"]["found"], 3_000, "{stats}");
    // Numbers continue after the generated ones.
    let qy = srv.login("qiye1").await;
    let (_, cats) = qy.get("/api/hazard-categories").await;
    let (_, f) = qy.upload("/api/photos", "现场.png", common::PHOTO).await;
    let (s, h) = qy
        .post("/api/hazards", serde_json::json!({"category_id": cats[0]["id"], "description": "生成数据之后上报", "photos": [f["id"]]}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    let (_, dup) = leader
        .get(&format!("/api/hazards?q={}", h["code"].as_str().unwrap()))
        .await;
    assert_eq!(dup["total"], 1, "a fresh number: {dup}");
});
