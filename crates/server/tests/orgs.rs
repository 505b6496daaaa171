//! The org directory: defaults, phrase resolution, editing, data scope, export.

mod common;

use reqwest::StatusCode;
use serde_json::{Value, json};

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_string())
        .collect()
}

db_test!(
    first_start_creates_the_bureau_directory_and_groups,
    true,
    |srv| {
        let c = srv.login("leader").await;
        let (s, tree) = c.get("/api/orgs/tree").await;
        assert_eq!(s, StatusCode::OK, "{tree}");
        let roots = names(&tree);
        // The demo data adds a law-enforcement agency (referrals are addressed to it).
        assert_eq!(
            roots,
            vec![
                "海口市商务局",
                "海口市安全生产委员会办公室",
                "海口市综合行政执法局"
            ]
        );
        let bureau = &tree[0];
        let children = names(&bureau["children"]);
        assert_eq!(
            children,
            vec![
                "办公室",
                "政策法规科",
                "流通业发展科",
                "展览科",
                "网点办",
                "秀英区商务局",
                "龙华区商务局",
                "琼山区商务局",
                "美兰区商务局"
            ]
        );
        let (_, districts) = c.get("/api/orgs?kind=district&sort=code").await;
        let codes: Vec<&str> = districts["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, vec!["460105", "460106", "460107", "460108"]);
        assert_eq!(districts["items"][0]["kind_label"], "区商务局");
        let (_, groups) = c.get("/api/org-groups").await;
        let g: Vec<(&str, u64)> = groups
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                (
                    g["name"].as_str().unwrap(),
                    g["member_count"].as_u64().unwrap(),
                )
            })
            .collect();
        assert!(g.contains(&("各区商务局", 4)), "{g:?}");
        assert!(g.contains(&("局各相关科室", 5)), "{g:?}");
        assert!(g.contains(&("各商贸企业", 20)), "{g:?}");
    }
);

