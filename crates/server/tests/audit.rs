//! The audit trail: every write recorded in its transaction, an SM3 chain that
//! reveals any altered or removed record, readable only by the audit admin.

mod common;

use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::json;

db_test!(writes_logins_and_denials_are_recorded, true, |srv| {
    let admin = srv.login("sysadmin").await;
    let district = srv.org_id("琼山区商务局").await;
    let (s, created) = admin
        .post("/api/users", json!({"username": "qiongshan1", "display_name": "吴专干", "role": "district_staff", "org_id": district}))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let uid = created["user"]["id"].as_str().unwrap();
    let recs = srv.audit("user.create").await;
    let r = recs
        .iter()
        .find(|r| r["object_id"] == uid)
        .expect("user.create recorded");
    assert_eq!(r["actor_name"], "sysadmin");
    assert_eq!(r["role"], "system_admin");
    assert_eq!(r["ip"], "127.0.0.1");
    assert_eq!(r["result"], "success");
    assert_eq!(r["after"]["username"], "qiongshan1");
    assert_eq!(r["action_label"], "新增用户");
    assert_eq!(r["hash"].as_str().unwrap().len(), 64);
    // A denied request is recorded with its method and path.
    let d = srv.login("xiuying").await;
    let (s, _) = d.get("/api/users").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let denied = srv.audit("access.denied").await;
    assert!(
        denied.iter().any(|r| r["actor_name"] == "xiuying"
            && r["detail"].as_str().unwrap().contains("GET /api/users")),
        "{denied:?}"
    );
    assert!(
        srv.audit("auth.login")
            .await
            .iter()
            .any(|r| r["actor_name"] == "xiuying")
    );
    // Only the audit admin reads the trail.
    for who in ["sysadmin", "secadmin", "leader"] {
        let c = srv.login(who).await;
        let (s, _) = c.get("/api/audit").await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{who}");
    }
    // Filters: by actor, by result, by date, by keyword.
    let a = srv.login("auditadmin").await;
    let (_, page) = a.get("/api/audit?actor=xiuying&result=denied").await;
    assert!(page["total"].as_u64().unwrap() >= 1);
    assert!(
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["actor_name"] == "xiuying" && r["result"] == "denied")
    );
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz_shanghai())
        .format("%Y-%m-%d")
        .to_string();
    let (_, page) = a
        .get(&format!("/api/audit?from={today}&to={today}&q=qiongshan1"))
        .await;
    assert!(
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["action"] == "user.create"),
        "{page}"
    );
    let (_, page) = a.get("/api/audit?from=2000-01-01&to=2000-01-02").await;
    assert_eq!(page["total"], 0);
    let (s, body) = a.get("/api/audit?from=2024-02-30").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errors"][0]["field"], "from");
    // No API changes or deletes audit records.
    for (m, p) in [
        (reqwest::Method::DELETE, "/api/audit"),
        (reqwest::Method::PUT, "/api/audit"),
        (
            reqwest::Method::DELETE,
            &format!("/api/audit/{}", r["id"].as_str().unwrap()) as &str,
        ),
    ] {
        let res = a.request(m.clone(), p, None).await;
        assert!(
            res.status() == StatusCode::METHOD_NOT_ALLOWED || res.status() == StatusCode::NOT_FOUND,
            "{m} {p}: {}",
            res.status()
        );
    }
});

fn chrono_tz_shanghai() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).unwrap()
}

db_test!(the_chain_verifies_and_reveals_tampering, true, |srv| {
    let a = srv.login("auditadmin").await;
    let (s, report) = a.post_empty("/api/audit/verify").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(report["ok"], true, "{report}");
    let checked = report["checked"].as_u64().unwrap();
    assert!(checked > 10);
    // Alter one record directly in the database.
    let db = srv.store.raw_write_connection();
    db.execute_unprepared("UPDATE audit_log SET actor_name = 'mallory' WHERE seq = 5")
        .await
        .unwrap();
    let (_, report) = a.post_empty("/api/audit/verify").await;
    assert_eq!(report["ok"], false);
    assert_eq!(report["first_broken"]["seq"], 5, "{report}");
    assert!(
        report["first_broken"]["reason"]
            .as_str()
            .unwrap()
            .contains("篡改")
    );
    // The failed check is itself recorded.
    let v = srv.audit("audit.verify").await;
    assert_eq!(v[0]["result"], "failure");
});

