//! A real server on a random port over a real database, and an HTTP client
//! that keeps its session cookie and CSRF token.
#![allow(dead_code)]

use std::sync::Mutex;

use anzhi_domain::crypto::FieldCipher;
use anzhi_server::{AppState, ServerConfig};
use anzhi_store::Store;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::sync::oneshot;

pub const DEMO_PASSWORD: &str = "Anzhi@2026";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

pub struct TestServer {
    pub base: String,
    /// The database URL (to open a second server on the same database).
    pub url: String,
    pub store: Store,
    pub db: Db,
    /// Where this server keeps uploads.
    pub files: anzhi_server::files::FileStorage,
    shutdown: Option<oneshot::Sender<()>>,
    _dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

/// One test body on SQLite, and on PostgreSQL when `ANZHI_TEST_DATABASE_URL` is set.
#[macro_export]
macro_rules! db_test {
    ($name:ident, $demo:expr, |$srv:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $srv = common::TestServer::start(common::Db::Sqlite, $demo).await.expect("sqlite server");
                $body
                $srv.stop().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some($srv) = common::TestServer::start(common::Db::Postgres, $demo).await else {
                    eprintln!("ANZHI_TEST_DATABASE_URL is not set: PostgreSQL variant not run");
                    return;
                };
                $body
                $srv.stop().await;
            }
        }
    };
}

impl TestServer {
    /// `demo`: demo data and accounts, admins without second factor.
    /// Returns None for PostgreSQL when no test database is configured.
    pub async fn start(db: Db, demo: bool) -> Option<TestServer> {
        Self::start_with(
            db,
            ServerConfig {
                demo,
                ..Default::default()
            },
            demo,
        )
        .await
    }

    pub async fn start_with(db: Db, config: ServerConfig, seed_demo: bool) -> Option<TestServer> {
        let dir = tempfile::tempdir().expect("tempdir");
        let (url, pg) = match db {
            Db::Sqlite => (
                format!(
                    "sqlite://{}?mode=rwc",
                    dir.path().join("anzhi.db").display()
                ),
                None,
            ),
            Db::Postgres => {
                let admin = anzhi_store::testing::postgres_test_url()?;
                let url = anzhi_store::testing::create_postgres_database(&admin)
                    .await
                    .expect("create test database");
                (url.clone(), Some((admin, url)))
            }
        };
        let store = Store::open(&url, FieldCipher::new(&[42u8; 32]))
            .await
            .expect("open store");
        store.ensure_defaults().await.expect("defaults");
        store
            .ensure_initial_admin(Some("Initial#Admin1"))
            .await
            .expect("admin");
        if seed_demo {
            store.seed_demo().await.expect("demo");
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, rx) = oneshot::channel::<()>();
        let mut config = config;
        if config.files.is_memory() {
            config.files = anzhi_server::files::FileStorage::local(
                &dir.path().join("files"),
                anzhi_server::files::DEFAULT_MAX_UPLOAD,
            )
            .expect("file storage");
        }
        let files = config.files.clone();
        let state = AppState::new(store.clone(), config);
        tokio::spawn(async move {
            let _ = anzhi_server::launch(listener, state, async {
                let _ = rx.await;
            })
            .await;
        });
        Some(TestServer {
            base: format!("http://{addr}"),
            url,
            store,
            db,
            files,
            shutdown: Some(tx),
            _dir: dir,
            pg,
        })
    }

    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }

    /// A client signed in as `username` with the demo password.
    pub async fn login(&self, username: &str) -> Client {
        let c = self.client();
        let (status, body) = c.login(username, DEMO_PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "login {username}: {body}");
        c
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some((admin, url)) = self.pg.take() {
            let store = self.store.clone();
            store.close().await;
            let _ = anzhi_store::testing::drop_postgres_database(&admin, &url).await;
        }
    }

    /// The id of a unit by exact name (via the system admin's view).
    pub async fn org_id(&self, name: &str) -> String {
        let c = self.login("sysadmin").await;
        let (s, body) = c
            .get(&format!("/api/orgs?q={}&page_size=200", urlencode(name)))
            .await;
        assert_eq!(s, StatusCode::OK, "{body}");
        body["items"]
            .as_array()
            .and_then(|items| items.iter().find(|o| o["name"] == name))
            .and_then(|o| o["id"].as_str())
            .unwrap_or_else(|| panic!("no unit named {name}: {body}"))
            .to_string()
    }

    /// Audit records (newest first) as the audit admin sees them, filtered by action.
    pub async fn audit(&self, action: &str) -> Vec<Value> {
        let c = self.login("auditadmin").await;
        let (s, body) = c
            .get(&format!("/api/audit?action={action}&page_size=200"))
            .await;
        assert_eq!(s, StatusCode::OK, "{body}");
        body["items"].as_array().cloned().unwrap_or_default()
    }
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub csrf: Mutex<Option<String>>,
}

