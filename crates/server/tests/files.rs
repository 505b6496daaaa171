//! Uploads: type by content, size limit, private until attached, readable by whoever
//! may read the record; attachments on progress reports; stale uploads swept.

mod common;

use anzhi_server::ServerConfig;
use anzhi_server::files::FileStorage;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const SEED: &[u8] = include_bytes!("../../plan/tests/data/haikou-commerce-2021.txt");
const PDF: &[u8] = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

async fn seed_campaign(srv: &common::TestServer) -> (common::Client, String) {
    let zf = srv.login("zhengfa").await;
    let (s, p) = common::preview_plan(&zf, SEED, "seed.txt").await;
    assert_eq!(s, StatusCode::OK, "{p}");
    let (s, c) = zf.post("/api/campaigns", common::confirm_body(&p)).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    (zf, c["id"].as_str().unwrap().to_string())
}

db_test!(
    uploads_are_checked_by_content_and_private_until_attached,
    true,
    |srv| {
        let xy = srv.login("xiuying").await;
        let (s, f) = xy
            .upload("/api/files", "../../整改照片.png", common::PNG)
            .await;
        assert_eq!(s, StatusCode::CREATED, "{f}");
        assert_eq!(f["name"], "整改照片.png", "path parts are dropped");
        assert_eq!(f["content_type"], "image/png");
        assert_eq!(f["size"], common::PNG.len());
        let id = f["id"].as_str().unwrap();

        // The uploader reads it back, byte for byte, never rendered as a page.
        let res = xy
            .request(Method::GET, &format!("/api/files/{id}"), None)
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let h = res.headers().clone();
        assert_eq!(h["content-type"], "image/png");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert!(
            h["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment;")
        );
        assert!(
            h["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("sandbox")
        );
        assert_eq!(res.bytes().await.unwrap().as_ref(), common::PNG);
        let res = xy
            .request(Method::GET, &format!("/api/files/{id}?inline=true"), None)
            .await;
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("inline;")
        );

        // Nobody else reads an unattached upload, not even the bureau.
        for who in ["zhengfa", "leader", "meilan", "qiye1"] {
            let (s, _) = srv.login(who).await.get(&format!("/api/files/{id}")).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{who}");
        }

        // A PDF named .jpg is a PDF; a program named .pdf and an HTML page are refused.
        let (s, f) = xy.upload("/api/files", "扫描件.jpg", PDF).await;
        assert_eq!(s, StatusCode::CREATED, "{f}");
        assert_eq!(f["content_type"], "application/pdf");
        assert_eq!(f["name"], "扫描件.jpg.pdf");
        let (s, p) = xy
            .upload(
                "/api/files",
                "报告.pdf",
                b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",
            )
            .await;
        assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{p}");
        assert!(
            p["detail"].as_str().unwrap().contains("不支持的文件类型"),
            "{p}"
        );
        let (s, _) = xy
            .upload(
                "/api/files",
                "x.html",
                b"<!DOCTYPE html><script>alert(1)</script>",
            )
            .await;
        assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let (s, p) = xy.upload("/api/files", "空.txt", b"").await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{p}");
        assert_eq!(p["errors"][0]["field"], "file");
        assert_eq!(p["errors"][0]["message"], "文件为空");
        // Admins do not upload business files.
        let (s, _) = srv
            .login("sysadmin")
            .await
            .upload("/api/files", "a.png", common::PNG)
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        // Unauthenticated or without the CSRF header: refused.
        let (s, _) = srv
            .client()
            .upload("/api/files", "a.png", common::PNG)
            .await;
        assert_eq!(s, StatusCode::UNAUTHORIZED);

        let audit = srv.audit("file.upload").await;
        assert!(audit.iter().any(|a| a["object_id"] == id), "upload audited");
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_over_the_limit_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = ServerConfig {
        files: FileStorage::local(dir.path(), 1024).unwrap(),
        ..Default::default()
    };
    let srv = common::TestServer::start_with(common::Db::Sqlite, config, true)
        .await
        .unwrap();
    let xy = srv.login("xiuying").await;
    let mut big = common::PNG.to_vec();
    big.resize(4096, 0);
    let (s, p) = xy.upload("/api/files", "大.png", &big).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{p}");
    assert_eq!(p["detail"], "文件超过大小限制（最大 1 MB）");
    let (s, _) = xy.upload("/api/files", "小.png", common::PNG).await;
    assert_eq!(s, StatusCode::CREATED);
    srv.stop().await;
}

db_test!(
    progress_reports_carry_attachments_within_scope,
    true,
    |srv| {
        let (zf, cid) = seed_campaign(&srv).await;
        let xy = srv.login("xiuying").await;
        let (_, mine) = xy
            .get(&format!("/api/assignments?mine=true&campaign_id={cid}"))
            .await;
        let a = &mine["items"][0];
        let aid = a["id"].as_str().unwrap();
        let tid = a["task_id"].as_str().unwrap();
        let (_, f1) = xy.upload("/api/files", "检查记录.pdf", PDF).await;
        let (_, f2) = xy.upload("/api/files", "现场.png", common::PNG).await;
        let (s, b) = xy
        .post(
            &format!("/api/assignments/{aid}/progress"),
            json!({"text": "已检查12家商场", "percent": 30, "attachments": [f1["id"], f2["id"]]}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{b}");

        // The timeline shows both files on the report, in the order given.
        let (_, t) = zf.get(&format!("/api/tasks/{tid}")).await;
        let ev = t["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["text"] == "已检查12家商场")
            .expect("the report on the timeline");
        let names: Vec<&str> = ev["attachments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, vec!["检查记录.pdf", "现场.png"]);

        // The lead section and the leader read them; another district and an enterprise do not.
        let f1id = f1["id"].as_str().unwrap();
        for (who, want) in [
            ("zhengfa", StatusCode::OK),
            ("leader", StatusCode::OK),
            ("xiuying", StatusCode::OK),
            ("meilan", StatusCode::NOT_FOUND),
            ("qiye1", StatusCode::NOT_FOUND),
            ("anweiban", StatusCode::NOT_FOUND),
        ] {
            let res = srv
                .login(who)
                .await
                .request(Method::GET, &format!("/api/files/{f1id}"), None)
                .await;
            assert_eq!(res.status(), want, "{who}");
            if want == StatusCode::OK {
                assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
            }
        }
        // The other district does not see the report on its own copy of the task either.
        let (_, t) = srv
            .login("meilan")
            .await
            .get(&format!("/api/tasks/{tid}"))
            .await;
        assert!(
            !t["timeline"].to_string().contains("检查记录.pdf"),
            "meilan sees only its own assignment's timeline"
        );

        // A file is attached once; someone else's upload cannot be attached; nothing is half-written.
        let (s, p) = xy
            .post(
                &format!("/api/assignments/{aid}/progress"),
                json!({"text": "再用一次", "percent": 40, "attachments": [f1["id"]]}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{p}");
        assert_eq!(p["errors"][0]["field"], "attachments");
        let (_, other) = zf.upload("/api/files", "科室文件.pdf", PDF).await;
        let (s, p) = xy
            .post(
                &format!("/api/assignments/{aid}/progress"),
                json!({"text": "别人的附件", "percent": 40, "attachments": [other["id"]]}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{p}");
        let (_, t) = zf.get(&format!("/api/tasks/{tid}")).await;
        assert!(
            !t.to_string().contains("别人的附件"),
            "a refused report leaves no trace"
        );
        let audit = srv.audit("assignment.report").await;
        assert!(
            audit
                .iter()
                .any(|a| a["after"].to_string().contains("检查记录.pdf")),
            "the audit trail names the attachments"
        );
    }
);

db_test!(uploads_never_attached_are_swept_after_a_day, true, |srv| {
    let xy = srv.login("xiuying").await;
    let (_, f) = xy.upload("/api/files", "草稿.png", common::PNG).await;
    let id = f["id"].as_str().unwrap().to_string();
    let (_, kept) = xy.upload("/api/files", "新.png", common::PNG).await;
    // Age the first upload by two days.
    use sea_orm::ConnectionTrait;
    let db = srv.store.raw_write_connection();
    let two_days_ago = chrono::Utc::now() - chrono::Duration::days(2);
    let sql = match srv.store.backend() {
        anzhi_store::Backend::Sqlite => format!(
            "UPDATE files SET uploaded_at = '{}' WHERE name = '草稿.png'",
            two_days_ago.format("%Y-%m-%d %H:%M:%S%.6f+00:00"),
        ),
        anzhi_store::Backend::Postgres => format!(
            "UPDATE files SET uploaded_at = '{}' WHERE name = '草稿.png'",
            two_days_ago.to_rfc3339(),
        ),
    };
    db.execute_unprepared(&sql).await.unwrap();
    let storage = srv.files.clone();
    let n = anzhi_server::files::sweep_stale(&srv.store, &storage)
        .await
        .unwrap();
    assert_eq!(n, 1);
    let (s, _) = xy.get(&format!("/api/files/{id}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = xy
        .get(&format!("/api/files/{}", kept["id"].as_str().unwrap()))
        .await;
    assert_eq!(s, StatusCode::OK, "a fresh upload stays");
});

fn task_body(text: &str, units: Value) -> Value {
    json!({
        "section": "手工添加", "number": "A1", "text": text,
        "deadline": {"text": "10月底前", "kind": "by", "end": "2021-10-31"},
        "lead": [],
        "responsible": units,
    })
}

db_test!(tasks_are_created_edited_and_deleted_by_hand, true, |srv| {
    let (zf, cid) = seed_campaign(&srv).await;
    let (_, r) = zf
        .post("/api/orgs/resolve", json!({"phrases": ["各区商务局"]}))
        .await;
    let group = r["resolved"][0]["group"]["id"].clone();
    assert!(group.is_string(), "{r}");
    let xiuying = srv.org_id("秀英区商务局").await;
    let meilan = srv.org_id("美兰区商务局").await;

    // Validation names the fields in Chinese and writes nothing.
    let (s, p) = zf
        .post(
            &format!("/api/campaigns/{cid}/tasks"),
            task_body(" ", json!([])),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{p}");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"text") && fields.contains(&"responsible"),
        "{p}"
    );
    assert!(p["errors"].to_string().contains("任务的内容"), "{p}");

    let (s, t) = zf
        .post(
            &format!("/api/campaigns/{cid}/tasks"),
            task_body(
                "开展节前商场消防安全检查",
                json!([{"phrase": "各区商务局", "group_id": group}]),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    assert_eq!(t["seq"], 11, "after the 10 imported tasks");
    assert_eq!(t["assignments"].as_array().unwrap().len(), 4);
    assert_eq!(t["lead_units"], json!([]));
    let tid = t["id"].as_str().unwrap().to_string();
    let (_, c) = zf.get(&format!("/api/campaigns/{cid}")).await;
    assert_eq!(c["task_count"], 11);

    // Only the owning section edits; a district cannot.
    let xy = srv.login("xiuying").await;
    let (s, _) = xy
        .put(&format!("/api/tasks/{tid}"), task_body("改", json!([])))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // 秀英 reports; it can no longer be removed, but 美兰 (not started) can.
    let xa = t["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["org_name"] == "秀英区商务局")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (s, _) = xy
        .post(
            &format!("/api/assignments/{xa}/progress"),
            json!({"text": "已部署", "percent": 20}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, p) = zf
        .put(
            &format!("/api/tasks/{tid}"),
            task_body(
                "开展节前商场消防安全检查",
                json!([{"phrase": "美兰区商务局", "unit_ids": [meilan]}]),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{p}");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("秀英区商务局已报告进展"),
        "{p}"
    );
    let (s, t) = zf
        .put(
            &format!("/api/tasks/{tid}"),
            json!({
                "section": "手工添加", "number": "A1", "text": "开展节前商场和超市消防安全检查",
                "deadline": {"text": "11月底前", "kind": "by", "end": "2021-11-30"},
                "lead": [{"phrase": "局政策法规科", "unit_ids": [srv.org_id("政策法规科").await]}],
                "responsible": [{"phrase": "秀英区商务局", "unit_ids": [xiuying]}],
            }),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    assert_eq!(t["text"], "开展节前商场和超市消防安全检查");
    assert_eq!(t["deadline"]["end"], "2021-11-30");
    assert_eq!(t["lead_units"][0]["name"], "政策法规科");
    let units: Vec<&str> = t["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["org_name"].as_str().unwrap())
        .collect();
    assert_eq!(units, vec!["秀英区商务局"]);
    assert_eq!(t["assignments"][0]["percent"], 20, "the report is kept");
    assert_eq!(t["status"], "in_progress");
    // Meilan no longer sees the task.
    let (s, _) = srv
        .login("meilan")
        .await
        .get(&format!("/api/tasks/{tid}"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // A task with a report cannot be deleted; a fresh one can.
    let (s, _) = zf.delete(&format!("/api/tasks/{tid}")).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (_, fresh) = zf
        .post(
            &format!("/api/campaigns/{cid}/tasks"),
            task_body(
                "临时任务",
                json!([{"phrase": "秀英区商务局", "unit_ids": [xiuying]}]),
            ),
        )
        .await;
    let fid = fresh["id"].as_str().unwrap();
    let (s, _) = zf.delete(&format!("/api/tasks/{fid}")).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = zf.get(&format!("/api/tasks/{fid}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, mine): (_, Value) = xy
        .get(&format!("/api/assignments?mine=true&task_id={fid}"))
        .await;
    assert_eq!(mine["total"], 0, "its assignments are gone");

    for action in ["task.create", "task.update", "task.delete"] {
        assert!(!srv.audit(action).await.is_empty(), "{action} audited");
    }
});

db_test!(
    recurring_task_periods_change_only_before_any_report,
    true,
    |srv| {
        let (zf, cid) = seed_campaign(&srv).await;
        let xiuying = srv.org_id("秀英区商务局").await;
        let monthly = |end: &str| {
            json!({
                "section": "手工添加", "number": "M", "text": "每月报送隐患排查情况",
                "deadline": {"text": "每月", "kind": "recurring", "period": "monthly", "start": "2021-01-01", "end": end},
                "lead": [], "responsible": [{"phrase": "秀英区商务局", "unit_ids": [xiuying]}],
            })
        };
        let (s, t) = zf
            .post(
                &format!("/api/campaigns/{cid}/tasks"),
                monthly("2021-06-30"),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{t}");
        assert_eq!(t["assignments"].as_array().unwrap().len(), 6);
        let tid = t["id"].as_str().unwrap().to_string();
        // Before any report the window may change: twelve periods now.
        let (s, t) = zf
            .put(&format!("/api/tasks/{tid}"), monthly("2021-12-31"))
            .await;
        assert_eq!(s, StatusCode::OK, "{t}");
        assert_eq!(t["assignments"].as_array().unwrap().len(), 12);
        // A recurring task without a period is refused with the field named.
        let mut bad = monthly("2021-12-31");
        bad["deadline"]["period"] = Value::Null;
        let (s, p) = zf.put(&format!("/api/tasks/{tid}"), bad).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(p["errors"][0]["field"], "deadline.period");
        // After a report, the periods stay.
        let xy = srv.login("xiuying").await;
        let aid = t["assignments"][0]["id"].as_str().unwrap();
        let (s, _) = xy
            .post(
                &format!("/api/assignments/{aid}/progress"),
                json!({"text": "1月无隐患", "percent": 100}),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        let (s, p) = zf
            .put(&format!("/api/tasks/{tid}"), monthly("2021-09-30"))
            .await;
        assert_eq!(s, StatusCode::CONFLICT, "{p}");
    }
);
