//! Authentication: login, lockout, forced password change, CSRF, sessions, TOTP.

mod common;

use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::json;

use common::{DEMO_PASSWORD, TestServer};

db_test!(
    login_sets_httponly_strict_cookie_and_rotates_session,
    true,
    |srv| {
        let c = srv.client();
        let res = c
            .request(
                reqwest::Method::POST,
                "/api/auth/login",
                Some(json!({"username": "leader", "password": DEMO_PASSWORD})),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let cookie = res
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(cookie.starts_with("anzhi_session="), "{cookie}");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
            "{cookie}"
        );
        assert!(!cookie.contains("Secure"), "no TLS here: {cookie}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["user"]["username"], "leader");
        assert_eq!(body["user"]["role_label"], "局领导");
        assert!(body["csrf_token"].as_str().unwrap().len() >= 32);
        assert_eq!(body["demo"], true);
        // Logging in again from the same client gives a new session and ends the old one.
        let res2 = c
            .request(
                reqwest::Method::POST,
                "/api/auth/login",
                Some(json!({"username": "leader", "password": DEMO_PASSWORD})),
            )
            .await;
        let cookie2 = res2
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert_ne!(cookie, cookie2);
        let (s, sessions) = c.get("/api/auth/sessions").await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(
            sessions.as_array().unwrap().len(),
            1,
            "the old session was replaced: {sessions}"
        );
        assert_eq!(sessions[0]["current"], true);
    }
);

db_test!(
    wrong_password_is_refused_and_audited_then_locks_after_five,
    true,
    |srv| {
        let c = srv.client();
        for i in 0..4 {
            let (s, body) = c.login("meilan", "Wrong#Pass1").await;
            assert_eq!(s, StatusCode::UNAUTHORIZED, "attempt {i}: {body}");
            assert_eq!(body["code"], "invalid_credentials");
            assert_eq!(body["detail"], "用户名或密码错误");
        }
        let (s, body) = c.login("meilan", "Wrong#Pass1").await;
        assert_eq!(s, StatusCode::LOCKED, "{body}");
        assert_eq!(body["code"], "account_locked");
        assert!(body["detail"].as_str().unwrap().contains("锁定至"));
        // Even the right password is refused while locked.
        let (s, body) = c.login("meilan", DEMO_PASSWORD).await;
        assert_eq!(s, StatusCode::LOCKED, "{body}");
        // Unknown user answers like a wrong password.
        let (s, body) = c.login("nobody", DEMO_PASSWORD).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        assert_eq!(body["code"], "invalid_credentials");
        let failed = srv.audit("auth.login_failed").await;
        assert!(
            failed
                .iter()
                .filter(|r| r["actor_name"] == "meilan")
                .count()
                >= 6,
            "{failed:?}"
        );
        assert!(failed.iter().any(|r| r["actor_name"] == "nobody"));
        let locked = srv.audit("auth.locked").await;
        assert_eq!(locked.len(), 1);
        assert_eq!(locked[0]["actor_name"], "meilan");
        // The security admin unlocks; then the right password works.
        let sec = srv.login("secadmin").await;
        let (_, list) = sec.get("/api/users?q=meilan").await;
        let id = list["items"][0]["id"].as_str().unwrap().to_string();
        assert!(list["items"][0]["locked_until"].is_string());
        let (s, body) = sec.post_empty(&format!("/api/users/{id}/unlock")).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert!(body["locked_until"].is_null());
        let (s, _) = c.login("meilan", DEMO_PASSWORD).await;
        assert_eq!(s, StatusCode::OK);
    }
);

db_test!(
    new_user_must_change_password_before_anything_else,
    true,
    |srv| {
        let admin = srv.login("sysadmin").await;
        let district = srv.org_id("龙华区商务局").await;
        let (s, created) = admin
        .post("/api/users", json!({"username": "longhua1", "display_name": "符专干", "role": "district_staff", "org_id": district, "phone": "13812341234"}))
        .await;
        assert_eq!(s, StatusCode::CREATED, "{created}");
        assert_eq!(created["user"]["phone"], "138****1234");
        assert_eq!(created["user"]["must_change_password"], true);
        let initial = created["initial_password"].as_str().unwrap().to_string();
        let u = srv.client();
        let (s, me) = u.login("longhua1", &initial).await;
        assert_eq!(s, StatusCode::OK, "{me}");
        assert_eq!(me["pending"], "password_change");
        // Everything but the account pages is closed.
        let (s, body) = u.get("/api/orgs/tree").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert_eq!(body["code"], "password_change_required");
        // A weak new password is refused with a message naming the field.
        let (s, body) = u
            .post(
                "/api/auth/password",
                json!({"old_password": initial, "new_password": "short"}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["field"], "new_password");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("至少需要8个字符")
        );
        let (s, body) = u
            .post(
                "/api/auth/password",
                json!({"old_password": "nope", "new_password": "Longhua#2026"}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["field"], "old_password");
        let (s, body) = u
            .post(
                "/api/auth/password",
                json!({"old_password": initial, "new_password": "Longhua#2026"}),
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT, "{body}");
        let (s, me) = u.get("/api/auth/me").await;
        assert_eq!(s, StatusCode::OK);
        assert!(me["pending"].is_null(), "{me}");
        let (s, _) = u.get("/api/orgs/tree").await;
        assert_eq!(s, StatusCode::OK);
        // The old password no longer works; the new one does, without a forced change.
        let again = srv.client();
        let (s, _) = again.login("longhua1", &initial).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        let (s, me) = again.login("longhua1", "Longhua#2026").await;
        assert_eq!(s, StatusCode::OK);
        assert!(me["pending"].is_null());
        assert!(!srv.audit("auth.password_change").await.is_empty());
    }
);

db_test!(state_changes_need_the_csrf_token, true, |srv| {
    let c = srv.login("sysadmin").await;
    let bureau = srv.org_id("海口市商务局").await;
    let body = json!({"name": "安全科", "kind": "section", "parent_id": bureau});
    let res = c
        .http
        .post(format!("{}/api/orgs", c.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["code"], "csrf_failed");
    let res = c
        .http
        .post(format!("{}/api/orgs", c.base))
        .header("X-CSRF-Token", "forged")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Nothing was written; the denial is in the audit trail.
    let (_, list) = c.get("/api/orgs?q=安全科").await;
    assert_eq!(list["total"], 0);
    let denied = srv.audit("access.denied").await;
    assert!(
        denied
            .iter()
            .any(|r| r["detail"].as_str().unwrap_or("").contains("CSRF")),
        "{denied:?}"
    );
    // With the token it works.
    let (s, _) = c.post("/api/orgs", body).await;
    assert_eq!(s, StatusCode::CREATED);
});

db_test!(logout_and_ending_own_sessions, true, |srv| {
    let a = srv.login("zhengfa").await;
    let b = srv.login("zhengfa").await;
    let (_, sessions) = a.get("/api/auth/sessions").await;
    let list = sessions.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let other = list.iter().find(|s| s["current"] == false).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, _) = a.delete(&format!("/api/auth/sessions/{other}")).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, body) = b.get("/api/auth/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{body}");
    // Another user's session id is not found.
    let c = srv.login("xiuying").await;
    let (_, theirs) = c.get("/api/auth/sessions").await;
    let their_id = theirs[0]["id"].as_str().unwrap();
    let (s, _) = a.delete(&format!("/api/auth/sessions/{their_id}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = a.post_empty("/api/auth/logout").await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = a.get("/api/auth/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(
        srv.audit("auth.logout")
            .await
            .iter()
            .any(|r| r["actor_name"] == "zhengfa")
    );
});

db_test!(idle_sessions_expire, true, |srv| {
    let c = srv.login("leader").await;
    let (s, _) = c.get("/api/auth/me").await;
    assert_eq!(s, StatusCode::OK);
    // Age the session past the 30-minute idle timeout.
    let old = chrono::Utc::now() - chrono::Duration::minutes(31);
    let sql = match srv.db {
        common::Db::Sqlite => format!(
            "UPDATE sessions SET last_seen_at = '{}'",
            old.format("%Y-%m-%d %H:%M:%S%.6f+00:00")
        ),
        common::Db::Postgres => {
            format!("UPDATE sessions SET last_seen_at = '{}'", old.to_rfc3339())
        }
    };
    srv.store
        .raw_write_connection()
        .execute_unprepared(&sql)
        .await
        .unwrap();
    let (s, body) = c.get("/api/auth/me").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["code"], "unauthenticated");
});

db_test!(totp_second_factor, true, |srv| {
    let c = srv.login("zhengfa").await;
    let (s, setup) = c.post_empty("/api/auth/totp/setup").await;
    assert_eq!(s, StatusCode::OK, "{setup}");
    assert!(
        setup["qr_png"]
            .as_str()
            .unwrap()
            .starts_with("data:image/png;base64,")
    );
    assert!(
        setup["otpauth_url"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    let secret = setup["secret"].as_str().unwrap().to_string();
    let totp = anzhi_server::api::auth::totp_for(&secret, "zhengfa").unwrap();
    let (s, body) = c
        .post("/api/auth/totp/enable", json!({"code": "000000"}))
        .await;
    assert!(
        s == StatusCode::BAD_REQUEST || totp.generate_current().to_string() == "000000",
        "{body}"
    );
    let (s, body) = c
        .post(
            "/api/auth/totp/enable",
            json!({"code": totp.generate_current().to_string()}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{body}");
    // Now login asks for the code, refuses a wrong one, accepts the right one once.
    let d = srv.client();
    let (s, body) = d.login("zhengfa", DEMO_PASSWORD).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "totp_required");
    let code = totp.generate_current().to_string();
    let wrong = if code == "123456" { "654321" } else { "123456" };
    let (s, body) = d.login_totp("zhengfa", DEMO_PASSWORD, Some(wrong)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "totp_invalid");
    let (s, body) = d.login_totp("zhengfa", DEMO_PASSWORD, Some(&code)).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body["user"]["totp_enabled"], true);
    // The same code cannot be replayed.
    let e = srv.client();
    let (s, body) = e.login_totp("zhengfa", DEMO_PASSWORD, Some(&code)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{body}");
    assert!(!srv.audit("auth.totp_enable").await.is_empty());
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_must_set_up_totp_outside_demo_mode() {
    for db in [common::Db::Sqlite, common::Db::Postgres] {
        let Some(srv) = TestServer::start(db, false).await else {
            continue;
        };
        let c = srv.client();
        let (s, me) = c.login("admin", "Initial#Admin1").await;
        assert_eq!(s, StatusCode::OK, "{me}");
        assert_eq!(me["pending"], "password_change");
        let (s, _) = c
            .post(
                "/api/auth/password",
                json!({"old_password": "Initial#Admin1", "new_password": "Better#Root22"}),
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let (_, me) = c.get("/api/auth/me").await;
        assert_eq!(
            me["pending"], "totp_setup",
            "admins go on to the second factor: {me}"
        );
        assert_eq!(me["totp_required"], true);
        let (s, body) = c.get("/api/users").await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert_eq!(body["code"], "totp_setup_required");
        let (_, setup) = c.post_empty("/api/auth/totp/setup").await;
        let totp =
            anzhi_server::api::auth::totp_for(setup["secret"].as_str().unwrap(), "admin").unwrap();
        let (s, _) = c
            .post(
                "/api/auth/totp/enable",
                json!({"code": totp.generate_current().to_string()}),
            )
            .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let (s, _) = c.get("/api/users").await;
        assert_eq!(s, StatusCode::OK);
        // An admin cannot turn the second factor off.
        let (s, body) = c
            .post(
                "/api/auth/totp/disable",
                json!({"password": "Better#Root22"}),
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{body}");
        srv.stop().await;
    }
}

db_test!(
    disabled_accounts_cannot_log_in_and_lose_their_sessions,
    true,
    |srv| {
        let u = srv.login("qiye2").await;
        let admin = srv.login("sysadmin").await;
        let (_, list) = admin.get("/api/users?q=qiye2").await;
        let id = list["items"][0]["id"].as_str().unwrap().to_string();
        let (s, body) = admin.post_empty(&format!("/api/users/{id}/disable")).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        assert_eq!(body["status"], "disabled");
        let (s, _) = u.get("/api/auth/me").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
        let (s, body) = srv.client().login("qiye2", DEMO_PASSWORD).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        assert_eq!(body["code"], "account_disabled");
        let (s, _) = admin.post_empty(&format!("/api/users/{id}/enable")).await;
        assert_eq!(s, StatusCode::OK);
        let (s, _) = srv.client().login("qiye2", DEMO_PASSWORD).await;
        assert_eq!(s, StatusCode::OK);
    }
);

db_test!(
    polling_the_bell_does_not_keep_an_idle_session_alive,
    true,
    |srv| {
        let c = srv.login("leader").await;
        // Age the session to 29 minutes idle.
        let old = chrono::Utc::now() - chrono::Duration::minutes(29);
        let sql = match srv.db {
            common::Db::Sqlite => format!(
                "UPDATE sessions SET last_seen_at = '{}'",
                old.format("%Y-%m-%d %H:%M:%S%.6f+00:00")
            ),
            common::Db::Postgres => {
                format!("UPDATE sessions SET last_seen_at = '{}'", old.to_rfc3339())
            }
        };
        srv.store
            .raw_write_connection()
            .execute_unprepared(&sql)
            .await
            .unwrap();
        let (s, _) = c.get("/api/notifications/unread-count").await;
        assert_eq!(s, StatusCode::OK);
        // Two more idle minutes: the poll did not count as use.
        let older = chrono::Utc::now() - chrono::Duration::minutes(31);
        let sql = match srv.db {
            common::Db::Sqlite => format!(
                "UPDATE sessions SET last_seen_at = '{}' WHERE last_seen_at < '{}'",
                older.format("%Y-%m-%d %H:%M:%S%.6f+00:00"),
                (old + chrono::Duration::seconds(1)).format("%Y-%m-%d %H:%M:%S%.6f+00:00")
            ),
            common::Db::Postgres => format!(
                "UPDATE sessions SET last_seen_at = '{}' WHERE last_seen_at < '{}'",
                older.to_rfc3339(),
                (old + chrono::Duration::seconds(1)).to_rfc3339()
            ),
        };
        let n = srv
            .store
            .raw_write_connection()
            .execute_unprepared(&sql)
            .await
            .unwrap()
            .rows_affected();
        assert_eq!(n, 1, "the poll left last_seen_at untouched");
        let (s, _) = c.get("/api/notifications/unread-count").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);
    }
);