impl Client {
    pub fn new(base: &str) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .expect("client"),
            base: base.to_string(),
            csrf: Mutex::new(None),
        }
    }

    pub async fn login(&self, username: &str, password: &str) -> (StatusCode, Value) {
        self.login_totp(username, password, None).await
    }

    pub async fn login_totp(
        &self,
        username: &str,
        password: &str,
        totp: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut body = json!({"username": username, "password": password});
        if let Some(t) = totp {
            body["totp"] = json!(t);
        }
        let (s, v) = self.send(Method::POST, "/api/auth/login", Some(body)).await;
        if s == StatusCode::OK {
            *self.csrf.lock().unwrap() = v["csrf_token"].as_str().map(str::to_string);
        }
        (s, v)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::GET, path, None).await
    }
    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::POST, path, Some(body)).await
    }
    pub async fn post_empty_json(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::POST, path, Some(json!({}))).await
    }
    pub async fn post_empty(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::POST, path, None).await
    }
    pub async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(Method::PUT, path, Some(body)).await
    }
    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::DELETE, path, None).await
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let res = self.request(method, path, body).await;
        let s = res.status();
        let text = res.text().await.unwrap_or_default();
        let v = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (s, v)
    }

    /// The raw response (headers, bytes).
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut req = self
            .http
            .request(method.clone(), format!("{}{}", self.base, path));
        if method != Method::GET
            && let Some(t) = self.csrf.lock().unwrap().clone()
        {
            req = req.header("X-CSRF-Token", t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.expect("request")
    }
}

