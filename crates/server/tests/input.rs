//! Bad input: a clear Chinese message naming the field, the right status,
//! and nothing written.

mod common;

use reqwest::StatusCode;
use serde_json::{Value, json};

async fn raw(c: &common::Client, body: &str, content_type: &str) -> (StatusCode, Value) {
    let csrf = c.csrf.lock().unwrap().clone().unwrap();
    let res = c
        .http
        .post(format!("{}/api/users", c.base))
        .header("X-CSRF-Token", csrf)
        .header("Content-Type", content_type)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let s = res.status();
    assert_eq!(
        res.headers().get("content-type").unwrap(),
        "application/problem+json"
    );
    (s, res.json().await.unwrap())
}

db_test!(
    bad_bodies_are_refused_in_chinese_naming_the_field,
    true,
    |srv| {
        let c = srv.login("sysadmin").await;
        let org = srv.org_id("秀英区商务局").await;
        let (_, before) = c.get("/api/users").await;
        let n = before["total"].as_u64().unwrap();

        let (s, b) = raw(&c, "{\"username\": \"a\",", "application/json").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(b["code"], "malformed_json");
        assert!(
            b["detail"].as_str().unwrap().contains("不是有效的 JSON"),
            "{b}"
        );

        let body = json!({"username": "good1", "display_name": "张三", "role": "district_staff", "org_id": org, "is_admin": true});
        let (s, b) = raw(&c, &body.to_string(), "application/json").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(b["errors"][0]["field"], "is_admin");
        assert_eq!(b["errors"][0]["code"], "unknown_field");
        assert!(
            b["detail"].as_str().unwrap().contains("不支持的字段"),
            "{b}"
        );

        let body = json!({"display_name": "张三", "role": "district_staff", "org_id": org});
        let (s, b) = raw(&c, &body.to_string(), "application/json").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(b["errors"][0]["field"], "username");
        assert_eq!(b["errors"][0]["code"], "required");
        assert!(
            b["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("用户名"),
            "{b}"
        );

        let body =
            json!({"username": "good2", "display_name": "张三", "role": "king", "org_id": org});
        let (s, b) = raw(&c, &body.to_string(), "application/json").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(b["errors"][0]["field"], "role");
        assert_eq!(b["errors"][0]["code"], "invalid_enum");
        assert!(
            b["errors"][0]["message"].as_str().unwrap().contains("角色"),
            "{b}"
        );

        let body = json!({"username": "good3", "display_name": "张".repeat(51), "role": "district_staff", "org_id": org});
        let (s, b) = raw(&c, &body.to_string(), "application/json").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(b["errors"][0]["field"], "display_name");
        assert_eq!(b["errors"][0]["code"], "too_long");
        assert!(
            b["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("姓名不能超过50个字符"),
            "{b}"
        );

        let body = json!({"username": "good4", "display_name": "张三", "role": "district_staff", "org_id": "not-a-uuid"});
        let (s, b) = raw(&c, &body.to_string(), "application/json").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(b["errors"][0]["field"], "org_id");
        assert!(
            b["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("所属单位"),
            "{b}"
        );

        // A role that does not fit the unit, and a bad phone: all errors at once.
        let bureau = srv.org_id("海口市商务局").await;
        let body = json!({"username": "good5", "display_name": "张三", "role": "enterprise_user", "org_id": bureau, "phone": "123"});
        let (s, b) = raw(&c, &body.to_string(), "application/json").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        let fields: Vec<&str> = b["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, vec!["org_id", "phone"], "{b}");
        assert!(
            b["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("企业用户账号应属于企业"),
            "{b}"
        );

        let (s, b) = raw(&c, "username=x", "application/x-www-form-urlencoded").await;
        assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(b["code"], "unsupported_media_type");

        let big = json!({"username": "good6", "display_name": "x".repeat(2 * 1024 * 1024), "role": "district_staff", "org_id": org});
        let (s, b) = raw(&c, &big.to_string(), "application/json").await;
        assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(b["code"], "payload_too_large");
        assert!(b["detail"].as_str().unwrap().contains("超过大小限制"));

        // Nothing was written.
        let (_, after) = c.get("/api/users").await;
        assert_eq!(after["total"].as_u64().unwrap(), n);
        assert!(srv.audit("user.create").await.iter().all(|r| {
            !r["after"]["username"]
                .as_str()
                .unwrap_or("")
                .starts_with("good")
        }));

        // Keyword search treats `_` literally.
        let (s, _) = c.post("/api/users", json!({"username": "kw_ab1", "display_name": "关键词", "role": "district_staff", "org_id": org})).await;
        assert_eq!(s, StatusCode::CREATED);
        let (_, found) = c.get("/api/users?q=kw_").await;
        assert_eq!(found["total"], 1, "{found}");
        let (_, found) = c.get("/api/users?q=kwab").await;
        assert_eq!(found["total"], 0, "{found}");

        // Duplicates name the field too.
        let body = json!({"username": "xiuying", "display_name": "重复", "role": "district_staff", "org_id": org});
        let (s, b) = c.post("/api/users", body).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(b["errors"][0]["field"], "username");
        assert_eq!(b["errors"][0]["code"], "duplicate");
    }
);

db_test!(bad_query_strings_name_the_parameter, true, |srv| {
    let c = srv.login("sysadmin").await;
    let (s, b) = c.get("/api/users?page=abc").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(b["errors"][0]["field"], "page");
    assert!(
        b["errors"][0]["message"].as_str().unwrap().contains("页码"),
        "{b}"
    );
    let (s, b) = c.get("/api/users?role=king").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(b["errors"][0]["field"], "role");
    let (s, b) = c.get("/api/orgs?parent_id=xyz").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(b["errors"][0]["field"], "parent_id");
    let (s, b) = c.get("/api/nothing-here").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(b["code"], "not_found");
});

db_test!(policy_edits_are_validated, true, |srv| {
    let c = srv.login("secadmin").await;
    let (s, p) = c.get("/api/security/policy").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(p["min_length"], 8);
    assert_eq!(p["max_failures"], 5);
    assert_eq!(p["lockout_minutes"], 15);
    assert_eq!(p["idle_timeout_minutes"], 30);
    let mut bad = p.clone();
    bad["min_length"] = json!(4);
    let (s, b) = c.put("/api/security/policy", bad).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(b["errors"][0]["field"], "min_length");
    let mut good = p.clone();
    good["max_failures"] = json!(3);
    let (s, b) = c.put("/api/security/policy", good).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    // The new policy applies: three failures lock.
    let u = srv.client();
    for _ in 0..2 {
        assert_eq!(
            u.login("meilan", "Wrong#Pass1").await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(u.login("meilan", "Wrong#Pass1").await.0, StatusCode::LOCKED);
    let rec = srv.audit("security.policy_update").await;
    assert_eq!(rec[0]["before"]["max_failures"], 5);
    assert_eq!(rec[0]["after"]["max_failures"], 3);
});