db_test!(plan_phrases_resolve_to_units, true, |srv| {
    let c = srv.login("zhengfa").await;
    let (s, r) = c
        .post(
            "/api/orgs/resolve",
            json!({"phrases": ["局政策法规科", "政策法规科", "各区商务局", "局各相关科室", "各商贸企业", "流通业发展科", "网点办", "市安委办", "不存在的科室", "展览科等"]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let resolved = r["resolved"].as_array().unwrap();
    let find = |p: &str| {
        resolved
            .iter()
            .find(|x| x["phrase"] == p)
            .unwrap_or_else(|| panic!("{p} not resolved: {r}"))
    };
    assert_eq!(names(&find("局政策法规科")["units"]), vec!["政策法规科"]);
    assert_eq!(
        find("局政策法规科")["units"][0]["id"],
        find("政策法规科")["units"][0]["id"]
    );
    assert_eq!(
        names(&find("各区商务局")["units"]),
        vec![
            "秀英区商务局",
            "龙华区商务局",
            "琼山区商务局",
            "美兰区商务局"
        ]
    );
    assert_eq!(find("各区商务局")["group"]["rule"], "districts");
    assert_eq!(find("局各相关科室")["unit_count"], 5);
    assert_eq!(find("各商贸企业")["unit_count"], 20);
    assert_eq!(
        names(&find("市安委办")["units"]),
        vec!["海口市安全生产委员会办公室"]
    );
    assert_eq!(names(&find("展览科等")["units"]), vec!["展览科"]);
    assert_eq!(r["unresolved"], json!(["不存在的科室"]));
    // Within a district's scope, 各商贸企业 means its own enterprises only.
    let d = srv.login("xiuying").await;
    let (_, r) = d
        .post("/api/orgs/resolve", json!({"phrases": ["各商贸企业"]}))
        .await;
    assert_eq!(r["resolved"][0]["unit_count"], 5);
});

db_test!(admins_edit_units_aliases_and_groups, true, |srv| {
    let c = srv.login("sysadmin").await;
    let bureau = srv.org_id("海口市商务局").await;
    // Validation: Chinese messages naming the field, nothing written.
    let (s, body) = c
        .post(
            "/api/orgs",
            json!({"name": "  ", "kind": "section", "parent_id": bureau}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["field"], "name");
    assert_eq!(body["errors"][0]["message"], "单位名称不能为空");
    let (s, body) = c
        .post("/api/orgs", json!({"name": "新科室", "kind": "section"}))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["field"], "parent_id");
    let (s, body) = c
        .post(
            "/api/orgs",
            json!({"name": "办公室", "kind": "section", "parent_id": bureau}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("已有名为“办公室”的单位")
    );
    let (s, body) = c.post("/api/orgs", json!({"name": "新科室", "kind": "section", "parent_id": bureau, "aliases": ["局政策法规科"]})).await;
    assert_eq!(
        s,
        StatusCode::BAD_REQUEST,
        "an alias belongs to one unit: {body}"
    );
    let xiuying = srv.org_id("秀英区商务局").await;
    let (s, body) = c.post("/api/orgs", json!({"name": "某超市", "kind": "enterprise", "parent_id": xiuying, "code": "91460100MA5T00001X"})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("统一社会信用代码无效")
    );
    // A new section with an alias resolves by it at once.
    let (s, created) = c
        .post("/api/orgs", json!({"name": "安全生产监督科", "kind": "section", "parent_id": bureau, "aliases": ["局安监科", "安监科"], "sort_order": 9}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    let (_, r) = c
        .post(
            "/api/orgs/resolve",
            json!({"phrases": ["局安监科", "局各相关科室"]}),
        )
        .await;
    assert_eq!(r["resolved"][0]["units"][0]["id"], id.as_str());
    assert_eq!(
        r["resolved"][1]["unit_count"], 6,
        "the new section joins 局各相关科室"
    );
    let (s, updated) = c
        .put(
            &format!("/api/orgs/{id}"),
            json!({"name": "安全监管科", "parent_id": bureau, "aliases": ["安监科"]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{updated}");
    assert_eq!(updated["aliases"], json!(["安监科"]));
    let audit = srv.audit("org.update").await;
    assert_eq!(audit[0]["before"]["name"], "安全生产监督科");
    assert_eq!(audit[0]["after"]["name"], "安全监管科");
    // A unit with accounts cannot be deleted; an empty one can.
    let (s, body) = c.delete(&format!("/api/orgs/{xiuying}")).await;
    assert_eq!(s, StatusCode::CONFLICT, "{body}");
    let (s, _) = c.delete(&format!("/api/orgs/{id}")).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = c.get(&format!("/api/orgs/{id}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Groups: an explicit group of two sections, usable as a phrase.
    let zf = srv.org_id("政策法规科").await;
    let lt = srv.org_id("流通业发展科").await;
    let (s, g) = c
        .post("/api/org-groups", json!({"name": "局业务科室", "aliases": ["业务科室"], "rule": "explicit", "member_ids": [zf, lt]}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{g}");
    assert_eq!(g["rule_label"], "指定单位");
    let (_, r) = c
        .post("/api/orgs/resolve", json!({"phrases": ["业务科室"]}))
        .await;
    assert_eq!(
        names(&r["resolved"][0]["units"]),
        vec!["政策法规科", "流通业发展科"]
    );
    let (s, body) = c
        .post(
            "/api/org-groups",
            json!({"name": "空分组", "rule": "explicit", "member_ids": []}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errors"][0]["field"], "member_ids");
    let gid = g["id"].as_str().unwrap();
    let (s, _) = c.delete(&format!("/api/org-groups/{gid}")).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    // Business roles read the directory but cannot change it.
    let l = srv.login("leader").await;
    let (s, body) = l
        .post(
            "/api/orgs",
            json!({"name": "x", "kind": "section", "parent_id": bureau}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{body}");
});

db_test!(enterprises_are_seen_only_within_scope, true, |srv| {
    let list = |c: common::Client| async move {
        let (s, body) = c.get("/api/orgs?kind=enterprise&page_size=100").await;
        assert_eq!(s, StatusCode::OK, "{body}");
        body["items"].as_array().unwrap().clone()
    };
    let all = list(srv.login("leader").await).await;
    assert_eq!(all.len(), 20);
    let xiuying_id = srv.org_id("秀英区商务局").await;
    let mine = list(srv.login("xiuying").await).await;
    assert_eq!(mine.len(), 5);
    assert!(mine.iter().all(|e| e["parent_id"] == xiuying_id.as_str()));
    let foreign = all
        .iter()
        .find(|e| e["parent_id"] != xiuying_id.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let own = mine[0]["id"].as_str().unwrap().to_string();
    let x = srv.login("xiuying").await;
    let (s, _) = x.get(&format!("/api/orgs/{own}")).await;
    assert_eq!(s, StatusCode::OK);
    let (s, body) = x.get(&format!("/api/orgs/{foreign}")).await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "another district's enterprise does not exist for this user: {body}"
    );
    // An enterprise user sees its own enterprise and nothing of the others.
    let q = srv.login("qiye1").await;
    let (_, me) = q.get("/api/auth/me").await;
    let own_ent = me["user"]["org_id"].as_str().unwrap().to_string();
    let visible = list(srv.login("qiye1").await).await;
    assert_eq!(visible.len(), 1);
    assert_eq!(visible[0]["id"], own_ent.as_str());
    let (s, _) = q.get(&format!("/api/orgs/{foreign}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Text search cannot reach past the scope either.
    let (_, found) = q.get("/api/orgs?q=有限公司&page_size=100").await;
    assert_eq!(found["total"], 1);
    // The agency sees the bureau's structure, no enterprises.
    let a = list(srv.login("anweiban").await).await;
    assert!(a.is_empty());
});

db_test!(
    org_list_exports_to_xlsx_with_the_same_filters,
    true,
    |srv| {
        use calamine::{Reader, Xlsx};
        let c = srv.login("xiuying").await;
        let res = c
            .request(
                reqwest::Method::GET,
                "/api/orgs/export?kind=enterprise",
                None,
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers().get("content-type").unwrap(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert!(
            res.headers()
                .get("content-disposition")
                .unwrap()
                .to_str()
                .unwrap()
                .contains("filename*=UTF-8''")
        );
        let bytes = res.bytes().await.unwrap().to_vec();
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = wb.worksheet_range("组织机构").unwrap();
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert_eq!(rows[0][0], "单位名称");
        assert_eq!(rows.len(), 6, "header + the district's 5 enterprises");
        assert!(rows[1..].iter().all(|r| r[2] == "秀英区商务局"));
        // Keywords match literally: `%` and `_` are not wildcards.
        let (_, all) = c.get("/api/orgs?q=%25").await;
        assert_eq!(all["total"], 0, "{all}");
        let (s, body) = c.get("/api/orgs?kind=planet").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["field"], "kind");
        let (s, body) = c.get("/api/orgs?sort=password").await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["field"], "sort");
    }
);