impl Client {
    /// POSTs JSON with an `Idempotency-Key`: status, the `Idempotent-Replayed` header
    /// (true when the answer is an earlier attempt's) and the body.
    pub async fn post_keyed(
        &self,
        path: &str,
        key: &str,
        body: Value,
    ) -> (StatusCode, bool, Value) {
        let mut req = self
            .http
            .post(format!("{}{}", self.base, path))
            .header("Idempotency-Key", key)
            .json(&body);
        if let Some(t) = self.csrf.lock().unwrap().clone() {
            req = req.header("X-CSRF-Token", t);
        }
        let res = req.send().await.expect("request");
        let s = res.status();
        let replayed = res
            .headers()
            .get("idempotent-replayed")
            .is_some_and(|v| v == "true");
        let text = res.text().await.unwrap_or_default();
        (
            s,
            replayed,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// Uploads a file as multipart `file` to `path` (e.g. `/api/files`).
    pub async fn upload(&self, path: &str, name: &str, bytes: &[u8]) -> (StatusCode, Value) {
        let csrf = self.csrf.lock().unwrap().clone().unwrap_or_default();
        let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string());
        let form = reqwest::multipart::Form::new().part("file", part);
        let res = self
            .http
            .post(format!("{}{}", self.base, path))
            .header("X-CSRF-Token", csrf)
            .multipart(form)
            .send()
            .await
            .expect("upload");
        let s = res.status();
        let text = res.text().await.unwrap_or_default();
        (
            s,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
}

impl Client {
    /// Posts raw bytes (e.g. an .xlsx for an import preview).
    pub async fn upload_raw(&self, path: &str, bytes: &[u8]) -> (StatusCode, Value) {
        let csrf = self.csrf.lock().unwrap().clone().unwrap_or_default();
        let res = self
            .http
            .post(format!("{}{}", self.base, path))
            .header("X-CSRF-Token", csrf)
            .header("Content-Type", "application/octet-stream")
            .body(bytes.to_vec())
            .send()
            .await
            .expect("upload");
        let s = res.status();
        let text = res.text().await.unwrap_or_default();
        (
            s,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
}

/// A valid 统一社会信用代码 made from a serial number.
pub fn credit_code(serial: u32) -> String {
    let head = format!("91460106MA5{:06}", serial % 1_000_000);
    let check = anzhi_domain::validate::credit_code_check_char(&head).expect("check char");
    format!("{head}{check}")
}

/// An import file: the template's header and the given rows.
pub fn import_xlsx(rows: &[Vec<&str>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, (_, h, req)) in anzhi_domain::enterprise::IMPORT_COLUMNS.iter().enumerate() {
        let header = if *req { format!("{h}*") } else { h.to_string() };
        ws.write(0, c as u16, header).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

/// A small valid PNG (1×1).
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// A valid 8×6 RGB PNG: a photo as far as `POST /api/photos` is concerned.
pub const PHOTO: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x06, 0x08, 0x02, 0x00, 0x00, 0x00, 0x71, 0x67, 0x48,
    0xAC, 0x00, 0x00, 0x00, 0x63, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x0D, 0xC9, 0x21, 0x01, 0x00,
    0x41, 0x08, 0x45, 0x41, 0x92, 0xA0, 0x09, 0xB1, 0x21, 0xD0, 0x9B, 0xE4, 0xCB, 0x97, 0x02, 0x4D,
    0x88, 0x0D, 0x81, 0x26, 0xD1, 0xDD, 0xD8, 0x31, 0x33, 0xDC, 0x38, 0xC6, 0x35, 0x64, 0x94, 0xF1,
    0x8C, 0x35, 0xCC, 0x02, 0x0F, 0x4E, 0x70, 0x03, 0x05, 0x15, 0xBC, 0x60, 0xE3, 0x8F, 0xC4, 0x93,
    0x93, 0xDC, 0x44, 0x49, 0x25, 0x2F, 0xD9, 0xFC, 0x43, 0xB8, 0x38, 0xE2, 0x0A, 0x89, 0x12, 0x4F,
    0xAC, 0xFE, 0x68, 0xBC, 0x39, 0xCD, 0x6D, 0xD4, 0x54, 0xF3, 0x9A, 0xED, 0x3F, 0x06, 0x1F, 0xCE,
    0x70, 0x07, 0x0D, 0x35, 0xBC, 0x61, 0x87, 0x0F, 0xCC, 0x7F, 0x3E, 0x71, 0x8F, 0xB9, 0xA0, 0x71,
    0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// Uploads a plan document for the import preview (as the client's user).
pub async fn preview_plan(c: &Client, bytes: &[u8], file_name: &str) -> (StatusCode, Value) {
    let csrf = c.csrf.lock().unwrap().clone().unwrap_or_default();
    let res = c
        .http
        .post(format!(
            "{}/api/campaigns/preview?file_name={}",
            c.base,
            urlencode(file_name)
        ))
        .header("X-CSRF-Token", csrf)
        .header("Content-Type", "application/octet-stream")
        .body(bytes.to_vec())
        .send()
        .await
        .expect("preview");
    let s = res.status();
    (s, res.json().await.unwrap_or_default())
}

/// The confirm body for a preview, every resolved phrase mapped as resolved.
pub fn confirm_body(p: &Value) -> Value {
    let entry = |e: &Value| {
        if e["group"].is_object() {
            json!({"phrase": e["phrase"], "group_id": e["group"]["id"]})
        } else {
            json!({"phrase": e["phrase"], "unit_ids": e["units"].as_array().unwrap().iter().map(|u| u["id"].clone()).collect::<Vec<_>>()})
        }
    };
    let tasks: Vec<Value> = p["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            json!({
                "section": t["section"], "section_number": t["section_number"], "number": t["number"], "text": t["text"],
                "deadline": {"text": t["deadline"]["text"], "kind": t["deadline"]["kind"], "start": t["deadline"]["start"],
                             "end": t["deadline"]["end"], "period": t["deadline"]["period"]},
                "lead": t["lead"].as_array().unwrap().iter().map(entry).collect::<Vec<_>>(),
                "responsible": t["responsible"].as_array().unwrap().iter().map(entry).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"draft_id": p["draft_id"], "title": p["title"], "year": p["year"], "tasks": tasks})
}