db_test!(a_removed_record_breaks_the_chain, true, |srv| {
    let db = srv.store.raw_write_connection();
    db.execute_unprepared("DELETE FROM audit_log WHERE seq = 3")
        .await
        .unwrap();
    let report = srv
        .store
        .verify_audit(anzhi_domain::Scope::Internal)
        .await
        .unwrap();
    assert!(!report.ok);
    let broken = report.first_broken.unwrap();
    assert_eq!(broken.seq, 3);
    assert!(broken.reason.contains("删除"), "{}", broken.reason);
});

db_test!(removing_the_tail_is_caught, true, |srv| {
    let before = srv
        .store
        .verify_audit(anzhi_domain::Scope::Internal)
        .await
        .unwrap();
    assert!(before.ok);
    let last = before.checked as i64;
    srv.store
        .raw_write_connection()
        .execute_unprepared(&format!("DELETE FROM audit_log WHERE seq = {last}"))
        .await
        .unwrap();
    let after = srv
        .store
        .verify_audit(anzhi_domain::Scope::Internal)
        .await
        .unwrap();
    assert!(!after.ok);
    assert!(after.first_broken.unwrap().reason.contains("链尾"));
});

db_test!(
    concurrent_writes_all_land_in_one_unbroken_chain,
    true,
    |srv| {
        let admin = std::sync::Arc::new(srv.login("sysadmin").await);
        let bureau = srv.org_id("海口市商务局").await;
        let mut tasks = Vec::new();
        for i in 0..40 {
            let c = admin.clone();
            let b = bureau.clone();
            tasks.push(tokio::spawn(async move {
                c.post(
                    "/api/orgs",
                    json!({"name": format!("并发科室{i}"), "kind": "section", "parent_id": b}),
                )
                .await
                .0
            }));
        }
        for t in tasks {
            assert_eq!(
                t.await.unwrap(),
                StatusCode::CREATED,
                "no write fails under concurrency"
            );
        }
        let (_, list) = admin.get("/api/orgs?q=并发科室").await;
        assert_eq!(list["total"], 40);
        let report = srv
            .store
            .verify_audit(anzhi_domain::Scope::Internal)
            .await
            .unwrap();
        assert!(report.ok, "{report:?}");
        assert_eq!(
            srv.audit("org.create")
                .await
                .iter()
                .filter(|r| r["after"]["name"]
                    .as_str()
                    .unwrap_or("")
                    .starts_with("并发科室"))
                .count(),
            40
        );
    }
);

/// Behind a proxy (`--trust-proxy`) the audit trail records the address the proxy saw:
/// the last of `X-Forwarded-For`, never one the client wrote before it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_proxy_the_client_address_cannot_be_forged() {
    let config = anzhi_server::ServerConfig {
        demo: true,
        trust_proxy: true,
        ..Default::default()
    };
    let srv = common::TestServer::start_with(common::Db::Sqlite, config, true)
        .await
        .expect("server");
    let res = reqwest::Client::new()
        .post(format!("{}/api/auth/login", srv.base))
        .header("X-Forwarded-For", "10.9.9.9, 203.0.113.7")
        .json(&json!({"username": "leader", "password": "wrong-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let failed = srv.audit("auth.login_failed").await;
    let r = failed
        .last()
        .unwrap_or_else(|| panic!("the failed login is recorded: {failed:?}"));
    assert_eq!(r["ip"], "203.0.113.7", "{r}");
    srv.stop().await;
}
