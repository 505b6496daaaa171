//! Reminders: each fires once however many servers run the job; in-app
//! notifications per unit; e-mail to a local SMTP sink and 企业微信/钉钉
//! webhooks to a local receiver; unit contacts and campaign rules.

mod common;

use std::sync::{Arc, Mutex};

use anzhi_domain::crypto::FieldCipher;
use anzhi_server::reminders::{Notifier, run_once};
use anzhi_store::Store;
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const PLAN: &str = "2026年提醒测试方案\n一、重点任务\n1. 开展商场消防检查。（牵头单位：局政策法规科。责任单位：秀英区商务局、美兰区商务局。完成时限：12月份）\n2. 开展燃气安全检查。（牵头单位：局政策法规科。责任单位：秀英区商务局、美兰区商务局。完成时限：12月份）\n3. 开展用电安全检查。（牵头单位：局政策法规科。责任单位：秀英区商务局、美兰区商务局。完成时限：12月份）\n";

/// Imports the plan with deadlines 7 days ahead, today, and 5 days ago (China time).
async fn import(srv: &common::TestServer) -> (common::Client, String) {
    let zf = srv.login("zhengfa").await;
    let (s, p) = common::preview_plan(&zf, PLAN.as_bytes(), "plan.txt").await;
    assert_eq!(s, StatusCode::OK, "{p}");
    let today = anzhi_domain::time::today_china(Utc::now());
    let ends = [today + Duration::days(7), today, today - Duration::days(5)];
    let tasks: Vec<Value> = p["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .zip(ends)
        .map(|(t, end)| {
            json!({"number": t["number"], "text": t["text"], "deadline": {"text": format!("{end}前"), "end": end},
                   "lead": [{"phrase": "局政策法规科", "unit_ids": [t["lead"][0]["units"][0]["id"]]}],
                   "responsible": t["responsible"].as_array().unwrap().iter().map(|e| json!({"phrase": e["phrase"], "unit_ids": [e["units"][0]["id"]]})).collect::<Vec<_>>()})
        })
        .collect();
    let (s, c) = zf
        .post(
            "/api/campaigns",
            json!({"draft_id": p["draft_id"], "title": p["title"], "year": 2026, "tasks": tasks}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    (zf, c["id"].as_str().unwrap().to_string())
}

db_test!(each_reminder_fires_once_across_two_servers, true, |srv| {
    let (zf, _cid) = import(&srv).await;
    // A second server process on the same database.
    let other = Store::open(&srv.url, FieldCipher::new(&[42u8; 32]))
        .await
        .unwrap();
    let n = Notifier::default();
    let (a, b, c, d) = tokio::join!(
        run_once(&srv.store, &n, "server-a"),
        run_once(&other, &n, "server-b"),
        run_once(&srv.store, &n, "server-a"),
        run_once(&other, &n, "server-b"),
    );
    let created: u32 = [a, b, c, d].into_iter().map(|r| r.unwrap().reminders).sum();
    assert_eq!(created, 6, "3 tasks × 2 units, once each");
    let xy = srv.login("xiuying").await;
    let (_, list) = xy.get("/api/notifications").await;
    assert_eq!(list["total"], 3, "{list}");
    let titles: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.iter().any(|t| t.contains("距完成时限还有7天")),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|t| t.contains("今天是完成时限")),
        "{titles:?}"
    );
    assert!(titles.iter().any(|t| t.contains("已逾期5天")), "{titles:?}");
    assert_eq!(list["items"][0]["link"], "/my-tasks");
    // The lead unit gets one digest of the overdue items.
    let (_, lead) = zf.get("/api/notifications").await;
    assert_eq!(lead["total"], 1, "{lead}");
    assert!(
        lead["items"][0]["title"]
            .as_str()
            .unwrap()
            .contains("2个分工已逾期"),
        "{lead}"
    );
    // Running again (on either server) creates nothing new.
    let again = run_once(&other, &n, "server-b").await.unwrap();
    assert_eq!((again.reminders, again.digests), (0, 0));
    // The bell: count, read one, read all; another unit's notification is not ours.
    let (_, c) = xy.get("/api/notifications/unread-count").await;
    assert_eq!(c["count"], 3);
    let first = list["items"][0]["id"].as_str().unwrap().to_string();
    let (s, _) = xy
        .post_empty(&format!("/api/notifications/{first}/read"))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, c) = xy.get("/api/notifications/unread-count").await;
    assert_eq!(c["count"], 2);
    let (_, unread) = xy.get("/api/notifications?unread=true").await;
    assert_eq!(unread["total"], 2);
    let ml = srv.login("meilan").await;
    let (s, _) = ml
        .post_empty(&format!("/api/notifications/{first}/read"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, r) = xy.post_empty("/api/notifications/read-all").await;
    assert_eq!(r["count"], 2);
    let (_, c) = xy.get("/api/notifications/unread-count").await;
    assert_eq!(c["count"], 0);
    // Read state is per user: another user of the same unit still sees them unread.
    let admin = srv.login("sysadmin").await;
    let org = srv.org_id("秀英区商务局").await;
    let (s, created) = admin
        .post("/api/users", json!({"username": "xiuying2", "display_name": "秀英二", "role": "district_staff", "org_id": org, "password": "Second#User9"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    let second = srv.client();
    assert_eq!(
        second.login("xiuying2", "Second#User9").await.0,
        StatusCode::OK
    );
    let (s, _) = second
        .post(
            "/api/auth/password",
            json!({"old_password": "Second#User9", "new_password": "Changed#User9"}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, c) = second.get("/api/notifications/unread-count").await;
    assert_eq!(c["count"], 3);
    other.close().await;
});

/// A minimal SMTP server that records every message it accepts.
async fn smtp_sink() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = Arc::new(Mutex::new(Vec::new()));
    let store = got.clone();
    tokio::spawn(async move {
        loop {
            let Ok((sock, _)) = listener.accept().await else {
                return;
            };
            let store = store.clone();
            tokio::spawn(async move {
                let (r, mut w) = sock.into_split();
                let mut lines = BufReader::new(r).lines();
                let _ = w.write_all(b"220 sink ESMTP\r\n").await;
                let mut data = String::new();
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            store.lock().unwrap().push(std::mem::take(&mut data));
                            let _ = w.write_all(b"250 OK queued\r\n").await;
                        } else {
                            data.push_str(&line);
                            data.push('\n');
                        }
                        continue;
                    }
                    let cmd = line.to_ascii_uppercase();
                    let reply: &[u8] = if cmd.starts_with("EHLO") || cmd.starts_with("HELO") {
                        b"250-sink\r\n250 8BITMIME\r\n"
                    } else if cmd.starts_with("DATA") {
                        in_data = true;
                        b"354 go ahead\r\n"
                    } else if cmd.starts_with("QUIT") {
                        let _ = w.write_all(b"221 bye\r\n").await;
                        break;
                    } else {
                        b"250 OK\r\n"
                    };
                    let _ = w.write_all(reply).await;
                }
            });
        }
    });
    (port, got)
}

type Posts = Arc<Mutex<Vec<Value>>>;

/// A webhook receiver answering like 企业微信 (`/ok`) or like a failing 钉钉 robot (`/fail`).
async fn webhook_receiver() -> (String, Posts, Posts) {
    use axum::{Json, Router, routing::post};
    let ok: Posts = Arc::new(Mutex::new(Vec::new()));
    let fail: Posts = Arc::new(Mutex::new(Vec::new()));
    let g1 = ok.clone();
    let g2 = fail.clone();
    let app = Router::new()
        .route(
            "/ok",
            post(move |Json(v): Json<Value>| async move {
                g1.lock().unwrap().push(v);
                Json(json!({"errcode": 0, "errmsg": "ok"}))
            }),
        )
        .route(
            "/fail",
            post(move |Json(v): Json<Value>| async move {
                g2.lock().unwrap().push(v);
                Json(json!({"errcode": 310000, "errmsg": "keywords not in content"}))
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (base, ok, fail)
}

db_test!(
    reminders_go_out_by_email_and_group_robot_once,
    true,
    |srv| {
        let (smtp_port, mails) = smtp_sink().await;
        let (hook, ok_posts, failed_posts) = webhook_receiver().await;
        let admin = srv.login("sysadmin").await;
        let xiuying = srv.org_id("秀英区商务局").await;
        let meilan = srv.org_id("美兰区商务局").await;
        // Bad settings name the field.
        let (s, b) = admin
            .put(
                &format!("/api/orgs/{xiuying}/contact"),
                json!({"email": "not-an-address"}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(b["errors"][0]["field"], "email");
        let (s, b) = admin
            .put(
                &format!("/api/orgs/{xiuying}/contact"),
                json!({"webhook_url": format!("{hook}/ok")}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(b["errors"][0]["field"], "webhook_kind");
        let (s, b) = admin
        .put(&format!("/api/orgs/{xiuying}/contact"), json!({"email": "xiuying@example.gov.cn", "webhook_url": format!("{hook}/ok"), "webhook_kind": "wecom"}))
        .await;
        assert_eq!(s, StatusCode::OK, "{b}");
        let (s, _) = admin
            .put(
                &format!("/api/orgs/{meilan}/contact"),
                json!({"webhook_url": format!("{hook}/fail"), "webhook_kind": "dingtalk"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        let (_, c) = admin.get(&format!("/api/orgs/{xiuying}/contact")).await;
        assert_eq!(c["webhook_kind"], "wecom");
        import(&srv).await;
        let notifier = Notifier::new(
            Some(&format!("smtp://127.0.0.1:{smtp_port}")),
            Some("安治 <anzhi@example.gov.cn>"),
        )
        .unwrap();
        let other = Store::open(&srv.url, FieldCipher::new(&[42u8; 32]))
            .await
            .unwrap();
        let (a, b) = tokio::join!(
            run_once(&srv.store, &notifier, "a"),
            run_once(&other, &notifier, "b")
        );
        a.unwrap();
        b.unwrap();
        // 秀英区商务局: three reminders, each once by e-mail and once to the robot.
        let mails = mails.lock().unwrap().clone();
        assert_eq!(mails.len(), 3, "{mails:?}");
        assert!(mails.iter().all(|m| m.contains("xiuying@example.gov.cn")));
        let wecom = ok_posts.lock().unwrap().clone();
        assert_eq!(wecom.len(), 3, "{wecom:?}");
        assert!(
            wecom
                .iter()
                .all(|v| v["msgtype"] == "text"
                    && v["text"]["content"].as_str().unwrap().contains("【")),
            "{wecom:?}"
        );
        assert!(mails.iter().any(|m| m.contains("Subject:")), "{mails:?}");
        // The failing robot is tried up to three times, then the delivery is marked failed.
        for _ in 0..3 {
            run_once(&srv.store, &notifier, "a").await.unwrap();
            // Let the claim lapse as if two minutes passed.
            use sea_orm::ConnectionTrait;
            srv.store
                .raw_write_connection()
                .execute_unprepared("UPDATE deliveries SET claimed_until = NULL")
                .await
                .unwrap();
        }
        use sea_orm::ConnectionTrait;
        let be = srv.store.raw_write_connection().get_database_backend();
        let row = srv
        .store
        .raw_write_connection()
        .query_one_raw(sea_orm::Statement::from_string(
            be,
            "SELECT COUNT(*) AS n FROM deliveries WHERE status = 'failed' AND attempts = 3 AND last_error LIKE '%310000%'",
        ))
        .await
        .unwrap()
        .unwrap();
        let failed: i64 = row.try_get("", "n").unwrap();
        assert_eq!(
            failed, 3,
            "美兰's three robot deliveries failed after three attempts"
        );
        let row = srv
            .store
            .raw_write_connection()
            .query_one_raw(sea_orm::Statement::from_string(
                be,
                "SELECT COUNT(*) AS n FROM deliveries WHERE status = 'sent'",
            ))
            .await
            .unwrap()
            .unwrap();
        let sent: i64 = row.try_get("", "n").unwrap();
        assert_eq!(sent, 6, "3 e-mails + 3 wecom messages");
        assert_eq!(
            ok_posts.lock().unwrap().len(),
            3,
            "sent ones are not resent"
        );
        assert_eq!(
            failed_posts.lock().unwrap().len(),
            9,
            "3 deliveries × 3 attempts at the failing robot"
        );
        other.close().await;
    }
);

db_test!(campaign_rules_are_the_owners_and_validated, true, |srv| {
    let (zf, cid) = import(&srv).await;
    let (_, r) = zf
        .get(&format!("/api/campaigns/{cid}/reminder-rules"))
        .await;
    assert_eq!(
        r,
        json!({"before_days": [7, 1], "overdue_every_days": 3, "lead_digest": true})
    );
    let (s, b) = zf
        .put(
            &format!("/api/campaigns/{cid}/reminder-rules"),
            json!({"before_days": [3, 400], "overdue_every_days": 1, "lead_digest": false}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(b["errors"][0]["field"], "before_days[1]");
    let (s, b) = zf
        .put(
            &format!("/api/campaigns/{cid}/reminder-rules"),
            json!({"before_days": [1, 3, 1], "overdue_every_days": 1, "lead_digest": false}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["before_days"], json!([3, 1]));
    let l = srv.login("leader").await;
    let (s, _) = l
        .put(
            &format!("/api/campaigns/{cid}/reminder-rules"),
            json!({"before_days": [], "overdue_every_days": 0, "lead_digest": false}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // With the new rules the 7-day task is not reminded, the overdue one daily, and no digest.
    let stats = run_once(&srv.store, &Notifier::default(), "a")
        .await
        .unwrap();
    assert_eq!(stats.digests, 0);
    assert_eq!(
        stats.reminders, 4,
        "today's and the overdue task, for two units each"
    );
    assert!(
        srv.audit("campaign.rules_update")
            .await
            .iter()
            .any(|r| r["object_id"] == cid.as_str())
    );
});
