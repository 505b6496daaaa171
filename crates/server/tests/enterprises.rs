//! Enterprises: registry and scope, Excel import (preview, clean-or-explicit, update
//! or skip, one transaction), substring search, masked phones, accounts, the
//! responsibility profile with the district's review, notices and completeness.

mod common;

use common::{credit_code, import_xlsx};
use reqwest::StatusCode;
use serde_json::{Value, json};

db_test!(
    import_previews_problems_and_imports_as_previewed,
    true,
    |srv| {
        let xy = srv.login("xiuying").await;
        let good1 = credit_code(1);
        let good2 = credit_code(2);
        let mut bad = credit_code(3);
        bad.replace_range(17..18, if bad.ends_with('0') { "1" } else { "0" });
        let rows = vec![
            vec![
                "椰风海韵百货超市",
                good1.as_str(),
                "秀英区",
                "超市",
                "是",
                "在营",
                "",
                "",
                "",
                "",
                "张三",
                "13800001234",
            ],
            vec!["琼味小馆餐饮店", good2.as_str(), "秀英区商务局", "餐饮"],
            vec![
                "错码商行",
                bad.as_str(),
                "龙华区商务局",
                "菜场",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "12345",
            ],
            vec!["重复一行", good1.as_str(), "秀英区", "超市"],
        ];
        let (s, p) = xy
            .upload_raw(
                "/api/enterprises/import/preview?file_name=企业.xlsx",
                &import_xlsx(&rows),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{p}");
        assert_eq!(p["rows"], 4);
        assert_eq!(p["valid"], 2);
        assert_eq!(p["new"], 2);
        let problems = p["problems"].as_array().unwrap();
        let at = |row: u64, col: &str| {
            problems
                .iter()
                .find(|x| x["row"] == row && x["column"] == col)
                .unwrap_or_else(|| panic!("no problem at row {row} {col}: {p}"))["message"]
                .as_str()
                .unwrap()
                .to_string()
        };
        assert!(at(4, "统一社会信用代码").contains("GB 32100"));
        // 秀英 staff cannot import into 龙华区: the district is not among their allowed values.
        assert!(at(4, "所属区").contains("龙华区商务局"));
        assert!(at(4, "行业类别").contains("菜场"));
        assert!(at(4, "主要负责人电话").contains("格式不正确"));
        assert!(at(5, "统一社会信用代码").contains("与第2行"));
        let draft = p["draft_id"].clone();

        // Not clean: importing everything is refused and nothing is written.
        let (s, e) = xy
            .post(
                "/api/enterprises/import",
                json!({"draft_id": draft, "existing": "skip"}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{e}");
        assert!(
            e["errors"][0]["message"]
                .as_str()
                .unwrap()
                .starts_with("第4行")
        );
        let (_, l) = xy.get("/api/enterprises?q=椰风").await;
        assert_eq!(l["total"], 0, "nothing half-written");
        // Explicitly the valid rows only.
        let (s, r) = xy
            .post(
                "/api/enterprises/import",
                json!({"draft_id": draft, "valid_only": true, "existing": "skip"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{r}");
        assert_eq!(
            (r["created"].as_u64(), r["updated"].as_u64()),
            (Some(2), Some(0))
        );

        // Found by any two characters of the name, and by part of the credit code.
        let (_, l) = xy
            .get(&format!("/api/enterprises?q={}", common::urlencode("海韵")))
            .await;
        assert_eq!(l["total"], 1, "{l}");
        let e = &l["items"][0];
        assert_eq!(e["name"], "椰风海韵百货超市");
        assert_eq!(e["district_name"], "秀英区商务局");
        assert_eq!(e["category_name"], "超市");
        assert_eq!(e["is_key"], true);
        assert_eq!(e["principal_phone"], "138****1234", "masked in lists");
        let (_, l) = xy
            .get(&format!("/api/enterprises?q={}", &good2[11..]))
            .await;
        assert_eq!(l["items"][0]["name"], "琼味小馆餐饮店");
        let id = e["id"].as_str().unwrap().to_string();
        let (_, one) = xy.get(&format!("/api/enterprises/{id}")).await;
        assert_eq!(
            one["principal_phone"], "13800001234",
            "in full for the district"
        );
        let (_, one) = srv
            .login("leader")
            .await
            .get(&format!("/api/enterprises/{id}"))
            .await;
        assert_eq!(
            one["principal_phone"], "138****1234",
            "masked for the leader"
        );

        // Re-import: an existing credit code is updated or skipped as chosen.
        let renamed = vec![vec![
            "椰风海韵购物中心",
            good1.as_str(),
            "秀英区",
            "大型商业综合体/商场",
        ]];
        let (_, p) = xy
            .upload_raw("/api/enterprises/import/preview", &import_xlsx(&renamed))
            .await;
        assert_eq!(
            (p["new"].as_u64(), p["existing"].as_u64()),
            (Some(0), Some(1))
        );
        let (_, r) = xy
            .post(
                "/api/enterprises/import",
                json!({"draft_id": p["draft_id"], "existing": "skip"}),
            )
            .await;
        assert_eq!(r["skipped"], 1);
        let (_, p) = xy
            .upload_raw("/api/enterprises/import/preview", &import_xlsx(&renamed))
            .await;
        let (_, r) = xy
            .post(
                "/api/enterprises/import",
                json!({"draft_id": p["draft_id"], "existing": "update"}),
            )
            .await;
        assert_eq!(r["updated"], 1, "{r}");
        let (_, one) = xy.get(&format!("/api/enterprises/{id}")).await;
        assert_eq!(one["name"], "椰风海韵购物中心");
        assert_eq!(one["category_name"], "大型商业综合体/商场");

        // Another district sees it as registered elsewhere, and cannot read it.
        let ml = srv.login("meilan").await;
        let (_, p) = ml
            .upload_raw(
                "/api/enterprises/import/preview",
                &import_xlsx(&[vec!["抢注", good1.as_str(), "美兰区", "超市"]]),
            )
            .await;
        assert!(
            p["problems"][0]["message"]
                .as_str()
                .unwrap()
                .contains("其他单位登记"),
            "{p}"
        );
        let (s, _) = ml.get(&format!("/api/enterprises/{id}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND);

        // Not an .xlsx: a clear message.
        let (s, e) = xy
            .upload_raw("/api/enterprises/import/preview", b"name,code\nfoo,bar\n")
            .await;
        assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(e["detail"].as_str().unwrap().contains(".xlsx"));
        // The template opens and names its columns.
        let res = xy
            .request(
                reqwest::Method::GET,
                "/api/enterprises/import-template",
                None,
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let bytes = res.bytes().await.unwrap();
        let rows = anzhi_server::api::enterprises::read_rows(&bytes).unwrap();
        assert!(rows.is_empty(), "the template has no data rows");
        assert!(!srv.audit("enterprise.import").await.is_empty());
    }
);

db_test!(registry_form_scope_and_accounts, true, |srv| {
    let xy = srv.login("xiuying").await;
    let xiuying = srv.org_id("秀英区商务局").await;
    let meilan = srv.org_id("美兰区商务局").await;
    let (_, cats) = xy.get("/api/industry-categories").await;
    let cat = cats
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "超市")
        .unwrap()["id"]
        .clone();
    // Validation: every field named in Chinese, nothing written.
    let (s, e) = xy
        .post(
            "/api/enterprises",
            json!({"name": "", "credit_code": "123", "district_id": null, "category_id": null, "principal_phone": "abc"}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let fields: Vec<&str> = e["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        vec![
            "name",
            "credit_code",
            "district_id",
            "category_id",
            "principal_phone"
        ]
    );
    // A district registers only its own enterprises.
    let (s, e) = xy
        .post(
            "/api/enterprises",
            json!({"name": "美兰的店", "credit_code": credit_code(11), "district_id": meilan, "category_id": cat}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{e}");
    assert_eq!(e["errors"][0]["field"], "district_id");
    let (s, e) = xy
        .post(
            "/api/enterprises",
            json!({"name": "秀英便民超市", "credit_code": credit_code(12), "district_id": xiuying,
                   "category_id": cat, "is_key": true, "safety_manager": "赵六", "safety_manager_phone": "0898-66668888",
                   "employees": 35, "floor_area": 800.5}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{e}");
    let id = e["id"].as_str().unwrap().to_string();
    assert_eq!(e["safety_manager_phone"], "0898-66668888");
    // Unique credit code.
    let (s, e) = xy
        .post(
            "/api/enterprises",
            json!({"name": "重复", "credit_code": credit_code(12), "district_id": xiuying, "category_id": cat}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(e["errors"][0]["field"], "credit_code");
    // Filters and export.
    let (_, l) = xy
        .get(&format!(
            "/api/enterprises?is_key=true&category_id={}",
            cat.as_str().unwrap()
        ))
        .await;
    assert!(
        l["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == id.as_str())
    );
    assert!(
        l["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["district_id"] == xiuying.as_str())
    );
    let res = xy
        .request(
            reqwest::Method::GET,
            "/api/enterprises/export?is_key=true",
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The export holds the filtered rows, phones masked, read back by header.
    let bytes = res.bytes().await.unwrap();
    let rows = anzhi_server::api::enterprises::read_rows(&bytes).unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|(_, r)| r[4] == "是"), "{rows:?}");
    let mine = rows
        .iter()
        .find(|(_, r)| r[1] == credit_code(12))
        .expect("the key enterprise is exported");
    assert_eq!(mine.1[2], "秀英区商务局");
    assert!(mine.1[13].contains("****"), "phone masked: {:?}", mine.1);
    // Search: one character, three characters, part of the code; a rename is found at once.
    for (q, hit) in [
        ("便", true),
        ("便民超", true),
        ("民便", false),
        (&credit_code(12)[10..], true),
    ] {
        let (_, l) = xy
            .get(&format!("/api/enterprises?q={}", common::urlencode(q)))
            .await;
        let found = l["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == id.as_str());
        assert_eq!(found, hit, "{q}: {l}");
    }
    let (s, e) = xy
        .put(
            &format!("/api/enterprises/{id}"),
            json!({"name": "秀英惠万家超市", "credit_code": credit_code(12), "district_id": xiuying,
                   "category_id": cat, "is_key": true}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{e}");
    let (_, l) = xy
        .get(&format!("/api/enterprises?q={}", common::urlencode("便民")))
        .await;
    assert_eq!(l["total"], 0, "the old name is gone from the index");
    let (_, l) = xy
        .get(&format!(
            "/api/enterprises?q={}",
            common::urlencode("惠万家")
        ))
        .await;
    assert_eq!(l["items"][0]["id"], id.as_str());
    // Units entered in the directory by the system admin are found too.
    let admin = srv.login("sysadmin").await;
    let (s, o) = admin
        .post("/api/orgs", json!({"name": "目录登记的小卖部", "kind": "enterprise", "parent_id": xiuying, "code": credit_code(13)}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{o}");
    let (_, l) = xy
        .get(&format!("/api/enterprises?q={}", common::urlencode("小卖")))
        .await;
    assert_eq!(l["items"][0]["registered"], false, "{l}");

    // Meilan neither lists nor edits it.
    let ml = srv.login("meilan").await;
    let (_, l) = ml
        .get(&format!(
            "/api/enterprises?q={}",
            common::urlencode("惠万家")
        ))
        .await;
    assert_eq!(l["total"], 0);
    let (s, _) = ml
        .put(&format!("/api/enterprises/{id}"), json!({"name": "改", "credit_code": credit_code(12), "district_id": meilan, "category_id": cat}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // An account for the enterprise: it signs in and sees only its own enterprise.
    let (s, a) = xy
        .post(
            &format!("/api/enterprises/{id}/accounts"),
            json!({"username": "bianmin", "display_name": "便民安全员"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let pw = a["password"].as_str().unwrap();
    let c = srv.client();
    let (s, me) = c.login("bianmin", pw).await;
    assert_eq!(s, StatusCode::OK, "{me}");
    let (_, list) = xy.get(&format!("/api/enterprises/{id}/accounts")).await;
    assert_eq!(list[0]["username"], "bianmin");
    let (s, _) = ml.get(&format!("/api/enterprises/{id}/accounts")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
});

async fn own_enterprise(c: &common::Client) -> String {
    let (_, me) = c.get("/api/auth/me").await;
    me["user"]["org_id"].as_str().unwrap().to_string()
}

fn item<'a>(p: &'a Value, name: &str) -> &'a Value {
    p["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == name)
        .unwrap()
}

db_test!(
    profile_is_filled_by_the_enterprise_and_reviewed_by_the_district,
    true,
    |srv| {
        let q = srv.login("qiye1").await;
        let id = own_enterprise(&q).await;
        let (_, p) = q.get(&format!("/api/enterprises/{id}/profile")).await;
        assert_eq!(p["completeness"]["score"], 0);
        assert_eq!(p["completeness"]["missing"].as_array().unwrap().len(), 6);
        assert_eq!(item(&p, "responsibility")["state"], "missing");

        // Saving with a bad phone names the field; a good save is a draft.
        let (s, e) = q
            .put(
                &format!("/api/enterprises/{id}/profile/team"),
                json!({"data": {"members": [{"name": "王五", "post": "安全员", "phone": "123"}]}}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(e["errors"][0]["field"], "data.members[0].phone");
        let (s, t) = q
        .put(
            &format!("/api/enterprises/{id}/profile/team"),
            json!({"data": {"institution": "安全管理部", "members": [{"name": "王五", "post": "专职安全员", "certificate": "安全管理人员证 A123", "phone": "13900002222"}]}}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{t}");
        assert_eq!(t["state"], "draft");
        assert_eq!(t["data"]["members"][0]["phone"], "13900002222");
        // The responsibility system needs its document before submitting.
        let (_, r) = q
        .put(&format!("/api/enterprises/{id}/profile/responsibility"), json!({"data": {"approved_on": "2021-03-15", "posts_covered": 12, "posts_total": 12}}))
        .await;
        assert_eq!(r["submit_blocker"], "请上传全员安全生产责任制文件");
        let (s, e) = q
            .post_empty(&format!(
                "/api/enterprises/{id}/profile/responsibility/submit"
            ))
            .await;
        assert_eq!(s, StatusCode::CONFLICT);
        assert_eq!(e["detail"], "请上传全员安全生产责任制文件");
        let pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj<<>>endobj\n%%EOF\n";
        let (_, f) = q.upload("/api/files", "全员安全生产责任制.pdf", pdf).await;
        let (s, r) = q
        .put(
            &format!("/api/enterprises/{id}/profile/responsibility"),
            json!({"data": {"approved_on": "2021-03-15", "posts_covered": 12, "posts_total": 12}, "attachments": [f["id"]]}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{r}");
        assert_eq!(r["attachments"][0]["name"], "全员安全生产责任制.pdf");
        for it in ["team", "responsibility"] {
            let (s, v) = q
                .post_empty(&format!("/api/enterprises/{id}/profile/{it}/submit"))
                .await;
            assert_eq!(s, StatusCode::OK, "{v}");
            assert_eq!(v["state"], "submitted");
        }
        // Under review the enterprise cannot change it.
        let (s, _) = q
            .put(
                &format!("/api/enterprises/{id}/profile/team"),
                json!({"data": {"members": []}}),
            )
            .await;
        assert_eq!(s, StatusCode::CONFLICT);
        // The enterprise cannot approve itself; another district cannot see it.
        let (s, _) = q
            .post(
                &format!("/api/enterprises/{id}/profile/team/approve"),
                json!({}),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = srv
            .login("meilan")
            .await
            .post(
                &format!("/api/enterprises/{id}/profile/team/approve"),
                json!({}),
            )
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        // The district reads the document, returns one item (reason required) and approves the other.
        let xy = srv.login("xiuying").await;
        let (s, _) = xy
            .get(&format!("/api/files/{}", f["id"].as_str().unwrap()))
            .await;
        assert_eq!(s, StatusCode::OK);
        let (s, e) = xy
            .post(
                &format!("/api/enterprises/{id}/profile/team/return"),
                json!({"reason": " "}),
            )
            .await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(e["errors"][0]["field"], "reason");
        let (s, v) = xy
            .post(
                &format!("/api/enterprises/{id}/profile/team/return"),
                json!({"reason": "缺少兼职安全员"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["state"], "returned");
        let (s, v) = xy
            .post(
                &format!("/api/enterprises/{id}/profile/responsibility/approve"),
                json!({"comment": "齐全"}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["reviewed_by_name"], "陈专干");
        let (_, p) = q.get(&format!("/api/enterprises/{id}/profile")).await;
        assert_eq!(p["completeness"]["score"], 17);
        assert_eq!(item(&p, "team")["review_comment"], "缺少兼职安全员");
        // Fixed and resubmitted, then approved: the score moves and the list shows it.
        let (_, _) = q
        .put(
            &format!("/api/enterprises/{id}/profile/team"),
            json!({"data": {"members": [{"name": "王五", "post": "专职安全员"}, {"name": "赵六", "post": "兼职安全员"}]}}),
        )
        .await;
        let (s, _) = q
            .post_empty(&format!("/api/enterprises/{id}/profile/team/submit"))
            .await;
        assert_eq!(s, StatusCode::OK);
        let (s, _) = xy
            .post(
                &format!("/api/enterprises/{id}/profile/team/approve"),
                json!({}),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        let (_, p) = q.get(&format!("/api/enterprises/{id}/profile")).await;
        assert_eq!(p["completeness"]["score"], 33);
        let (_, e) = xy.get(&format!("/api/enterprises/{id}")).await;
        assert_eq!(e["profile_score"], 33);

        // The in-app commitment keeps the text and who confirmed it.
        let (s, c) = q
            .post(
                &format!("/api/enterprises/{id}/commitment/confirm"),
                json!({"year": 2021, "text": ""}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{c}");
        assert!(
            c["data"]["text"]
                .as_str()
                .unwrap()
                .contains("2021年度安全生产承诺书")
        );
        assert!(
            c["data"]["confirmed_by"]
                .as_str()
                .unwrap()
                .contains("主要负责人")
        );
        assert!(c["submit_blocker"].is_null(), "{c}");

        // Completeness by district: 秀英 has one enterprise at 33.
        let (_, rows) = xy.get("/api/enterprises/completeness").await;
        let row = &rows[0];
        assert_eq!(row["name"], "秀英区商务局");
        assert_eq!(row["approved_by_item"]["team"], 1);
        assert_eq!(row["approved_by_item"]["responsibility"], 1);
        let (_, by_cat) = srv
            .login("zhengfa")
            .await
            .get("/api/enterprises/completeness?group_by=category")
            .await;
        assert!(
            by_cat
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["name"] == "大型商业综合体/商场")
        );
        for a in [
            "profile.save",
            "profile.submit",
            "profile.approve",
            "profile.return",
            "profile.commit",
        ] {
            assert!(!srv.audit(a).await.is_empty(), "{a} audited");
        }
    }
);

db_test!(commitment_notices_once_per_period, true, |srv| {
    let q = srv.login("qiye1").await;
    let id = own_enterprise(&q).await;
    let (_, n) = q.get(&format!("/api/enterprises/{id}/notices")).await;
    // 大型商业综合体/商场 posts weekly by default.
    assert_eq!(n["period"], "weekly");
    assert_eq!(n["posted"], false);
    assert_eq!(n["can_post"], true);
    assert!(n["default_content"].as_str().unwrap().contains("安全承诺"));
    let (s, v) = q
        .post(
            &format!("/api/enterprises/{id}/notices"),
            json!({"content": ""}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["period_label"], n["period_label"]);
    let (s, e) = q
        .post(
            &format!("/api/enterprises/{id}/notices"),
            json!({"content": "再发一次"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert!(e["detail"].as_str().unwrap().contains("已发布"));
    let (_, n) = srv
        .login("xiuying")
        .await
        .get(&format!("/api/enterprises/{id}/notices"))
        .await;
    assert_eq!(n["posted"], true);
    assert_eq!(n["items"].as_array().unwrap().len(), 1);
    assert_eq!(n["can_post"], false, "only the enterprise posts");
});

db_test!(categories_are_a_dictionary, true, |srv| {
    let admin = srv.login("sysadmin").await;
    let (s, c) = admin
        .post(
            "/api/industry-categories",
            json!({"name": "加油加气站", "notice_period": "daily", "sort_order": 20}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let (s, e) = admin
        .post(
            "/api/industry-categories",
            json!({"name": "加油加气站", "notice_period": "hourly"}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let fields: Vec<&str> = e["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["notice_period"]);
    let (s, _) = admin
        .post("/api/industry-categories", json!({"name": "加油加气站"}))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "duplicate name");
    // A category in use cannot be deleted.
    let (_, cats) = admin.get("/api/industry-categories").await;
    let used = cats
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "超市")
        .unwrap()
        .clone();
    assert!(used["enterprise_count"].as_u64().unwrap() >= 1);
    let (s, e) = admin
        .delete(&format!(
            "/api/industry-categories/{}",
            used["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    let (s, _) = admin
        .delete(&format!(
            "/api/industry-categories/{}",
            c["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
});

db_test!(
    standardization_certificates_are_reminded_before_expiry,
    true,
    |srv| {
        let q = srv.login("qiye1").await;
        let id = own_enterprise(&q).await;
        let today = anzhi_domain::time::today_china(chrono::Utc::now());
        let expires = today + chrono::Duration::days(5);
        let (s, v) = q
        .put(
            &format!("/api/enterprises/{id}/profile/standardization"),
            json!({"data": {"status": "certified", "grade": "三级", "certificate_no": "琼AQBMY2021001", "expires_on": expires}}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        assert_eq!(v["expires_on"], json!(expires));
        for _ in 0..2 {
            let stats = anzhi_server::reminders::run_once(&srv.store, &Default::default(), "test")
                .await
                .unwrap();
            let _ = stats;
        }
        for who in ["qiye1", "xiuying"] {
            let (_, n) = srv.login(who).await.get("/api/notifications").await;
            let hits: Vec<&Value> = n["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|x| x["kind"] == "certificate_expiry")
                .collect();
            assert_eq!(hits.len(), 1, "{who}: exactly one reminder: {n}");
            assert!(hits[0]["title"].as_str().unwrap().contains("5天后到期"));
        }
        let (_, n) = srv.login("meilan").await.get("/api/notifications").await;
        assert!(
            !n.to_string().contains("certificate_expiry"),
            "other districts are not told"
        );
    }
);
