//! The embedded web app: hashed assets cached forever, `index.html` never
//! cached, unknown paths fall back to the app (client-side routes).

use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, ErrorCode};

#[cfg(anzhi_web)]
#[derive(rust_embed::RustEmbed)]
#[folder = "../../web/dist"]
struct Assets;

const PLACEHOLDER: &str = r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>安治</title></head>
<body style="font-family:sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.7">
<h1>安治 · 服务已启动</h1>
<p>此程序构建时未包含网页界面（未找到 <code>web/dist</code>）。接口可用：<a href="/api/docs">/api/docs</a>。</p>
<p>构建网页界面：在项目根目录运行 <code>make run</code>，或 <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code> 后重新编译。</p>
</body></html>"#;

pub async fn serve(method: Method, uri: Uri) -> Response {
    let path = uri.path();
    if path.starts_with("/api/") || path == "/api" {
        return ApiError::new(ErrorCode::NotFound, "接口不存在").into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return ApiError::new(ErrorCode::MethodNotAllowed, "不支持的请求方法").into_response();
    }
    asset(path.trim_start_matches('/'))
}

#[cfg(anzhi_web)]
fn asset(path: &str) -> Response {
    let (file, name) = match Assets::get(path).filter(|_| !path.is_empty()) {
        Some(f) => (f, path.to_string()),
        None => {
            // A missing file with an extension is a real 404, not an app route.
            if path.starts_with("assets/") {
                return (StatusCode::NOT_FOUND, "not found").into_response();
            }
            match Assets::get("index.html") {
                Some(f) => (f, "index.html".to_string()),
                None => return placeholder(),
            }
        }
    };
    let mime = mime_guess::from_path(&name).first_or_octet_stream();
    let mut res = file.data.into_owned().into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime.as_ref()) {
        h.insert(header::CONTENT_TYPE, v);
    }
    let cache = if name == "index.html" {
        "no-cache"
    } else if name.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if name == "index.html" {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
            ),
        );
    }
    res
}

#[cfg(not(anzhi_web))]
fn asset(_path: &str) -> Response {
    placeholder()
}

fn placeholder() -> Response {
    let mut res = axum::response::Html(PLACEHOLDER).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// Whether this build carries the web app.
pub fn embedded() -> bool {
    cfg!(anzhi_web)
}
