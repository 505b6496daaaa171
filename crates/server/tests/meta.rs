//! Health, meta, the API docs (offline), the web app fallback, response headers.

mod common;

use reqwest::StatusCode;

db_test!(health_reports_the_database, false, |srv| {
    let c = srv.client();
    let (s, h) = c.get("/api/health").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(h["status"], "ok");
    let want = match srv.db {
        common::Db::Sqlite => "sqlite",
        common::Db::Postgres => "postgres",
    };
    assert_eq!(h["database"], want);
    assert_eq!(h["version"], env!("CARGO_PKG_VERSION"));
    let (_, m) = c.get("/api/meta").await;
    assert_eq!(m["demo"], false);
    assert_eq!(m["name"], "安治");
});

#[tokio::test]
async fn docs_are_served_from_local_assets() {
    let srv = common::TestServer::start(common::Db::Sqlite, true)
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let res = http
        .get(format!("{}/api/docs/", srv.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    // Every script and stylesheet of the page is local (isolated networks).
    for attr in ["src=\"http", "href=\"http"] {
        assert!(
            !html.contains(attr),
            "external asset in the docs page: {html}"
        );
    }
    let init = http
        .get(format!("{}/api/docs/swagger-initializer.js", srv.base))
        .send()
        .await
        .unwrap();
    assert_eq!(init.status(), StatusCode::OK);
    assert!(init.text().await.unwrap().contains("/api/openapi.json"));
    let (_, doc) = srv.client().get("/api/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(doc["paths"]["/api/auth/login"]["post"].is_object());
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    srv.stop().await;
}

#[tokio::test]
async fn unknown_api_paths_are_problems_and_app_routes_are_html() {
    let srv = common::TestServer::start(common::Db::Sqlite, true)
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let res = http
        .get(format!("{}/api/no-such-thing", srv.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let res = http
        .get(format!("{}/users/some/client/route", srv.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.headers()["x-frame-options"], "DENY");
    assert_eq!(res.headers()["cache-control"], "no-cache");
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let body = res.text().await.unwrap();
    assert!(
        body.contains("<html")
            || body.contains("<!doctype html")
            || body.contains("<!DOCTYPE html")
    );
    if anzhi_server::web::embedded() {
        // Hashed assets are cached for good; a missing asset is a 404, not the app.
        let res = http
            .get(format!("{}/assets/missing-0000.js", srv.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    srv.stop().await;
}
